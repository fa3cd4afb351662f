//! Recursive descent over the tokens, following the statements of the Smithy
//! IDL grammar. Shape ids stay relative here (marked with [`MARK`]); the
//! `resolve` module makes them absolute once every shape of the file is known.

use serde_json::{Map, Value};

use super::lexer::{Tok, Token};
use super::SyntaxError;

/// Starts a string that holds a relative (not yet resolved) shape id.
pub const MARK: char = '\u{1}';

/// The value of a trait written without one (`@name` or `@name()`): `[]` for
/// a list trait, `{}` otherwise, decided once trait types are known.
pub const ANNOTATION: &str = "\u{2}annotation";

pub fn mark(id: &str) -> String {
    format!("{MARK}{id}")
}

#[derive(Debug, Default)]
pub struct File {
    pub version: String,
    pub metadata: Map<String, Value>,
    pub namespace: Option<String>,
    /// Imported ids with the position of their `use`.
    pub uses: Vec<(String, usize, usize)>,
    pub shapes: Vec<ShapeDef>,
    /// `apply` statements: target (marked), traits, position.
    pub applies: Vec<(String, Map<String, Value>, usize, usize)>,
}

#[derive(Debug)]
pub struct ShapeDef {
    pub name: String,
    pub line: usize,
    pub col: usize,
    /// The JSON AST shape, shape ids still marked.
    pub json: Map<String, Value>,
    /// The resource of `for Resource` (marked).
    pub for_resource: Option<String>,
    pub elided: Vec<Elided>,
}

/// A `$name` member whose target comes from a mixin or the bound resource.
#[derive(Debug)]
pub struct Elided {
    pub name: String,
    pub traits: Map<String, Value>,
    pub line: usize,
    pub col: usize,
}

pub struct Parser {
    toks: Vec<Token>,
    pos: usize,
    file: File,
    input_suffix: String,
    output_suffix: String,
}

const SIMPLE: &[&str] = &[
    "blob",
    "boolean",
    "document",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
];

const NODE_START: &str =
    "one of STRING('\"'), TEXT_BLOCK('\"\"\"'), NUMBER, IDENTIFIER, LBRACE('{'), LBRACKET('[')";

impl Parser {
    pub fn new(toks: Vec<Token>) -> Self {
        Parser {
            toks,
            pos: 0,
            file: File {
                // A file without `$version` is IDL 1.0.
                version: "1.0".into(),
                ..File::default()
            },
            input_suffix: "Input".into(),
            output_suffix: "Output".into(),
        }
    }

    fn peek(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }

