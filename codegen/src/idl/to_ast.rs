//! The resolved shapes of an IDL file moved straight into the AST. The JSON
//! loader decodes a JSON AST value and copies the trait values out of it
//! (`ast::decode_file`); here the value is our own and is not kept, so its
//! parts move (trait values are most of a model) and no JSON path is spelled
//! out unless there is a problem to report. The checks of `decode_file` that
//! IDL shapes can fail are made here with the same messages and paths.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::ids::{bad_offset, Form};
use super::resolve::{filled, Resolved};
use crate::ast::{pointer_segment, Apply, File, Links, Member, Shape, ShapeType, Traits};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::shape_id::{is_identifier, ShapeId};

struct Ctx<'a> {
    file: usize,
    path: &'a Path,
    diags: &'a mut Diagnostics,
    list_traits: &'a BTreeSet<String>,
}

impl Ctx<'_> {
    fn error(&mut self, shape: &str, json_path: String, message: impl Into<String>) {
        self.diags.push(
            Diagnostic::new(message)
                .in_file(self.path)
                .at_path(json_path)
                .at_shape(shape),
        );
    }
}

/// The AST of the shapes of a resolved file (`apply` entries too).
pub fn to_ast(resolved: Resolved, file: usize, path: &Path, diags: &mut Diagnostics) -> File {
    let list_traits = &resolved.list_traits;
    let mut cx = Ctx {
        file,
        path,
        diags,
        list_traits,
    };
    let mut out = File::default();
    // In id order already: the maps are built at once, not insert by insert.
    let mut shapes = Vec::with_capacity(resolved.shapes.len());
    for (id, shape) in resolved.shapes {
        let Value::Object(obj) = shape else {
            unreachable!("resolve gives objects");
        };
        let parts = Parts::of(obj, list_traits);
        if parts.ty == "apply" {
            out.applies.push(Apply {
                target: id,
                traits: parts.traits,
                file,
            });
            continue;
        }
        let shape = shape_of(&mut cx, &id, parts);
        shapes.push((id, shape));
    }
    out.shapes = shapes.into_iter().collect();
    out
}

/// The parts of a shape object that the AST keeps, taken in one pass.
#[derive(Default)]
struct Parts {
    ty: String,
    traits: Traits,
    mixins: Vec<Value>,
    members: Map<String, Value>,
    /// `member`, `key`, `value`
    slots: [Option<Value>; 3],
    rename: Map<String, Value>,
    /// Operation, resource and service references, by property name.
    links: Vec<(String, Value)>,
}

const SLOTS: [&str; 3] = ["member", "key", "value"];

/// The properties that name other shapes (`ast::Links`).
const LINKS: [&str; 12] = [
    "input",
    "output",
    "errors",
    "create",
    "put",
    "read",
    "update",
    "delete",
    "list",
    "operations",
    "collectionOperations",
    "resources",
];

impl Parts {
    fn of(obj: Map<String, Value>, list_traits: &BTreeSet<String>) -> Parts {
        let mut parts = Parts::default();
        for (k, v) in obj {
            match (k.as_str(), v) {
                ("type", Value::String(t)) => parts.ty = t,
                ("traits", Value::Object(t)) => parts.traits = traits_of(t, list_traits),
                ("mixins", Value::Array(m)) => parts.mixins = m,
                ("members", Value::Object(m)) => parts.members = m,
                ("rename", Value::Object(r)) => parts.rename = r,
                (slot, v) => {
                    if let Some(i) = SLOTS.iter().position(|s| *s == slot) {
                        parts.slots[i] = Some(v);
                    } else if LINKS.contains(&slot) {
                        parts.links.push((k, v));
                    }
                }
            }
        }
        parts
    }
}

