//! Resolves loaded shapes into the IR: applies `apply` traits and mixins,
//! picks the shapes that become Rust types, names them, decides optionality,
//! wire names and validators, and breaks recursion with `Box`.

mod assemble;
mod checks;
mod constraints;
mod deprecation;
mod enums;
mod members;
mod mqtt;
pub mod names;
mod operations;
mod recursion;
pub mod traits;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::ast::{self, ShapeType};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::{self, NamedKind, NamedType, Ty};
use crate::load::LoadedModel;

/// Builds the IR of a loaded model.
pub fn resolve(model: &LoadedModel, package: &str) -> Result<ir::Crate, Diagnostics> {
    let mut r = Resolver::new(model);
    let deferred = r.apply_traits(None);
    r.flatten_mixins();
    // Members a shape gets from its mixins exist only now.
    r.apply_traits(Some(&deferred));
    r.choose_types();
    r.build_types();
    r.check_unused_constraints();
    let operations = r.operations();
    let mqtt = r.mqtt_operations();
    let mut krate = ir::Crate {
        package: package.to_string(),
        docs: r.service_docs(),
        types: std::mem::take(&mut r.types),
        validators: std::mem::take(&mut r.validators),
        patterns: std::mem::take(&mut r.patterns),
        warnings: std::mem::take(&mut r.warnings),
        validators_use_deprecated: false,
        example_type: None,
        operations,
        protocol_tests: None,
        features: true,
        mqtt,
    };
    let cycles = recursion::required_cycles(&krate);
    for (member, cycle) in &cycles {
        r.error(
            member,
            "",
            format!("a cycle of @required members ({cycle}) can never be built; Smithy forbids it"),
        );
    }
    if cycles.is_empty() {
        for t in recursion::unbuildable(&krate) {
            let ty = &krate.types[t];
            let message = match ty.kind {
                NamedKind::Union(_) => {
                    "every member of this union leads back to it, so no value of it is finite; \
                     Smithy requires a recursive union to have a way out"
                }
                _ => {
                    "this structure's @required members lead back to it, through a union with \
                     no other way out, so no value of it is finite; Smithy forbids it"
                }
            };
            r.error(&ty.shape_id, "", message);
        }
    }
    recursion::box_cycles(&mut krate);
    checks::prune(&mut krate);
    deprecation::mark_uses(&mut krate);
    mark_placeholders(&mut krate);
    krate.example_type = example_type(&krate);
    r.diags.into_result(krate)
}

pub(crate) struct Resolver<'m> {
    model: &'m LoadedModel,
    shapes: BTreeMap<String, ast::Shape>,
    diags: Diagnostics,
    /// Shape id -> index of its Rust type.
    type_index: BTreeMap<String, usize>,
    types: Vec<NamedType>,
    validator_index: BTreeMap<String, usize>,
    validators: Vec<ir::Validator>,
    pattern_index: BTreeMap<String, usize>,
    patterns: Vec<ir::Pattern>,
    warnings: Vec<Diagnostic>,
    /// restJson1 honours `@jsonName`; awsJson1_0/1_1 do not.
    use_json_name: bool,
}

impl<'m> Resolver<'m> {
    fn new(model: &'m LoadedModel) -> Self {
        let aws_json = |s: &ast::Shape| {
            s.ty == ShapeType::Service
                && (s.traits.contains_key("aws.protocols#awsJson1_0")
                    || s.traits.contains_key("aws.protocols#awsJson1_1"))
        };
        let rest_json = |s: &ast::Shape| {
            s.ty == ShapeType::Service && s.traits.contains_key("aws.protocols#restJson1")
        };
        let use_json_name =
            !model.shapes.values().any(aws_json) || model.shapes.values().any(rest_json);
        Resolver {
            model,
            shapes: model.shapes.clone(),
            diags: Diagnostics::default(),
            type_index: BTreeMap::new(),
            types: Vec::new(),
            validator_index: BTreeMap::new(),
            validators: Vec::new(),
            pattern_index: BTreeMap::new(),
            patterns: Vec::new(),
            warnings: Vec::new(),
            use_json_name,
        }
    }

    /// Reports a problem at a shape or member id (`ns#Shape$member`).
    fn error(&mut self, id: &str, detail: &str, message: impl Into<String>) {
        let d = self.diagnostic(id, detail, message);
        self.diags.push(d);
    }