    fn peek_at(&self, n: usize) -> &Token {
        &self.toks[(self.pos + n).min(self.toks.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn prev_end(&self) -> (usize, usize) {
        if self.pos == 0 {
            (1, 1)
        } else {
            self.toks[self.pos - 1].end
        }
    }

    fn error_at(t: &Token, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            line: t.line,
            col: t.col,
            message: message.into(),
        }
    }

    fn expected(&self, what: &str) -> SyntaxError {
        let t = self.peek();
        Self::error_at(t, format!("Expected {what} but found {}", t.tok.describe()))
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek().tok == Tok::Punct(c)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(&self.peek().tok, Tok::Word(x) if x == w)
    }

    fn expect_punct(&mut self, c: char, what: &str) -> Result<Token, SyntaxError> {
        if self.is_punct(c) {
            Ok(self.next())
        } else {
            Err(self.expected(what))
        }
    }

    fn expect_word(&mut self) -> Result<(String, Token), SyntaxError> {
        match &self.peek().tok {
            Tok::Word(w) => {
                let w = w.clone();
                Ok((w, self.next()))
            }
            _ => Err(self.expected("IDENTIFIER")),
        }
    }

    /// A plain identifier (no namespace, no member).
    fn expect_identifier(&mut self) -> Result<(String, Token), SyntaxError> {
        let (w, t) = self.expect_word()?;
        if w.contains(['.', '#', '$']) {
            return Err(Self::error_at(
                &t,
                format!("Expected an identifier but found the shape id '{w}'"),
            ));
        }
        Ok((w, t))
    }

    /// The next token must start a new line (or be the end of the file).
    fn expect_br(&self) -> Result<(), SyntaxError> {
        let t = self.peek();
        if t.nl_before || t.tok == Tok::Eof {
            Ok(())
        } else {
            Err(Self::error_at(
                t,
                format!("Expected a line break, but found {}", t.tok.describe()),
            ))
        }
    }

    /// Whitespace must come before the next token.
    fn expect_ws(&self) -> Result<(), SyntaxError> {
        let t = self.peek();
        if t.ws_before {
            Ok(())
        } else {
            Err(Self::error_at(
                t,
                format!(
                    "Expected one or more whitespace characters, but found {}",
                    t.tok.describe()
                ),
            ))
        }
    }

    fn v1_error(&self, t: &Token, what: &str) -> Result<(), SyntaxError> {
        if self.v2() {
            Ok(())
        } else {
            Err(Self::error_at(
                t,
                format!("{what} can only be used with Smithy version 2 or later. Attempted to use it with version `1.0`."),
            ))
        }
    }

    /// The next token must be on the line of the previous one.
    fn expect_same_line(&self, what: &str) -> Result<(), SyntaxError> {
        if self.peek().nl_before {
            let (line, col) = self.prev_end();
            return Err(SyntaxError {
                line,
                col,
                message: format!("Expected {what} but found a line break"),
            });
        }
        Ok(())
    }

    pub fn file(mut self) -> Result<File, SyntaxError> {
        self.control_statements()?;
        while self.is_word("metadata") {
            self.next();
            self.expect_same_line("a metadata key")?;
            self.expect_ws()?;
            let key = match self.next() {
                Token {
                    tok: Tok::Word(w), ..
                } if crate::shape_id::is_identifier(&w) => w,
                Token {
                    tok: Tok::Str(w), ..
                } => w,
                t => {
                    return Err(Self::error_at(
                        &t,
                        format!(
                            "Expected IDENTIFIER or STRING but found {}",
                            t.tok.describe()
                        ),
                    ))
                }
            };
            self.expect_same_line("'='")?;
            let eq = self.expect_punct('=', "EQUAL('=')")?;
            self.expect_same_line("a metadata value")?;
            let vt = self.peek().clone();
            let value = self.value()?;
            if let Some(id) = unresolvable_in_metadata(&value) {
                return Err(Self::error_at(
                    &vt,
                    format!("Syntactic shape ID `{id}` does not resolve to a valid shape ID: `smithy.api#{id}`"),
                ));
            }
            let value = strip_marks(value);
            if self.file.metadata.insert(key.clone(), value).is_some() {
                return Err(Self::error_at(
                    &eq,
                    format!("Metadata key `{key}` is defined more than once in the file"),
                ));
            }
            self.expect_br()?;
        }
        if self.is_word("namespace") {
            self.next();
            self.expect_same_line("a namespace")?;
            self.expect_ws()?;
            let (ns, t) = self.expect_word()?;
            if !valid_namespace(&ns) {
                return Err(Self::error_at(&t, format!("Invalid namespace '{ns}'")));
            }
            self.file.namespace = Some(ns);
            self.expect_br()?;
            while self.is_word("use") {
                self.next();
                self.expect_same_line("a shape id")?;
                self.expect_ws()?;
                let (id, t) = self.expect_word()?;
                if !id.contains('#') || id.contains('$') || !valid_absolute(&id) {
                    return Err(Self::error_at(
                        &t,
                        format!("`use` needs an absolute shape id, found '{id}'"),
                    ));
                }
                self.file.uses.push((id, t.line, t.col));
                self.expect_br()?;
            }
        }
        if self.file.namespace.is_none() && self.peek().tok != Tok::Eof {
            let t = self.peek();
            return Err(Self::error_at(
                t,
                format!(
                    "Expected a namespace definition but found {}",
                    t.tok.describe()
                ),
            ));
        }
        while self.peek().tok != Tok::Eof {
            self.shape_statement()?;
        }
        Ok(self.file)
    }

    fn control_statements(&mut self) -> Result<(), SyntaxError> {
        let mut seen = std::collections::BTreeSet::new();
        while self.is_punct('$') {
            self.next();
            let (name, _) = match &self.peek().tok {
                Tok::Word(_) if !self.peek().nl_before => self.expect_identifier()?,
                _ => return Err(self.expected("IDENTIFIER")),
            };
            self.expect_same_line("COLON(':')")?;
            self.expect_punct(':', "COLON(':')")?;
            self.expect_same_line("a value")?;
            let vt = self.peek().clone();
            let value = self.value()?;
            if !seen.insert(name.clone()) {
                return Err(Self::error_at(
                    &vt,
                    format!("Duplicate control statement `{name}`"),
                ));
            }
            let text = value.as_str().map(str::to_string);
            match name.as_str() {
                "version" => match text.as_deref() {
                    Some("2" | "2.0") => self.file.version = "2.0".into(),
                    Some("1" | "1.0") => self.file.version = "1.0".into(),
                    _ => {
                        return Err(Self::error_at(
                            &vt,
                            format!("Unsupported IDL version {value}"),
                        ))
                    }
                },
                "operationInputSuffix" | "operationOutputSuffix" => {
                    let Some(s) = text.filter(|s| crate::shape_id::is_identifier(s)) else {
                        return Err(Self::error_at(
                            &vt,
                            format!("`{name}` must be an identifier string"),
                        ));
                    };
                    if name == "operationInputSuffix" {
                        self.input_suffix = s;
                    } else {
                        self.output_suffix = s;
                    }
                }
                _ => {}
            }
            self.expect_br()?;
        }
        Ok(())
    }

    fn v2(&self) -> bool {
        self.file.version != "1.0"
    }

    /// The `///` comment before the next token, then its traits.
    fn traits(&mut self) -> Result<Map<String, Value>, SyntaxError> {
        let docs = self.peek().docs.clone();
        let mut traits = self.traits_only()?;
        if !docs.is_empty() {
            let key = mark("documentation");
            if !traits.contains_key(&key) {
                traits.insert(key, Value::String(docs.join("\n")));
            }
        }
        Ok(traits)
    }

    fn traits_only(&mut self) -> Result<Map<String, Value>, SyntaxError> {
        let mut traits = Map::new();
        while self.is_punct('@') {
            let at = self.peek().clone();
            let (name, value) = self.one_trait()?;
            if traits.insert(mark(&name), value).is_some() {
                return Err(Self::error_at(
                    &at,
                    format!("Conflicting trait `{name}` applied more than once"),
                ));
            }
        }
        Ok(traits)
    }

    /// `@name` or `@name(...)`.
    fn one_trait(&mut self) -> Result<(String, Value), SyntaxError> {
        self.expect_punct('@', "AT('@')")?;
        if self.peek().nl_before {
            return Err(self.expected("IDENTIFIER"));
        }
        let (name, nt) = self.expect_word()?;
        check_shape_id(&name, &nt)?;
        let value = if self.is_punct('(') && !self.peek().nl_before {
            self.next();
            self.trait_body()?
        } else {
            Value::String(ANNOTATION.into())
        };
        Ok((name, value))
    }

    /// After `(`: nothing, `key: value` pairs, or one value; then `)`.
    fn trait_body(&mut self) -> Result<Value, SyntaxError> {
        if self.is_punct(')') {
            self.next();
            return Ok(Value::String(ANNOTATION.into()));
        }
        let keyed = match &self.peek().tok {
            Tok::Word(w) => crate::shape_id::is_identifier(w),
            Tok::Str(_) => true,
            _ => false,
        } && self.peek_at(1).tok == Tok::Punct(':');
        let value = if keyed {
            let mut map = Map::new();
            while !self.is_punct(')') {
                let (k, kt) = self.object_key()?;
                self.expect_punct(':', "COLON(':')")?;
                let v = self.value()?;
                if map.insert(k.clone(), v).is_some() {
                    return Err(Self::error_at(&kt, format!("Duplicate member `{k}`")));
                }
            }
            Value::Object(map)
        } else {
            self.value()?
        };
        self.expect_punct(')', "RPAREN(')')")?;
        Ok(value)
    }

    fn object_key(&mut self) -> Result<(String, Token), SyntaxError> {
        match &self.peek().tok {
            Tok::Word(w) if !crate::shape_id::is_identifier(w) => {
                let t = self.peek().clone();
                let bad = w.find(['.', '#', '$']).unwrap_or(0);
                Err(SyntaxError {
                    line: t.line,
                    col: t.col + bad,
                    message: format!("Expected COLON(':') but found '{w}'"),
                })
            }
            Tok::Word(w) | Tok::Str(w) => {
                let w = w.clone();
                Ok((w, self.next()))
            }
            _ => Err(self.expected("one of IDENTIFIER, STRING('\"')")),
        }
    }

    /// A node value; bare words other than `true`, `false`, `null` are shape ids.
    pub fn value(&mut self) -> Result<Value, SyntaxError> {
        let t = self.peek().clone();
        Ok(match &t.tok {
            Tok::Str(s) | Tok::Block(s) => {
                self.next();
                Value::String(s.clone())
            }
            Tok::Num(n) => {
                self.next();
                match serde_json::from_str::<serde_json::Number>(n) {
                    Ok(n) => Value::Number(n),
                    Err(_) => return Err(Self::error_at(&t, format!("Invalid number '{n}'"))),
                }
            }
            Tok::Word(w) => {
                self.next();
                match w.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    _ => {
                        check_shape_id(w, &t)?;
                        Value::String(mark(w))
                    }
                }
            }
            Tok::Punct('[') => {
                self.next();
                let mut items = Vec::new();
                while !self.is_punct(']') {
                    if self.peek().tok == Tok::Eof {
                        return Err(self.expected("RBRACKET(']')"));
                    }
                    items.push(self.value()?);
                }
                self.next();
                Value::Array(items)
            }
            Tok::Punct('{') => {
                self.next();
                let mut map = Map::new();
                while !self.is_punct('}') {
                    let (k, kt) = self.object_key()?;
                    self.expect_punct(':', "COLON(':')")?;
                    let v = self.value()?;
                    if map.insert(k.clone(), v).is_some() {
                        return Err(Self::error_at(&kt, format!("Duplicate member `{k}`")));
                    }
                }
                self.next();
                Value::Object(map)
            }
            _ => return Err(self.expected(NODE_START)),
        })
    }

    fn shape_statement(&mut self) -> Result<(), SyntaxError> {
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
                return Err(Self::error_at(&kt, "Traits cannot be applied to `apply`"));
            }
            self.expect_same_line("a shape id")?;
            self.expect_ws()?;
            let (target, tt) = self.expect_word()?;
            check_shape_id(&target, &tt)?;
            let traits = if self.is_punct('{') {
                self.expect_ws()?;
                self.next();
                let traits = self.traits_only()?;
                self.expect_punct('}', "RBRACE('}')")?;
                traits
            } else if self.is_punct('@') {
                let (name, value) = self.one_trait()?;
                let mut traits = Map::new();
                traits.insert(mark(&name), value);
                traits
            } else {
                return Err(self.expected("one of AT('@'), LBRACE('{');"));
            };
            self.file
                .applies
                .push((mark(&target), traits, kt.line, kt.col));
            return self.expect_br();
        }
        if self.file.namespace.is_none() {
            return Err(Self::error_at(
                &kt,
                "A namespace must be defined before a shape is defined",
            ));
        }
        let known = SIMPLE.contains(&kind.as_str())
            || matches!(
                kind.as_str(),
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
            return Err(Self::error_at(
                &kt,
                format!("Expected a shape type but found {}", kt.tok.describe()),
            ));
        }
        match kind.as_str() {
            "enum" | "intEnum" => self.v1_error(&kt, &format!("{kind} shapes"))?,
            "set" if self.v2() => {
                return Err(Self::error_at(
                    &kt,
                    "set shapes cannot be used in Smithy version 2.0; use a list with @uniqueItems",
                ))
            }
            _ => {}
        }
        self.expect_same_line("a shape name")?;
        self.expect_ws()?;
        let (name, nt) = self.expect_identifier()?;
        if !crate::shape_id::is_identifier(&name) {
            return Err(Self::error_at(&nt, format!("Invalid shape name '{name}'")));
        }
        if traits.contains_key(&mark("mixin")) {
            self.v1_error(&kt, "Mixins")?;
        }
        self.define(&kind, name, nt, traits, false)
    }

    fn define(
        &mut self,
        kind: &str,
        name: String,
        nt: Token,
        traits: Map<String, Value>,
        inline: bool,
    ) -> Result<(), SyntaxError> {
        let mut json = Map::new();
        json.insert("type".into(), Value::String(kind.into()));
        let mut def = ShapeDef {
            name: name.clone(),
            line: nt.line,
            col: nt.col,
            json: Map::new(),
            for_resource: None,
            elided: Vec::new(),
        };
        let aggregate = matches!(kind, "list" | "set" | "map" | "structure" | "union");
        if self.is_word("for") && (inline || !self.peek().nl_before) {
            let ft = self.next();
            if !aggregate {
                return Err(Self::error_at(
                    &ft,
                    "Only aggregate shapes can be bound with `for`",
                ));
            }
            if !self.v2() {
                return Err(Self::error_at(
                    &ft,
                    "Structures can only be bound to resources with Smithy version 2 or later",
                ));
            }
            let (r, _) = self.expect_word()?;
            def.for_resource = Some(mark(&r));
        }
        if self.is_word("with") && (inline || !self.peek().nl_before) {
            let wt = self.next();
            self.v1_error(&wt, "Mixins")?;
            self.expect_punct('[', "LBRACKET('[')")?;
            let mut mixins = Vec::new();
            loop {
                let (m, mt) = self.expect_word()?;
                check_shape_id(&m, &mt)?;
                mixins.push(target(&m));
                if self.is_punct(']') {
                    break;
                }
            }
            self.next();
            json.insert("mixins".into(), Value::Array(mixins));
        }
        if !traits.is_empty() {
            json.insert("traits".into(), Value::Object(traits));
        }
        if SIMPLE.contains(&kind) {
            self.expect_br()?;
        } else if matches!(kind, "service" | "resource" | "operation") {
            self.properties(kind, &name, &mut json)?;
            self.expect_br()?;
        } else {
            self.members(kind, &name, &mut json, &mut def.elided)?;
            // An inline input or output is followed by mere whitespace.
            if !inline {
                self.expect_br()?;
            }
        }
        def.json = json;
        self.file.shapes.push(def);
        Ok(())
    }

    fn members(
        &mut self,
        kind: &str,
        shape: &str,
        json: &mut Map<String, Value>,
        elided: &mut Vec<Elided>,
    ) -> Result<(), SyntaxError> {
        self.expect_punct('{', "LBRACE('{')")?;
        let is_enum = matches!(kind, "enum" | "intEnum");
        let mut members = Map::new();
        let mut seen = std::collections::BTreeSet::new();
        while !self.is_punct('}') {
            if self.peek().tok == Tok::Eof {
                return Err(self.expected("RBRACE('}')"));
            }
            let mut traits = self.traits()?;
            let start = self.peek().clone();
            let elide = self.is_punct('$');
            if elide {
                self.next();
                if !self.v2() {
                    return Err(Self::error_at(
                        &start,
                        "Members can only elide targets in IDL version 2 or later",
                    ));
                }
                if self.peek().nl_before {
                    return Err(self.expected("IDENTIFIER"));
                }
            }
            let (name, nt) = self.expect_identifier()?;
            if !crate::shape_id::is_identifier(&name) {
                return Err(Self::error_at(&nt, format!("Invalid member name '{name}'")));
            }
            if !seen.insert(name.clone()) {
                return Err(Self::error_at(
                    &nt,
                    format!("Found conflicting member name, `{name}`"),
                ));
            }
            match kind {
                "list" | "set" if name != "member" => {
                    return Err(Self::error_at(
                        &nt,
                        format!("Expected member name 'member' but found '{name}'"),
                    ))
                }
                "map" if name != "key" && name != "value" => {
                    return Err(Self::error_at(
                        &nt,
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
                let eq = self.next();
                if !self.v2() {
                    return Err(Self::error_at(
                        &eq,
                        "@default assignment is only supported in IDL version 2 or later",
                    ));
                }
                self.expect_same_line("a value")?;
                let vt = self.peek().clone();
                let value = self.value()?;
                if is_enum {
                    let ok = match kind {
                        "enum" => value.is_string() && !is_marked(&value),
                        _ => value.is_i64() || value.is_u64(),
                    };
                    if !ok {
                        return Err(Self::error_at(
                            &vt,
                            format!(
                                "{kind} members can only be assigned {} values, but found: {}",
                                if kind == "enum" { "string" } else { "integer" },
                                strip_marks(value.clone())
                            ),
                        ));
                    }
                    traits.insert("smithy.api#enumValue".into(), value);
                } else {
                    traits.insert("smithy.api#default".into(), value);
                }
                if !self.is_punct('}') {
                    self.expect_br()?;
                }
            }
            if elide {
                elided.push(Elided {
                    name,
                    traits,
                    line: start.line,
                    col: start.col,
                });
                continue;
            }
            let mut member = Map::new();
            let t = match target_id {
                Some(t) => mark(&t),
                None => "smithy.api#Unit".into(),
            };
            member.insert("target".into(), Value::String(t));
            if !traits.is_empty() {
                member.insert("traits".into(), Value::Object(traits));
            }
            if matches!(kind, "list" | "set" | "map") {
                json.insert(name, Value::Object(member));
            } else {
                members.insert(name, Value::Object(member));
            }
        }
        self.next();
        let _ = shape;
        if !matches!(kind, "list" | "set" | "map") {
            json.insert("members".into(), Value::Object(members));
        }
        Ok(())
    }

    /// The `{ key: value }` body of a service, resource or operation.
    fn properties(
        &mut self,
        kind: &str,
        shape: &str,
        json: &mut Map<String, Value>,
    ) -> Result<(), SyntaxError> {
        self.expect_punct('{', "LBRACE('{')")?;
        while !self.is_punct('}') {
            let (key, kt) = match &self.peek().tok {
                Tok::Word(_) => self.expect_identifier()?,
                _ => return Err(self.expected("one of IDENTIFIER, RBRACE('}')")),
            };
            if json.contains_key(&key) {
                return Err(Self::error_at(
                    &kt,
                    format!("Duplicate operation/resource/service property `{key}`"),
                ));
            }
            if kind == "operation" && (key == "input" || key == "output") && self.is_punct('w') {
                let wt = self.next();
                self.v1_error(&wt, "Inlined operation inputs and outputs")?;
                let suffix = if key == "input" {
                    self.input_suffix.clone()
                } else {
                    self.output_suffix.clone()
                };
                let name = format!("{shape}{suffix}");
                let mut traits = self.traits()?;
                traits.insert(format!("smithy.api#{key}"), Value::Object(Map::new()));
                let nt = Token { ..kt.clone() };
                self.define("structure", name.clone(), nt, traits, true)?;
                json.insert(key, target(&name));
                continue;
            }
            if kind == "resource" && key == "properties" {
                self.v1_error(&kt, "Resource properties")?;
            }
            self.expect_punct(':', "COLON(':')")?;
            let vt = self.peek().clone();
            let value = self.value()?;
            let bad = |what: &str| Self::error_at(&vt, format!("`{key}` must be {what}"));
            let converted = match (kind, key.as_str()) {
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
                    return Err(Self::error_at(
                        &kt,
                        format!("Unknown property `{key}` for {kind} `{shape}`"),
                    ))
                }
            };
            json.insert(key, converted);
        }
        self.next();
        Ok(())
    }
}

fn target(id: &str) -> Value {
    let mut m = Map::new();
    m.insert("target".into(), Value::String(mark(id)));
    Value::Object(m)
}

fn to_target(v: Value) -> Option<Value> {
    match v {
        Value::String(s) if s.starts_with(MARK) => {
            let mut m = Map::new();
            m.insert("target".into(), Value::String(s));
            Some(Value::Object(m))
        }
        Value::String(s) if s.contains('#') => Some(target(&s)),
        _ => None,
    }
}

fn is_marked(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.starts_with(MARK))
}

