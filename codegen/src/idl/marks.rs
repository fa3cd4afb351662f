//! Marked strings: a node value's shape id that is not resolved yet starts
//! with [`MARK`], and a trait written without a value is [`ANNOTATION`],
//! until the `resolve` module decides them. Shared by the parser, its node
//! values, early resolution and `resolve`.

use serde_json::Value;

/// Starts a string that holds a relative (not yet resolved) shape id.
pub const MARK: char = '\u{1}';

/// The value of a trait written without one (`@name` or `@name()`): `[]` for
/// a list trait, `{}` otherwise, decided once trait types are known.
pub const ANNOTATION: &str = "\u{2}annotation";

pub fn mark(id: &str) -> String {
    let mut s = String::with_capacity(id.len() + 1);
    s.push(MARK);
    s.push_str(id);
    s
}

/// Metadata comes before the namespace: its bare shape ids must be absolute
/// or name a prelude shape.
pub fn unresolvable_in_metadata(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let id = s.strip_prefix(MARK)?;
            let base = id.split('$').next().unwrap_or(id);
            (!id.contains('#') && !super::prelude::is_prelude(base)).then(|| id.to_string())
        }
        Value::Array(a) => a.iter().find_map(unresolvable_in_metadata),
        Value::Object(m) => m.values().find_map(unresolvable_in_metadata),
        _ => None,
    }
}

/// Bare words in metadata stay as written.
pub fn strip_marks(v: &mut Value) {
    match v {
        Value::String(s) if s.starts_with(MARK) => {
            s.remove(0);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_marks),
        // Keys are never marked.
        Value::Object(m) => m.values_mut().for_each(strip_marks),
        _ => {}
    }
}
