//! Tokens of the Smithy IDL: words (identifiers and shape ids), strings (text
//! blocks already stripped of incidental whitespace), numbers, punctuation.
//! Comments and commas are whitespace; `///` lines ride on the next token.

use super::SyntaxError;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// An identifier or shape id: `[A-Za-z_][A-Za-z0-9_.#$]*`.
    Word(String),
    Str(String),
    /// A `"""` text block, its incidental whitespace removed.
    Block(String),
    /// Number text, valid JSON.
    Num(String),
    /// One of `{ } [ ] ( ) : = @ $`, or `:=` as `'w'`.
    Punct(char),
    /// What the lexer could not read; the parser reports it when it gets
    /// there, so that an earlier syntax error is reported first.
    Error(String),
    Eof,
}

impl Tok {
    pub fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("IDENTIFIER('{w}')"),
            Tok::Str(s) => format!("STRING({s:?})"),
            Tok::Block(s) => format!("TEXT_BLOCK({s:?})"),
            Tok::Num(n) => format!("NUMBER('{n}')"),
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
pub struct Token {
    pub tok: Tok,
    pub line: usize,
    pub col: usize,
    /// A line break (or the start of the file) comes before it.
    pub nl_before: bool,
    /// `///` lines just before it.
    pub docs: Vec<String>,
    /// Where the token ends (the position just after it).
    pub end: (usize, usize),
    /// Whitespace, a comma or a comment comes before it.
    pub ws_before: bool,
    /// The first line break or comment between the previous token and it.
    pub break_at: Option<(usize, usize)>,
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    col: usize,
}

/// The tokens of the text, ending with `Eof` or, if the lexer fails, `Error`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut lx = Lexer {
        chars: text
            .strip_prefix('\u{feff}')
            .unwrap_or(text)
            .chars()
            .collect(),
        pos: 0,
        line: 1,
        col: 1,
    };
    let mut out = Vec::new();
    let mut nl = true;
    let mut docs: Vec<String> = Vec::new();
    loop {
        // Whitespace, commas and comments.
        let start = lx.pos;
        let mut break_at = None;
        while let Some(c) = lx.peek(0) {
            match c {
                ' ' | '\t' | ',' | '\r' => {
                    lx.bump();
                }
                '\n' => {
                    break_at = break_at.or(Some((lx.line, lx.col)));
                    lx.bump();
                    nl = true;
                }
                '/' if lx.peek(1) == Some('/') => {
                    break_at = break_at.or(Some((lx.line, lx.col)));
                    let doc = lx.peek(2) == Some('/');
                    let mut s = String::new();
                    while let Some(c) = lx.peek(0) {
                        if c == '\n' {
                            break;
                        }
                        s.push(c);
                        lx.bump();
                    }
                    if doc && !nl {
                        // After a token on the same line: a plain comment.
                    } else if doc {
                        let body = &s[3..];
                        let body = body.strip_prefix(' ').unwrap_or(body);
                        docs.push(body.trim_end_matches('\r').to_string());
                    } else {
                        docs.clear();
                    }
                }
                _ => break,
            }
        }
        let ws = lx.pos > start || out.is_empty();
        let (line, col) = (lx.line, lx.col);
        let Some(c) = lx.peek(0) else {
            out.push(Token {
                tok: Tok::Eof,
                line,
                col,
                nl_before: true,
                docs: std::mem::take(&mut docs),
                end: (line, col),
                ws_before: true,
                break_at,
            });
            return out;
        };
        let tok = match lx.token(c, line, col) {
            Ok(tok) => tok,
            Err(e) => {
                out.push(Token {
                    tok: Tok::Error(e.message),
                    line: e.line,
                    col: e.col,
                    nl_before: nl,
                    docs: Vec::new(),
                    end: (e.line, e.col),
                    ws_before: ws,
                    break_at,
                });
                return out;
            }
        };
        out.push(Token {
            tok,
            line,
            col,
            nl_before: nl,
            docs: std::mem::take(&mut docs),
            end: (lx.line, lx.col),
            ws_before: ws,
            break_at,
        });
        nl = false;
    }
}

