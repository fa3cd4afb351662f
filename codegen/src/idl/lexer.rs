//! Tokens of the Smithy IDL: words (identifiers and shape ids), strings (text
//! blocks already stripped of incidental whitespace), numbers, punctuation.
//! Comments and commas are whitespace; `///` lines ride on the next token.
//!
//! The lexer reads bytes and hands out one token at a time, so no token list
//! is built; words, numbers and strings without escapes borrow the text.
//! Only ASCII bytes are special, so slicing at them keeps UTF-8 whole.

use std::borrow::Cow;

use serde_json::Number;

use super::lines::Lines;
use super::scan::{self, NUMBER, WORD};
use super::text::{strip_indentation, unescape};

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
    /// Byte offsets of its start and of its end (just after it); see
    /// `lines` for line and column.
    pub start: usize,
    pub end: usize,
    /// A line break (or the start of the file) comes before it.
    pub nl_before: bool,
    /// Whitespace, a comma or a comment comes before it.
    pub ws_before: bool,
    /// The first line break or comment between the previous token and it.
    pub break_at: Option<usize>,
    /// Its `///` lines: a range of [`Lexer::docs`].
    pub docs: (usize, usize),
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
    /// No token was given yet.
    first: bool,
    /// The `///` lines read so far (without the slashes).
    pub docs: Vec<&'a str>,
    /// The last word read is a plain name (`[A-Za-z][A-Za-z0-9_]*`): an
    /// identifier, and a shape id, with no need to look at it again.
    pub plain_word: bool,
}

/// An error of the lexer: where, and what.
type Error = (usize, String);

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            first: true,
            docs: Vec::new(),
            plain_word: false,
        }
    }

    /// The text read (without a byte order mark): offsets are into it.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The next token; after `Eof` or `Error`, `Eof` again.
    pub fn next_token(&mut self) -> Token<'a> {
        let start = self.pos;
        let mut nl = self.first;
        let docs_start = self.docs.len();
        let mut break_at = None;
        // Whitespace, commas and comments.
        loop {
            self.pos = scan::skip_blank(self.bytes, self.pos);
            match self.bytes.get(self.pos) {
                Some(b'\n') => {
                    break_at = break_at.or(Some(self.pos));
                    self.pos += 1;
                    nl = true;
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    break_at = break_at.or(Some(self.pos));
                    self.comment(nl, docs_start);
                }
                _ => break,
            }
        }
        let ws = self.pos > start || self.first;
        let at = self.pos;
        if at >= self.bytes.len() {
            return Token {
                tok: Tok::Eof,
                start: at,
                end: at,
                nl_before: true,
                ws_before: true,
                break_at,
                docs: (docs_start, self.docs.len()),
            };
        }
        self.first = false;
        let (tok, start, end) = match self.token() {
            Ok(tok) => (tok, at, self.pos),
            Err((at, message)) => {
                // Nothing is read after an error.
                self.pos = self.bytes.len();
                self.docs.truncate(docs_start);
                (Tok::Error(message), at, at)
            }
        };
        Token {
            tok,
            start,
            end,
            nl_before: nl,
            ws_before: ws,
            break_at,
            docs: (docs_start, self.docs.len()),
        }
    }

    /// Where the next token is read from.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Reads the next token from `pos` (a token boundary) on.
    pub fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }

    /// Steps over whitespace, commas and comments, keeping no documentation
    /// (inside node values it is never read).
    #[inline]
    pub fn skip_trivia(&mut self) {
        loop {
            self.pos = scan::skip_blank(self.bytes, self.pos);
            match self.bytes.get(self.pos) {
                Some(b'\n') => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    let rest = &self.bytes[self.pos..];
                    self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                }
                _ => return,
            }
        }
    }

    /// The token right at `pos`, or `None` at the end of the text or where
    /// the lexer fails (and `pos` is then anywhere).
    #[inline(always)]
    pub fn bare_token(&mut self) -> Option<Tok<'a>> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        self.token().ok()
    }

    /// A `//` comment up to the end of its line; a `///` line starting a
    /// line is documentation for the next token, any other comment ends the
    /// documentation read since `docs_start`.
    fn comment(&mut self, nl: bool, docs_start: usize) {
        let rest = &self.bytes[self.pos..];
        let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let s = &self.text[self.pos..self.pos + len];
        self.pos += len;
        if !s.starts_with("///") {
            self.docs.truncate(docs_start);
        } else if nl {
            let body = &s[3..];
            let body = body.strip_prefix(' ').unwrap_or(body);
            self.docs.push(body.trim_end_matches('\r'));
        }
        // After a token on the same line, `///` is a plain comment.
    }

    // Inlined into its two callers: a token handed back through memory
    // stalled them.
    #[inline(always)]
    fn token(&mut self) -> Result<Tok<'a>, Error> {
        let start = self.pos;
        let b = self.bytes[start];
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
            b'"' if self.bytes[start..].starts_with(b"\"\"\"") => Tok::Block(self.text_block()?),
            b'"' => {
                self.pos += 1;
                let Some((raw, escaped)) = self.raw(false) else {
                    let (line, col) = Lines::new(self.text).of(start);
                    return Err((self.pos, format!(
                        "Unclosed string started at line {line}, column {col}: expected '\"' but found EOF"
                    )));
                };
                if !escaped {
                    return Ok(Tok::Str(raw));
                }
                Tok::Str(unescape(raw).map_err(|m| (start, m))?)
            }
            b'-' | b'0'..=b'9' => {
                let s = self.span(&NUMBER);
                Tok::Num(s, number(s).map_err(|m| (start, m))?)
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => Tok::Word(self.word()),
            _ => {
                let other = self.text[start..].chars().next().unwrap_or_default();
                return Err((start, format!("Unexpected character: {other:?}")));
            }
        })
    }

    /// A word, noting whether it is a plain name.
    #[inline(always)]
    fn word(&mut self) -> &'a str {
        let start = self.pos;
        let name_end = scan::skip_name(self.bytes, start);
        self.pos = scan::skip(self.bytes, name_end, &WORD);
        self.plain_word = self.pos == name_end && self.bytes[start] != b'_';
        &self.text[start..self.pos]
    }

    /// The bytes of the class from here.
    fn span(&mut self, class: &[bool; 256]) -> &'a str {
        let start = self.pos;
        self.pos = scan::skip(self.bytes, start, class);
        &self.text[start..self.pos]
    }

    /// The text up to the closing quote (or `"""` for a block), the opening
    /// one already read: escapes kept, CRLF turned into LF, and whether it
    /// has escapes. `None` at the end of the file. Borrowed unless a CR had
    /// to go.
    #[inline(always)]
    fn raw(&mut self, block: bool) -> Option<(Cow<'a, str>, bool)> {
        let start = self.pos;
        let mut escaped = false;
        let mut owned: Option<String> = None;
        // Start of the text not yet copied into `owned`.
        let mut seg = start;
        loop {
            self.pos = if block {
                scan::find_block_stop(self.bytes, self.pos)
            } else {
                scan::find_string_stop(self.bytes, self.pos)
            };
            let b = *self.bytes.get(self.pos)?;
            let crlf = self.bytes.get(self.pos + 1) == Some(&b'\n');
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
                    if self.bytes.get(self.pos) == Some(&b'\r')
                        && self.bytes.get(self.pos + 1) == Some(&b'\n')
                    {
                        let s = owned.get_or_insert_with(String::new);
                        s.push_str(&self.text[seg..self.pos]);
                        seg = self.pos + 1;
                    }
                    // Past one byte: what follows a multi-byte one is plain.
                    self.pos = (self.pos + 1).min(self.bytes.len());
                }
                b'\r' if crlf => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[seg..self.pos]);
                    seg = self.pos + 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
    }

    fn text_block(&mut self) -> Result<String, Error> {
        let start = self.pos;
        self.pos += 3;
        // Only spaces may follow the opening quotes on their line.
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        if self.bytes.get(self.pos) == Some(&b'\r') {
            self.pos += 1;
        }
        if self.bytes.get(self.pos) != Some(&b'\n') {
            return Err((
                start,
                "Expected a line break after the opening `\"\"\"` of a text block".into(),
            ));
        }
        self.pos += 1;
        let Some((raw, escaped)) = self.raw(true) else {
            let (line, col) = Lines::new(self.text).of(start);
            return Err((self.pos, format!(
                "Unclosed text block started at line {line}, column {col}: expected '\"\"\"' but found EOF"
            )));
        };
        let text = strip_indentation(&raw);
        if !escaped {
            return Ok(text);
        }
        Ok(unescape(Cow::Owned(text))
            .map_err(|m| (start, m))?
            .into_owned())
    }
}

