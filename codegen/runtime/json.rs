//! JSON entry points: parse with errors that name the JSON Pointer, line and
//! column of the failure, and parse-and-validate for untrusted input.

use std::fmt;

use crate::validation::{Validate, ValidationErrors, Violation};

/// A payload that is not valid JSON for the type.
#[derive(Debug)]
pub struct JsonError {
    pointer: String,
    inner: serde_json::Error,
}

impl JsonError {
    /// An error of the whole document.
    #[allow(dead_code)]
    pub(crate) fn without_pointer(inner: serde_json::Error) -> Self {
        JsonError {
            pointer: String::new(),
            inner,
        }
    }

    /// JSON Pointer of the member that failed (`/queuedAt`), `""` for the document.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// 1-based line of the failure (0 when not known).
    pub fn line(&self) -> usize {
        self.inner.line()
    }

    /// 1-based column of the failure (0 when not known).
    pub fn column(&self) -> usize {
        self.inner.column()
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "invalid JSON document: {}", self.inner)
        } else {
            write!(f, "invalid JSON at '{}': {}", self.pointer, self.inner)
        }
    }
}

impl std::error::Error for JsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.inner)
    }
}

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
pub fn from_str<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, JsonError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = crate::lenient::located(|| T::deserialize(&mut de))
        .map_err(|(pointer, inner)| JsonError { pointer, inner })?;
    de.end().map_err(|inner| JsonError {
        pointer: String::new(),
        inner,
    })?;
    Ok(value)
}

/// Parses JSON and validates every constraint: for untrusted input. A
/// missing or `null` `@required` member, at any depth, is a violation
/// ("must not be null") reported with the others, not a parse error.
pub fn from_str_validated<T: serde::de::DeserializeOwned + Validate>(
    json: &str,
) -> Result<T, ParseError> {
    let (value, missing) = from_str_lenient::<T>(json)?;
    if missing.is_empty() {
        value.validate()?;
        return Ok(value);
    }
    Err(ParseError::Invalid(with_missing(&value, missing)))
}

/// Reads untrusted JSON (`lenient`): the value, with placeholders where
/// `@required` members are missing, and those members' pointers.
pub(crate) fn from_str_lenient<T: serde::de::DeserializeOwned>(
    json: &str,
) -> Result<(T, Vec<String>), JsonError> {
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
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, JsonError> {
    serde_json::to_string(value).map_err(|inner| JsonError {
        pointer: String::new(),
        inner,
    })
}

/// `T::from_json(text)` and `T::from_json_validated(text)` for every generated
/// type (`use <crate>::json::FromJson`).
pub trait FromJson: serde::de::DeserializeOwned {
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

impl<T: serde::de::DeserializeOwned> FromJson for T {}
