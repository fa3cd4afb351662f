//! The text of strings and text blocks: escapes and incidental whitespace.

use std::borrow::Cow;

use super::scan;

/// Removes the incidental whitespace of a text block: the smallest indentation
/// of its non-blank lines (and of the closing line), and trailing spaces.
pub fn strip_indentation(s: &str) -> String {
    // The lines (as `split('\n')`), found once: the last closes the block.
    let mut lines: Vec<&str> = Vec::with_capacity(8);
    let mut start = 0;
    loop {
        let end = scan::find_long(s.as_bytes(), start, b'\n');
        lines.push(&s[start..end]);
        if end == s.len() {
            break;
        }
        start = end + 1;
    }
    let (last, body) = lines.split_last().expect("one line at least");
    let (last_indent, last_blank) = measure(last);
    let mut min = last_indent;
    for l in body {
        let (indent, blank) = measure(l);
        if !blank {
            min = min.min(indent);
        }
    }
    let mut out = String::with_capacity(s.len());
    for l in body {
        out.push_str(stripped(l, min));
        out.push('\n');
    }
    // The closing line holds only the indentation: it ends the text with "\n".
    if !last_blank {
        out.push_str(stripped(last, min));
    }
    out
}

/// The indentation of a line (its leading spaces and tabs) and whether it
/// is blank (only whitespace, as `str::trim` has it).
fn measure(l: &str) -> (usize, bool) {
    let b = l.as_bytes();
    let mut i = 0;
    while b.get(i..i + 8) == Some(b"        ") {
        i += 8;
    }
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        i += 1;
    }
    let blank = match b.get(i) {
        None => true,
        Some(0x0B | 0x0C | b'\r') | Some(0x80..) => l[i..].trim().is_empty(),
        Some(_) => false,
    };
    (i, blank)
}

/// A line without its first `min` bytes of indentation and trailing blanks.
fn stripped(l: &str, min: usize) -> &str {
    let l = if l.len() >= min && l.is_char_boundary(min) {
        &l[min..]
    } else {
        &l[measure(l).0..]
    };
    let trailing = l
        .bytes()
        .rev()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    &l[..l.len() - trailing]
}

/// The text with its escapes replaced; unchanged (and not copied) when it
/// has none. An error is the message for the string's position.
pub fn unescape(raw: Cow<'_, str>) -> Result<Cow<'_, str>, String> {
    if !raw.contains('\\') {
        return Ok(raw);
    }
    let err = |m: &str| m.to_string();
    let mut out = String::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    let mut from = 0;
    loop {
        // The text up to the next escape goes as it is.
        let at = scan::find_long(bytes, from, b'\\');
        out.push_str(&raw[from..at]);
        if at == bytes.len() {
            break;
        }
        let mut it = raw[at + 1..].chars();
        match it.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\n') => {}
            Some('u') => {
                let mut code = read_hex(&mut it).ok_or_else(|| err("Invalid unicode escape"))?;
                if (0xD800..0xDC00).contains(&code) {
                    if it.next() != Some('\\') || it.next() != Some('u') {
                        return Err(err("Unpaired surrogate in unicode escape"));
                    }
                    let low = read_hex(&mut it).ok_or_else(|| err("Invalid unicode escape"))?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(err("Unpaired surrogate in unicode escape"));
                    }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                }
                out.push(char::from_u32(code).ok_or_else(|| err("Invalid unicode escape"))?);
            }
            Some(other) => return Err(format!("Invalid escape: \\{other}")),
            None => return Err(err("Invalid escape at the end of a string")),
        }
        from = raw.len() - it.as_str().len();
    }
    Ok(Cow::Owned(out))
}

fn read_hex(it: &mut std::str::Chars<'_>) -> Option<u32> {
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + it.next()?.to_digit(16)?;
    }
    Some(v)
}