/// The value of number text, which must be a JSON number.
fn number(s: &str) -> Result<Number, String> {
    // Most numbers are small naturals: no need for serde_json's parser.
    let natural = (1..=19).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s.len() == 1 || !s.starts_with('0'));
    if natural {
        if let Ok(n) = s.parse::<u64>() {
            return Ok(Number::from(n));
        }
    }
    serde_json::from_str::<Number>(s).map_err(|_| {
        if s.parse::<f64>().is_ok_and(f64::is_infinite) {
            format!("Number '{s}' is beyond the range of a 64-bit float")
        } else {
            format!("Invalid number '{s}'")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens and the documentation lines of the text.
    fn toks(text: &str) -> (Vec<Token<'_>>, Vec<&str>) {
        let mut lx = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token();
            let last = t.is_last();
            out.push(t);
            if last {
                return (out, lx.docs);
            }
        }
    }

    #[test]
    fn strings_borrow_the_text_when_they_can() {
        let text = "\"é\" x\n\"a\\u00e9\r\nb\" \"\"\"\n  c\n  \"\"\" 12 -1.5e3";
        let (t, _) = toks(text);
        let lines = Lines::new(text);
        assert_eq!(t[0].tok, Tok::Str(Cow::Borrowed("é")));
        assert_eq!(lines.of(t[1].start), (1, 5));
        assert_eq!(t[2].tok, Tok::Str(Cow::Owned("aé\nb".into())));
        assert_eq!(lines.of(t[2].end), (3, 3));
        assert_eq!(t[3].tok, Tok::Block("c\n".into()));
        assert_eq!(t[4].tok, Tok::Num("12", Number::from(12u64)));
        assert!(matches!(t[5].tok, Tok::Num("-1.5e3", _)));
        assert_eq!(t[6].tok, Tok::Eof);
    }

    #[test]
    fn docs_ride_on_the_next_token_and_errors_end_the_tokens() {
        let text = "/// a\r\n///b\nx /// not docs\n// drops\n/// c\ny é";
        let (t, docs) = toks(text);
        let docs_of = |t: &Token| docs[t.docs.0..t.docs.1].to_vec();
        assert_eq!(docs_of(&t[0]), ["a", "b"]);
        assert_eq!(docs_of(&t[1]), ["c"]);
        assert_eq!(t[2].tok, Tok::Error("Unexpected character: 'é'".into()));
        assert_eq!(Lines::new(text).of(t[2].start), (6, 3));
        let (t, _) = toks("// é");
        assert_eq!(Lines::new("// é").of(t[0].start), (1, 5));
    }
}
