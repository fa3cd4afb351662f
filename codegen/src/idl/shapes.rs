//! Shape statements: `apply`, simple shapes, members of aggregate shapes,
//! and the properties of services, resources and operations.

use serde_json::{Map, Value};

use super::body::{target, Body};
use super::lexer::Tok;
use super::marks::strip_marks;
use super::marks::{mark, MARK};
use super::parser::{Elided, Parser, ShapeDef, SIMPLE};
use super::SyntaxError;
use crate::ast::{Member, ShapeType, Traits};

impl<'a> Parser<'a> {
    pub(super) fn shape_statement(&mut self) -> Result<(), SyntaxError> {
        // Doc comments before `apply` are plain comments.
        let is_apply = self.is_word("apply");
        let traits = if is_apply {
            self.traits_only()?
        } else {
            self.traits()?
        };
        let (kind, kt) = self.expect_word()?;
        if kind == "apply" {
            if !traits.is_empty() {
                return Err(self.error_at_offset(kt, "Traits cannot be applied to `apply`"));
            }
            self.expect_same_line("a shape id")?;
            self.expect_ws()?;
            let (target, tt) = self.expect_word()?;
            self.check_shape_id(target, tt)?;
            let traits = if self.is_punct('{') {
                self.expect_ws()?;
                self.bump();
                let traits = self.traits_only()?;
                self.expect_punct('}', "RBRACE('}')")?;
                traits
            } else if self.is_punct('@') {
                let (name, value) = self.one_trait()?;
                let mut traits = Traits::new();
                traits.insert(self.shape_ref(name), value);
                traits
            } else {
                return Err(self.expected("one of AT('@'), LBRACE('{');"));
            };
            let target = self.shape_ref(target);
            self.file.applies.push((target, traits, kt));
            return self.expect_br();
        }
        if self.file.namespace.is_none() {
            return Err(
                self.error_at_offset(kt, "A namespace must be defined before a shape is defined")
            );
        }
        let known = SIMPLE.contains(&kind)
            || matches!(
                kind,
                "enum"
                    | "intEnum"
                    | "list"
                    | "set"
                    | "map"
                    | "structure"
                    | "union"
                    | "service"
                    | "resource"
                    | "operation"
            );
        if !known {
            return Err(self.error_at_offset(
                kt,
                format!(
                    "Expected a shape type but found {}",
                    Tok::Word(kind).describe()
                ),
            ));
        }
        match kind {
            "enum" | "intEnum" if !self.v2() => self.v1_error(kt, &format!("{kind} shapes"))?,
            "set" if self.v2() => {
                return Err(self.error_at_offset(
                    kt,
                    "set shapes cannot be used in Smithy version 2.0; use a list with @uniqueItems",
                ))
            }
            _ => {}
        }
        self.expect_same_line("a shape name")?;
        self.expect_ws()?;
        let (name, nt) = self.expect_identifier()?;
        if !crate::shape_id::is_identifier(name) {
            return Err(self.error_at_offset(nt, format!("Invalid shape name '{name}'")));
        }
        if self.trait_names.contains(&"mixin") {
            self.v1_error(kt, "Mixins")?;
        }
        self.define(kind, name.to_string(), nt, traits, false)
    }

    pub(super) fn define(
        &mut self,
        kind: &str,
        name: String,
        nt: usize,
        traits: Traits,
        inline: bool,
    ) -> Result<(), SyntaxError> {
        let ty = ShapeType::parse(kind).expect("a shape type");
        let mut body = Body::new(ty);
        let mut for_resource = None;
        let mut elided = Vec::new();
        if let Some(i) = super::prelude::index(&name) {
            self.file.defines_prelude.insert(i);
            if let Some(e) = &mut self.early {
                e.define(&name);
            }
        }
        self.file.has_resource |= kind == "resource";
        let aggregate = matches!(kind, "list" | "set" | "map" | "structure" | "union");
        if self.is_word("for") && (inline || !self.peek().nl_before) {
            let ft = self.peek().start;
            self.bump();
            if !aggregate {
                return Err(
                    self.error_at_offset(ft, "Only aggregate shapes can be bound with `for`")
                );
            }
            if !self.v2() {
                return Err(self.error_at_offset(
                    ft,
                    "Structures can only be bound to resources with Smithy version 2 or later",
                ));
            }
            let (r, _) = self.expect_word()?;
            for_resource = Some(self.shape_ref(r));
        }
        if self.is_word("with") && (inline || !self.peek().nl_before) {
            let wt = self.peek().start;
            self.bump();
            self.v1_error(wt, "Mixins")?;
            self.expect_punct('[', "LBRACKET('[')")?;
            let mut mixins = Vec::new();
            loop {
                let (m, mt) = self.expect_word()?;
                self.check_shape_id(m, mt)?;
                let id = self.shape_ref(m);
                mixins.push(id);
                if self.is_punct(']') {
                    break;
                }
            }
            self.bump();
            body.mixins = mixins;
        }
        body.traits = traits;
        if SIMPLE.contains(&kind) {
            self.expect_br()?;
        } else if matches!(kind, "service" | "resource" | "operation") {
            self.properties(kind, &name, &mut body)?;
            self.expect_br()?;
        } else {
            self.members(kind, &mut body, &mut elided)?;
            // An inline input or output is followed by mere whitespace.
            if !inline {
                self.expect_br()?;
            }
        }
        self.file.shapes.push(ShapeDef {
            name,
            at: nt,
            body,
            for_resource,
            elided,
        });
        Ok(())
    }

