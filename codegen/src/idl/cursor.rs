//! The parser's look at the tokens: the current one (and the next, for
//! the one place that looks further), what they must be, and errors at
//! them with their line and column.

use super::ids::{bad_offset, Form};
use super::lexer::{Tok, Token};
use super::parser::Parser;
use super::SyntaxError;

impl<'a> Parser<'a> {
    pub(super) fn peek(&self) -> &Token<'a> {
        &self.cur
    }

    /// The token after the current one (the last token stays the last).
    pub(super) fn peek_second(&mut self) -> &Token<'a> {
        if self.cur.is_last() {
            return &self.cur;
        }
        let lexer = &mut self.lexer;
        self.ahead.get_or_insert_with(|| lexer.next_token())
    }

    /// Reads tokens again after a value that `fast` read from the lexer.
    pub(super) fn resume_after_value(&mut self) {
        self.prev_end = self.lexer.pos();
        self.cur = self.lexer.next_token();
    }

    /// Steps to the next token.
    pub(super) fn bump(&mut self) {
        if self.cur.is_last() {
            return;
        }
        let following = match self.ahead.take() {
            Some(t) => t,
            None => self.lexer.next_token(),
        };
        self.prev_end = self.cur.end;
        self.cur = following;
    }

    pub(super) fn next(&mut self) -> Token<'a> {
        if self.cur.is_last() {
            // The last token stays, for every later look.
            return self.cur.clone();
        }
        let following = match self.ahead.take() {
            Some(t) => t,
            None => self.lexer.next_token(),
        };
        let t = std::mem::replace(&mut self.cur, following);
        self.prev_end = t.end;
        t
    }

    pub(super) fn at_eof(&self) -> bool {
        matches!(self.peek().tok, Tok::Eof)
    }

    /// The line and column of a byte offset.
    pub(super) fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.of(offset)
    }

    /// The `///` lines before the current token.
    pub(super) fn docs(&self) -> &[&'a str] {
        let (from, to) = self.cur.docs;
        &self.lexer.docs[from..to]
    }

    /// An error at a byte offset.
    pub(super) fn error_at_offset(&self, offset: usize, message: impl Into<String>) -> SyntaxError {
        let (line, col) = self.line_col(offset);
        SyntaxError {
            line,
            col,
            message: message.into(),
        }
    }

    /// An error at the token, or the lexer's own error if the token is one.
    pub(super) fn error_at(&self, t: &Token, message: impl Into<String>) -> SyntaxError {
        let message = match &t.tok {
            Tok::Error(m) => m.clone(),
            _ => message.into(),
        };
        self.error_at_offset(t.start, message)
    }

    pub(super) fn expected(&self, what: &str) -> SyntaxError {
        let t = self.peek();
        self.error_at(t, format!("Expected {what} but found {}", t.tok.describe()))
    }

    /// The word must have the form; else the error points at its first bad character.
    pub(super) fn check_form(
        &self,
        word: &str,
        at: usize,
        form: Form,
        what: &str,
    ) -> Result<(), SyntaxError> {
        let Some(off) = bad_offset(word, form) else {
            return Ok(());
        };
        let found = word
            .chars()
            .nth(off)
            .map_or("the end of the word".to_string(), |c| c.to_string());
        // Words are ASCII: the offset in characters is one in bytes.
        Err(self.error_at_offset(
            at + off,
            format!("Expected {what} but found {found:?} in '{word}'"),
        ))
    }

    /// A bare shape id: `Name`, `Name$member`, `ns.a#Name` or `ns.a#Name$member`.
    pub(super) fn check_shape_id(&self, id: &str, at: usize) -> Result<(), SyntaxError> {
        self.check_form(id, at, Form::ShapeId, "a shape id")
    }

    pub(super) fn is_punct(&self, c: char) -> bool {
        matches!(self.peek().tok, Tok::Punct(p) if p == c)
    }

    pub(super) fn is_word(&self, w: &str) -> bool {
        matches!(self.peek().tok, Tok::Word(x) if x == w)
    }

    pub(super) fn expect_punct(&mut self, c: char, what: &str) -> Result<(), SyntaxError> {
        if self.is_punct(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    /// A word and its offset.
    pub(super) fn expect_word(&mut self) -> Result<(&'a str, usize), SyntaxError> {
        match self.peek().tok {
            Tok::Word(w) => {
                let at = self.peek().start;
                self.bump();
                Ok((w, at))
            }
            _ => Err(self.expected("IDENTIFIER")),
        }
    }

    /// A plain identifier (no namespace, no member).
    pub(super) fn expect_identifier(&mut self) -> Result<(&'a str, usize), SyntaxError> {
        let (w, at) = self.expect_word()?;
        self.check_form(w, at, Form::Identifier, "an identifier")?;
        Ok((w, at))
    }

    /// The next token must start a new line (or be the end of the file).
    pub(super) fn expect_br(&self) -> Result<(), SyntaxError> {
        let t = self.peek();
        if t.nl_before || matches!(t.tok, Tok::Eof) {
            Ok(())
        } else {
            Err(self.error_at(
                t,
                format!("Expected a line break, but found {}", t.tok.describe()),
            ))
        }
    }

    /// Whitespace must come before the next token.
    pub(super) fn expect_ws(&self) -> Result<(), SyntaxError> {
        let t = self.peek();
        if t.ws_before {
            Ok(())
        } else {
            Err(self.error_at(
                t,
                format!(
                    "Expected one or more whitespace characters, but found {}",
                    t.tok.describe()
                ),
            ))
        }
    }

    pub(super) fn v1_error(&self, at: usize, what: &str) -> Result<(), SyntaxError> {
        if self.v2() {
            Ok(())
        } else {
            Err(self.error_at_offset(
                at,
                format!("{what} can only be used with Smithy version 2 or later. Attempted to use it with version `1.0`."),
            ))
        }
    }

    /// The next token must be on the line of the previous one.
    pub(super) fn expect_same_line(&self, what: &str) -> Result<(), SyntaxError> {
        if self.peek().nl_before {
            let at = self.peek().break_at.unwrap_or(self.prev_end);
            return Err(self.error_at_offset(at, format!("Expected {what} but found a line break")));
        }
        Ok(())
    }
}
