//! `@pattern` values are ECMA 262 regular expressions (AWS models also use
//! Java-isms such as `\p{Print}`). The generated crate matches them with the
//! `regex` crate, which is linear in the input; patterns with lookaround need
//! backtracking and go to `fancy-regex`. This translates the differences that
//! change results and refuses what neither can do exactly.

/// A pattern ready for the generated crate.
#[derive(Debug, PartialEq, Eq)]
pub struct Translated {
    pub rust: String,
    /// Needs `fancy-regex` (lookaround).
    pub fancy: bool,
}

/// Java's POSIX classes, which are ASCII-only.
fn posix_class(name: &str) -> Option<&'static str> {
    Some(match name {
        "Lower" => "a-z",
        "Upper" => "A-Z",
        "ASCII" => "\\x00-\\x7F",
        "Alpha" => "a-zA-Z",
        "Digit" => "0-9",
        "Alnum" => "a-zA-Z0-9",
        "Punct" => "!-/:-@\\[-`{-~",
        "Graph" => "!-~",
        "Print" => " -~",
        "Blank" => " \\t",
        "Cntrl" => "\\x00-\\x1F\\x7F",
        "XDigit" => "0-9a-fA-F",
        "Space" => " \\t\\n\\x0B\\x0C\\r",
        _ => return None,
    })
}

fn hex4(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<u32> {
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + chars.next()?.to_digit(16)?;
    }
    Some(v)
}

/// Returns the Rust equivalent of an ECMA 262 pattern.
pub fn to_rust(ecma: &str) -> Result<Translated, String> {
    let mut out = String::with_capacity(ecma.len() + 8);
    let mut chars = ecma.chars().peekable();
    let mut in_class = false;
    let mut fancy = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    return Err("ends with a lone backslash".into());
                };
                match next {
                    // ECMA's \d and \w are ASCII-only; regex's are Unicode-aware.
                    'd' if in_class => out.push_str("0-9"),
                    'd' => out.push_str("[0-9]"),
                    'w' if in_class => out.push_str("0-9A-Za-z_"),
                    'w' => out.push_str("[0-9A-Za-z_]"),
                    'D' | 'W' if in_class => {
                        return Err(format!(
                            "`\\{next}` inside a character class is not supported"
                        ))
                    }
                    'D' => out.push_str("[^0-9]"),
                    'W' => out.push_str("[^0-9A-Za-z_]"),
                    'u' => {
                        let unit = hex4(&mut chars).ok_or("`\\u` needs four hexadecimal digits")?;
                        let code = if (0xD800..0xDC00).contains(&unit) {
                            // A surrogate pair written as two escapes is one code point.
                            let mut look = chars.clone();
                            let low = (look.next() == Some('\\') && look.next() == Some('u'))
                                .then(|| hex4(&mut look))
                                .flatten()
                                .filter(|l| (0xDC00..0xE000).contains(l))
                                .ok_or(
                                    "a lone surrogate `\\u` escape can never match a Rust string",
                                )?;
                            chars = look;
                            0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00..0xE000).contains(&unit) {
                            return Err(
                                "a lone surrogate `\\u` escape can never match a Rust string"
                                    .into(),
                            );
                        } else {
                            unit
                        };
                        out.push_str(&format!("\\x{{{code:X}}}"));
                    }
                    'p' | 'P' if chars.peek() == Some(&'{') => {
                        let name: String =
                            chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                        match posix_class(&name) {
                            Some(class) if in_class && next == 'p' => out.push_str(class),
                            Some(_) if in_class => {
                                return Err(format!(
                                    "`\\P{{{name}}}` inside a character class is not supported"
                                ))
                            }
                            Some(class) => {
                                let negate = if next == 'P' { "^" } else { "" };
                                out.push_str(&format!("[{negate}{class}]"));
                            }
                            None => out.push_str(&format!("\\{next}{{{name}}}")),
                        }
                    }
                    n if n.is_ascii_digit() && n != '0' && !in_class => {
                        return Err("backreferences are not supported".into())
                    }
                    _ => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '(' if !in_class && chars.peek() == Some(&'?') => {
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("?=")
                    || rest.starts_with("?!")
                    || rest.starts_with("?<=")
                    || rest.starts_with("?<!")
                {
                    fancy = true;
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if fancy {
        fancy_regex::Regex::new(&out).map_err(|e| e.to_string())?;
    } else {
        regex::Regex::new(&out).map_err(|e| {
            e.to_string()
                .lines()
                .last()
                .unwrap_or("invalid")
                .trim()
                .to_string()
        })?;
    }
    Ok(Translated { rust: out, fancy })
}

#[cfg(test)]
mod tests {
    use super::to_rust;

    fn rust(p: &str) -> String {
        to_rust(p).unwrap().rust
    }

    fn matches(p: &str, s: &str) -> bool {
        let t = to_rust(p).unwrap();
        if t.fancy {
            fancy_regex::Regex::new(&t.rust)
                .unwrap()
                .is_match(s)
                .unwrap()
        } else {
            regex::Regex::new(&t.rust).unwrap().is_match(s)
        }
    }

    #[test]
    fn common_patterns_pass_through() {
        assert_eq!(rust("^[a-zA-Z0-9_-]+$"), "^[a-zA-Z0-9_-]+$");
        assert_eq!(rust("^[^\\p{C}]+$"), "^[^\\p{C}]+$");
        assert!(matches("\\w+", "!hello!"), "not implicitly anchored");
    }

    #[test]
    fn ascii_classes_stay_ascii() {
        assert_eq!(rust("^\\d+$"), "^[0-9]+$");
        assert_eq!(rust("[\\w.]"), "[0-9A-Za-z_.]");
        assert!(matches("^\\d$", "7"));
        assert!(
            !matches("^\\d$", "٧"),
            "Arabic-Indic digit is not an ECMA \\d"
        );
        assert!(matches("^\\p{Print}+$", "abc ~"));
        assert!(!matches("^\\p{Print}+$", "é"));
    }

    #[test]
    fn unicode_escapes_and_surrogate_pairs() {
        let p = "^[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*$";
        assert_eq!(
            rust(p),
            "^[\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}\\r\\n\\t]*$"
        );
        assert!(matches(p, "ok 👍\n"));
        assert!(!matches(p, "\u{1}"));
        // `\u10000` is `\u1000` then `0`, as in ECMA.
        assert!(matches("^[\\u10000]$", "0"));
        assert!(to_rust("[\\uD800]").unwrap_err().contains("surrogate"));
    }

    #[test]
    fn lookaround_goes_to_the_backtracking_engine() {
        let p = "^[0-9A-Za-z\\.\\-_]*(?<!\\.)$";
        assert!(to_rust(p).unwrap().fancy);
        assert!(matches(p, "bucket.name"));
        assert!(!matches(p, "bucket."));
        assert!(!matches("^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$", "123"));
        assert!(matches("^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$", "v123"));
    }

    #[test]
    fn unsupported_constructs_are_errors() {
        assert!(to_rust("(a)\\1").unwrap_err().contains("backreferences"));
        assert!(to_rust("[a-").is_err());
        assert!(to_rust("\\u12").is_err());
    }
}
