//! Enums, intEnums and the Smithy 1.0 `@enum` trait: values, variant names
//! and their checks.

use std::collections::BTreeMap;

use serde_json::Value;

use super::members::unknown_name;
use super::{names, traits, Resolver};
use crate::ast::{self, ShapeType};
use crate::ir;

impl Resolver<'_> {
    pub(super) fn enumeration(&mut self, id: &str, shape: &ast::Shape) -> ir::Enum {
        let mut variants = Vec::new();
        if shape.ty == ShapeType::String {
            // The Smithy 1.0 `@enum` trait: a list of `{value, name?, documentation?, deprecated?, tags?}`.
            let Some(list) = shape.traits.get(traits::ENUM).and_then(Value::as_array) else {
                self.error(
                    id,
                    "/traits/smithy.api#enum",
                    "@enum must be a list of enum definitions",
                );
                return ir::Enum {
                    variants,
                    unknown_variant: "Unknown".into(),
                    sensitive: false,
                };
            };
            for (i, def) in list.iter().enumerate() {
                let Some(value) = def.get("value").and_then(Value::as_str) else {
                    self.error(
                        id,
                        &format!("/traits/smithy.api#enum/{i}"),
                        "an enum definition needs a string `value`",
                    );
                    continue;
                };
                let name = def.get("name").and_then(Value::as_str).unwrap_or(value);
                let tags = def.get("tags").and_then(Value::as_array);
                variants.push(ir::EnumVariant {
                    name: names::type_name(name),
                    value: value.to_string(),
                    docs: def
                        .get("documentation")
                        .and_then(Value::as_str)
                        .map(crate::docs::to_markdown)
                        .filter(|d| !d.trim().is_empty()),
                    deprecated: def
                        .get("deprecated")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                        .then_some(ir::Deprecation {
                            message: None,
                            since: None,
                        }),
                    internal: tags.is_some_and(|t| t.iter().any(|x| x == "internal")),
                });
            }
        } else {
            for (name, member) in &shape.members {
                let value = match member.traits.get(traits::ENUM_VALUE) {
                    None => name.clone(),
                    Some(Value::String(v)) if !v.is_empty() => v.clone(),
                    Some(other) => {
                        self.error(
                            &format!("{id}${name}"),
                            "/traits/smithy.api#enumValue",
                            format!("an enum value must be a non-empty string, found {other}"),
                        );
                        continue;
                    }
                };
                variants.push(ir::EnumVariant {
                    name: names::type_name(name),
                    value,
                    docs: traits::docs(&member.traits),
                    deprecated: traits::deprecation(&member.traits),
                    internal: traits::has(&member.traits, traits::INTERNAL),
                });
            }
        }
        if variants.is_empty() {
            self.error(id, "", "an enum needs at least one value");
        }
        self.check_variants(
            id,
            variants.iter().map(|v| (v.name.as_str(), v.value.clone())),
        );
        variants.sort_by(|a, b| a.name.cmp(&b.name));
        let unknown_variant = unknown_name(variants.iter().map(|v| v.name.as_str()));
        ir::Enum {
            variants,
            unknown_variant,
            sensitive: traits::has(&shape.traits, traits::SENSITIVE),
        }
    }

    pub(super) fn int_enum(&mut self, id: &str, shape: &ast::Shape) -> ir::IntEnum {
        let mut variants = Vec::new();
        for (name, member) in &shape.members {
            let value = match member
                .traits
                .get(traits::ENUM_VALUE)
                .and_then(Value::as_i64)
                .map(i32::try_from)
            {
                Some(Ok(v)) => v,
                _ => {
                    self.error(
                        &format!("{id}${name}"),
                        "/traits/smithy.api#enumValue",
                        "an intEnum member needs an integer @enumValue that fits in 32 bits",
                    );
                    continue;
                }
            };
            variants.push(ir::IntEnumVariant {
                name: names::type_name(name),
                value,
                docs: traits::docs(&member.traits),
                deprecated: traits::deprecation(&member.traits),
                internal: traits::has(&member.traits, traits::INTERNAL),
            });
        }
        if variants.is_empty() {
            self.error(id, "", "an intEnum needs at least one member");
        }
        self.check_variants(
            id,
            variants
                .iter()
                .map(|v| (v.name.as_str(), v.value.to_string())),
        );
        variants.sort_by(|a, b| a.name.cmp(&b.name));
        let unknown_variant = unknown_name(variants.iter().map(|v| v.name.as_str()));
        ir::IntEnum {
            variants,
            unknown_variant,
        }
    }

    fn check_variants<'a>(&mut self, id: &str, variants: impl Iterator<Item = (&'a str, String)>) {
        let mut names: BTreeMap<&str, String> = BTreeMap::new();
        let mut values: BTreeMap<String, &str> = BTreeMap::new();
        let mut problems = Vec::new();
        for (name, value) in variants {
            if let Some(other) = values.insert(value.clone(), name) {
                problems.push(format!(
                    "the value {value:?} is given twice (variants `{other}` and `{name}`)"
                ));
            }
            if let Some(other) = names.insert(name, value.clone()) {
                problems.push(format!(
                    "the values {other:?} and {value:?} both map to the Rust variant `{name}`"
                ));
            }
        }
        for p in problems {
            self.error(id, "", p);
        }
    }
}