/// Metadata comes before the namespace: its bare shape ids must be absolute
/// or name a prelude shape.
fn unresolvable_in_metadata(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let id = s.strip_prefix(MARK)?;
            let base = id.split('$').next().unwrap_or(id);
            (!id.contains('#') && !super::prelude::PRELUDE.contains(&base)).then(|| id.to_string())
        }
        Value::Array(a) => a.iter().find_map(unresolvable_in_metadata),
        Value::Object(m) => m.values().find_map(unresolvable_in_metadata),
        _ => None,
    }
}

/// Bare words in metadata stay as written.
pub fn strip_marks(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.strip_prefix(MARK).map(str::to_string).unwrap_or(s)),
        Value::Array(a) => Value::Array(a.into_iter().map(strip_marks).collect()),
        Value::Object(m) => {
            Value::Object(m.into_iter().map(|(k, v)| (k, strip_marks(v))).collect())
        }
        v => v,
    }
}

/// A bare shape id: `Name`, `Name$member`, `ns.a#Name` or `ns.a#Name$member`.
fn check_shape_id(id: &str, t: &Token) -> Result<(), SyntaxError> {
    let (abs, rel) = match id.split_once('#') {
        Some((ns, rest)) => (valid_namespace(ns), rest),
        None => (true, id),
    };
    let (name, member) = match rel.split_once('$') {
        Some((n, m)) => (n, Some(m)),
        None => (rel, None),
    };
    let ok = abs
        && crate::shape_id::is_identifier(name)
        && member.is_none_or(crate::shape_id::is_identifier);
    if ok {
        Ok(())
    } else {
        Err(Parser::error_at(t, format!("Invalid shape id '{id}'")))
    }
}

fn valid_namespace(ns: &str) -> bool {
    ns.split('.').all(crate::shape_id::is_identifier)
}

fn valid_absolute(id: &str) -> bool {
    crate::shape_id::ShapeId::parse(id).is_ok()
}
