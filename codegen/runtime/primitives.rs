//! Small types that generated code relies on.

use std::fmt;

/// An enum value or union member that this version of the crate does not know.
/// Only the crate creates it, from input it read, so a known value is never
/// held as unknown.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        UnknownValue(value.into())
    }

    /// The value (or union member name) exactly as it was read.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An intEnum value that this version of the crate does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownIntValue(i32);

impl UnknownIntValue {
    #[doc(hidden)]
    pub fn new(value: i32) -> Self {
        UnknownIntValue(value)
    }

    /// The value exactly as it was read.
    pub fn value(&self) -> i32 {
        self.0
    }
}

/// A builder's `build()` found a required member unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    member: &'static str,
}

impl BuildError {
    #[doc(hidden)]
    pub fn missing(member: &'static str) -> Self {
        BuildError { member }
    }

    /// The Smithy name of the member that is missing.
    pub fn member(&self) -> &'static str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the required member `{}` was not set", self.member)
    }
}

impl std::error::Error for BuildError {}
