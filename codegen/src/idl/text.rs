//! The text of strings and text blocks: escapes and incidental whitespace.

use std::borrow::Cow;

use super::SyntaxError;

/// Removes the incidental whitespace of a text block: the smallest indentation
/// of its non-blank lines (and of the closing line), and trailing spaces.
pub fn strip_indentation(s: &str) -> String {
    let lines: Vec<&str> = s.split('\n').collect();
    let last = lines.len() - 1;
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let min = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| *i == last || !l.trim().is_empty())
        .map(|(_, l)| indent(l))
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = lines
        .iter()
        .map(|l| {
            let l = if l.len() >= min && l.is_char_boundary(min) {
                &l[min..]
            } else {
                l.trim_start_matches([' ', '\t'])
            };
            l.trim_end_matches([' ', '\t'])
        })
        .collect();
    // The closing line holds only the indentation: it ends the text with "\n".
    if lines[last].trim().is_empty() {
        out[last] = "";
    }
    out.join("\n")
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