    /// Reports something worth telling that does not stop generation.
    fn warn(&mut self, id: &str, detail: &str, message: impl Into<String>) {
        let d = self.diagnostic(id, detail, message);
        self.warnings.push(d);
    }

    fn diagnostic(&self, id: &str, detail: &str, message: impl Into<String>) -> Diagnostic {
        let root = id.split('$').next().unwrap_or(id);
        let mut d = Diagnostic::new(message).at_shape(id);
        if let Some(shape) = self.model.shapes.get(root) {
            d = d.in_file(self.model.file_of(shape));
            let mut path = format!("/shapes/{}", ast::pointer_segment(root));
            if let Some((_, member)) = id.split_once('$') {
                let container = if shape.ty.has_members() {
                    "/members/"
                } else {
                    "/"
                };
                path.push_str(container);
                path.push_str(&ast::pointer_segment(member));
            }
            path.push_str(detail);
            d = d.at_path(path);
        }
        d
    }

    /// Picks and names the shapes that become Rust types.
    fn choose_types(&mut self) {
        let renames: BTreeMap<String, String> = self
            .shapes
            .values()
            .flat_map(|s| s.rename.clone())
            .collect();
        let mut by_name: BTreeMap<String, String> = BTreeMap::new();
        let mut chosen = Vec::new();
        for (id, shape) in &self.shapes {
            let named = match shape.ty {
                ShapeType::Structure | ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum => {
                    true
                }
                ShapeType::String => shape.traits.contains_key(traits::ENUM),
                _ => false,
            };
            if !named
                || shape.traits.contains_key(traits::MIXIN)
                || shape.traits.contains_key(traits::TRAIT)
                || id.starts_with("smithy.api#")
            {
                continue;
            }
            let smithy_name = renames
                .get(id)
                .map_or(crate::shape_id::name_of(id), String::as_str);
            let name = names::type_name(smithy_name);
            chosen.push((name, id.clone()));
        }
        chosen.sort();
        let mut collisions = Vec::new();
        for (name, id) in &chosen {
            if let Some(other) = by_name.insert(name.clone(), id.clone()) {
                collisions.push((id.clone(), other, name.clone()));
            }
        }
        for (id, other, name) in collisions {
            self.error(
                &id,
                "",
                format!("its Rust name `{name}` is also the name of `{other}`; rename one of them (a service `rename` does this)"),
            );
        }
        for (name, id) in chosen {
            if self.type_index.contains_key(&id) || by_name.get(&name) != Some(&id) {
                continue;
            }
            let shape = &self.shapes[&id];
            self.type_index.insert(id.clone(), self.types.len());
            let local_name = if names::PRELUDE.contains(&name.as_str()) {
                format!("{name}Shape")
            } else {
                name.clone()
            };
            self.types.push(NamedType {
                local_name,
                module: format!("_{}", names::unraw(&names::field_name(&name))),
                docs: traits::docs(&shape.traits),
                deprecated: traits::deprecation(&shape.traits),
                shape_id: id,
                name,
                validates: false,
                uses_deprecated: false,
                placeholder: false,
                // Filled by `build_types`.
                kind: NamedKind::Structure(ir::Structure {
                    members: Vec::new(),
                    error: None,
                    builder_fallible: false,
                    streams: Vec::new(),
                    http_body: None,
                }),
            });
        }
    }

    fn build_types(&mut self) {
        // Enums first: structure defaults refer to their variants.
        let order: Vec<usize> = (0..self.types.len())
            .filter(|&i| self.is_enum_type(i))
            .chain((0..self.types.len()).filter(|&i| !self.is_enum_type(i)))
            .collect();
        for i in order {
            let id = self.types[i].shape_id.clone();
            let shape = self.shapes[&id].clone();
            let kind = match shape.ty {
                ShapeType::Structure => NamedKind::Structure(self.structure(&id, &shape)),
                ShapeType::Union => NamedKind::Union(self.union(&id, &shape)),
                ShapeType::Enum | ShapeType::String => {
                    NamedKind::Enum(self.enumeration(&id, &shape))
                }
                ShapeType::IntEnum => NamedKind::IntEnum(self.int_enum(&id, &shape)),
                _ => unreachable!("choose_types picks only these"),
            };
            self.types[i].kind = kind;
        }
    }

