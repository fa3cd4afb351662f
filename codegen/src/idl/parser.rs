//! Recursive descent over the tokens (statements here, node values and
//! traits in `node`, shapes in `shapes`, the look at the tokens in
//! `cursor`), following the statements of the Smithy IDL grammar. Shape ids
//! are resolved as they are read (see `early`), or stay relative (marked, see
//! `marks`) for the `resolve` module to make absolute once every shape of the
//! model is known.

use serde_json::{Map, Value};

use super::body::Body;
use super::early::{walk_value, Early};
use super::ids::Form;
use super::lexer::{Lexer, Tok, Token};
use super::lines::Lines;
use super::marks::{mark, strip_marks, unresolvable_in_metadata};
use super::prelude;
use super::SyntaxError;
use crate::ast::Traits;

#[derive(Clone, Debug, Default)]
pub struct File {
    pub version: &'static str,
    pub metadata: Map<String, Value>,
    pub namespace: Option<String>,
    /// Imported ids with the offset of their `use`.
    pub uses: Vec<(String, usize)>,
    pub shapes: Vec<ShapeDef>,
    /// `apply` statements: target (marked), traits, offset.
    pub applies: Vec<(String, Traits, usize)>,
    /// Shape ids were resolved as they were read, not marked.
    pub early: bool,
    /// Prelude names relative ids were read as prelude shapes (when `early`).
    pub read_as_prelude: prelude::Names,
    /// Prelude names read as shapes of the namespace from the start (when
    /// `early`; a name defined by the file is, after its definition).
    pub shadowed: prelude::Names,
    /// Prelude names the file defines shapes of.
    pub defines_prelude: prelude::Names,
    /// The file defines a resource.
    pub has_resource: bool,
    /// Something resolving ids early could read otherwise than `resolve`:
    /// the file must be read again with marked ids.
    pub unsure: bool,
}

#[derive(Clone, Debug)]
pub struct ShapeDef {
    pub name: String,
    /// Offset of the name, for errors.
    pub at: usize,
    /// The shape, its ids marked unless resolved early.
    pub body: Body,
    /// The resource of `for Resource` (marked).
    pub for_resource: Option<String>,
    pub elided: Vec<Elided>,
}

/// A `$name` member whose target comes from a mixin or the bound resource.
#[derive(Clone, Debug)]
pub struct Elided {
    pub name: String,
    pub traits: Traits,
    /// Offset, for errors.
    pub at: usize,
}

/// Reads tokens from the lexer as it goes: the current one and, for the
/// one place that looks further, the one after it.
pub struct Parser<'a> {
    pub(super) lexer: Lexer<'a>,
    pub(super) cur: Token<'a>,
    pub(super) ahead: Option<Token<'a>>,
    /// Where the token before `cur` ends.
    pub(super) prev_end: usize,
    pub(super) lines: Lines<'a>,
    pub(super) file: File,
    pub(super) input_suffix: String,
    pub(super) output_suffix: String,
    /// Lists and objects open around the current node value.
    pub(super) depth: usize,
    /// Resolve ids as they are read, once the namespace and imports are
    /// known, these prelude names naming shapes of the namespace.
    early_wanted: Option<prelude::Names>,
    pub(super) early: Option<Early<'a>>,
    /// In a trait value: its ids are resolved at once. Other values are
    /// checked with their ids marked, then resolved (`resolve_marks`).
    pub(super) in_trait: bool,
    /// The names of the last traits read, as written.
    pub(super) trait_names: Vec<&'a str>,
}