impl Lexer {
    fn token(&mut self, c: char, line: usize, col: usize) -> Result<Tok, SyntaxError> {
        let lx = self;
        Ok(match c {
            '{' | '}' | '[' | ']' | '(' | ')' | '=' | '@' | '$' => {
                lx.bump();
                Tok::Punct(c)
            }
            ':' => {
                lx.bump();
                if lx.peek(0) == Some('=') {
                    lx.bump();
                    Tok::Punct('w')
                } else {
                    Tok::Punct(':')
                }
            }
            '"' => {
                if lx.peek(1) == Some('"') && lx.peek(2) == Some('"') {
                    Tok::Block(lx.text_block()?)
                } else {
                    lx.bump();
                    let raw = lx.raw_string(line, col)?;
                    Tok::Str(unescape(&raw, line, col)?)
                }
            }
            c if c == '-' || c.is_ascii_digit() => Tok::Num(lx.number()?),
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut s = String::new();
                while let Some(c) = lx.peek(0) {
                    if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '#' | '$') {
                        s.push(c);
                        lx.bump();
                    } else {
                        break;
                    }
                }
                Tok::Word(s)
            }
            other => return Err(lx.error(format!("Unexpected character: {other:?}"))),
        })
    }

    fn peek(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn error(&self, message: String) -> SyntaxError {
        SyntaxError {
            line: self.line,
            col: self.col,
            message,
        }
    }

    /// The text up to the closing quote (the opening one already consumed),
    /// escapes kept, CRLF turned into LF.
    fn raw_string(&mut self, line: usize, col: usize) -> Result<String, SyntaxError> {
        let mut s = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(self.error(format!(
                        "Unclosed string started at line {line}, column {col}: expected '\"' but found EOF"
                    )))
                }
                Some('"') => return Ok(s),
                Some('\\') => self.escaped(&mut s),
                Some('\r') if self.peek(0) == Some('\n') => {}
                Some(c) => s.push(c),
            }
        }
    }

    /// After a `\\`: keeps the escape for `unescape`, a CRLF as one `\n`.
    fn escaped(&mut self, s: &mut String) {
        s.push('\\');
        match self.bump() {
            Some('\r') if self.peek(0) == Some('\n') => {
                self.bump();
                s.push('\n');
            }
            Some(c) => s.push(c),
            None => {}
        }
    }

    fn text_block(&mut self) -> Result<String, SyntaxError> {
        let (line, col) = (self.line, self.col);
        for _ in 0..3 {
            self.bump();
        }
        // Only spaces may follow the opening quotes on their line.
        while self.peek(0) == Some(' ') || self.peek(0) == Some('\t') {
            self.bump();
        }
        if self.peek(0) == Some('\r') {
            self.bump();
        }
        if self.peek(0) != Some('\n') {
            return Err(SyntaxError {
                line,
                col,
                message: "Expected a line break after the opening `\"\"\"` of a text block".into(),
            });
        }
        self.bump();
        let mut s = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(self.error(format!(
                        "Unclosed text block started at line {line}, column {col}: expected '\"\"\"' but found EOF"
                    )))
                }
                Some('"') if self.peek(0) == Some('"') && self.peek(1) == Some('"') => {
                    self.bump();
                    self.bump();
                    break;
                }
                Some('\\') => self.escaped(&mut s),
                Some('\r') if self.peek(0) == Some('\n') => {}
                Some(c) => s.push(c),
            }
        }
        unescape(&strip_indentation(&s), line, col)
    }

    fn number(&mut self) -> Result<String, SyntaxError> {
        let (line, col) = (self.line, self.col);
        let mut s = String::new();
        while let Some(c) = self.peek(0) {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '_') {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        match serde_json::from_str::<serde_json::Number>(&s) {
            Ok(_) => Ok(s),
            Err(_) => Err(SyntaxError {
                line,
                col,
                message: if s.parse::<f64>().is_ok_and(f64::is_infinite) {
                    format!("Number '{s}' is beyond the range of a 64-bit float")
                } else {
                    format!("Invalid number '{s}'")
                },
            }),
        }
    }
}

/// Removes the incidental whitespace of a text block: the smallest indentation
/// of its non-blank lines (and of the closing line), and trailing spaces.
fn strip_indentation(s: &str) -> String {
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
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| {
            let l = if l.len() >= min && l.is_char_boundary(min) {
                &l[min..]
            } else {
                l.trim_start_matches([' ', '\t'])
            };
            l.trim_end_matches([' ', '\t']).to_string()
        })
        .collect();
    // The closing line holds only the indentation: it ends the text with "\n".
    if lines[last].trim().is_empty() {
        out[last] = String::new();
    }
    out.join("\n")
}

fn unescape(raw: &str, line: usize, col: usize) -> Result<String, SyntaxError> {
    let err = |m: String| SyntaxError {
        line,
        col,
        message: m,
    };
    let mut out = String::new();
    let mut it = raw.chars().peekable();
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
    Ok(out)
}

fn read_hex(it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<u32> {
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + it.next()?.to_digit(16)?;
    }
    Some(v)
}
