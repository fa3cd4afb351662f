//! Rust names for Smithy names. Rules:
//! - types and variants: UpperCamelCase; fields, setters and modules: snake_case (heck);
//! - a Rust keyword becomes a raw identifier (`type` -> `r#type`), except `self`,
//!   `Self`, `crate` and `super`, which cannot be raw and get a `_value` / `Value`
//!   suffix; a name that would start with a digit gets a `v` / `V` prefix.

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield", "union",
];

/// Prelude names that generated code uses unqualified; see `NamedType::local_name`.
pub const PRELUDE: &[&str] = &[
    "AsRef", "Box", "Err", "From", "Into", "None", "Ok", "Option", "Result", "Some", "String",
    "Vec",
];

const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// `JobExecution`, `jobExecution`, `job_execution` -> `JobExecution`.
pub fn type_name(smithy: &str) -> String {
    let camel = smithy.to_upper_camel_case();
    let camel = if camel.is_empty() {
        "Value".to_string()
    } else {
        camel
    };
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    };
    if NOT_RAW.contains(&camel.as_str()) {
        format!("{camel}Value")
    } else {
        camel
    }
}

/// `jobId` -> `job_id`; `type` -> `r#type`; `self` -> `self_value`.
pub fn field_name(smithy: &str) -> String {
    let snake = smithy.to_snake_case();
    let snake = if snake.is_empty() {
        "value".to_string()
    } else {
        snake
    };
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("v{snake}")
    } else {
        snake
    };
    if NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_value")
    } else if KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        snake
    }
}

/// Whether a snake_case name is a Rust keyword (and so cannot be used bare).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || NOT_RAW.contains(&name)
}

/// A name without its `r#` prefix, for building other names from it.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// SCREAMING_SNAKE_CASE for statics.
pub fn static_name(smithy: &str) -> String {
    unraw(&field_name(smithy)).to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_upper_camel_case() {
        assert_eq!(type_name("JobExecution"), "JobExecution");
        assert_eq!(type_name("errorMessage"), "ErrorMessage");
        assert_eq!(type_name("IN_PROGRESS"), "InProgress");
        assert_eq!(type_name("self"), "SelfValue");
        assert_eq!(type_name("1st"), "V1st");
    }

    #[test]
    fn fields_are_snake_case_and_keywords_are_escaped() {
        assert_eq!(field_name("jobId"), "job_id");
        assert_eq!(
            field_name("approximateSecondsBeforeTimedOut"),
            "approximate_seconds_before_timed_out"
        );
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("Match"), "r#match");
        assert_eq!(field_name("self"), "self_value");
        assert_eq!(field_name("crate"), "crate_value");
        assert_eq!(field_name("Super"), "super_value");
        assert_eq!(field_name("2fa"), "v2fa");
        assert_eq!(static_name("type"), "TYPE");
    }
}