fn shape_of(cx: &mut Ctx<'_>, id: &str, mut parts: Parts) -> Shape {
    let ty = ShapeType::parse(&parts.ty).expect("the parser knows shape types");
    let mut shape = Shape {
        ty,
        traits: std::mem::take(&mut parts.traits),
        members: BTreeMap::new(),
        member: None,
        key: None,
        value: None,
        mixins: Vec::new(),
        rename: BTreeMap::new(),
        links: Links::default(),
        file: cx.file,
    };
    // JSON paths and member ids are spelled out only for a problem.
    let path = || format!("/shapes/{}", pointer_segment(id));
    for (i, m) in parts.mixins.into_iter().enumerate() {
        let at = || format!("{}/mixins/{i}", path());
        if let Some(t) = target_of(cx, &|| id.to_string(), &at, m) {
            shape.mixins.push(t);
        }
    }
    let mut required = |cx: &mut Ctx<'_>, i: usize| {
        let name = SLOTS[i];
        let at = || format!("{}/{name}", path());
        match parts.slots[i].take() {
            Some(m) => member_of(cx, &|| format!("{id}${name}"), &at, m),
            None => {
                cx.error(id, at(), format!("missing the `{name}` member"));
                None
            }
        }
    };
    match ty {
        ShapeType::List | ShapeType::Set => shape.member = required(cx, 0),
        ShapeType::Map => {
            shape.key = required(cx, 1);
            shape.value = required(cx, 2);
        }
        t if t.has_members() => {
            let mut lower = BTreeMap::new();
            // Names equal but for case are rare: looked for only if their
            // hashes say they may be there.
            let may_clash = may_clash(parts.members.keys());
            let mut members = Vec::with_capacity(parts.members.len());
            for (name, m) in parts.members {
                let at = || format!("{}/members/{}", path(), pointer_segment(&name));
                let member_id = || format!("{id}${name}");
                if !is_identifier(&name) {
                    let message = format!("member name {name:?} is not a Smithy identifier");
                    cx.error(&member_id(), at(), message);
                    continue;
                }
                let clash = may_clash
                    .then(|| lower.insert(name.to_ascii_lowercase(), name.clone()))
                    .flatten();
                if let Some(other) = clash {
                    cx.error(&member_id(), at(), format!("member names {other:?} and {name:?} differ only by case; Smithy requires them to be case-insensitively unique"));
                }
                if let Some(member) = member_of(cx, &member_id, &at, m) {
                    members.push((name, member));
                }
            }
            shape.members = members.into_iter().collect();
        }
        ShapeType::Service => {
            for (from, to) in parts.rename {
                if let Value::String(to) = to {
                    shape.rename.insert(from, to);
                }
            }
        }
        _ => {}
    }
    for (key, value) in std::mem::take(&mut parts.links) {
        let at = || format!("{}/{key}", path());
        let targets: Vec<String> = match value {
            Value::Array(list) => list
                .into_iter()
                .filter_map(|v| target_of(cx, &|| id.to_string(), &at, v))
                .collect(),
            v => target_of(cx, &|| id.to_string(), &at, v)
                .into_iter()
                .collect(),
        };
        let links = &mut shape.links;
        match key.as_str() {
            "input" => links.input = targets.into_iter().find(|t| t != "smithy.api#Unit"),
            "output" => links.output = targets.into_iter().find(|t| t != "smithy.api#Unit"),
            "errors" => links.errors.extend(targets),
            "resources" => links.resources.extend(targets),
            _ => links.operations.extend(targets),
        }
    }
    shape.links.normalize();
    shape
}

/// Whether two of the names may be equal but for ASCII case.
fn may_clash<'a>(names: impl Iterator<Item = &'a String>) -> bool {
    let mut hashes: Vec<u64> = names
        .map(|n| {
            n.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
                (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
            })
        })
        .collect();
    hashes.sort_unstable();
    hashes.windows(2).any(|w| w[0] == w[1])
}

type Spell<'a> = &'a dyn Fn() -> String;

/// A member: `id` and `at` spell its id and JSON path for a problem.
fn member_of(cx: &mut Ctx<'_>, id: Spell<'_>, at: Spell<'_>, m: Value) -> Option<Member> {
    let Value::Object(obj) = m else {
        unreachable!("resolve gives members as objects");
    };
    let mut traits = Traits::new();
    let mut target = None;
    for (k, v) in obj {
        match k.as_str() {
            "traits" => {
                if let Value::Object(t) = v {
                    traits = traits_of(t, cx.list_traits);
                }
            }
            "target" => target = Some(v),
            _ => {}
        }
    }
    let target = target.expect("resolve gives members a target");
    let target = checked(cx, id, at, target)?;
    Some(Member { target, traits })
}

/// The `target` of a `{"target": ...}` object.
fn target_of(cx: &mut Ctx<'_>, id: Spell<'_>, at: Spell<'_>, v: Value) -> Option<String> {
    let Value::Object(mut obj) = v else {
        unreachable!("resolve gives targets as objects");
    };
    let target = obj.remove("target").expect("resolve gives targets");
    checked(cx, id, at, target)
}

/// A target must be a shape id: one written in the file as a member target
/// is not checked for its form when parsed.
fn checked(cx: &mut Ctx<'_>, id: Spell<'_>, at: Spell<'_>, target: Value) -> Option<String> {
    let Value::String(t) = target else {
        unreachable!("resolve gives targets as strings");
    };
    // The same test as `ShapeId::parse`, on bytes; it words the problem.
    if t.contains('#') && bad_offset(&t, Form::ShapeId).is_none() {
        return Some(t);
    }
    let msg = ShapeId::parse(&t).expect_err("not a shape id");
    cx.error(&id(), format!("{}/target", at()), msg);
    None
}

/// Traits with the values of those written without one.
fn traits_of(traits: Map<String, Value>, list_traits: &BTreeSet<String>) -> Traits {
    traits
        .into_iter()
        .map(|(k, v)| {
            let v = filled(&k, v, list_traits);
            (k, v)
        })
        .collect()
}
