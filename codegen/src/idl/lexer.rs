//! Tokens of the Smithy IDL: words (identifiers and shape ids), strings (text
//! blocks already stripped of incidental whitespace), numbers, punctuation.
//! Comments and commas are whitespace; `///` lines ride on the next token.
//!
//! The lexer reads bytes and hands out one token at a time, so no token list
//! is built; words, numbers and strings without escapes borrow the text.
//! Only ASCII bytes are special, so slicing at them keeps UTF-8 whole.

use std::borrow::Cow;

use serde_json::Number;

use super::text::{strip_indentation, unescape};
use super::SyntaxError;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok<'a> {
    /// An identifier or shape id: `[A-Za-z_][A-Za-z0-9_.#$]*`.
    Word(&'a str),
    Str(Cow<'a, str>),
    /// A `"""` text block, its incidental whitespace removed.
    Block(String),
    /// Number text and its value (read once, here).
    Num(&'a str, Number),
    /// One of `{ } [ ] ( ) : = @ $`, or `:=` as `'w'`.
    Punct(char),
    /// What the lexer could not read; the parser reports it when it gets
    /// there, so that an earlier syntax error is reported first.
    Error(String),
    Eof,
}

impl Tok<'_> {
    pub fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("IDENTIFIER('{w}')"),
            Tok::Str(s) => format!("STRING({s:?})"),
            Tok::Block(s) => format!("TEXT_BLOCK({s:?})"),
            Tok::Num(n, _) => format!("NUMBER('{n}')"),
            Tok::Punct('w') => "WALRUS(':=')".into(),
            Tok::Punct(c) => {
                let name = match c {
                    '{' => "LBRACE",
                    '}' => "RBRACE",
                    '[' => "LBRACKET",
                    ']' => "RBRACKET",
                    '(' => "LPAREN",
                    ')' => "RPAREN",
                    ':' => "COLON",
                    '=' => "EQUAL",
                    '@' => "AT",
                    '$' => "DOLLAR",
                    _ => "PUNCTUATION",
                };
                format!("{name}('{c}')")
            }
            Tok::Error(m) => m.clone(),
            Tok::Eof => "EOF".into(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Token<'a> {
    pub tok: Tok<'a>,
    pub line: usize,
    pub col: usize,
    /// A line break (or the start of the file) comes before it.
    pub nl_before: bool,
    /// `///` lines just before it.
    pub docs: Vec<&'a str>,
    /// Where the token ends (the position just after it).
    pub end: (usize, usize),
    /// Whitespace, a comma or a comment comes before it.
    pub ws_before: bool,
    /// The first line break or comment between the previous token and it.
    pub break_at: Option<(usize, usize)>,
}

impl Token<'_> {
    /// `Eof` or `Error`: the lexer gives nothing after it.
    pub fn is_last(&self) -> bool {
        matches!(self.tok, Tok::Eof | Tok::Error(_))
    }
}

pub struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    /// Byte offset of the current line.
    line_start: usize,
    /// UTF-8 continuation bytes between `line_start` and `pos`: columns
    /// count characters, not bytes.
    extra: usize,
    /// No token was given yet.
    first: bool,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
            extra: 0,
            first: true,
        }
    }

    /// The next token; after `Eof` or `Error`, `Eof` again.
    pub fn next_token(&mut self) -> Token<'a> {
        let start = self.pos;
        let mut nl = self.first;
        let mut docs: Vec<&'a str> = Vec::new();
        let mut break_at = None;
        // Whitespace, commas and comments.
        loop {
            self.skip(&BLANK);
            match self.bytes.get(self.pos) {
                Some(b'\n') => {
                    break_at = break_at.or(Some(self.here()));
                    self.newline();
                    nl = true;
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    break_at = break_at.or(Some(self.here()));
                    self.comment(nl, &mut docs);
                }
                _ => break,
            }
        }
        let ws = self.pos > start || self.first;
        let (line, col) = self.here();
        if self.pos >= self.bytes.len() {
            return Token {
                tok: Tok::Eof,
                line,
                col,
                nl_before: true,
                docs,
                end: (line, col),
                ws_before: true,
                break_at,
            };
        }
        self.first = false;
        match self.token(line, col) {
            Ok(tok) => Token {
                tok,
                line,
                col,
                nl_before: nl,
                docs,
                end: self.here(),
                ws_before: ws,
                break_at,
            },
            Err(e) => {
                // Nothing is read after an error.
                self.pos = self.bytes.len();
                Token {
                    tok: Tok::Error(e.message),
                    line: e.line,
                    col: e.col,
                    nl_before: nl,
                    docs: Vec::new(),
                    end: (e.line, e.col),
                    ws_before: ws,
                    break_at,
                }
            }
        }
    }

    /// A `//` comment up to the end of its line; a `///` line starting a
    /// line is documentation for the next token, any other comment ends it.
    fn comment(&mut self, nl: bool, docs: &mut Vec<&'a str>) {
        let rest = &self.bytes[self.pos..];
        let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let s = &self.text[self.pos..self.pos + len];
        if len == rest.len() {
            // The end of the file follows on this line: its column counts.
            self.extra += s.bytes().filter(|&b| is_continuation(b)).count();
        }
        self.pos += len;
        if !s.starts_with("///") {
            docs.clear();
        } else if nl {
            let body = &s[3..];
            let body = body.strip_prefix(' ').unwrap_or(body);
            docs.push(body.trim_end_matches('\r'));
        }
        // After a token on the same line, `///` is a plain comment.
    }

    fn token(&mut self, line: usize, col: usize) -> Result<Tok<'a>, SyntaxError> {
        let b = self.bytes[self.pos];
        Ok(match b {
            b'{' | b'}' | b'[' | b']' | b'(' | b')' | b'=' | b'@' | b'$' => {
                self.pos += 1;
                Tok::Punct(b as char)
            }
            b':' => {
                self.pos += 1;
                if self.bytes.get(self.pos) == Some(&b'=') {
                    self.pos += 1;
                    Tok::Punct('w')
                } else {
                    Tok::Punct(':')
                }
            }
            b'"' if self.bytes[self.pos..].starts_with(b"\"\"\"") => Tok::Block(self.text_block()?),
            b'"' => {
                self.pos += 1;
                let Some((raw, escaped)) = self.raw(false) else {
                    return Err(self.error(format!(
                        "Unclosed string started at line {line}, column {col}: expected '\"' but found EOF"
                    )));
                };
                Tok::Str(if escaped {
                    unescape(raw, line, col)?
                } else {
                    raw
                })
            }
            b'-' | b'0'..=b'9' => {
                let s = self.span(&NUMBER);
                Tok::Num(s, number(s, line, col)?)
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => Tok::Word(self.span(&WORD)),
            _ => {
                let other = self.text[self.pos..].chars().next().unwrap_or_default();
                return Err(self.error(format!("Unexpected character: {other:?}")));
            }
        })
    }

    /// Steps over the bytes of the class (all ASCII, none a line break).
    fn skip(&mut self, class: &[bool; 256]) {
        let mut i = self.pos;
        while i < self.bytes.len() && class[self.bytes[i] as usize] {
            i += 1;
        }
        self.pos = i;
    }

    /// The bytes of the class from here.
    fn span(&mut self, class: &[bool; 256]) -> &'a str {
        let start = self.pos;
        self.skip(class);
        &self.text[start..self.pos]
    }

    fn here(&self) -> (usize, usize) {
        (self.line, self.pos - self.line_start - self.extra + 1)
    }

    /// Steps over the `\n` at `pos`.
    fn newline(&mut self) {
        self.pos += 1;
        self.line += 1;
        self.line_start = self.pos;
        self.extra = 0;
    }

    fn error(&self, message: String) -> SyntaxError {
        let (line, col) = self.here();
        SyntaxError { line, col, message }
    }

    /// The text up to the closing quote (or `"""` for a block), the opening
    /// one already read: escapes kept, CRLF turned into LF, and whether it
    /// has escapes. `None` at the end of the file. Borrowed unless a CR had
    /// to go.
    fn raw(&mut self, block: bool) -> Option<(Cow<'a, str>, bool)> {
        let start = self.pos;
        let mut escaped = false;
        let mut owned: Option<String> = None;
        // Start of the text not yet copied into `owned`.
        let mut seg = start;
        loop {
            self.skip(&PLAIN);
            let b = *self.bytes.get(self.pos)?;
            match b {
                b'"' if !block || self.bytes[self.pos..].starts_with(b"\"\"\"") => {
                    let end = self.pos;
                    self.pos += if block { 3 } else { 1 };
                    let text = match owned {
                        None => Cow::Borrowed(&self.text[start..end]),
                        Some(mut s) => {
                            s.push_str(&self.text[seg..end]);
                            Cow::Owned(s)
                        }
                    };
                    return Some((text, escaped));
                }
                // An escape keeps the character after it (a CRLF as LF).
                b'\\' => {
                    escaped = true;
                    self.pos += 1;
                    match self.bytes.get(self.pos) {
                        Some(b'\r') if self.bytes.get(self.pos + 1) == Some(&b'\n') => {
                            owned
                                .get_or_insert_with(String::new)
                                .push_str(&self.text[seg..self.pos]);
                            seg = self.pos + 1;
                            self.pos += 1;
                            self.newline();
                        }
                        Some(b'\n') => self.newline(),
                        Some(&c) => self.step(c),
                        None => {}
                    }
                }
                b'\r' if self.bytes.get(self.pos + 1) == Some(&b'\n') => {
                    owned
                        .get_or_insert_with(String::new)
                        .push_str(&self.text[seg..self.pos]);
                    seg = self.pos + 1;
                    self.pos += 1;
                }
                b'\n' => self.newline(),
                _ => self.step(b),
            }
        }
    }

    /// Steps over a byte other than `\n`.
    fn step(&mut self, b: u8) {
        self.pos += 1;
        if is_continuation(b) {
            self.extra += 1;
        }
    }

    fn text_block(&mut self) -> Result<String, SyntaxError> {
        let (line, col) = self.here();
        self.pos += 3;
        // Only spaces may follow the opening quotes on their line.
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        if self.bytes.get(self.pos) == Some(&b'\r') {
            self.pos += 1;
        }
        if self.bytes.get(self.pos) != Some(&b'\n') {
            return Err(SyntaxError {
                line,
                col,
                message: "Expected a line break after the opening `\"\"\"` of a text block".into(),
            });
        }
        self.newline();
        let Some((raw, escaped)) = self.raw(true) else {
            return Err(self.error(format!(
                "Unclosed text block started at line {line}, column {col}: expected '\"\"\"' but found EOF"
            )));
        };
        let text = strip_indentation(&raw);
        if !escaped {
            return Ok(text);
        }
        Ok(unescape(Cow::Owned(text), line, col)?.into_owned())
    }
}

