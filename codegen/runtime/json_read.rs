//! A pull reader for JSON text that generated code drives member by member:
//! each structure asks for its members' keys and reads each value with the
//! method of its type, so no intermediate tree is built and no serde is
//! involved. It exists so that a consumer's build needs no serde: the
//! generated crate reads its own JSON with this module alone.
//!
//! Errors name the line and column of the failure and, as they return
//! through each member and element (`ReadError::within`), its JSON Pointer.

use std::borrow::Cow;
use std::fmt;

/// Objects and arrays nested deeper than this are refused, so that hostile
/// input cannot exhaust the stack of the (recursive) generated readers.
const MAX_DEPTH: usize = 128;

const INVALID_NUMBER: &str = "invalid number";
const EOF_STRING: &str = "EOF while parsing a string";

/// Bytes that end the fast scan of a string: the closing quote, an escape,
/// or a control character (which JSON forbids raw).
pub(crate) const STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = true;
        i += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// A pull reader over JSON text.
pub struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

/// What the next value is, without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// A read that failed: what, where (1-based line and column of the byte
/// where it was detected), and the JSON Pointer of the member it failed in.
/// Boxed, as serde_json's error is, so that every `Result` a read returns
/// stays two words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError(Box<Failure>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Failure {
    message: String,
    line: usize,
    column: usize,
    pointer: String,
}

impl ReadError {
    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub fn line(&self) -> usize {
        self.0.line
    }

    pub fn column(&self) -> usize {
        self.0.column
    }

    /// JSON Pointer (RFC 6901) of where the read failed: "" for the document itself.
    pub fn pointer(&self) -> &str {
        &self.0.pointer
    }

    /// Prefixes `/segment` to the pointer, escaping `~` as `~0` and `/` as
    /// `~1`. Called as the error returns outward through each member and map
    /// entry, so the pointer grows from the inside out.
    pub fn within(mut self, segment: &str) -> ReadError {
        let mut pointer = pointer_segment(segment);
        pointer.push_str(&self.0.pointer);
        self.0.pointer = pointer;
        self
    }

    /// `within` for a list index (`/3`).
    pub fn within_index(self, index: usize) -> ReadError {
        self.within(&index.to_string())
    }
}

/// `/segment`, escaped as JSON Pointer says (`~0`, `~1`).
pub(crate) fn pointer_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len() + 1);
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

impl fmt::Display for ReadError {
    // The shape of serde_json's errors, which callers and tests already know.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.0.message, self.0.line, self.0.column
        )
    }
}

impl std::error::Error for ReadError {}

