//! The text of strings and text blocks: escapes and incidental whitespace.

use std::borrow::Cow;

use super::SyntaxError;

/// Removes the incidental whitespace of a text block: the smallest indentation
/// of its non-blank lines (and of the closing line), and trailing spaces.
pub fn strip_indentation(s: &str) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    // The lines before the closing one, and the closing one.
    let (body, last) = match s.rfind('\n') {
        Some(i) => (Some(&s[..i]), &s[i + 1..]),
        None => (None, s),
    };
    let lines = || body.into_iter().flat_map(|b| b.split('\n'));
    let min = lines()
        .filter(|l| !l.trim().is_empty())
        .map(indent)
        .fold(indent(last), usize::min);
    let mut out = String::with_capacity(s.len());
    for l in lines() {
        out.push_str(stripped(l, min));
        out.push('\n');
    }
    // The closing line holds only the indentation: it ends the text with "\n".
    if !last.trim().is_empty() {
        out.push_str(stripped(last, min));
    }
    out
}

/// A line without its first `min` bytes of indentation and trailing blanks.
fn stripped(l: &str, min: usize) -> &str {
    let l = if l.len() >= min && l.is_char_boundary(min) {
        &l[min..]
    } else {
        l.trim_start_matches([' ', '\t'])
    };
    l.trim_end_matches([' ', '\t'])
}

/// The text with its escapes replaced; unchanged (and not copied) when it
/// has none.
pub fn unescape(raw: Cow<'_, str>, line: usize, col: usize) -> Result<Cow<'_, str>, SyntaxError> {
    if !raw.contains('\\') {
        return Ok(raw);
    }
    let err = |m: String| SyntaxError {
        line,
        col,
        message: m,
    };
    let mut out = String::with_capacity(raw.len());
    let mut it = raw.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
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
                let mut code =
                    read_hex(&mut it).ok_or_else(|| err("Invalid unicode escape".into()))?;
                if (0xD800..0xDC00).contains(&code) {
                    if it.next() != Some('\\') || it.next() != Some('u') {
                        return Err(err("Unpaired surrogate in unicode escape".into()));
                    }
                    let low =
                        read_hex(&mut it).ok_or_else(|| err("Invalid unicode escape".into()))?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(err("Unpaired surrogate in unicode escape".into()));
                    }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                }
                out.push(char::from_u32(code).ok_or_else(|| err("Invalid unicode escape".into()))?);
            }
            Some(other) => return Err(err(format!("Invalid escape: \\{other}"))),
            None => return Err(err("Invalid escape at the end of a string".into())),
        }
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
