//! Members of structures and unions: optionality, defaults, wire names and
//! Rust names.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{names, traits, Resolver};
use crate::ast;
use crate::ir::{self, DefaultValue, NamedKind, Presence, Ty};

impl Resolver<'_> {
    pub(super) fn structure(&mut self, id: &str, shape: &ast::Shape) -> ir::Structure {
        let input = traits::has(&shape.traits, traits::INPUT);
        let mut members = Vec::new();
        let mut fields: BTreeMap<String, String> = BTreeMap::new();
        let mut wires: BTreeMap<String, String> = BTreeMap::new();
        let mut streams = Vec::new();
        for (name, member) in &shape.members {
            let member_id = format!("{id}${name}");
            if self
                .shapes
                .get(&member.target)
                .is_some_and(|s| traits::has(&s.traits, traits::STREAMING))
            {
                // Streams travel outside the JSON body (an HTTP payload or an
                // event stream), so they are not members of the Rust type.
                streams.push(name.clone());
                continue;
            }
            let Some(ty) = self.member_ty(&member_id, member, 0) else {
                continue;
            };
            let field = names::field_name(name);
            if let Some(other) = fields.insert(names::unraw(&field).to_string(), name.clone()) {
                self.error(
                    &member_id,
                    "",
                    format!("members `{other}` and `{name}` both map to the Rust field `{field}`"),
                );
            }
            let wire = self.wire_name(name, member);
            if let Some(other) = wires.insert(wire.clone(), name.clone()) {
                self.error(
                    &member_id,
                    "",
                    format!("members `{other}` and `{name}` share the JSON name `{wire}`"),
                );
            }
            let presence = self.presence(&member_id, member, &ty, input);
            let check = self.value_check(&member_id, member, &ty);
            let bare = names::unraw(&field).to_string();
            members.push(ir::Member {
                name: name.clone(),
                // The builder's own `build()` keeps its name; the member's setter yields.
                setter: if field == "build" {
                    "build_value".to_string()
                } else {
                    field.clone()
                },
                option_setter: format!("set_{bare}"),
                field,
                wire,
                docs: traits::docs(&member.traits).or_else(|| self.target_docs(&member.target)),
                deprecated: traits::deprecation(&member.traits),
                required: traits::has(&member.traits, traits::REQUIRED),
                sensitive: self.is_sensitive(&member.target, 0),
                boxed: false,
                presence,
                check,
                ty,
            });
        }
        for m in &members {
            if let Some(other) = fields.get(m.option_setter.as_str()) {
                self.error(
                    &format!("{id}${}", m.name),
                    "",
                    format!("its builder setter `{}` would collide with the setter of the member `{other}`", m.option_setter),
                );
            }
        }
        let error = shape
            .traits
            .get(traits::ERROR)
            .and_then(Value::as_str)
            .map(str::to_string);
        let builder_fallible = members.iter().any(|m| m.presence == Presence::Required);
        ir::Structure {
            members,
            error,
            builder_fallible,
            streams,
            http_body: None,
        }
    }

    /// `@jsonName` under restJson1; the member name otherwise (awsJson ignores it).
    fn wire_name(&self, name: &str, member: &ast::Member) -> String {
        match traits::string(&member.traits, traits::JSON_NAME) {
            Some(json) if self.use_json_name => json.to_string(),
            _ => name.to_string(),
        }
    }

    fn target_docs(&self, target: &str) -> Option<String> {
        // Named types carry their own docs; simple targets lend theirs to members.
        if self.type_index.contains_key(target) {
            return None;
        }
        traits::docs(&self.shapes.get(target)?.traits)
    }

    fn is_sensitive(&self, target: &str, depth: usize) -> bool {
        let Some(shape) = self.shapes.get(target) else {
            return false;
        };
        if traits::has(&shape.traits, traits::SENSITIVE) {
            return true;
        }
        if depth > 64 || self.type_index.contains_key(target) {
            return false;
        }
        [&shape.member, &shape.key, &shape.value]
            .into_iter()
            .flatten()
            .any(|m| self.is_sensitive(&m.target, depth + 1))
    }

    /// Smithy's client optionality rules (aggregate-types, structure optionality).
    fn presence(
        &mut self,
        member_id: &str,
        member: &ast::Member,
        ty: &Ty,
        input: bool,
    ) -> Presence {
        if input || traits::has(&member.traits, traits::CLIENT_OPTIONAL) {
            return Presence::Optional;
        }
        // Smithy 1.0: `@box` makes a member that targets a primitive nullable.
        let boxed = traits::has(&member.traits, "smithy.api#box");
        let default = member.traits.get(traits::DEFAULT).cloned().or_else(|| {
            if boxed {
                None
            } else {
                super::prelude_default(&member.target)
            }
        });
        match default {
            Some(Value::Null) => Presence::Optional,
            Some(value) => match self.default_value(ty, &value) {
                Ok(d) => Presence::Default(d),
                Err(msg) => {
                    self.error(
                        member_id,
                        "/traits/smithy.api#default",
                        format!("@default({value}) {msg}"),
                    );
                    Presence::Optional
                }
            },
            None if traits::has(&member.traits, traits::REQUIRED) => Presence::Required,
            None => Presence::Optional,
        }
    }

    fn default_value(&self, ty: &Ty, value: &Value) -> Result<DefaultValue, String> {
        let int = |min: i64, max: i64| match value.as_i64() {
            Some(v) if (min..=max).contains(&v) => Ok(DefaultValue::Int(v)),
            _ => Err(format!(
                "does not fit the member's type (expected an integer from {min} to {max})"
            )),
        };
        match ty {
            Ty::Bool => value
                .as_bool()
                .map(DefaultValue::Bool)
                .ok_or_else(|| "is not a boolean".into()),
            Ty::Byte => int(i8::MIN.into(), i8::MAX.into()),
            Ty::Short => int(i16::MIN.into(), i16::MAX.into()),
            Ty::Integer => int(i32::MIN.into(), i32::MAX.into()),
            Ty::Long => int(i64::MIN, i64::MAX),
            Ty::Float if value.as_f64().is_some_and(|f| f.abs() > f32::MAX.into()) => {
                Err("does not fit the member's type (a 32-bit float)".into())
            }
            Ty::Float | Ty::Double => value
                .as_f64()
                .map(DefaultValue::Float)
                .ok_or_else(|| "is not a number".into()),
            Ty::String => value
                .as_str()
                .map(|s| DefaultValue::String(s.into()))
                .ok_or_else(|| "is not a string".into()),
            Ty::Blob if value.as_str() == Some("") => Ok(DefaultValue::EmptyBlob),
            Ty::Blob => value
                .as_str()
                .and_then(|text| {
                    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, text).ok()
                })
                .map(DefaultValue::Blob)
                .ok_or_else(|| "is not a base64 string".into()),
            Ty::List { .. } if value.as_array().is_some_and(Vec::is_empty) => {
                Ok(DefaultValue::EmptyList)
            }
            Ty::List { .. } => Err("a list default must be empty".into()),
            Ty::Map { .. } if value.as_object().is_some_and(|o| o.is_empty()) => {
                Ok(DefaultValue::EmptyMap)
            }
            Ty::Map { .. } => Err("a map default must be empty".into()),
            Ty::Timestamp(_) => value
                .as_i64()
                .map(DefaultValue::Timestamp)
                .ok_or_else(|| "is not a timestamp in epoch seconds".into()),
            Ty::Document => Ok(DefaultValue::Document(value.to_string())),
            Ty::BigInteger | Ty::BigDecimal => match value {
                Value::Number(n) => Ok(DefaultValue::BigNumber(n.to_string())),
                Value::String(s) if big_number_text(s, *ty == Ty::BigInteger) => {
                    Ok(DefaultValue::BigNumber(s.clone()))
                }
                _ => Err("is not a number".into()),
            },
            Ty::Named(i) => match &self.types[*i].kind {
                NamedKind::Enum(e) => {
                    let v = value.as_str().ok_or("is not a string")?;
                    e.variants
                        .iter()
                        .find(|x| x.value == v)
                        .map(|x| DefaultValue::EnumVariant(x.name.clone()))
                        .ok_or_else(|| {
                            format!("is not a value of the enum `{}`", self.types[*i].shape_id)
                        })
                }
                NamedKind::IntEnum(e) => {
                    let v = value.as_i64().ok_or("is not an integer")?;
                    e.variants
                        .iter()
                        .any(|x| i64::from(x.value) == v)
                        .then_some(DefaultValue::IntEnumValue(v))
                        .ok_or_else(|| {
                            format!(
                                "is not a value of the intEnum `{}`",
                                self.types[*i].shape_id
                            )
                        })
                }
                _ => Err("structures and unions cannot have a default".into()),
            },
        }
    }

    pub(super) fn union(&mut self, id: &str, shape: &ast::Shape) -> ir::Union {
        if shape.members.is_empty() {
            self.error(id, "/members", "a union needs at least one member");
        }
        let mut variants = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (name, member) in &shape.members {
            let member_id = format!("{id}${name}");
            let unit = member.target == "smithy.api#Unit"
                || self
                    .shapes
                    .get(&member.target)
                    .is_some_and(|s| traits::has(&s.traits, traits::UNIT_TYPE));
            let ty = if unit {
                None
            } else {
                match self.member_ty(&member_id, member, 0) {
                    Some(ty) => Some(ty),
                    None => continue,
                }
            };
            let variant = names::type_name(name);
            if let Some(other) = seen.insert(variant.clone(), name.clone()) {
                self.error(
                    &member_id,
                    "",
                    format!(
                        "members `{other}` and `{name}` both map to the Rust variant `{variant}`"
                    ),
                );
            }
            let wire = self.wire_name(name, member);
            let check = ty
                .as_ref()
                .and_then(|t| self.value_check(&member_id, member, t));
            variants.push(ir::UnionVariant {
                name: variant,
                member: name.clone(),
                wire,
                docs: traits::docs(&member.traits).or_else(|| self.target_docs(&member.target)),
                deprecated: traits::deprecation(&member.traits),
                boxed: false,
                sensitive: self.is_sensitive(&member.target, 0),
                check,
                ty,
            });
        }
        let unknown_variant = unknown_name(variants.iter().map(|v| v.name.as_str()));
        ir::Union {
            variants,
            unknown_variant,
        }
    }
}

/// `Unknown`, unless a known variant already has that name.
pub(super) fn unknown_name<'a>(variants: impl Iterator<Item = &'a str> + Clone) -> String {
    ["Unknown", "UnknownValue", "UnknownVariant"]
        .into_iter()
        .find(|n| !variants.clone().any(|v| v == *n))
        .unwrap_or("UnknownVariantValue")
        .to_string()
}

/// Whether `s` is the text of a big integer (or, with `integer` false, decimal).
fn big_number_text(s: &str, integer: bool) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if integer {
        return !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    }
    serde_json::from_str::<serde_json::Number>(s).is_ok()
}