/// A byte class of the loops over many bytes: `class!(|b| test)`.
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
const BLANK: [bool; 256] = class!(|b| matches!(b, b' ' | b'\t' | b',' | b'\r'));
const WORD: [bool; 256] =
    class!(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'#' | b'$'));
const NUMBER: [bool; 256] =
    class!(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.' | b'_'));
/// The bytes of strings with nothing to do: ASCII but quotes, escapes, line ends.
const PLAIN: [bool; 256] = class!(|b| b.is_ascii() && !matches!(b, b'"' | b'\\' | b'\r' | b'\n'));

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The value of number text, which must be a JSON number.
fn number(s: &str, line: usize, col: usize) -> Result<Number, SyntaxError> {
    // Most numbers are small naturals: no need for serde_json's parser.
    let natural = (1..=19).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s.len() == 1 || !s.starts_with('0'));
    if natural {
        if let Ok(n) = s.parse::<u64>() {
            return Ok(Number::from(n));
        }
    }
    serde_json::from_str::<Number>(s).map_err(|_| SyntaxError {
        line,
        col,
        message: if s.parse::<f64>().is_ok_and(f64::is_infinite) {
            format!("Number '{s}' is beyond the range of a 64-bit float")
        } else {
            format!("Invalid number '{s}'")
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Token<'_>> {
        let mut lx = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token();
            let last = t.is_last();
            out.push(t);
            if last {
                return out;
            }
        }
    }

    #[test]
    fn columns_count_characters_and_strings_borrow_when_they_can() {
        let t = toks("\"é\" x\n\"a\\u00e9\r\nb\" \"\"\"\n  c\n  \"\"\" 12 -1.5e3");
        assert_eq!(t[0].tok, Tok::Str(Cow::Borrowed("é")));
        assert_eq!((t[1].line, t[1].col), (1, 5));
        assert_eq!(t[2].tok, Tok::Str(Cow::Owned("aé\nb".into())));
        assert_eq!(t[2].end, (3, 3));
        assert_eq!(t[3].tok, Tok::Block("c\n".into()));
        assert_eq!(t[4].tok, Tok::Num("12", Number::from(12u64)));
        assert!(matches!(t[5].tok, Tok::Num("-1.5e3", _)));
        assert_eq!(t[6].tok, Tok::Eof);
    }

    #[test]
    fn docs_ride_on_the_next_token_and_errors_end_the_tokens() {
        let t = toks("/// a\r\n///b\nx /// not docs\n// drops\n/// c\ny é");
        assert_eq!(t[0].docs, ["a", "b"]);
        assert_eq!(t[1].docs, ["c"]);
        assert_eq!(t[2].tok, Tok::Error("Unexpected character: 'é'".into()));
        assert_eq!((t[2].line, t[2].col), (6, 3));
        assert_eq!(toks("// é").last().map(|t| t.col), Some(5));
    }
}