/// A number as lexed: where it ends and, for an integer literal whose
/// magnitude fits u64, that magnitude (so integers need a single pass).
struct Lexed {
    end: usize,
    negative: bool,
    magnitude: Option<u64>,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
        }
    }

    /// The kind of the next value (skipping whitespace), not consumed.
    /// Errors: "EOF while parsing a value" at the end, "expected value" on
    /// any other byte.
    #[inline]
    pub fn peek(&mut self) -> Result<Next, ReadError> {
        match self.skip_ws() {
            Some(b'n') => Ok(Next::Null),
            Some(b't' | b'f') => Ok(Next::Bool),
            Some(b'-' | b'0'..=b'9') => Ok(Next::Number),
            Some(b'"') => Ok(Next::String),
            Some(b'[') => Ok(Next::Array),
            Some(b'{') => Ok(Next::Object),
            other => Err(self.value_error(other)),
        }
    }

    /// Consumes `null` if it is the next value and returns true; otherwise
    /// consumes only whitespace and returns false.
    #[inline]
    pub fn null(&mut self) -> Result<bool, ReadError> {
        if self.skip_ws() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// `true` or `false`; anything else is `invalid_type(expected)`.
    #[inline]
    pub fn bool(&mut self, expected: &str) -> Result<bool, ReadError> {
        match self.skip_ws() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            _ => Err(self.invalid_type(expected)),
        }
    }

    /// A string, borrowed from the input when it has no escapes. Anything
    /// else is `invalid_type(expected)`.
    #[inline]
    pub fn string(&mut self, expected: &str) -> Result<Cow<'a, str>, ReadError> {
        if self.skip_ws() != Some(b'"') {
            return Err(self.invalid_type(expected));
        }
        self.pos += 1;
        self.parse_str()
    }

    /// A number's text exactly as written, checked against the JSON number
    /// grammar (RFC 8259). Anything else is `invalid_type(expected)`.
    #[inline]
    pub fn number(&mut self, expected: &str) -> Result<&'a str, ReadError> {
        if !matches!(self.skip_ws(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.invalid_type(expected));
        }
        let start = self.pos;
        let lexed = self.lex_number(start)?;
        self.pos = lexed.end;
        Ok(&self.text[start..lexed.end])
    }

    /// An integer in one pass: a JSON number without fraction or exponent
    /// that fits i64 is `Ok(Ok(value))`. A number with a fraction or
    /// exponent, or an integer beyond i64, is `Ok(Err(text))`, consumed, so
    /// the caller can decide (it accepts `1.0` and reports out-of-range).
    /// Non-numbers are `invalid_type(expected)`.
    #[inline]
    pub fn integer(&mut self, expected: &str) -> Result<Result<i64, &'a str>, ReadError> {
        if !matches!(self.skip_ws(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.invalid_type(expected));
        }
        let start = self.pos;
        let lexed = self.lex_number(start)?;
        self.pos = lexed.end;
        let value = match lexed.magnitude {
            Some(m) if lexed.negative => 0i64.checked_sub_unsigned(m),
            Some(m) => i64::try_from(m).ok(),
            None => None,
        };
        Ok(value.ok_or(&self.text[start..lexed.end]))
    }

    /// Reads an object: for each member its key and `:`, then
    /// `member(self, key)`, which must consume exactly the member's value.
    /// A non-object is `invalid_type(expected)`.
    pub fn object(
        &mut self,
        expected: &str,
        mut member: impl FnMut(&mut Self, &str) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        if self.skip_ws() != Some(b'{') {
            return Err(self.invalid_type(expected));
        }
        self.pos += 1;
        self.enter()?;
        if self.skip_ws() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.key_quote()?;
            let key = self.parse_str()?;
            self.colon()?;
            member(self, &key)?;
            match self.skip_ws() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                None => return Err(self.fail(self.pos, "EOF while parsing an object")),
                Some(_) => return Err(self.fail(self.pos, "expected `,` or `}`")),
            }
        }
    }

    /// Reads an array, calling `element(self, index)` for each element,
    /// which must consume it. A non-array is `invalid_type(expected)`.
    pub fn array(
        &mut self,
        expected: &str,
        mut element: impl FnMut(&mut Self, usize) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        if self.skip_ws() != Some(b'[') {
            return Err(self.invalid_type(expected));
        }
        self.pos += 1;
        self.enter()?;
        if self.skip_ws() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        let mut index = 0;
        loop {
            element(self, index)?;
            index += 1;
            match self.skip_ws() {
                Some(b',') => {
                    self.pos += 1;
                    if self.skip_ws() == Some(b']') {
                        return Err(self.fail(self.pos, "trailing comma"));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                None => return Err(self.fail(self.pos, "EOF while parsing a list")),
                Some(_) => return Err(self.fail(self.pos, "expected `,` or `]`")),
            }
        }
    }

    /// Skips one value of any kind, checking its syntax.
    pub fn skip(&mut self) -> Result<(), ReadError> {
        // The open containers as a bit stack (set for an object) instead of
        // recursion, so that skipping never grows the call stack and has no
        // depth limit (as serde_json's); the first 128 levels need no heap.
        let mut objects: u128 = 0;
        let mut deeper: Vec<bool> = Vec::new();
        let mut open: usize = 0;
        let push = |objects: &mut u128, deeper: &mut Vec<bool>, open: &mut usize, object: bool| {
            if *open < 128 {
                *objects = *objects & !(1 << *open) | (u128::from(object) << *open);
            } else {
                deeper.push(object);
            }
            *open += 1;
        };
        'value: loop {
            match self.skip_ws() {
                Some(b'{') => {
                    self.pos += 1;
                    if self.skip_ws() != Some(b'}') {
                        push(&mut objects, &mut deeper, &mut open, true);
                        self.key_quote()?;
                        self.skip_str()?;
                        self.colon()?;
                        continue 'value;
                    }
                    self.pos += 1;
                }
                Some(b'[') => {
                    self.pos += 1;
                    if self.skip_ws() != Some(b']') {
                        push(&mut objects, &mut deeper, &mut open, false);
                        continue 'value;
                    }
                    self.pos += 1;
                }
                Some(b'"') => {
                    self.pos += 1;
                    self.skip_str()?;
                }
                Some(b'-' | b'0'..=b'9') => self.pos = self.lex_number(self.pos)?.end,
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                other => return Err(self.value_error(other)),
            }
            // A value is complete: close the containers that end here, or
            // pass the comma (and key) before the next value.
            loop {
                if open == 0 {
                    return Ok(());
                }
                let in_object = if open <= 128 {
                    objects >> (open - 1) & 1 == 1
                } else {
                    deeper[open - 129]
                };
                match self.skip_ws() {
                    Some(b',') => {
                        self.pos += 1;
                        if in_object {
                            self.key_quote()?;
                            self.skip_str()?;
                            self.colon()?;
                        } else if self.skip_ws() == Some(b']') {
                            return Err(self.fail(self.pos, "trailing comma"));
                        }
                        continue 'value;
                    }
                    Some(b'}') if in_object => {}
                    Some(b']') if !in_object => {}
                    None if in_object => {
                        return Err(self.fail(self.pos, "EOF while parsing an object"))
                    }
                    None => return Err(self.fail(self.pos, "EOF while parsing a list")),
                    Some(_) if in_object => return Err(self.fail(self.pos, "expected `,` or `}`")),
                    Some(_) => return Err(self.fail(self.pos, "expected `,` or `]`")),
                }
                self.pos += 1;
                open -= 1;
                if open >= 128 {
                    deeper.pop();
                }
            }
        }
    }

    /// Skips one value and returns its text, exactly as written.
    pub fn raw(&mut self) -> Result<&'a str, ReadError> {
        self.skip_ws();
        let start = self.pos;
        self.skip()?;
        Ok(&self.text[start..self.pos])
    }

    /// After the top-level value: only whitespace may remain.
    pub fn end(&mut self) -> Result<(), ReadError> {
        match self.skip_ws() {
            None => Ok(()),
            Some(_) => Err(self.fail(self.pos, "trailing characters")),
        }
    }

    /// An error with this message at the current position (for callers'
    /// "invalid value" messages).
    pub fn error(&self, message: impl Into<String>) -> ReadError {
        self.error_at(self.pos, message.into())
    }

    /// "invalid type: {found}, expected {expected}", `found` describing the
    /// next value as serde does, at the value's first byte. If the next
    /// bytes are not a valid value, the syntax error instead.
    #[cold]
    #[inline(never)]
    pub fn invalid_type(&mut self, expected: &str) -> ReadError {
        let found = match self.skip_ws() {
            Some(b'"') => {
                let start = self.pos;
                self.pos += 1;
                let read = self.parse_str();
                self.pos = start;
                match read {
                    Ok(s) => format!("string {s:?}"),
                    Err(e) => return e,
                }
            }
            Some(b'-' | b'0'..=b'9') => match self.lex_number(self.pos) {
                Ok(lexed) => describe_number(&self.text[self.pos..lexed.end], &lexed),
                Err(e) => return e,
            },
            Some(b't') => match self.literal(b"true") {
                Ok(()) => {
                    self.pos -= 4;
                    "boolean `true`".to_owned()
                }
                Err(e) => return e,
            },
            Some(b'f') => match self.literal(b"false") {
                Ok(()) => {
                    self.pos -= 5;
                    "boolean `false`".to_owned()
                }
                Err(e) => return e,
            },
            Some(b'n') => match self.literal(b"null") {
                Ok(()) => {
                    self.pos -= 4;
                    "null".to_owned()
                }
                Err(e) => return e,
            },
            Some(b'[') => "sequence".to_owned(),
            Some(b'{') => "map".to_owned(),
            other => return self.value_error(other),
        };
        self.error_at(
            self.pos,
            format!("invalid type: {found}, expected {expected}"),
        )
    }

    /// Skips whitespace and returns the next byte, not consumed.
    #[inline]
    fn skip_ws(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                _ => return Some(b),
            }
        }
        None
    }

    #[inline]
    fn enter(&mut self) -> Result<(), ReadError> {
        if self.depth == MAX_DEPTH {
            return Err(self.fail(self.pos, "recursion limit exceeded"));
        }
        self.depth += 1;
        Ok(())
    }

    /// Consumes the opening quote of a key, after `{` or `,`.
    #[inline]
    fn key_quote(&mut self) -> Result<(), ReadError> {
        match self.skip_ws() {
            Some(b'"') => {
                self.pos += 1;
                Ok(())
            }
            // Only reachable after a comma: an empty object ends earlier.
            Some(b'}') => Err(self.fail(self.pos, "trailing comma")),
            None => Err(self.fail(self.pos, "EOF while parsing an object")),
            Some(_) => Err(self.fail(self.pos, "key must be a string")),
        }
    }

    #[inline]
    fn colon(&mut self) -> Result<(), ReadError> {
        match self.skip_ws() {
            Some(b':') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(self.fail(self.pos, "EOF while parsing an object")),
            Some(_) => Err(self.fail(self.pos, "expected `:`")),
        }
    }

    /// The error for a byte that cannot start a value.
    #[cold]
    fn value_error(&self, next: Option<u8>) -> ReadError {
        match next {
            None => self.fail(self.pos, "EOF while parsing a value"),
            // `.5`: a number missing its integer part.
            Some(b'.') => self.fail(self.pos, INVALID_NUMBER),
            Some(_) => self.fail(self.pos, "expected value"),
        }
    }

    /// Consumes `word` (`true`, `false` or `null`), whose first byte is next.
    #[inline]
    fn literal(&mut self, word: &'static [u8]) -> Result<(), ReadError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            return Ok(());
        }
        Err(self.literal_error(word))
    }

    #[cold]
    fn literal_error(&self, word: &[u8]) -> ReadError {
        for (k, &expected) in word.iter().enumerate() {
            match self.bytes.get(self.pos + k) {
                None => return self.fail(self.pos + k, "EOF while parsing a value"),
                Some(&b) if b != expected => return self.fail(self.pos + k, "expected ident"),
                Some(_) => {}
            }
        }
        self.fail(self.pos, "expected ident")
    }

    /// Lexes the number starting at `start` (a `-` or a digit) without
    /// consuming it.
    #[inline]
    fn lex_number(&self, start: usize) -> Result<Lexed, ReadError> {
        let b = self.bytes;
        let mut i = start;
        let negative = b.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let digits = i;
        let mut magnitude: u64 = match b.get(i) {
            Some(b'0') => {
                i += 1;
                if matches!(b.get(i), Some(b'0'..=b'9')) {
                    return Err(self.fail(i, INVALID_NUMBER));
                }
                0
            }
            Some(&c @ b'1'..=b'9') => {
                i += 1;
                let mut value = u64::from(c - b'0');
                while let Some(&c) = b.get(i) {
                    let d = c.wrapping_sub(b'0');
                    if d > 9 {
                        break;
                    }
                    // Wrapping keeps the loop tight; 19 digits never
                    // overflow and longer runs are re-parsed below.
                    value = value.wrapping_mul(10).wrapping_add(u64::from(d));
                    i += 1;
                }
                value
            }
            _ => return Err(self.fail(i, INVALID_NUMBER)),
        };
        let mut integral = i - digits <= 19;
        if !integral {
            if let Ok(m) = self.text[digits..i].parse::<u64>() {
                magnitude = m;
                integral = true;
            }
        }
        if b.get(i) == Some(&b'.') {
            i = self.lex_digits(i + 1)?;
            integral = false;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            i = self.lex_digits(i)?;
            integral = false;
        }
        Ok(Lexed {
            end: i,
            negative,
            magnitude: integral.then_some(magnitude),
        })
    }

    /// One or more digits from `i`; returns the end.
    #[inline]
    fn lex_digits(&self, mut i: usize) -> Result<usize, ReadError> {
        let start = i;
        while matches!(self.bytes.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        if i == start {
            return Err(self.fail(i, INVALID_NUMBER));
        }
        Ok(i)
    }

    /// The string whose opening quote was just consumed.
    #[inline]
    fn parse_str(&mut self) -> Result<Cow<'a, str>, ReadError> {
        let start = self.pos;
        let i = scan_string(self.bytes, start);
        if self.bytes.get(i) == Some(&b'"') {
            self.pos = i + 1;
            return Ok(Cow::Borrowed(&self.text[start..i]));
        }
        self.parse_str_escaped(start, i).map(Cow::Owned)
    }

    /// The rest of a string from its first escape (or error) at `i`.
    fn parse_str_escaped(&mut self, start: usize, mut i: usize) -> Result<String, ReadError> {
        let mut out = String::with_capacity(i - start + 16);
        let mut chunk = start;
        loop {
            match self.bytes.get(i) {
                Some(b'"') => {
                    out.push_str(&self.text[chunk..i]);
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[chunk..i]);
                    i = self.unescape(i + 1, &mut out)?;
                    chunk = i;
                }
                Some(_) => return Err(self.control_error(i)),
                None => return Err(self.fail(i, EOF_STRING)),
            }
            i = scan_string(self.bytes, i);
        }
    }

    /// Decodes the escape after the backslash at `i - 1` into `out`;
    /// returns the position after it.
    fn unescape(&self, i: usize, out: &mut String) -> Result<usize, ReadError> {
        let c = match self.bytes.get(i) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let (c, end) = self.unicode_escape(i + 1)?;
                out.push(c);
                return Ok(end);
            }
            None => return Err(self.fail(i, EOF_STRING)),
            Some(_) => return Err(self.fail(i, "invalid escape")),
        };
        out.push(c);
        Ok(i + 1)
    }

    /// The char of `\uXXXX` (and its trailing surrogate's `\uXXXX`) whose
    /// hex digits start at `i`, and the position after it.
    fn unicode_escape(&self, i: usize) -> Result<(char, usize), ReadError> {
        let n = self.hex4(i)?;
        let after = i + 4;
        let code = match n {
            0xD800..=0xDBFF => {
                let b = self.bytes;
                match (b.get(after), b.get(after + 1)) {
                    (Some(b'\\'), Some(b'u')) => {}
                    (None, _) | (Some(b'\\'), None) => return Err(self.fail(b.len(), EOF_STRING)),
                    _ => return Err(self.fail(after, "lone leading surrogate in hex escape")),
                }
                let n2 = self.hex4(after + 2)?;
                if !(0xDC00..=0xDFFF).contains(&n2) {
                    return Err(self.fail(after + 2, "lone leading surrogate in hex escape"));
                }
                let code = 0x10000 + ((n - 0xD800) << 10) + (n2 - 0xDC00);
                return match char::from_u32(code) {
                    Some(c) => Ok((c, after + 6)),
                    None => Err(self.fail(i, "invalid unicode code point")),
                };
            }
            code => code,
        };
        match char::from_u32(code) {
            Some(c) => Ok((c, after)),
            // A trailing surrogate without a leading one.
            None => Err(self.fail(i, "invalid unicode code point")),
        }
    }

    /// Four hex digits from `i`.
    fn hex4(&self, i: usize) -> Result<u32, ReadError> {
        let mut n = 0;
        for k in i..i + 4 {
            let d = match self.bytes.get(k) {
                Some(&c @ b'0'..=b'9') => c - b'0',
                Some(&c @ b'a'..=b'f') => c - b'a' + 10,
                Some(&c @ b'A'..=b'F') => c - b'A' + 10,
                None => return Err(self.fail(k, EOF_STRING)),
                Some(_) => return Err(self.fail(k, "invalid escape")),
            };
            n = n << 4 | u32::from(d);
        }
        Ok(n)
    }

    /// Checks the string whose opening quote was just consumed, and passes
    /// it without decoding.
    fn skip_str(&mut self) -> Result<(), ReadError> {
        let b = self.bytes;
        let mut i = self.pos;
        loop {
            i = scan_string(b, i);
            match b.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    i += 1;
                    match b.get(i) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 1,
                        // As serde_json: a skipped string's code points are
                        // not checked, only the escape's syntax.
                        Some(b'u') => {
                            self.hex4(i + 1)?;
                            i += 5;
                        }
                        None => return Err(self.fail(i, EOF_STRING)),
                        Some(_) => return Err(self.fail(i, "invalid escape")),
                    }
                }
                Some(_) => return Err(self.control_error(i)),
                None => return Err(self.fail(i, EOF_STRING)),
            }
        }
    }

    #[cold]
    fn control_error(&self, at: usize) -> ReadError {
        self.fail(
            at,
            "control character (\\u0000-\\u001F) found while parsing a string",
        )
    }

    #[cold]
    fn fail(&self, at: usize, message: &str) -> ReadError {
        self.error_at(at, message.to_owned())
    }

    /// Line and column are derived from the offset only here, so that the
    /// reads themselves track nothing but the offset.
    #[cold]
    #[inline(never)]
    fn error_at(&self, at: usize, message: String) -> ReadError {
        let before = &self.bytes[..at.min(self.bytes.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = match before.iter().rposition(|&b| b == b'\n') {
            Some(newline) => before.len() - newline,
            None => before.len() + 1,
        };
        ReadError(Box::new(Failure {
            message,
            line,
            column,
            pointer: String::new(),
        }))
    }
}

/// The first position from `i` of a quote, backslash or control byte (or
/// the end): eight bytes at a time, as most strings have no escapes.
#[inline]
fn scan_string(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    while let Some(chunk) = b.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap());
        // A byte's high bit is set in each mask where the byte is < 0x20,
        // a quote or a backslash. Borrows can mark bytes after a true
        // match, never before one, so the lowest mark is exact.
        let control = word.wrapping_sub(ONES * 0x20) & !word;
        let quote = word ^ (ONES * u64::from(b'"'));
        let quote = quote.wrapping_sub(ONES) & !quote;
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let backslash = backslash.wrapping_sub(ONES) & !backslash;
        let found = (control | quote | backslash) & HIGH;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !STRING_STOP[b[i] as usize] {
        i += 1;
    }
    i
}