    /// Constraint traits of shapes that no member uses are checked too: every
    /// problem of the model is reported, not only those on the generated path.
    fn check_unused_constraints(&mut self) {
        let unchecked: Vec<String> = self
            .shapes
            .iter()
            .filter(|(id, s)| {
                !self.validator_index.contains_key(*id)
                    && !id.starts_with("smithy.api#")
                    && !s.traits.contains_key(traits::MIXIN)
                    && traits::CONSTRAINTS
                        .iter()
                        .any(|t| s.traits.contains_key(*t))
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in unchecked {
            let Some(ty) = self.ty(&id, &id, 0) else {
                continue;
            };
            let mut constraints = self.shapes[&id].traits.clone();
            constraints.retain(|k, _| traits::CONSTRAINTS.contains(&k.as_str()));
            let mut scratch = ir::Validator {
                fn_name: String::new(),
                shape_id: id.clone(),
                ty: ty.clone(),
                length: None,
                range: None,
                pattern: None,
                unique_items: false,
                item: None,
                key: None,
                value: None,
            };
            self.constraints(&id, &constraints, &ty, &mut scratch);
        }
    }

    fn is_enum_type(&self, i: usize) -> bool {
        matches!(
            self.shapes[&self.types[i].shape_id].ty,
            ShapeType::Enum | ShapeType::IntEnum | ShapeType::String
        )
    }

    fn service_docs(&self) -> Option<String> {
        // A service without docs (such as an MQTT binding beside the HTTP
        // service) leaves the crate docs to the one that has them.
        let mut services = self
            .shapes
            .values()
            .filter(|s| s.ty == ShapeType::Service && s.traits.contains_key(traits::DOCUMENTATION));
        let first = services.next()?;
        if services.next().is_some() {
            return None;
        }
        traits::docs(&first.traits)
    }

    /// The Rust type of a member: its target's, with the member's own
    /// `@timestampFormat` taking precedence over the target's.
    fn member_ty(&mut self, member_id: &str, member: &ast::Member, depth: usize) -> Option<Ty> {
        let ty = self.ty(member_id, &member.target, depth)?;
        Some(match (ty, timestamp_format(&member.traits)) {
            (Ty::Timestamp(_), Some(format)) => Ty::Timestamp(format),
            (ty, _) => ty,
        })
    }

    /// The Rust type of a member's target. `from` is the member id, for errors.
    fn ty(&mut self, from: &str, target: &str, depth: usize) -> Option<Ty> {
        if depth > 64 {
            self.error(
                from,
                "/target",
                "lists and maps nest into themselves without a structure or union in between",
            );
            return None;
        }
        if let Some(&i) = self.type_index.get(target) {
            return Some(Ty::Named(i));
        }
        let Some(shape) = self.shapes.get(target).cloned() else {
            if self.model.broken.contains(target) {
                return None;
            }
            return match prelude(target) {
                Some(ty) => Some(ty),
                None => {
                    let what = if target.starts_with("smithy.api#") {
                        "is not a prelude shape"
                    } else {
                        "is not defined"
                    };
                    self.error(from, "/target", format!("target `{target}` {what}"));
                    None
                }
            };
        };
        let simple = match shape.ty {
            ShapeType::Boolean => Ty::Bool,
            ShapeType::Byte => Ty::Byte,
            ShapeType::Short => Ty::Short,
            ShapeType::Integer => Ty::Integer,
            ShapeType::Long => Ty::Long,
            ShapeType::Float => Ty::Float,
            ShapeType::Double => Ty::Double,
            ShapeType::String => Ty::String,
            ShapeType::Blob => Ty::Blob,
            ShapeType::Timestamp => Ty::Timestamp(
                timestamp_format(&shape.traits).unwrap_or(ir::TimestampFormat::EpochSeconds),
            ),
            ShapeType::Document => Ty::Document,
            ShapeType::BigInteger => Ty::BigInteger,
            ShapeType::BigDecimal => Ty::BigDecimal,
            ShapeType::List | ShapeType::Set => {
                let item = shape.member.as_ref()?;
                let item = self.member_ty(&format!("{target}$member"), item, depth + 1)?;
                Ty::List {
                    item: Box::new(item),
                    sparse: traits::has(&shape.traits, traits::SPARSE),
                }
            }
            ShapeType::Map => {
                let (key, value) = (shape.key.as_ref()?, shape.value.as_ref()?);
                let key_ty = self.ty(&format!("{target}$key"), &key.target, depth + 1)?;
                let key_is_string = match key_ty {
                    Ty::String => true,
                    Ty::Named(i) => self
                        .shapes
                        .get(&self.types[i].shape_id)
                        .is_some_and(|s| matches!(s.ty, ShapeType::Enum | ShapeType::String)),
                    _ => false,
                };
                if !key_is_string {
                    self.error(
                        &format!("{target}$key"),
                        "/target",
                        format!("a map key must target a string shape, not `{}`", key.target),
                    );
                    return None;
                }
                let value = self.member_ty(&format!("{target}$value"), value, depth + 1)?;
                Ty::Map {
                    key: Box::new(key_ty),
                    value: Box::new(value),
                    sparse: traits::has(&shape.traits, traits::SPARSE),
                }
            }
            other => {
                self.error(
                    from,
                    "/target",
                    format!(
                        "a member cannot target `{target}`, which is a {} shape",
                        other.name()
                    ),
                );
                return None;
            }
        };
        Some(simple)
    }
}

/// The structure with the most members whose builder cannot fail and which
/// is neither deprecated nor an error (ties: the first name).
/// The types of `@required` members (a list or map is filled in empty, a
/// structure with placeholders of its own required members: the set closes).
fn mark_placeholders(krate: &mut ir::Crate) {
    let mut wanted = Vec::new();
    for t in &krate.types {
        if let NamedKind::Structure(s) = &t.kind {
            for m in &s.members {
                if let (ir::Presence::Required, Ty::Named(i)) = (&m.presence, &m.ty) {
                    wanted.push(*i);
                }
            }
        }
    }
    for i in wanted {
        krate.types[i].placeholder = true;
    }
}

fn example_type(krate: &ir::Crate) -> Option<usize> {
    krate
        .types
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match &t.kind {
            NamedKind::Structure(s)
                if !s.builder_fallible
                    && s.error.is_none()
                    && t.deprecated.is_none()
                    && !t.uses_deprecated =>
            {
                Some((std::cmp::Reverse(s.members.len()), i))
            }
            _ => None,
        })
        .min()
        .map(|(_, i)| i)
}

/// `@timestampFormat` of a shape or member.
fn timestamp_format(traits: &ast::Traits) -> Option<ir::TimestampFormat> {
    match traits::string(traits, traits::TIMESTAMP_FORMAT)? {
        "epoch-seconds" => Some(ir::TimestampFormat::EpochSeconds),
        "date-time" => Some(ir::TimestampFormat::DateTime),
        "http-date" => Some(ir::TimestampFormat::HttpDate),
        _ => None,
    }
}

/// Prelude shapes used without being defined in the model.
fn prelude(id: &str) -> Option<Ty> {
    let name = id.strip_prefix("smithy.api#")?;
    Some(match name {
        "String" => Ty::String,
        "Blob" => Ty::Blob,
        "Boolean" | "PrimitiveBoolean" => Ty::Bool,
        "Byte" | "PrimitiveByte" => Ty::Byte,
        "Short" | "PrimitiveShort" => Ty::Short,
        "Integer" | "PrimitiveInteger" => Ty::Integer,
        "Long" | "PrimitiveLong" => Ty::Long,
        "Float" | "PrimitiveFloat" => Ty::Float,
        "Double" | "PrimitiveDouble" => Ty::Double,
        "Timestamp" => Ty::Timestamp(ir::TimestampFormat::EpochSeconds),
        "Document" => Ty::Document,
        "BigInteger" => Ty::BigInteger,
        "BigDecimal" => Ty::BigDecimal,
        _ => return None,
    })
}

/// The `@default` trait a prelude shape carries (`PrimitiveLong` is `@default(0)`).
fn prelude_default(id: &str) -> Option<Value> {
    let name = id.strip_prefix("smithy.api#Primitive")?;
    Some(if name == "Boolean" {
        Value::Bool(false)
    } else {
        Value::from(0)
    })
}