    pub(super) fn members(
        &mut self,
        kind: &str,
        body: &mut Body,
        elided: &mut Vec<Elided>,
    ) -> Result<(), SyntaxError> {
        self.expect_punct('{', "LBRACE('{')")?;
        let is_enum = matches!(kind, "enum" | "intEnum");
        // Names are unique (checked as they are read): the map is the set.
        let members = &mut body.members;
        while !self.is_punct('}') {
            if self.at_eof() {
                return Err(self.expected("RBRACE('}')"));
            }
            let mut traits = self.traits()?;
            let start = self.peek().start;
            let elide = self.is_punct('$');
            if elide {
                let t = self.next();
                if !self.v2() {
                    return Err(self.error_at(
                        &t,
                        "Members can only elide targets in IDL version 2 or later",
                    ));
                }
                if self.peek().nl_before {
                    return Err(self.expected("IDENTIFIER"));
                }
            }
            let (name, nt) = self.expect_identifier()?;
            if !crate::shape_id::is_identifier(name) {
                return Err(self.error_at_offset(nt, format!("Invalid member name '{name}'")));
            }
            if members.contains_key(name) || elided.iter().any(|e| e.name == name) {
                return Err(
                    self.error_at_offset(nt, format!("Found conflicting member name, `{name}`"))
                );
            }
            match kind {
                "list" | "set" if name != "member" => {
                    return Err(self.error_at_offset(
                        nt,
                        format!("Expected member name 'member' but found '{name}'"),
                    ))
                }
                "map" if name != "key" && name != "value" => {
                    return Err(self.error_at_offset(
                        nt,
                        format!("Expected member name 'key' or 'value' but found '{name}'"),
                    ))
                }
                _ => {}
            }
            let target_id = if is_enum || elide {
                None
            } else {
                self.expect_same_line("COLON(':')")?;
                self.expect_punct(':', "COLON(':')")?;
                self.expect_same_line("a shape id")?;
                Some(self.expect_word()?.0)
            };
            if self.is_punct('=') && !self.peek().nl_before {
                let eq = self.peek().start;
                self.bump();
                if !self.v2() {
                    return Err(self.error_at_offset(
                        eq,
                        "@default assignment is only supported in IDL version 2 or later",
                    ));
                }
                self.expect_same_line("a value")?;
                let vt = self.peek().clone();
                let mut value = self.value()?;
                if is_enum {
                    let ok = match kind {
                        "enum" => value.is_string() && !is_marked(&value),
                        _ => value.is_i64() || value.is_u64(),
                    };
                    if !ok {
                        return Err(self.error_at(
                            &vt,
                            format!(
                                "{kind} members can only be assigned {} values, but found: {}",
                                if kind == "enum" { "string" } else { "integer" },
                                {
                                    let mut v = value.clone();
                                    strip_marks(&mut v);
                                    v
                                }
                            ),
                        ));
                    }
                    traits.insert("smithy.api#enumValue".into(), value);
                } else {
                    self.resolve_marks(&mut value);
                    traits.insert("smithy.api#default".into(), value);
                }
                if !self.is_punct('}') {
                    self.expect_br()?;
                }
            }
            if elide {
                elided.push(Elided {
                    name: name.to_string(),
                    traits,
                    at: start,
                });
                continue;
            }
            let target = match target_id {
                Some(t) => self.shape_ref(t),
                None => "smithy.api#Unit".into(),
            };
            members.insert(name.to_string(), Member { target, traits });
        }
        self.bump();
        Ok(())
    }

