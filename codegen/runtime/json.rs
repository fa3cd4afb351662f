//! JSON entry points: parse with errors that name the JSON Pointer, line and
//! column of the failure, and parse-and-validate for untrusted input.

use std::fmt;

use crate::codec::{ReadJson, WriteJson};
use crate::json_read::{ReadError, Reader};
use crate::json_write::Writer;
use crate::validation::{Validate, ValidationErrors, Violation};

/// A payload that is not valid JSON for the type, or a value without a JSON form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pointer: String,
    message: String,
    line: usize,
    column: usize,
}

impl JsonError {
    /// An error of the whole document, without a position.
    #[allow(dead_code)]
    pub(crate) fn without_pointer(message: impl ToString) -> Self {
        JsonError {
            pointer: String::new(),
            message: message.to_string(),
            line: 0,
            column: 0,
        }
    }

    /// JSON Pointer of the member that failed (`/queuedAt`), `""` for the document.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// 1-based line of the failure (0 when not known).
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column of the failure (0 when not known).
    pub fn column(&self) -> usize {
        self.column
    }
}

impl From<ReadError> for JsonError {
    fn from(e: ReadError) -> Self {
        JsonError {
            pointer: e.pointer().to_string(),
            message: e.message().to_string(),
            line: e.line(),
            column: e.column(),
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "invalid JSON document: {}", self.message)?;
        } else {
            write!(f, "invalid JSON at '{}': {}", self.pointer, self.message)?;
        }
        if self.line > 0 {
            write!(f, " at line {} column {}", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonError {}

/// Why untrusted input was refused: not the type's JSON, or constraints violated.
#[derive(Debug)]
pub enum ParseError {
    /// Not JSON, or not this type's JSON.
    Json(JsonError),
    /// The type's JSON, violating its constraints.
    Invalid(ValidationErrors),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Json(e) => e.fmt(f),
            ParseError::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ParseError::Json(e) => Some(e),
            ParseError::Invalid(e) => Some(e),
        }
    }
}

impl From<JsonError> for ParseError {
    fn from(e: JsonError) -> Self {
        ParseError::Json(e)
    }
}

impl From<ValidationErrors> for ParseError {
    fn from(e: ValidationErrors) -> Self {
        ParseError::Invalid(e)
    }
}

/// Parses JSON leniently about constraints and strictly about types.
pub fn from_str<T: ReadJson>(json: &str) -> Result<T, JsonError> {
    let mut reader = Reader::new(json);
    let value = T::read_json(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Parses JSON and validates every constraint: for untrusted input. A
/// missing or `null` `@required` member, at any depth, is a violation
/// ("must not be null") reported with the others, not a parse error.
pub fn from_str_validated<T: ReadJson + Validate>(json: &str) -> Result<T, ParseError> {
    let (value, missing) = from_str_lenient::<T>(json)?;
    if missing.is_empty() {
        value.validate()?;
        return Ok(value);
    }
    Err(ParseError::Invalid(with_missing(&value, missing)))
}

/// Reads untrusted JSON (`lenient`): the value, with placeholders where
/// `@required` members are missing, and those members' pointers.
pub(crate) fn from_str_lenient<T: ReadJson>(json: &str) -> Result<(T, Vec<String>), JsonError> {
    let lenient = crate::lenient::Lenient::start();
    let value = from_str::<T>(json);
    let missing = lenient.finish();
    value.map(|v| (v, missing))
}

/// The violations of a value read with placeholders for missing members:
/// those members, and what else is wrong outside them.
pub(crate) fn with_missing<T: Validate>(value: &T, missing: Vec<String>) -> ValidationErrors {
    let mut found = Vec::new();
    value.validate_at(&crate::validation::Path::ROOT, &mut found);
    let under_missing = |path: &str| {
        missing.iter().any(|m| {
            path.strip_prefix(m.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    };
    found.retain(|v| !under_missing(v.path()));
    let mut violations: Vec<Violation> = missing.into_iter().map(Violation::missing).collect();
    violations.extend(found);
    ValidationErrors::new(violations)
}

/// Writes the value as compact JSON.
pub fn to_string<T: WriteJson>(value: &T) -> Result<String, JsonError> {
    let mut writer = Writer::new();
    value.write_json(&mut writer);
    writer.finish().map_err(JsonError::without_pointer)
}

/// `T::from_json(text)` and `T::from_json_validated(text)` for every generated
/// type (`use <crate>::json::FromJson`).
pub trait FromJson: ReadJson {
    /// Parses leniently about constraints, strictly about JSON types.
    fn from_json(json: &str) -> Result<Self, JsonError> {
        from_str(json)
    }

    /// Parses and validates: for untrusted input.
    fn from_json_validated(json: &str) -> Result<Self, ParseError>
    where
        Self: Validate,
    {
        from_str_validated(json)
    }
}

impl<T: ReadJson> FromJson for T {}
