//! Node values (strings, numbers, lists, objects, shape ids) and traits.

use std::collections::btree_map::Entry;

use serde_json::{Map, Value};

use super::fast::MAX_DEPTH;
use super::lexer::Tok;
use super::marks::{mark, ANNOTATION, MARK};
use super::parser::{Parser, NODE_START};
use super::SyntaxError;
use crate::ast::Traits;

impl<'a> Parser<'a> {
    /// The `///` comment before the next token, then its traits.
    pub(super) fn traits(&mut self) -> Result<Traits, SyntaxError> {
        // Only read here: taken, not copied.
        let docs = (!self.docs().is_empty()).then(|| self.docs().join("\n"));
        let mut traits = self.traits_only()?;
        if let Some(docs) = docs {
            let key = self.shape_ref("documentation");
            match traits.entry(key) {
                Entry::Vacant(e) => {
                    e.insert(Value::String(docs));
                }
                Entry::Occupied(_) if !self.trait_names.contains(&"documentation") => {
                    // `resolve` would keep one of the two by their written names.
                    self.file.unsure = true;
                }
                Entry::Occupied(_) => {}
            }
        }
        Ok(traits)
    }

    /// The traits; their names as written are left in `trait_names`.
    pub(super) fn traits_only(&mut self) -> Result<Traits, SyntaxError> {
        let mut traits = Traits::new();
        self.trait_names.clear();
        while self.is_punct('@') {
            let at = self.peek().start;
            let (name, value) = self.one_trait()?;
            let written_twice = self.trait_names.contains(&name);
            self.trait_names.push(name);
            match traits.entry(self.shape_ref(name)) {
                Entry::Vacant(e) => {
                    e.insert(value);
                }
                Entry::Occupied(_) if !written_twice => {
                    // Two names of one trait: `resolve` keeps one of them.
                    self.file.unsure = true;
                }
                Entry::Occupied(_) => {
                    return Err(self.error_at_offset(
                        at,
                        format!("Conflicting trait `{name}` applied more than once"),
                    ))
                }
            }
        }
        Ok(traits)
    }

    /// `@name` or `@name(...)`.
    pub(super) fn one_trait(&mut self) -> Result<(&'a str, Value), SyntaxError> {
        self.expect_punct('@', "AT('@')")?;
        if self.peek().nl_before {
            return Err(self.expected("IDENTIFIER"));
        }
        let (name, nt) = self.expect_word()?;
        self.check_shape_id(name, nt)?;
        let value = if self.is_punct('(') && !self.peek().nl_before {
            self.bump();
            let outer = std::mem::replace(&mut self.in_trait, true);
            let value = self.trait_body();
            self.in_trait = outer;
            value?
        } else {
            Value::String(ANNOTATION.into())
        };
        Ok((name, value))
    }

    /// After `(`: nothing, `key: value` pairs, or one value; then `)`.
    pub(super) fn trait_body(&mut self) -> Result<Value, SyntaxError> {
        if self.is_punct(')') {
            self.bump();
            return Ok(Value::String(ANNOTATION.into()));
        }
        let keyed = match &self.peek().tok {
            Tok::Word(w) => crate::shape_id::is_identifier(w),
            Tok::Str(_) => true,
            _ => false,
        } && matches!(self.peek_second().tok, Tok::Punct(':'));
        let value = if keyed {
            self.members_until(')')?
        } else {
            self.value()?
        };
        self.expect_punct(')', "RPAREN(')')")?;
        Ok(value)
    }

    /// `key: value` pairs up to the closing punctuation (not read).
    fn members_until(&mut self, close: char) -> Result<Value, SyntaxError> {
        let mut map = Map::new();
        while !self.is_punct(close) {
            let (k, kt) = self.object_key()?;
            self.expect_punct(':', "COLON(':')")?;
            let v = self.value()?;
            match map.entry(k) {
                serde_json::map::Entry::Vacant(e) => {
                    e.insert(v);
                }
                serde_json::map::Entry::Occupied(e) => {
                    return Err(self.error_at_offset(kt, format!("Duplicate member `{}`", e.key())))
                }
            }
        }
        Ok(Value::Object(map))
    }

    /// A key and its offset.
    pub(super) fn object_key(&mut self) -> Result<(String, usize), SyntaxError> {
        match &self.peek().tok {
            Tok::Word(w) if !crate::shape_id::is_identifier(w) => {
                let t = self.peek();
                let bad = w.find(['.', '#', '$']).unwrap_or(0);
                Err(self.error_at_offset(
                    t.start + bad,
                    format!("Expected COLON(':') but found '{w}'"),
                ))
            }
            Tok::Word(_) | Tok::Str(_) => {
                let t = self.next();
                let k = match t.tok {
                    Tok::Word(w) => w.to_string(),
                    Tok::Str(s) => s.into_owned(),
                    _ => unreachable!("matched above"),
                };
                self.note_control_text(&k);
                Ok((k, t.start))
            }
            _ => Err(self.expected("one of IDENTIFIER, STRING('\"')")),
        }
    }

    /// Text starting like a marked id or an annotation, which `resolve`
    /// would take for one: only it may read the file.
    pub(super) fn note_control_text(&mut self, text: &str) {
        if text.starts_with([MARK, '\u{2}']) {
            self.file.unsure = true;
        }
    }

    /// A node value; bare words other than `true`, `false`, `null` are shape ids.
    pub fn value(&mut self) -> Result<Value, SyntaxError> {
        if matches!(self.peek().tok, Tok::Punct('[' | '{')) {
            if self.depth >= MAX_DEPTH {
                return Err(self.error_at(
                    self.peek(),
                    format!("Node values nest deeper than {MAX_DEPTH} levels"),
                ));
            }
            if let Some(v) = self.fast_value() {
                return Ok(v);
            }
            self.depth += 1;
            let v = self.nested_value();
            self.depth -= 1;
            return v;
        }
        self.nested_value()
    }

    fn nested_value(&mut self) -> Result<Value, SyntaxError> {
        Ok(match self.peek().tok {
            Tok::Str(_) | Tok::Block(_) | Tok::Num(..) => match self.next().tok {
                Tok::Str(s) => {
                    self.note_control_text(&s);
                    Value::String(s.into_owned())
                }
                Tok::Block(s) => {
                    self.note_control_text(&s);
                    Value::String(s)
                }
                Tok::Num(_, n) => Value::Number(n),
                _ => unreachable!("matched above"),
            },
            Tok::Word(w) => {
                let v = match w {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    _ => {
                        self.check_shape_id(w, self.peek().start)?;
                        if self.in_trait {
                            Value::String(self.shape_ref(w))
                        } else {
                            Value::String(mark(w))
                        }
                    }
                };
                self.bump();
                v
            }
            Tok::Punct('[') => {
                self.bump();
                let mut items = Vec::new();
                while !self.is_punct(']') {
                    if self.at_eof() {
                        return Err(self.expected("RBRACKET(']')"));
                    }
                    items.push(self.value()?);
                }
                self.bump();
                Value::Array(items)
            }
            Tok::Punct('{') => {
                self.bump();
                let map = self.members_until('}')?;
                self.bump();
                map
            }
            _ => return Err(self.expected(NODE_START)),
        })
    }
}
