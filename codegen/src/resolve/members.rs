//! Members of structures, unions and enums: optionality, defaults, wire
//! names, Rust names and the checks `validate()` runs on them.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{names, patterns, traits, Resolver};
use crate::ast::{self, ShapeType};
use crate::ir::{self, Check, DefaultValue, NamedKind, Presence, Ty};

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
            let wire = match traits::string(&member.traits, traits::JSON_NAME) {
                Some(json) if self.use_json_name => json.to_string(),
                _ => name.clone(),
            };
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
                setter: field.clone(),
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
            if m.setter == "build" || fields.contains_key(m.option_setter.as_str()) {
                let what = if m.setter == "build" {
                    "`build`".to_string()
                } else {
                    format!("the member `{}`", m.option_setter)
                };
                self.error(
                    &format!("{id}${}", m.name),
                    "",
                    format!("its builder setter would collide with {what}"),
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
            Ty::Float | Ty::Double => value
                .as_f64()
                .map(DefaultValue::Float)
                .ok_or_else(|| "is not a number".into()),
            Ty::String => value
                .as_str()
                .map(|s| DefaultValue::String(s.into()))
                .ok_or_else(|| "is not a string".into()),
            Ty::Blob if value.as_str() == Some("") => Ok(DefaultValue::EmptyBlob),
            Ty::Blob => Err("a blob default must be empty".into()),
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
            Ty::Document | Ty::BigInteger | Ty::BigDecimal => Err(
                "is not supported: this generator takes no defaults for documents and big numbers"
                    .into(),
            ),
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
            let wire = match traits::string(&member.traits, traits::JSON_NAME) {
                Some(json) if self.use_json_name => json.to_string(),
                _ => name.clone(),
            };
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
                        .map(crate::docs::to_markdown),
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

    /// The check `validate()` runs on a value of `ty` held by `member`: the
    /// member's own constraint traits override those of its target.
    pub(super) fn value_check(
        &mut self,
        member_id: &str,
        member: &ast::Member,
        ty: &Ty,
    ) -> Option<Check> {
        if let Ty::Named(_) = ty {
            return Some(Check::Nested);
        }
        let own = traits::CONSTRAINTS
            .iter()
            .any(|t| member.traits.contains_key(*t));
        let key = if own {
            member_id.to_string()
        } else {
            member.target.clone()
        };
        if let Some(&i) = self.validator_index.get(&key) {
            return Some(Check::Validator(i));
        }
        let mut constraints = self
            .shapes
            .get(&member.target)
            .map(|s| s.traits.clone())
            .unwrap_or_default();
        constraints.retain(|k, _| traits::CONSTRAINTS.contains(&k.as_str()));
        for t in traits::CONSTRAINTS {
            if let Some(v) = member.traits.get(*t) {
                constraints.insert(t.to_string(), v.clone());
            }
        }
        let target = self.shapes.get(&member.target).cloned();
        let mut validator = ir::Validator {
            fn_name: String::new(),
            shape_id: key.clone(),
            ty: ty.clone(),
            length: None,
            range: None,
            pattern: None,
            unique_items: false,
            item: None,
            key: None,
            value: None,
        };
        self.constraints(&key, &constraints, ty, &mut validator);
        if let Some(target) = &target {
            // A Smithy 1.0 set is a list whose items are unique.
            validator.unique_items |= target.ty == ShapeType::Set;
            let element = |name: &str, m: &Option<ast::Member>| {
                m.clone().map(|m| (format!("{}${name}", member.target), m))
            };
            match ty {
                Ty::List { item, .. } => {
                    if let Some((id, m)) = element("member", &target.member) {
                        validator.item = self.value_check(&id, &m, item);
                    }
                }
                Ty::Map {
                    key: k, value: v, ..
                } => {
                    if let Some((id, m)) = element("key", &target.key) {
                        validator.key = self.value_check(&id, &m, k);
                    }
                    if let Some((id, m)) = element("value", &target.value) {
                        validator.value = self.value_check(&id, &m, v);
                    }
                }
                _ => {}
            }
        }
        let empty = validator.length.is_none()
            && validator.range.is_none()
            && validator.pattern.is_none()
            && !validator.unique_items
            && validator.item.is_none()
            && validator.key.is_none()
            && validator.value.is_none();
        if empty {
            return None;
        }
        let base = match key.split_once('$') {
            Some((shape, m)) => format!(
                "{}_{}",
                names::unraw(&names::field_name(crate::shape_id::name_of(shape))),
                names::unraw(&names::field_name(m))
            ),
            None => names::unraw(&names::field_name(crate::shape_id::name_of(&key))).to_string(),
        };
        let mut fn_name = base.clone();
        let mut n = 2;
        while self.validators.iter().any(|v| v.fn_name == fn_name) {
            fn_name = format!("{base}_{n}");
            n += 1;
        }
        validator.fn_name = fn_name;
        let i = self.validators.len();
        self.validators.push(validator);
        self.validator_index.insert(key, i);
        Some(Check::Validator(i))
    }

    pub(super) fn constraints(
        &mut self,
        id: &str,
        constraints: &ast::Traits,
        ty: &Ty,
        v: &mut ir::Validator,
    ) {
        if let Some(value) = constraints.get(traits::LENGTH) {
            let at = "/traits/smithy.api#length";
            if !matches!(ty, Ty::String | Ty::Blob | Ty::List { .. } | Ty::Map { .. }) {
                self.error(
                    id,
                    at,
                    "@length applies only to strings, blobs, lists and maps",
                );
            } else {
                match traits::bounds(value) {
                    Ok(b) => {
                        let parse = |s: &Option<String>| s.as_deref().map(str::parse::<u64>);
                        match (parse(&b.min), parse(&b.max)) {
                            (Some(Err(_)), _) | (_, Some(Err(_))) => {
                                self.error(id, at, "@length bounds must be non-negative integers")
                            }
                            (Some(Ok(min)), Some(Ok(max))) if min > max => self.error(
                                id,
                                at,
                                format!("@length min {min} is greater than max {max}"),
                            ),
                            _ => v.length = Some(b),
                        }
                    }
                    Err(msg) => self.error(id, at, format!("@length {msg}")),
                }
            }
        }
        if let Some(value) = constraints.get(traits::RANGE) {
            let at = "/traits/smithy.api#range";
            let integral = matches!(
                ty,
                Ty::Byte | Ty::Short | Ty::Integer | Ty::Long | Ty::BigInteger
            );
            if !integral && !matches!(ty, Ty::Float | Ty::Double | Ty::BigDecimal) {
                self.error(id, at, "@range applies only to numbers");
            } else {
                match traits::bounds(value) {
                    Ok(b) => {
                        let parse = |s: &Option<String>| {
                            s.as_deref().map(|x| x.parse::<f64>().unwrap_or(f64::NAN))
                        };
                        let (min, max) = (parse(&b.min), parse(&b.max));
                        let fits = |x: Option<f64>| {
                            x.is_none_or(|x| {
                                !integral
                                    || (x.fract() == 0.0
                                        && (*ty == Ty::BigInteger || range_fits(ty, x)))
                            })
                        };
                        if !fits(min) || !fits(max) {
                            self.error(
                                id,
                                at,
                                "@range bounds of an integer type must be integers within the type",
                            );
                        } else if matches!((min, max), (Some(a), Some(b)) if a > b) {
                            self.error(
                                id,
                                at,
                                format!(
                                    "@range min {} is greater than max {}",
                                    b.min.as_deref().unwrap_or(""),
                                    b.max.as_deref().unwrap_or("")
                                ),
                            );
                        } else {
                            v.range = Some(b);
                        }
                    }
                    Err(msg) => self.error(id, at, format!("@range {msg}")),
                }
            }
        }
        if let Some(value) = constraints.get(traits::PATTERN) {
            let at = "/traits/smithy.api#pattern";
            match (value.as_str(), ty) {
                (Some(source), Ty::String) => match patterns::to_rust(source) {
                    Ok(translated) => v.pattern = Some(self.pattern(id, source, translated)),
                    Err(msg) => self.error(
                        id,
                        at,
                        format!("@pattern {source:?} cannot be matched exactly: {msg}"),
                    ),
                },
                (None, _) => self.error(id, at, "@pattern must be a string"),
                _ => self.error(id, at, "@pattern applies only to strings"),
            }
        }
        if constraints.contains_key(traits::UNIQUE_ITEMS) {
            match ty {
                Ty::List { sparse: false, .. } => v.unique_items = true,
                Ty::List { sparse: true, .. } => self.error(
                    id,
                    "/traits/smithy.api#uniqueItems",
                    "@uniqueItems conflicts with @sparse",
                ),
                _ => self.error(
                    id,
                    "/traits/smithy.api#uniqueItems",
                    "@uniqueItems applies only to lists",
                ),
            }
        }
    }

    fn pattern(&mut self, id: &str, source: &str, translated: patterns::Translated) -> usize {
        if let Some(&i) = self.pattern_index.get(source) {
            return i;
        }
        let (shape, member) = id.split_once('$').map_or((id, None), |(s, m)| (s, Some(m)));
        let mut base = names::static_name(crate::shape_id::name_of(shape));
        if let Some(m) = member {
            base = format!("{base}_{}", names::static_name(m));
        }
        let mut name = base.clone();
        let mut n = 2;
        while self.patterns.iter().any(|p| p.static_name == name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.pattern_index
            .insert(source.to_string(), self.patterns.len());
        self.patterns.push(ir::Pattern {
            source: source.to_string(),
            rust: translated.rust,
            static_name: name,
            fancy: translated.fancy,
        });
        self.patterns.len() - 1
    }
}

fn range_fits(ty: &Ty, x: f64) -> bool {
    let (min, max) = match ty {
        Ty::Byte => (i8::MIN as f64, i8::MAX as f64),
        Ty::Short => (i16::MIN as f64, i16::MAX as f64),
        Ty::Integer => (i32::MIN as f64, i32::MAX as f64),
        _ => (i64::MIN as f64, i64::MAX as f64),
    };
    (min..=max).contains(&x)
}

/// `Unknown`, unless a known variant already has that name.
fn unknown_name<'a>(variants: impl Iterator<Item = &'a str> + Clone) -> String {
    ["Unknown", "UnknownValue", "UnknownVariant"]
        .into_iter()
        .find(|n| !variants.clone().any(|v| v == *n))
        .unwrap_or("UnknownVariantValue")
        .to_string()
}