/// A number as serde's `Unexpected` shows it: an integer when serde_json
/// would read one (i64 or u64; `-0` is a float there), else a float with a
/// decimal point.
fn describe_number(text: &str, lexed: &Lexed) -> String {
    match lexed.magnitude {
        Some(m) if !lexed.negative => return format!("integer `{m}`"),
        Some(m) if m != 0 => {
            if let Some(v) = 0i64.checked_sub_unsigned(m) {
                return format!("integer `{v}`");
            }
        }
        _ => {}
    }
    let value: f64 = text.parse().unwrap_or(f64::NAN);
    format!("floating point `{}`", float_text(value))
}

/// A double as serde_json's messages show one: plain from 1e-5 to below
/// 1e16 (`1.5`, `2.0`), else in exponent form (`1e+300`, `1.5e-07`).
pub fn float_text(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let magnitude = value.abs();
    if value == 0.0 || (1e-5..1e16).contains(&magnitude) {
        let mut shown = value.to_string();
        if !shown.contains('.') {
            shown.push_str(".0");
        }
        return shown;
    }
    let shown = format!("{value:e}");
    let (mantissa, exponent) = shown.split_once('e').unwrap_or((&shown, "0"));
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(d) => ('-', d),
        None => ('+', exponent),
    };
    format!("{mantissa}e{sign}{digits:0>2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree built through the public API, to check objects and arrays.
    #[derive(Debug, PartialEq)]
    enum V {
        Null,
        Bool(bool),
        Num(String),
        Str(String),
        Arr(Vec<V>),
        Obj(Vec<(String, V)>),
    }

    fn value(r: &mut Reader) -> Result<V, ReadError> {
        Ok(match r.peek()? {
            Next::Null => {
                assert!(r.null()?);
                V::Null
            }
            Next::Bool => V::Bool(r.bool("a boolean")?),
            Next::Number => V::Num(r.number("a number")?.to_owned()),
            Next::String => V::Str(r.string("a string")?.into_owned()),
            Next::Array => {
                let mut items = Vec::new();
                r.array("a list", |r, i| {
                    assert_eq!(i, items.len());
                    items.push(value(r).map_err(|e| e.within_index(i))?);
                    Ok(())
                })?;
                V::Arr(items)
            }
            Next::Object => {
                let mut members = Vec::new();
                r.object("a map", |r, k| {
                    let v = value(r).map_err(|e| e.within(k))?;
                    members.push((k.to_owned(), v));
                    Ok(())
                })?;
                V::Obj(members)
            }
        })
    }

    fn parse(text: &str) -> Result<V, ReadError> {
        let mut r = Reader::new(text);
        let v = value(&mut r)?;
        r.end()?;
        Ok(v)
    }

    fn parse_err(text: &str) -> String {
        parse(text).unwrap_err().message().to_owned()
    }

    fn skip_all(text: &str) -> Result<(), ReadError> {
        let mut r = Reader::new(text);
        r.skip()?;
        r.end()
    }

    fn skip_err(text: &str) -> String {
        skip_all(text).unwrap_err().message().to_owned()
    }

    fn string(text: &str) -> Result<Cow<'_, str>, ReadError> {
        let mut r = Reader::new(text);
        let s = r.string("a string")?;
        r.end()?;
        Ok(s)
    }

    fn string_err(text: &str) -> String {
        string(text).unwrap_err().message().to_owned()
    }

    fn integer(text: &str) -> Result<Result<i64, &str>, ReadError> {
        let mut r = Reader::new(text);
        let n = r.integer("an integer")?;
        r.end()?;
        Ok(n)
    }

    fn num(s: &str) -> V {
        V::Num(s.to_owned())
    }

    fn s(s: &str) -> V {
        V::Str(s.to_owned())
    }

    #[test]
    fn every_value_kind() {
        assert_eq!(parse("null").unwrap(), V::Null);
        assert_eq!(parse("true").unwrap(), V::Bool(true));
        assert_eq!(parse("false").unwrap(), V::Bool(false));
        assert_eq!(parse("-12.5e3").unwrap(), num("-12.5e3"));
        assert_eq!(parse("\"hi\"").unwrap(), s("hi"));
        assert_eq!(parse("[]").unwrap(), V::Arr(vec![]));
        assert_eq!(parse("{}").unwrap(), V::Obj(vec![]));
        assert_eq!(
            parse(" \t\r\n{ \"a\" : [ 1 , true , null , \"x\" , { } , [ ] ] , \"b\":{\"c\":false} } \n")
                .unwrap(),
            V::Obj(vec![
                (
                    "a".to_owned(),
                    V::Arr(vec![
                        num("1"),
                        V::Bool(true),
                        V::Null,
                        s("x"),
                        V::Obj(vec![]),
                        V::Arr(vec![]),
                    ])
                ),
                (
                    "b".to_owned(),
                    V::Obj(vec![("c".to_owned(), V::Bool(false))])
                ),
            ])
        );
    }

    #[test]
    fn peek_does_not_consume() {
        let mut r = Reader::new("  [1]");
        assert_eq!(r.peek().unwrap(), Next::Array);
        assert_eq!(r.peek().unwrap(), Next::Array);
        let mut seen = Vec::new();
        r.array("a list", |r, _| {
            assert_eq!(r.peek().unwrap(), Next::Number);
            seen.push(r.number("a number")?);
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, ["1"]);
        r.end().unwrap();
        for (text, next) in [
            ("null", Next::Null),
            ("true", Next::Bool),
            ("false", Next::Bool),
            ("-1", Next::Number),
            ("0", Next::Number),
            ("\"\"", Next::String),
            ("[", Next::Array),
            ("{", Next::Object),
        ] {
            assert_eq!(Reader::new(text).peek().unwrap(), next, "{text}");
        }
    }

    #[test]
    fn peek_errors() {
        assert_eq!(
            Reader::new("  ").peek().unwrap_err().message(),
            "EOF while parsing a value"
        );
        assert_eq!(
            Reader::new("x").peek().unwrap_err().message(),
            "expected value"
        );
        assert_eq!(
            Reader::new("+1").peek().unwrap_err().message(),
            "expected value"
        );
        assert_eq!(
            Reader::new("\u{feff}1").peek().unwrap_err().message(),
            "expected value"
        );
        assert_eq!(
            Reader::new("\u{b}1").peek().unwrap_err().message(),
            "expected value"
        );
    }

    #[test]
    fn null_true_and_false() {
        let mut r = Reader::new("  null");
        assert!(r.null().unwrap());
        r.end().unwrap();

        let mut r = Reader::new("  1");
        assert!(!r.null().unwrap());
        // Only whitespace went: the value is still there.
        assert_eq!(r.integer("an integer").unwrap(), Ok(1));
        r.end().unwrap();

        let mut r = Reader::new("\"null\"");
        assert!(!r.null().unwrap());
        assert_eq!(r.string("a string").unwrap(), "null");

        let mut r = Reader::new("");
        assert!(!r.null().unwrap());

        assert_eq!(
            Reader::new("nul").null().unwrap_err().message(),
            "EOF while parsing a value"
        );
        assert_eq!(
            Reader::new("nulL").null().unwrap_err().message(),
            "expected ident"
        );
        assert_eq!(
            Reader::new("none").null().unwrap_err().message(),
            "expected ident"
        );
    }

    #[test]
    fn booleans() {
        assert!(Reader::new(" true").bool("a boolean").unwrap());
        assert!(!Reader::new("false").bool("a boolean").unwrap());
        assert_eq!(
            Reader::new("tru").bool("a boolean").unwrap_err().message(),
            "EOF while parsing a value"
        );
        let e = Reader::new("trUe").bool("a boolean").unwrap_err();
        assert_eq!((e.message(), e.column()), ("expected ident", 3));
        assert_eq!(
            Reader::new("fals ")
                .bool("a boolean")
                .unwrap_err()
                .message(),
            "expected ident"
        );
        assert_eq!(
            Reader::new("1").bool("a boolean").unwrap_err().message(),
            "invalid type: integer `1`, expected a boolean"
        );
        assert_eq!(parse_err("truex"), "trailing characters");
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        for text in [
            "\"\"",
            "\"abc\"",
            "\"h\u{e9}llo w\u{f6}rld \u{1f600} long enough to take the eight-byte path\"",
        ] {
            let got = string(text).unwrap();
            assert!(matches!(got, Cow::Borrowed(_)), "{text}");
            assert_eq!(got, &text[1..text.len() - 1]);
        }
    }

    #[test]
    fn escapes_make_owned_strings() {
        let cases = [
            (r#""\"""#, "\""),
            (r#""\\""#, "\\"),
            (r#""\/""#, "/"),
            (r#""\b""#, "\u{8}"),
            (r#""\f""#, "\u{c}"),
            (r#""\n""#, "\n"),
            (r#""\r""#, "\r"),
            (r#""\t""#, "\t"),
            (r#""\u0041""#, "A"),
            (r#""\u00e9\u00E9""#, "\u{e9}\u{e9}"),
            (r#""\u0000""#, "\u{0}"),
            (r#""\uffff""#, "\u{ffff}"),
            (r#""\ud83d\ude00""#, "\u{1f600}"),
            (r#""\uD83D\uDE00x""#, "\u{1f600}x"),
            (r#""\udbff\udfff""#, "\u{10ffff}"),
            (
                r#""before \"quoted\" and a much longer tail\tafter it ends""#,
                "before \"quoted\" and a much longer tail\tafter it ends",
            ),
            ("\"\u{e9}\\n\u{1f600}\"", "\u{e9}\n\u{1f600}"),
        ];
        for (text, want) in cases {
            let got = string(text).unwrap();
            assert!(matches!(got, Cow::Owned(_)), "{text}");
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn string_errors() {
        assert_eq!(
            string_err(r#""\ud83d""#),
            "lone leading surrogate in hex escape"
        );
        assert_eq!(
            string_err(r#""\ud83dx""#),
            "lone leading surrogate in hex escape"
        );
        assert_eq!(
            string_err(r#""\ud83d\n""#),
            "lone leading surrogate in hex escape"
        );
        assert_eq!(
            string_err(r#""\ud83d\u0041""#),
            "lone leading surrogate in hex escape"
        );
        assert_eq!(
            string_err(r#""\ud83d\ud83d""#),
            "lone leading surrogate in hex escape"
        );
        assert_eq!(string_err(r#""\ude00""#), "invalid unicode code point");
        assert_eq!(
            string_err(r#""\ude00\ud83d""#),
            "invalid unicode code point"
        );
        assert_eq!(string_err(r#""\x""#), "invalid escape");
        assert_eq!(string_err(r#""\U0041""#), "invalid escape");
        assert_eq!(string_err(r#""\u00g1""#), "invalid escape");
        assert_eq!(string_err(r#""\u12""#), "invalid escape");
        assert_eq!(string_err(r#""\u12"#), "EOF while parsing a string");
        assert_eq!(string_err(r#""\ud83d"#), "EOF while parsing a string");
        assert_eq!(string_err(r#""\ud83d\"#), "EOF while parsing a string");
        assert_eq!(string_err(r#""\"#), "EOF while parsing a string");
        assert_eq!(string_err("\"abc"), "EOF while parsing a string");
        assert_eq!(string_err("\"abc\\n"), "EOF while parsing a string");
        assert_eq!(string_err("\""), "EOF while parsing a string");
        let control = "control character (\\u0000-\\u001F) found while parsing a string";
        assert_eq!(string_err("\"a\nb\""), control);
        assert_eq!(string_err("\"\u{0}\""), control);
        assert_eq!(string_err("\"\u{1f}\""), control);
        assert_eq!(string_err("\"escaped\\n then raw\ttab\""), control);
        // DEL and beyond are fine.
        assert_eq!(string("\"\u{7f}\"").unwrap(), "\u{7f}");
        let e = string("\"0123456789\tabc\"").unwrap_err();
        assert_eq!((e.message(), e.column()), (control, 12));
    }

    #[test]
    fn scan_finds_the_first_stop_byte() {
        // Every position within and across eight-byte words.
        for len in 0..40 {
            for stop in [b'"', b'\\', 0u8, 0x1f] {
                let mut bytes = vec![b'a'; len];
                bytes.push(stop);
                bytes.extend_from_slice(b"\"zzzzzzzz");
                assert_eq!(scan_string(&bytes, 0), len);
            }
            let mut bytes = "\u{e9}".repeat(len).into_bytes();
            bytes.push(b'"');
            assert_eq!(scan_string(&bytes, 0), 2 * len);
            assert_eq!(scan_string(&vec![b' '; len], 0), len);
        }
    }

    #[test]
    fn numbers_per_the_grammar() {
        for text in [
            "0",
            "-0",
            "1",
            "-1",
            "10",
            "1234567890",
            "0.5",
            "-0.5",
            "1.25",
            "1e2",
            "1E2",
            "1e+2",
            "1e-2",
            "0e0",
            "-0.0e-0",
            "12.34E+56",
            "123456789012345678901234567890",
        ] {
            let mut r = Reader::new(text);
            assert_eq!(r.number("a number").unwrap(), text);
            r.end().unwrap();
        }
        // The number ends where the grammar does.
        assert_eq!(Reader::new("12,").number("a number").unwrap(), "12");
        assert_eq!(Reader::new("1.5]").number("a number").unwrap(), "1.5");

        for text in [
            "01", "-01", "00", "-", "-a", "1.", "1.e1", "1e", "1e+", "1E-", "-.5", ".5", "1.x",
        ] {
            assert_eq!(
                Reader::new(text).number("a number").unwrap_err().message(),
                "invalid number",
                "{text}"
            );
            assert_eq!(skip_err(text), "invalid number", "{text}");
        }
        assert_eq!(
            Reader::new("+1").number("a number").unwrap_err().message(),
            "expected value"
        );
        // Not part of the number: what follows must then fit its context.
        assert_eq!(parse_err("1x"), "trailing characters");
        assert_eq!(parse_err("0x10"), "trailing characters");
        assert_eq!(parse_err("[1 2]"), "expected `,` or `]`");
        assert_eq!(
            Reader::new("\"1\"")
                .number("a number")
                .unwrap_err()
                .message(),
            "invalid type: string \"1\", expected a number"
        );
    }

    #[test]
    fn integers() {
        assert_eq!(integer("0").unwrap(), Ok(0));
        assert_eq!(integer("-0").unwrap(), Ok(0));
        assert_eq!(integer("7").unwrap(), Ok(7));
        assert_eq!(integer("-42").unwrap(), Ok(-42));
        assert_eq!(integer("9223372036854775807").unwrap(), Ok(i64::MAX));
        assert_eq!(integer("-9223372036854775808").unwrap(), Ok(i64::MIN));
        assert_eq!(
            integer("1000000000000000000").unwrap(),
            Ok(1_000_000_000_000_000_000)
        );
        assert_eq!(
            integer("9223372036854775808").unwrap(),
            Err("9223372036854775808")
        );
        assert_eq!(
            integer("-9223372036854775809").unwrap(),
            Err("-9223372036854775809")
        );
        assert_eq!(
            integer("18446744073709551616").unwrap(),
            Err("18446744073709551616")
        );
        assert_eq!(
            integer("99999999999999999999999").unwrap(),
            Err("99999999999999999999999")
        );
        assert_eq!(integer("1.0").unwrap(), Err("1.0"));
        assert_eq!(integer("1e2").unwrap(), Err("1e2"));
        assert_eq!(integer("-3.5E-1").unwrap(), Err("-3.5E-1"));

        let mut r = Reader::new("[12, 1.5, 3]");
        let mut got = Vec::new();
        r.array("a list", |r, _| {
            got.push(r.integer("an integer")?);
            Ok(())
        })
        .unwrap();
        assert_eq!(got, [Ok(12), Err("1.5"), Ok(3)]);

        assert_eq!(
            Reader::new("01")
                .integer("an integer")
                .unwrap_err()
                .message(),
            "invalid number"
        );
        assert_eq!(
            Reader::new("true")
                .integer("an integer")
                .unwrap_err()
                .message(),
            "invalid type: boolean `true`, expected an integer"
        );
        assert_eq!(
            Reader::new("").integer("an integer").unwrap_err().message(),
            "EOF while parsing a value"
        );
    }

    #[test]
    fn object_members_in_order() {
        let mut r = Reader::new(r#"{"a": 1, "b\u0031": "x", "c/d": [true]}"#);
        let mut keys = Vec::new();
        r.object("a structure", |r, key| {
            keys.push(key.to_owned());
            match key {
                "a" => assert_eq!(r.integer("an integer")?, Ok(1)),
                "b1" => assert_eq!(r.string("a string")?, "x"),
                _ => r.skip()?,
            }
            Ok(())
        })
        .unwrap();
        r.end().unwrap();
        assert_eq!(keys, ["a", "b1", "c/d"]);
    }

    #[test]
    fn object_errors() {
        assert_eq!(parse_err(r#"{"a" 1}"#), "expected `:`");
        assert_eq!(parse_err(r#"{"a": 1 "b": 2}"#), "expected `,` or `}`");
        assert_eq!(parse_err(r#"{"a": 1]"#), "expected `,` or `}`");
        assert_eq!(parse_err(r#"{"a": 1,}"#), "trailing comma");
        assert_eq!(parse_err(r#"{"a": 1, }"#), "trailing comma");
        assert_eq!(parse_err(r#"{,}"#), "key must be a string");
        assert_eq!(parse_err(r#"{1: 2}"#), "key must be a string");
        assert_eq!(parse_err(r#"{"a": 1, 2: 3}"#), "key must be a string");
        assert_eq!(parse_err(r#"{"a": }"#), "expected value");
        assert_eq!(parse_err(r#"{"a\x": 1}"#), "invalid escape");
        // EOF at each point.
        assert_eq!(parse_err("{"), "EOF while parsing an object");
        assert_eq!(parse_err("{ "), "EOF while parsing an object");
        assert_eq!(parse_err(r#"{"a"#), "EOF while parsing a string");
        assert_eq!(parse_err(r#"{"a""#), "EOF while parsing an object");
        assert_eq!(parse_err(r#"{"a":"#), "EOF while parsing a value");
        assert_eq!(parse_err(r#"{"a":1"#), "EOF while parsing an object");
        assert_eq!(parse_err(r#"{"a":1,"#), "EOF while parsing an object");
        assert_eq!(
            Reader::new("[]")
                .object("a structure", |_, _| Ok(()))
                .unwrap_err()
                .message(),
            "invalid type: sequence, expected a structure"
        );
    }

    #[test]
    fn array_elements_in_order() {
        let mut r = Reader::new("[ \"a\" , \"b\\t\" ,\"c\"]");
        let mut got = Vec::new();
        r.array("a list", |r, i| {
            got.push((i, r.string("a string")?.into_owned()));
            Ok(())
        })
        .unwrap();
        r.end().unwrap();
        assert_eq!(
            got,
            [
                (0, "a".to_owned()),
                (1, "b\t".to_owned()),
                (2, "c".to_owned())
            ]
        );
    }

    #[test]
    fn array_errors() {
        assert_eq!(parse_err("[1,]"), "trailing comma");
        assert_eq!(parse_err("[1, ]"), "trailing comma");
        assert_eq!(parse_err("[,1]"), "expected value");
        assert_eq!(parse_err("[1;2]"), "expected `,` or `]`");
        assert_eq!(parse_err("[1}"), "expected `,` or `]`");
        assert_eq!(parse_err("["), "EOF while parsing a value");
        assert_eq!(parse_err("[1"), "EOF while parsing a list");
        assert_eq!(parse_err("[1,"), "EOF while parsing a value");
        assert_eq!(parse_err("[1 "), "EOF while parsing a list");
        assert_eq!(
            Reader::new("{}")
                .array("a list", |_, _| Ok(()))
                .unwrap_err()
                .message(),
            "invalid type: map, expected a list"
        );
    }

    #[test]
    fn nesting_limit_for_objects_and_arrays() {
        let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
        assert_eq!(parse_err(&deep), "recursion limit exceeded");
        let deep = format!("{}1{}", "{\"a\":".repeat(129), "}".repeat(129));
        let e = parse(&deep).unwrap_err();
        assert_eq!(e.message(), "recursion limit exceeded");
        assert_eq!(e.pointer(), "/a".repeat(128));
        // The depth is given back as containers close.
        let wide = format!(
            "[{}]",
            vec![format!("{}{}", "[".repeat(127), "]".repeat(127)); 3].join(",")
        );
        assert!(parse(&wide).is_ok());
    }

    #[test]
    fn skip_every_kind() {
        for text in [
            "null",
            "true",
            "false",
            "0",
            "-1.5e+3",
            "\"\"",
            "\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"",
            "[]",
            "{}",
            " [ 1 , [ ] , { } , \"x\" , [ [ null ] ] ] ",
            r#"{"a": {"b": [1, {"c": {}}]}, "d": [], "e\n": "f"}"#,
        ] {
            skip_all(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        }
        // Skipping consumes exactly one value.
        let mut r = Reader::new(r#"[{"a": [1, 2]}, "next"]"#);
        let mut got = Vec::new();
        r.array("a list", |r, i| {
            if i == 0 {
                r.skip()
            } else {
                got.push(r.string("a string")?);
                Ok(())
            }
        })
        .unwrap();
        assert_eq!(got, ["next"]);
    }

    #[test]
    fn skip_errors() {
        assert_eq!(skip_err(""), "EOF while parsing a value");
        assert_eq!(skip_err("x"), "expected value");
        assert_eq!(skip_err("nil"), "expected ident");
        assert_eq!(skip_err("\"a"), "EOF while parsing a string");
        assert_eq!(skip_err("\"\\x\""), "invalid escape");
        assert_eq!(skip_err("\"\\u12x4\""), "invalid escape");
        assert_eq!(
            skip_err("\"\u{1}\""),
            "control character (\\u0000-\\u001F) found while parsing a string"
        );
        assert_eq!(skip_err("[1,]"), "trailing comma");
        assert_eq!(skip_err("[1 2]"), "expected `,` or `]`");
        assert_eq!(skip_err("[1"), "EOF while parsing a list");
        assert_eq!(skip_err("["), "EOF while parsing a value");
        assert_eq!(skip_err("[[]"), "EOF while parsing a list");
        assert_eq!(skip_err("{\"a\":1,}"), "trailing comma");
        assert_eq!(skip_err("{\"a\" 1}"), "expected `:`");
        assert_eq!(skip_err("{\"a\":1 \"b\":2}"), "expected `,` or `}`");
        assert_eq!(skip_err("{\"a\":1]"), "expected `,` or `}`");
        assert_eq!(skip_err("[{\"a\":1]"), "expected `,` or `}`");
        assert_eq!(skip_err("{\"a\":[1}"), "expected `,` or `]`");
        assert_eq!(skip_err("{1:2}"), "key must be a string");
        assert_eq!(skip_err("{"), "EOF while parsing an object");
        assert_eq!(skip_err("{\"a\""), "EOF while parsing an object");
        assert_eq!(skip_err("{\"a\":"), "EOF while parsing a value");
        assert_eq!(skip_err("{\"a\":1"), "EOF while parsing an object");
        assert_eq!(skip_err("{\"a\":{}"), "EOF while parsing an object");
        assert_eq!(skip_err("[] x"), "trailing characters");
    }

    #[test]
    fn skip_has_no_depth_limit() {
        // Iterative: any depth is skipped without growing the call stack,
        // as serde_json skips an unknown member.
        for depth in [128, 129, 200, 100_000] {
            let ok = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            skip_all(&ok).unwrap();
            let ok = format!("{}0{}", "{\"k\":[".repeat(depth), "]}".repeat(depth));
            skip_all(&ok).unwrap();
        }
        // Brackets must still match past the first 128 levels.
        let crossed = format!("{}{}}}{}", "[".repeat(200), "]".repeat(99), "]".repeat(100));
        assert_eq!(skip_err(&crossed), "expected `,` or `]`");
        let deep = "[".repeat(1_000_000);
        assert_eq!(skip_err(&deep), "EOF while parsing a value");
        // Inside a read, the read's own levels still count toward its limit.
        let text = format!("[{}{}]", "[".repeat(127), "]".repeat(127));
        let mut r = Reader::new(&text);
        r.array("a list", |r, _| r.skip()).unwrap();
    }

    #[test]
    fn end_requires_only_whitespace() {
        let mut r = Reader::new("1 \n\t\r ");
        r.number("a number").unwrap();
        r.end().unwrap();
        let mut r = Reader::new("{} {}");
        r.skip().unwrap();
        let e = r.end().unwrap_err();
        assert_eq!(
            (e.message(), e.line(), e.column()),
            ("trailing characters", 1, 4)
        );
        assert_eq!(parse_err("null,"), "trailing characters");
        assert_eq!(parse_err("\"a\"\"b\""), "trailing characters");
    }

    #[test]
    fn invalid_type_messages() {
        let cases = [
            ("\"abc\"", "string \"abc\""),
            (r#""a\"b\n""#, "string \"a\\\"b\\n\""),
            ("1", "integer `1`"),
            ("-7", "integer `-7`"),
            ("18446744073709551615", "integer `18446744073709551615`"),
            ("-9223372036854775808", "integer `-9223372036854775808`"),
            (
                "-9223372036854775809",
                "floating point `-9.223372036854776e+18`",
            ),
            (
                "18446744073709551616",
                "floating point `1.8446744073709552e+19`",
            ),
            ("-0", "floating point `-0.0`"),
            ("1.5", "floating point `1.5`"),
            ("1e2", "floating point `100.0`"),
            ("-2.5e-1", "floating point `-0.25`"),
            ("1e400", "floating point `inf`"),
            ("true", "boolean `true`"),
            ("false", "boolean `false`"),
            ("null", "null"),
            ("{\"a\": 1}", "map"),
            ("[1]", "sequence"),
        ];
        for (text, found) in cases {
            let mut r = Reader::new(text);
            assert_eq!(
                r.invalid_type("a thing").message(),
                format!("invalid type: {found}, expected a thing"),
                "{text}"
            );
        }
        // Each typed read reports what it found instead.
        assert_eq!(
            Reader::new("null")
                .string("a string")
                .unwrap_err()
                .message(),
            "invalid type: null, expected a string"
        );
        assert_eq!(
            Reader::new("{}").number("a number").unwrap_err().message(),
            "invalid type: map, expected a number"
        );
        assert_eq!(
            Reader::new("[]").bool("a boolean").unwrap_err().message(),
            "invalid type: sequence, expected a boolean"
        );
        // Malformed values give their syntax error.
        for (text, message) in [
            ("\"a\\x\"", "invalid escape"),
            ("01", "invalid number"),
            ("tru", "EOF while parsing a value"),
            ("nope", "expected ident"),
            ("", "EOF while parsing a value"),
            ("]", "expected value"),
        ] {
            assert_eq!(
                Reader::new(text).invalid_type("x").message(),
                message,
                "{text}"
            );
        }
    }

    #[test]
    fn invalid_type_points_at_the_value() {
        let mut r = Reader::new("{\"a\":\n   \"text\"}");
        let e = r
            .object("a structure", |r, key| {
                r.integer("an integer").map(drop).map_err(|e| e.within(key))
            })
            .unwrap_err();
        assert_eq!(
            e.message(),
            "invalid type: string \"text\", expected an integer"
        );
        assert_eq!((e.line(), e.column()), (2, 4));
        assert_eq!(e.pointer(), "/a");
        assert_eq!(
            e.to_string(),
            "invalid type: string \"text\", expected an integer at line 2 column 4"
        );
    }

    #[test]
    fn pointer_grows_from_the_inside_out() {
        let e = Reader::new("").error("bad");
        assert_eq!(e.pointer(), "");
        let e = e.within("x").within_index(3).within("a/b~c");
        assert_eq!(e.pointer(), "/a~1b~0c/3/x");
        assert_eq!(e.message(), "bad");
        assert_eq!(Reader::new("").error("e").within("").pointer(), "/");
        assert_eq!(Reader::new("").error("e").within("~1").pointer(), "/~01");

        let e = parse(r#"{"a/b~c": [0, 1, 2, {"x": [1,]}]}"#).unwrap_err();
        assert_eq!(e.message(), "trailing comma");
        assert_eq!(e.pointer(), "/a~1b~0c/3/x");
    }

    #[test]
    fn line_and_column() {
        let text = "{\n  \"a\": 1,\n  \"b\" 2\n}";
        let e = parse(text).unwrap_err();
        assert_eq!(e.message(), "expected `:`");
        assert_eq!((e.line(), e.column()), (3, 7));
        assert_eq!(e.to_string(), "expected `:` at line 3 column 7");

        let e = parse("[1,\n2,\n  x]").unwrap_err();
        assert_eq!(
            (e.message(), e.line(), e.column()),
            ("expected value", 3, 3)
        );

        let e = parse("[\n").unwrap_err();
        assert_eq!(
            (e.message(), e.line(), e.column()),
            ("EOF while parsing a value", 2, 1)
        );

        let e = parse("x").unwrap_err();
        assert_eq!((e.line(), e.column()), (1, 1));

        let mut r = Reader::new("\n\n  \"ok\"");
        r.string("a string").unwrap();
        let e = r.error("invalid value");
        assert_eq!((e.message(), e.line(), e.column()), ("invalid value", 3, 7));
        assert_eq!(e.pointer(), "");
    }

    #[test]
    fn error_is_a_std_error() {
        let e: Box<dyn std::error::Error> = Box::new(Reader::new("").error("m"));
        assert_eq!(e.to_string(), "m at line 1 column 1");
    }
}