pub(super) const SIMPLE: &[&str] = &[
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

pub(super) const NODE_START: &str =
    "one of STRING('\"'), TEXT_BLOCK('\"\"\"'), NUMBER, IDENTIFIER, LBRACE('{'), LBRACKET('[')";

impl<'a> Parser<'a> {
    /// A parser of the text; `early` resolves ids as they are read (the
    /// prelude names it holds naming shapes of the namespace), else ids are
    /// marked for `resolve`.
    pub fn new(text: &'a str, early: Option<prelude::Names>) -> Self {
        let mut lexer = Lexer::new(text);
        let lines = Lines::new(lexer.text());
        let cur = lexer.next_token();
        Parser {
            lexer,
            cur,
            ahead: None,
            prev_end: 0,
            lines,
            file: File {
                // A file without `$version` is IDL 1.0.
                version: "1.0",
                ..File::default()
            },
            input_suffix: "Input".into(),
            output_suffix: "Output".into(),
            depth: 0,
            early_wanted: early,
            early: None,
            in_trait: false,
            trait_names: Vec::new(),
        }
    }

    /// A shape id as written: resolved, or marked for `resolve`.
    pub(super) fn shape_ref(&mut self, id: &str) -> String {
        match &mut self.early {
            Some(e) => e.resolve(id),
            None => mark(id),
        }
    }

    /// Resolves the marked ids of a value read outside a trait.
    pub(super) fn resolve_marks(&mut self, v: &mut Value) {
        if let Some(e) = &mut self.early {
            walk_value(v, &mut |id| e.resolve(id));
        }
    }

    pub fn file(mut self) -> Result<File, SyntaxError> {
        self.control_statements()?;
        while self.is_word("metadata") {
            self.bump();
            self.expect_same_line("a metadata key")?;
            self.expect_ws()?;
            let key = match self.next() {
                Token {
                    tok: Tok::Word(w), ..
                } if crate::shape_id::is_identifier(w) => w.to_string(),
                t @ Token {
                    tok: Tok::Word(w), ..
                } => {
                    self.check_form(w, t.start, Form::Identifier, "EQUAL('=')")?;
                    w.to_string()
                }
                Token {
                    tok: Tok::Str(w), ..
                } => w.into_owned(),
                t => {
                    return Err(self.error_at(
                        &t,
                        format!(
                            "Expected IDENTIFIER or STRING but found {}",
                            t.tok.describe()
                        ),
                    ))
                }
            };
            self.expect_same_line("'='")?;
            let eq = self.peek().start;
            self.expect_punct('=', "EQUAL('=')")?;
            self.expect_same_line("a metadata value")?;
            let vt = self.peek().clone();
            let value = self.value()?;
            if let Some(id) = unresolvable_in_metadata(&value) {
                return Err(self.error_at(
                    &vt,
                    format!("Syntactic shape ID `{id}` does not resolve to a valid shape ID: `smithy.api#{id}`"),
                ));
            }
            let mut value = value;
            strip_marks(&mut value);
            if self.file.metadata.insert(key.clone(), value).is_some() {
                return Err(self.error_at_offset(
                    eq,
                    format!("Metadata key `{key}` is defined more than once in the file"),
                ));
            }
            self.expect_br()?;
        }
        if self.is_word("namespace") {
            self.bump();
            self.expect_same_line("a namespace")?;
            self.expect_ws()?;
            let (ns, t) = self.expect_word()?;
            self.check_form(ns, t, Form::Namespace, "a namespace")?;
            self.file.namespace = Some(ns.to_string());
            self.expect_br()?;
            let mut uses = Vec::new();
            while self.is_word("use") {
                self.bump();
                self.expect_same_line("a shape id")?;
                self.expect_ws()?;
                let (id, t) = self.expect_word()?;
                self.check_form(id, t, Form::Absolute, "an absolute shape id")?;
                self.file.uses.push((id.to_string(), t));
                uses.push(id);
                self.expect_br()?;
            }
            if let Some(shadowed) = self.early_wanted {
                self.early = Some(Early::new(ns_of(&self.file), &uses, shadowed));
                self.file.early = true;
                self.file.shadowed = shadowed;
            }
        }
        if self.file.namespace.is_none() && !self.at_eof() {
            let t = self.peek();
            return Err(self.error_at(
                t,
                format!(
                    "Expected a namespace definition but found {}",
                    t.tok.describe()
                ),
            ));
        }
        while !self.at_eof() {
            self.shape_statement()?;
        }
        if let Some(e) = &self.early {
            self.file.read_as_prelude = e.read_as_prelude;
        }
        Ok(self.file)
    }

    pub(super) fn control_statements(&mut self) -> Result<(), SyntaxError> {
        let mut seen: Vec<&str> = Vec::new();
        while self.is_punct('$') {
            self.bump();
            let (name, _) = match &self.peek().tok {
                Tok::Word(_) if !self.peek().nl_before => self.expect_identifier()?,
                _ => return Err(self.expected("IDENTIFIER")),
            };
            self.expect_same_line("COLON(':')")?;
            self.expect_punct(':', "COLON(':')")?;
            self.expect_same_line("a value")?;
            let vt = self.peek().clone();
            let value = self.value()?;
            if seen.contains(&name) {
                return Err(self.error_at(&vt, format!("Duplicate control statement `{name}`")));
            }
            seen.push(name);
            let text = value.as_str().map(str::to_string);
            match name {
                "version" => match text.as_deref() {
                    Some("2" | "2.0") => self.file.version = "2.0",
                    Some("1" | "1.0") => self.file.version = "1.0",
                    _ => {
                        return Err(self
                            .error_at_offset(vt.end, format!("Unsupported IDL version {value}")))
                    }
                },
                "operationInputSuffix" | "operationOutputSuffix" => {
                    let Some(s) = text.filter(|s| crate::shape_id::is_identifier(s)) else {
                        return Err(
                            self.error_at(&vt, format!("`{name}` must be an identifier string"))
                        );
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

    pub(super) fn v2(&self) -> bool {
        self.file.version != "1.0"
    }
}

fn ns_of(file: &File) -> &str {
    file.namespace.as_deref().unwrap_or_default()
}
