//! `@pattern` values are ECMA 262 regular expressions; the generated crate
//! matches them with the `regex` crate. This translates the differences that
//! change results and refuses what `regex` cannot do exactly.

/// Returns the `regex` crate's equivalent of an ECMA 262 pattern.
pub fn to_rust(ecma: &str) -> Result<String, String> {
    let mut out = String::with_capacity(ecma.len() + 8);
    let mut chars = ecma.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    return Err("ends with a lone backslash".into());
                };
                // ECMA's \d and \w are ASCII-only; regex's are Unicode-aware.
                let ascii = match next {
                    'd' => Some(("0-9", "[0-9]")),
                    'D' => Some(("", "[^0-9]")),
                    'w' => Some(("0-9A-Za-z_", "[0-9A-Za-z_]")),
                    'W' => Some(("", "[^0-9A-Za-z_]")),
                    _ => None,
                };
                match ascii {
                    Some(("", _)) if in_class => {
                        return Err(format!(
                            "`\\{next}` inside a character class is not supported"
                        ))
                    }
                    Some((inside, _)) if in_class => out.push_str(inside),
                    Some((_, outside)) => out.push_str(outside),
                    None if next.is_ascii_digit() && next != '0' => {
                        return Err("backreferences are not supported".into())
                    }
                    None => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A leading `]` or `^]` is literal in ECMA only as `[]` (empty class); keep as is.
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '(' if !in_class && chars.as_str().starts_with('?') => {
                let rest = chars.as_str();
                if rest.starts_with("?=")
                    || rest.starts_with("?!")
                    || rest.starts_with("?<=")
                    || rest.starts_with("?<!")
                {
                    return Err("lookaround assertions are not supported".into());
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    regex::Regex::new(&out).map_err(|e| {
        e.to_string()
            .lines()
            .last()
            .unwrap_or("invalid")
            .trim()
            .to_string()
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::to_rust;

    #[test]
    fn common_patterns_pass_through() {
        assert_eq!(to_rust("^[a-zA-Z0-9_-]+$").unwrap(), "^[a-zA-Z0-9_-]+$");
        assert_eq!(to_rust("^[^\\p{C}]+$").unwrap(), "^[^\\p{C}]+$");
    }

    #[test]
    fn ascii_classes_stay_ascii() {
        assert_eq!(to_rust("^\\d+$").unwrap(), "^[0-9]+$");
        assert_eq!(to_rust("[\\w.]").unwrap(), "[0-9A-Za-z_.]");
        let re = regex::Regex::new(&to_rust("^\\d$").unwrap()).unwrap();
        assert!(re.is_match("7"));
        assert!(!re.is_match("٧"), "Arabic-Indic digit is not an ECMA \\d");
    }

    #[test]
    fn unsupported_constructs_are_errors() {
        assert!(to_rust("a(?=b)").unwrap_err().contains("lookaround"));
        assert!(to_rust("(a)\\1").unwrap_err().contains("backreferences"));
        assert!(to_rust("[a-").is_err());
    }
}
