//! Trait ids and typed access to the trait values the generator uses.

use serde_json::Value;

use crate::ast::Traits;

pub const DOCUMENTATION: &str = "smithy.api#documentation";
pub const REQUIRED: &str = "smithy.api#required";
pub const DEFAULT: &str = "smithy.api#default";
pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
pub const INPUT: &str = "smithy.api#input";
pub const SPARSE: &str = "smithy.api#sparse";
pub const JSON_NAME: &str = "smithy.api#jsonName";
pub const SENSITIVE: &str = "smithy.api#sensitive";
pub const ERROR: &str = "smithy.api#error";
pub const DEPRECATED: &str = "smithy.api#deprecated";
pub const LENGTH: &str = "smithy.api#length";
pub const RANGE: &str = "smithy.api#range";
pub const PATTERN: &str = "smithy.api#pattern";
pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
pub const ENUM: &str = "smithy.api#enum";
pub const ENUM_VALUE: &str = "smithy.api#enumValue";
pub const INTERNAL: &str = "smithy.api#internal";
pub const MIXIN: &str = "smithy.api#mixin";
pub const TRAIT: &str = "smithy.api#trait";
pub const UNIT_TYPE: &str = "smithy.api#unitType";
pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
pub const STREAMING: &str = "smithy.api#streaming";

/// Traits that constrain values; a member's own override its target's.
pub const CONSTRAINTS: &[&str] = &[LENGTH, RANGE, PATTERN, UNIQUE_ITEMS];

pub fn has(traits: &Traits, id: &str) -> bool {
    traits.contains_key(id)
}

pub fn string<'a>(traits: &'a Traits, id: &str) -> Option<&'a str> {
    traits.get(id).and_then(Value::as_str)
}

pub fn docs(traits: &Traits) -> Option<String> {
    let md = crate::docs::to_markdown(string(traits, DOCUMENTATION)?);
    (!md.is_empty()).then_some(md)
}

pub fn deprecation(traits: &Traits) -> Option<crate::ir::Deprecation> {
    let value = traits.get(DEPRECATED)?;
    let field = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
    Some(crate::ir::Deprecation {
        message: field("message"),
        since: field("since"),
    })
}

/// `min`/`max` of `@length` or `@range`, as the model writes them.
pub fn bounds(value: &Value) -> Result<crate::ir::Bounds, String> {
    let Some(obj) = value.as_object() else {
        return Err("must be an object with `min` and/or `max`".into());
    };
    let bound = |k: &str| -> Result<Option<String>, String> {
        match obj.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(format!("`{k}` must be a number, found {other}")),
        }
    };
    let b = crate::ir::Bounds {
        min: bound("min")?,
        max: bound("max")?,
    };
    if b.min.is_none() && b.max.is_none() {
        return Err("needs `min` or `max`".into());
    }
    Ok(b)
}
