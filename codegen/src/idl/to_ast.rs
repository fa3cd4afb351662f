//! The resolved shapes of an IDL file moved straight into the AST. The JSON
//! loader decodes a JSON AST value and copies the trait values out of it
//! (`ast::decode_file`); here the value is our own and is not kept, so its
//! parts move (trait values are most of a model) and no JSON path is spelled
//! out unless there is a problem to report. The checks of `decode_file` that
//! IDL shapes can fail are made here with the same messages and paths.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::body::Body;
use super::ids::{bad_offset, Form};
use super::resolve::{fill_traits, Resolved};
use crate::ast::{pointer_segment, Apply, Links, Member, Shape, ShapeType};
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

/// The AST shapes of a file, in id order, and its `apply` entries.
#[derive(Debug, Default)]
pub struct Decoded {
    pub shapes: Vec<(String, Shape)>,
    pub applies: Vec<Apply>,
}

/// The AST of the shapes of a resolved file (`apply` entries too).
pub fn to_ast(resolved: Resolved, file: usize, path: &Path, diags: &mut Diagnostics) -> Decoded {
    let list_traits = &resolved.list_traits;
    let mut cx = Ctx {
        file,
        path,
        diags,
        list_traits,
    };
    let mut out = Decoded::default();
    // In id order already: the loader builds its map of the model's shapes.
    let mut shapes = Vec::with_capacity(resolved.shapes.len());
    for (id, mut body) in resolved.shapes {
        fill_traits(&mut body.traits, list_traits);
        if body.ty.is_none() {
            out.applies.push(Apply {
                target: id,
                traits: body.traits,
                file,
            });
            continue;
        }
        let shape = shape_of(&mut cx, &id, body);
        shapes.push((id, shape));
    }
    out.shapes = shapes;
    out
}

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

fn shape_of(cx: &mut Ctx<'_>, id: &str, body: Body) -> Shape {
    let ty = body.ty.expect("not an apply entry");
    let mut shape = Shape {
        ty,
        traits: body.traits,
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
    for (i, m) in body.mixins.into_iter().enumerate() {
        let at = || format!("{}/mixins/{i}", path());
        if let Some(t) = checked(cx, &|| id.to_string(), &at, m) {
            shape.mixins.push(t);
        }
    }
    let mut members = body.members;
    let mut required = |cx: &mut Ctx<'_>, name: &str| {
        let at = || format!("{}/{name}", path());
        match members.remove(name) {
            Some(m) => member_of(cx, &|| format!("{id}${name}"), &at, m),
            None => {
                cx.error(id, at(), format!("missing the `{name}` member"));
                None
            }
        }
    };
    match ty {
        ShapeType::List | ShapeType::Set => shape.member = required(cx, "member"),
        ShapeType::Map => {
            shape.key = required(cx, "key");
            shape.value = required(cx, "value");
        }
        t if t.has_members() => {
            let mut lower = BTreeMap::new();
            // Names equal but for case are rare: looked for only if their
            // hashes say they may be there.
            let may_clash = may_clash(members.keys());
            // The members move into the shape; those with a problem are
            // taken out again.
            let mut bad = Vec::new();
            for (name, m) in members.iter_mut() {
                let at = || format!("{}/members/{}", path(), pointer_segment(name));
                let member_id = || format!("{id}${name}");
                if !is_identifier(name) {
                    let message = format!("member name {name:?} is not a Smithy identifier");
                    cx.error(&member_id(), at(), message);
                    bad.push(name.clone());
                    continue;
                }
                let clash = may_clash
                    .then(|| lower.insert(name.to_ascii_lowercase(), name.clone()))
                    .flatten();
                if let Some(other) = clash {
                    cx.error(&member_id(), at(), format!("member names {other:?} and {name:?} differ only by case; Smithy requires them to be case-insensitively unique"));
                }
                fill_traits(&mut m.traits, cx.list_traits);
                if let Some(problem) = target_problem(&m.target) {
                    cx.error(&member_id(), format!("{}/target", at()), problem);
                    bad.push(name.clone());
                }
            }
            for name in bad {
                members.remove(&name);
            }
            shape.members = members;
        }
        _ => {}
    }
    let mut props = body.props;
    if ty == ShapeType::Service {
        if let Some(Value::Object(rename)) = props.remove("rename") {
            for (from, to) in rename {
                if let Value::String(to) = to {
                    shape.rename.insert(from, to);
                }
            }
        }
    }
    for (key, value) in props {
        if !LINKS.contains(&key.as_str()) {
            continue;
        }
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
fn member_of(cx: &mut Ctx<'_>, id: Spell<'_>, at: Spell<'_>, mut m: Member) -> Option<Member> {
    fill_traits(&mut m.traits, cx.list_traits);
    let target = checked(cx, id, at, m.target)?;
    Some(Member {
        target,
        traits: m.traits,
    })
}

/// The `target` of a `{"target": ...}` object.
fn target_of(cx: &mut Ctx<'_>, id: Spell<'_>, at: Spell<'_>, v: Value) -> Option<String> {
    let Value::Object(mut obj) = v else {
        unreachable!("resolve gives targets as objects");
    };
    let Some(Value::String(target)) = obj.remove("target") else {
        unreachable!("resolve gives targets as strings");
    };
    checked(cx, id, at, target)
}

/// A target must be a shape id: one written in the file as a member target
/// is not checked for its form when parsed.
fn checked(cx: &mut Ctx<'_>, id: Spell<'_>, at: Spell<'_>, target: String) -> Option<String> {
    match target_problem(&target) {
        None => Some(target),
        Some(problem) => {
            cx.error(&id(), format!("{}/target", at()), problem);
            None
        }
    }
}

/// What is wrong with a target, if it is not a shape id.
fn target_problem(t: &str) -> Option<String> {
    // The same test as `ShapeId::parse`, on bytes; it words the problem.
    if t.contains('#') && bad_offset(t, Form::ShapeId).is_none() {
        return None;
    }
    Some(ShapeId::parse(t).expect_err("not a shape id"))
}
