//! The lexer's scans over many bytes: byte classes looked up in tables, and
//! indentation, string text and names read eight bytes at a time (names
//! are short, but a loop of unpredictable length costs more than one word).

/// A byte class: `class!(|b| test)` is a table of the bytes that pass.
macro_rules! class {
    (|$b:ident| $test:expr) => {{
        let mut t = [false; 256];
        let mut i = 0;
        while i < 256 {
            let $b = i as u8;
            t[i] = $test;
            i += 1;
        }
        t
    }};
}

/// Whitespace other than line breaks, and commas.
pub const BLANK: [bool; 256] = class!(|b| matches!(b, b' ' | b'\t' | b',' | b'\r'));
pub const WORD: [bool; 256] =
    class!(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'#' | b'$'));
/// The bytes of a word that are not separators of a shape id.
pub const NAME: [bool; 256] = class!(|b| b.is_ascii_alphanumeric() || b == b'_');
pub const NUMBER: [bool; 256] =
    class!(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.' | b'_'));

/// The end of the run of bytes of the class from `i`.
pub fn skip(bytes: &[u8], mut i: usize, class: &[bool; 256]) -> usize {
    while i < bytes.len() && class[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// The end of the whitespace from `i`: spaces eight at a time, then the rest.
pub fn skip_blank(bytes: &[u8], mut i: usize) -> usize {
    while let Some(word) = word_at(bytes, i) {
        if word != u64::from_ne_bytes([b' '; 8]) {
            break;
        }
        i += 8;
    }
    skip(bytes, i, &BLANK)
}

/// The end of the run of [`NAME`] bytes from `i`, eight bytes at a time.
pub fn skip_name(bytes: &[u8], mut i: usize) -> usize {
    while let Some(word) = word_at(bytes, i) {
        let other = not_name(word);
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    skip(bytes, i, &NAME)
}

/// The high bit of each byte of the word that is not a [`NAME`] byte.
fn not_name(w: u64) -> u64 {
    let high = splat(0x80);
    let ascii = w & !high;
    // Whether each byte (of seven bits) is at least `lo`, or above `hi`:
    // no byte carries into the next.
    let at_least = |lo: u8| ascii + splat(0x80 - lo);
    let above = |hi: u8| ascii + splat(0x7f - hi);
    let lower = ascii | splat(0x20);
    let letter = (lower + splat(0x80 - b'a')) & !(lower + splat(0x7f - b'z'));
    let digit = at_least(b'0') & !above(b'9');
    let underscore = at_least(b'_') & !above(b'_');
    !((letter | digit | underscore) & !w) & high
}

/// The first quote, backslash or carriage return from `i` (or the end).
pub fn find_string_stop(bytes: &[u8], mut i: usize) -> usize {
    while let Some(word) = word_at(bytes, i) {
        let hits = zero_bytes(word ^ splat(b'"'))
            | zero_bytes(word ^ splat(b'\\'))
            | zero_bytes(word ^ splat(b'\r'));
        if hits != 0 {
            // The lowest flag is exact (a false flag can only follow a true one).
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !matches!(bytes[i], b'"' | b'\\' | b'\r') {
        i += 1;
    }
    i
}

/// The first `byte` from `i` (or the end), in text long enough for a
/// SIMD search (the lines of a text block).
pub fn find_long(bytes: &[u8], i: usize, byte: u8) -> usize {
    memchr::memchr(byte, &bytes[i..]).map_or(bytes.len(), |n| i + n)
}

/// [`find_string_stop`] for the long text of a text block.
pub fn find_block_stop(bytes: &[u8], i: usize) -> usize {
    memchr::memchr3(b'"', b'\\', b'\r', &bytes[i..]).map_or(bytes.len(), |n| i + n)
}

/// The eight bytes from `i`, the first lowest.
fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk = bytes.get(i..i + 8)?;
    Some(u64::from_le_bytes(chunk.try_into().ok()?))
}

fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The high bit of each zero byte of the word set (and maybe of bytes after one).
fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(splat(1)) & !w & splat(0x80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_eight_bytes_at_a_time_as_one_at_a_time() {
        for b in 0..=255u8 {
            for at in 0..10 {
                let mut text = *b"abcdefghijklmnopqrs";
                text[at] = b;
                let slow = skip(&text, 0, &NAME);
                assert_eq!(skip_name(&text, 0), slow, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn fast_scans_stop_where_the_byte_loops_stop() {
        let text = b"        \t, x";
        assert_eq!(skip_blank(text, 0), 11);
        assert_eq!(skip_blank(b"   ", 0), 3);
        for s in [
            "abcdefghij\"",
            "abc\\",
            "abcdefghijklmnop\r",
            "é\"",
            "abcdefgh",
            "",
        ] {
            let b = s.as_bytes();
            let slow = b
                .iter()
                .position(|c| matches!(c, b'"' | b'\\' | b'\r'))
                .unwrap_or(b.len());
            assert_eq!(find_string_stop(b, 0), slow, "{s:?}");
            assert_eq!(find_block_stop(b, 0), slow, "{s:?}");
            let slow = b.iter().position(|&c| c == b'"').unwrap_or(b.len());
            assert_eq!(find_long(b, 0, b'"'), slow, "{s:?}");
        }
    }
}