    /// The `{ key: value }` body of a service, resource or operation.
    pub(super) fn properties(
        &mut self,
        kind: &str,
        shape: &str,
        body: &mut Body,
    ) -> Result<(), SyntaxError> {
        self.expect_punct('{', "LBRACE('{')")?;
        while !self.is_punct('}') {
            let (key, kt) = match &self.peek().tok {
                Tok::Word(_) => self.expect_identifier()?,
                _ => return Err(self.expected("one of IDENTIFIER, RBRACE('}')")),
            };
            if body.has_key(key) {
                return Err(self.error_at_offset(
                    kt,
                    format!("Duplicate operation/resource/service property `{key}`"),
                ));
            }
            if kind == "operation" && (key == "input" || key == "output") && self.is_punct('w') {
                let wt = self.peek().start;
                self.bump();
                self.v1_error(wt, "Inlined operation inputs and outputs")?;
                let suffix = if key == "input" {
                    self.input_suffix.clone()
                } else {
                    self.output_suffix.clone()
                };
                let name = [shape, &suffix].concat();
                let mut traits = self.traits()?;
                traits.insert(["smithy.api#", key].concat(), Value::Object(Map::new()));
                self.define("structure", name.clone(), kt, traits, true)?;
                let id = self.shape_ref(&name);
                body.props.insert(key.to_string(), target(id));
                continue;
            }
            if kind == "resource" && key == "properties" {
                self.v1_error(kt, "Resource properties")?;
            }
            self.expect_punct(':', "COLON(':')")?;
            let vt = self.peek().clone();
            let value = self.value()?;
            let bad = |what: &str| self.error_at(&vt, format!("`{key}` must be {what}"));
            let converted = match (kind, key) {
                ("service", "version") => match value {
                    Value::String(s) if !s.starts_with(MARK) => Value::String(s),
                    _ => return Err(bad("a string")),
                },
                ("service", "rename") => match value {
                    Value::Object(map) => {
                        let mut out = Map::new();
                        for (k, v) in map {
                            match v {
                                Value::String(s) if !s.starts_with(MARK) => {
                                    out.insert(mark(&k), Value::String(s));
                                }
                                _ => return Err(bad("an object of shape id to string")),
                            }
                        }
                        Value::Object(out)
                    }
                    _ => return Err(bad("an object")),
                },
                ("resource", "identifiers" | "properties") => match value {
                    Value::Object(map) => {
                        let mut out = Map::new();
                        for (k, v) in map {
                            out.insert(
                                k,
                                to_target(v).ok_or_else(|| bad("an object of shape ids"))?,
                            );
                        }
                        Value::Object(out)
                    }
                    _ => return Err(bad("an object")),
                },
                ("operation", "input" | "output")
                | ("resource", "create" | "put" | "read" | "update" | "delete" | "list") => {
                    to_target(value).ok_or_else(|| bad("a shape id"))?
                }
                ("service", "operations" | "resources" | "errors")
                | ("operation", "errors")
                | ("resource", "operations" | "collectionOperations" | "resources") => {
                    match value {
                        Value::Array(items) => Value::Array(
                            items
                                .into_iter()
                                .map(to_target)
                                .collect::<Option<Vec<_>>>()
                                .ok_or_else(|| bad("a list of shape ids"))?,
                        ),
                        _ => return Err(bad("a list of shape ids")),
                    }
                }
                _ => {
                    return Err(self.error_at_offset(
                        kt,
                        format!("Unknown property `{key}` for {kind} `{shape}`"),
                    ))
                }
            };
            let mut converted = converted;
            self.resolve_marks(&mut converted);
            body.props.insert(key.to_string(), converted);
        }
        self.bump();
        Ok(())
    }
}

pub(super) fn to_target(v: Value) -> Option<Value> {
    match v {
        Value::String(s) if s.starts_with(MARK) => {
            let mut m = Map::new();
            m.insert("target".into(), Value::String(s));
            Some(Value::Object(m))
        }
        Value::String(s) if s.contains('#') => Some(target(mark(&s))),
        _ => None,
    }
}

pub(super) fn is_marked(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.starts_with(MARK))
}
