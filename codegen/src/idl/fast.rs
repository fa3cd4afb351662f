//! Lists and objects of node values (most of a model with big trait values,
//! such as protocol tests) read token by token straight from the lexer,
//! without the parser's look-ahead, positions and error reports. Anything
//! the token reader would report, or that is not plain, gives up: the
//! parser is left as it was and reads the value itself.

use serde_json::{Map, Value};

use super::ids::{bad_offset, Form};
use super::lexer::Tok;
use super::marks::mark;
use super::parser::Parser;

/// How deep lists and objects may nest (as serde_json allows).
pub const MAX_DEPTH: usize = 128;

impl<'a> Parser<'a> {
    /// The list or object that starts at the current token, or `None` (the
    /// parser unchanged) if the token reader must read it.
    pub(super) fn fast_value(&mut self) -> Option<Value> {
        let Tok::Punct(open @ ('[' | '{')) = self.peek().tok else {
            return None;
        };
        if self.ahead.is_some() || self.depth >= MAX_DEPTH {
            return None;
        }
        let resume = self.lexer.pos();
        match self.fast_nested(open, self.depth + 1) {
            Some(v) => {
                self.resume_after_value();
                Some(v)
            }
            None => {
                self.lexer.seek(resume);
                None
            }
        }
    }

    /// After the opening bracket: the items up to the closing one. `depth`
    /// counts the lists and objects open.
    fn fast_nested(&mut self, open: char, depth: usize) -> Option<Value> {
        if open == '[' {
            let mut items = Vec::new();
            loop {
                match self.fast_token()? {
                    Tok::Punct(']') => return Some(Value::Array(items)),
                    tok => items.push(self.fast_item(tok, depth)?),
                }
            }
        }
        let mut map = Map::new();
        loop {
            let key = match self.fast_token()? {
                Tok::Punct('}') => return Some(Value::Object(map)),
                Tok::Word(w) if self.lexer.plain_word || crate::shape_id::is_identifier(w) => {
                    w.to_string()
                }
                Tok::Str(s) => s.into_owned(),
                _ => return None,
            };
            self.note_control_text(&key);
            if self.fast_token()? != Tok::Punct(':') {
                return None;
            }
            let tok = self.fast_token()?;
            let value = self.fast_item(tok, depth)?;
            // A duplicate gives up (the map is then dropped): the token
            // reader reports it.
            if map.insert(key, value).is_some() {
                return None;
            }
        }
    }

    /// The value that starts with the token.
    #[inline(always)]
    fn fast_item(&mut self, tok: Tok<'a>, depth: usize) -> Option<Value> {
        Some(match tok {
            Tok::Str(s) => {
                self.note_control_text(&s);
                Value::String(s.into_owned())
            }
            Tok::Block(s) => {
                self.note_control_text(&s);
                Value::String(s)
            }
            Tok::Num(_, n) => Value::Number(n),
            Tok::Word("true") => Value::Bool(true),
            Tok::Word("false") => Value::Bool(false),
            Tok::Word("null") => Value::Null,
            // The lexer has just read the word: `plain_word` is its own.
            Tok::Word(w) if self.lexer.plain_word || bad_offset(w, Form::ShapeId).is_none() => {
                Value::String(match &mut self.early {
                    _ if !self.in_trait => mark(w),
                    Some(e) if self.lexer.plain_word => e.resolve_name(w),
                    _ => self.shape_ref(w),
                })
            }
            Tok::Punct(open @ ('[' | '{')) if depth < MAX_DEPTH => {
                self.fast_nested(open, depth + 1)?
            }
            _ => return None,
        })
    }

    #[inline(always)]
    fn fast_token(&mut self) -> Option<Tok<'a>> {
        self.lexer.skip_trivia();
        self.lexer.bare_token()
    }
}
