//! Smithy IDL (`.smithy`) files, parsed into the same JSON AST value that the
//! JSON loader decodes, so later stages cannot tell the two apart.

mod checks;
mod lexer;
mod parser;
mod prelude;
mod resolve;

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
/// (`{"smithy": "2.0", "metadata": {...}, "shapes": {...}}`).
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let tokens = lexer::tokenize(text)?;
    let file = parser::Parser::new(tokens).file()?;
    resolve::to_json(file)
}
