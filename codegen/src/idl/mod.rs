//! Smithy IDL (`.smithy`) files, parsed into the same JSON AST value that the
//! JSON loader decodes, so later stages cannot tell the two apart.

mod checks;
mod lexer;
mod parser;
mod prelude;
mod resolve;

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

/// A syntax (or IDL-level) error at a line and column of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Syntax error at line {}, column {}: {}",
            self.line, self.col, self.message
        )
    }
}

/// Parses one IDL file into a JSON AST object
/// (`{"smithy": "2.0", "metadata": {...}, "shapes": {...}}`), resolving
/// relative shape ids as if the file were the whole model.
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    parse_file(text)?.into_json(&BTreeSet::new())
}

/// Parses one IDL file, keeping its shape ids relative until the shapes of
/// the other files of the model are known (see [`Parsed::into_json`]).
pub fn parse_file(text: &str) -> Result<Parsed, SyntaxError> {
    let tokens = lexer::tokenize(text)?;
    Ok(Parsed(parser::Parser::new(tokens).file()?))
}

/// A parsed IDL file whose relative shape ids are not resolved yet.
#[derive(Debug)]
pub struct Parsed(parser::File);

impl Parsed {
    /// Absolute ids of the shapes the file defines.
    pub fn shape_ids(&self) -> Vec<String> {
        let ns = self.0.namespace.clone().unwrap_or_default();
        self.0
            .shapes
            .iter()
            .map(|s| format!("{ns}#{}", s.name))
            .collect()
    }

    /// The JSON AST value. A relative id names a shape of the file's
    /// namespace when the file or `others` (ids of the model's other shapes)
    /// defines it, else a prelude shape.
    pub fn into_json(self, others: &BTreeSet<String>) -> Result<Value, SyntaxError> {
        resolve::to_json(self.0, others)
    }
}
