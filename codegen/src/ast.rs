//! The Smithy 2.0 JSON AST, decoded from `serde_json::Value` by hand so that
//! every structural problem is reported with its JSON path.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};

pub type Traits = BTreeMap<String, Value>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ShapeType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    Set,
    Map,
    Structure,
    Union,
    Service,
    Operation,
    Resource,
}

impl ShapeType {
    pub fn parse(name: &str) -> Option<ShapeType> {
        use ShapeType::*;
        Some(match name {
            "blob" => Blob,
            "boolean" => Boolean,
            "string" => String,
            "byte" => Byte,
            "short" => Short,
            "integer" => Integer,
            "long" => Long,
            "float" => Float,
            "double" => Double,
            "bigInteger" => BigInteger,
            "bigDecimal" => BigDecimal,
            "timestamp" => Timestamp,
            "document" => Document,
            "enum" => Enum,
            "intEnum" => IntEnum,
            "list" => List,
            "set" => Set,
            "map" => Map,
            "structure" => Structure,
            "union" => Union,
            "service" => Service,
            "operation" => Operation,
            "resource" => Resource,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        use ShapeType::*;
        match self {
            Blob => "blob",
            Boolean => "boolean",
            String => "string",
            Byte => "byte",
            Short => "short",
            Integer => "integer",
            Long => "long",
            Float => "float",
            Double => "double",
            BigInteger => "bigInteger",
            BigDecimal => "bigDecimal",
            Timestamp => "timestamp",
            Document => "document",
            Enum => "enum",
            IntEnum => "intEnum",
            List => "list",
            Set => "set",
            Map => "map",
            Structure => "structure",
            Union => "union",
            Service => "service",
            Operation => "operation",
            Resource => "resource",
        }
    }

    pub fn has_members(self) -> bool {
        matches!(
            self,
            Self::Structure | Self::Union | Self::Enum | Self::IntEnum
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub target: String,
    pub traits: Traits,
}

/// One shape of the `shapes` object.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub ty: ShapeType,
    pub traits: Traits,
    /// Structure, union, enum and intEnum members, keyed (and so ordered) by name.
    pub members: BTreeMap<String, Member>,
    /// List and set element.
    pub member: Option<Member>,
    pub key: Option<Member>,
    pub value: Option<Member>,
    pub mixins: Vec<String>,
    /// Service `rename`: shape id to new name.
    pub rename: BTreeMap<String, String>,
    /// What a service, resource or operation refers to.
    pub links: Links,
    /// Index of the model file that defined it.
    pub file: usize,
}

/// The shapes a service, resource or operation names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Links {
    pub input: Option<String>,
    pub output: Option<String>,
    pub errors: Vec<String>,
    /// Bound operations: a service's or resource's `operations`, and a
    /// resource's lifecycle and collection operations.
    pub operations: Vec<String>,
    pub resources: Vec<String>,
}

impl Links {
    /// Bindings are sets: their order carries no meaning, so both loaders
    /// keep them sorted and without repeats.
    pub fn normalize(&mut self) {
        for list in [&mut self.errors, &mut self.operations, &mut self.resources] {
            list.sort();
            list.dedup();
        }
    }
}

/// An `apply` entry: traits for a shape or member defined elsewhere.
#[derive(Clone, Debug, PartialEq)]
pub struct Apply {
    pub target: String,
    pub traits: Traits,
    pub file: usize,
}

/// One decoded model file.
#[derive(Clone, Debug, Default)]
pub struct File {
    pub shapes: BTreeMap<String, Shape>,
    pub applies: Vec<Apply>,
    /// Ids of shapes that could not be decoded (already reported).
    pub broken: Vec<String>,
}

/// A JSON Pointer segment, escaped per RFC 6901.
pub fn pointer_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

struct Ctx<'a> {
    file: usize,
    path: &'a std::path::Path,
    diags: &'a mut Diagnostics,
}

impl Ctx<'_> {
    fn error(&mut self, shape: &str, json_path: String, message: impl Into<String>) {
        let mut d = Diagnostic::new(message)
            .in_file(self.path)
            .at_path(json_path);
        if !shape.is_empty() {
            d = d.at_shape(shape);
        }
        self.diags.push(d);
    }
}

/// Decodes a parsed model file. Problems go to `diags`; what could be decoded is returned.
pub fn decode_file(
    file: usize,
    path: &std::path::Path,
    root: &Value,
    diags: &mut Diagnostics,
) -> File {
    let mut cx = Ctx { file, path, diags };
    let mut out = File::default();
    let Some(root) = root.as_object() else {
        cx.error("", String::new(), "the model must be a JSON object");
        return out;
    };
    match root.get("smithy") {
        Some(Value::String(v)) if v == "2" || v == "2.0" => {}
        // Smithy 1.0 JSON AST has the same layout; its differences (`set`, the
        // `@enum` trait, `@box`, `Primitive*` prelude shapes) are understood.
        Some(Value::String(v)) if v == "1" || v == "1.0" => {}
        Some(other) => cx.error(
            "",
            "/smithy".into(),
            format!("unsupported Smithy version {other}; expected \"2.0\""),
        ),
        None => cx.error(
            "",
            String::new(),
            "missing the `smithy` version; expected \"smithy\": \"2.0\"",
        ),
    }
    let shapes = match root.get("shapes") {
        None => return out,
        Some(Value::Object(shapes)) => shapes,
        Some(_) => {
            cx.error(
                "",
                "/shapes".into(),
                "`shapes` must be an object of shape id to shape",
            );
            return out;
        }
    };
    for (id, shape) in shapes {
        let path = format!("/shapes/{}", pointer_segment(id));
        if let Err(msg) = crate::shape_id::ShapeId::parse(id) {
            cx.error(id, path.clone(), msg);
            out.broken.push(id.clone());
            continue;
        }
        let Some(obj) = shape.as_object() else {
            cx.error(id, path, "a shape must be a JSON object");
            out.broken.push(id.clone());
            continue;
        };
        let ty = match obj.get("type").and_then(Value::as_str) {
            Some("apply") => {
                let traits = decode_traits(&mut cx, id, &path, obj.get("traits"));
                out.applies.push(Apply {
                    target: id.clone(),
                    traits,
                    file,
                });
                continue;
            }
            Some(t) => match ShapeType::parse(t) {
                Some(ty) => ty,
                None => {
                    cx.error(
                        id,
                        format!("{path}/type"),
                        format!("unknown shape type {t:?}"),
                    );
                    out.broken.push(id.clone());
                    continue;
                }
            },
            None => {
                cx.error(id, format!("{path}/type"), "missing the shape `type`");
                out.broken.push(id.clone());
                continue;
            }
        };
        if id.contains('$') {
            cx.error(
                id,
                path,
                "only `apply` entries may use a member id as their key",
            );
            out.broken.push(id.clone());
            continue;
        }
        if let Some(shape) = decode_shape(&mut cx, id, &path, ty, obj) {
            out.shapes.insert(id.clone(), shape);
        }
    }
    out
}

fn decode_shape(
    cx: &mut Ctx<'_>,
    id: &str,
    path: &str,
    ty: ShapeType,
    obj: &serde_json::Map<String, Value>,
) -> Option<Shape> {
    let traits = decode_traits(cx, id, path, obj.get("traits"));
    let mut shape = Shape {
        ty,
        traits,
        members: BTreeMap::new(),
        member: None,
        key: None,
        value: None,
        mixins: Vec::new(),
        rename: BTreeMap::new(),
        links: Links::default(),
        file: cx.file,
    };
    if let Some(mixins) = obj.get("mixins") {
        let mixins_path = format!("{path}/mixins");
        match mixins.as_array() {
            Some(list) => {
                for (i, m) in list.iter().enumerate() {
                    if let Some(t) = decode_ref(cx, id, &format!("{mixins_path}/{i}"), m) {
                        shape.mixins.push(t);
                    }
                }
            }
            None => cx.error(
                id,
                mixins_path,
                "`mixins` must be a list of shape references",
            ),
        }
    }
    match ty {
        ShapeType::List | ShapeType::Set => {
            shape.member = required_member(cx, id, path, obj, "member");
        }
        ShapeType::Map => {
            shape.key = required_member(cx, id, path, obj, "key");
            shape.value = required_member(cx, id, path, obj, "value");
        }
        t if t.has_members() => {
            let members_path = format!("{path}/members");
            match obj.get("members") {
                None => {}
                Some(Value::Object(members)) => {
                    let mut lower = BTreeMap::new();
                    for (name, m) in members {
                        let mpath = format!("{members_path}/{}", pointer_segment(name));
                        let member_id = format!("{id}${name}");
                        if !crate::shape_id::is_identifier(name) {
                            cx.error(
                                &member_id,
                                mpath,
                                format!("member name {name:?} is not a Smithy identifier"),
                            );
                            continue;
                        }
                        if let Some(other) = lower.insert(name.to_ascii_lowercase(), name.clone()) {
                            cx.error(
                                &member_id,
                                mpath.clone(),
                                format!("member names {other:?} and {name:?} differ only by case; Smithy requires them to be case-insensitively unique"),
                            );
                        }
                        if let Some(member) = decode_member(cx, &member_id, &mpath, m) {
                            shape.members.insert(name.clone(), member);
                        }
                    }
                }
                Some(_) => cx.error(
                    id,
                    members_path,
                    "`members` must be an object of member name to member",
                ),
            }
        }
        ShapeType::Operation => {
            shape.links.input = decode_link(cx, id, path, obj, "input");
            shape.links.output = decode_link(cx, id, path, obj, "output");
            shape.links.errors = decode_links(cx, id, path, obj, &["errors"]);
        }
        ShapeType::Resource => {
            shape.links.operations = decode_links(
                cx,
                id,
                path,
                obj,
                &[
                    "create",
                    "put",
                    "read",
                    "update",
                    "delete",
                    "list",
                    "operations",
                    "collectionOperations",
                ],
            );
            shape.links.resources = decode_links(cx, id, path, obj, &["resources"]);
        }
        ShapeType::Service => {
            shape.links.operations = decode_links(cx, id, path, obj, &["operations"]);
            shape.links.resources = decode_links(cx, id, path, obj, &["resources"]);
            shape.links.errors = decode_links(cx, id, path, obj, &["errors"]);
            if let Some(rename) = obj.get("rename") {
                match rename.as_object() {
                    Some(map) => {
                        for (from, to) in map {
                            match to.as_str() {
                                Some(to) => {
                                    shape.rename.insert(from.clone(), to.to_string());
                                }
                                None => cx.error(
                                    id,
                                    format!("{path}/rename/{}", pointer_segment(from)),
                                    "a rename must be a string",
                                ),
                            }
                        }
                    }
                    None => cx.error(id, format!("{path}/rename"), "`rename` must be an object"),
                }
            }
        }
        _ => {}
    }
    shape.links.normalize();
    Some(shape)
}

/// A single shape reference (`"input": {"target": ...}`).
fn decode_link(
    cx: &mut Ctx<'_>,
    id: &str,
    path: &str,
    obj: &serde_json::Map<String, Value>,
    key: &str,
) -> Option<String> {
    let value = obj.get(key)?;
    // An absent input or output is Unit.
    decode_ref(cx, id, &format!("{path}/{key}"), value).filter(|t| t != "smithy.api#Unit")
}

/// Shape references held by single properties (`read`) or lists (`operations`).
fn decode_links(
    cx: &mut Ctx<'_>,
    id: &str,
    path: &str,
    obj: &serde_json::Map<String, Value>,
    keys: &[&str],
) -> Vec<String> {
    let mut out = Vec::new();
    for key in keys {
        let kpath = format!("{path}/{key}");
        match obj.get(*key) {
            None => {}
            Some(Value::Array(list)) => {
                for (i, v) in list.iter().enumerate() {
                    out.extend(decode_ref(cx, id, &format!("{kpath}/{i}"), v));
                }
            }
            Some(v @ Value::Object(_)) => out.extend(decode_ref(cx, id, &kpath, v)),
            Some(_) => cx.error(
                id,
                kpath,
                format!("`{key}` must be a shape reference or a list of them"),
            ),
        }
    }
    out
}

fn required_member(
    cx: &mut Ctx<'_>,
    id: &str,
    path: &str,
    obj: &serde_json::Map<String, Value>,
    name: &str,
) -> Option<Member> {
    let mpath = format!("{path}/{name}");
    match obj.get(name) {
        Some(m) => decode_member(cx, &format!("{id}${name}"), &mpath, m),
        None => {
            cx.error(id, mpath, format!("missing the `{name}` member"));
            None
        }
    }
}

fn decode_member(cx: &mut Ctx<'_>, id: &str, path: &str, value: &Value) -> Option<Member> {
    let Some(obj) = value.as_object() else {
        cx.error(
            id,
            path.to_string(),
            "a member must be an object with a `target`",
        );
        return None;
    };
    let target = decode_ref(cx, id, path, value)?;
    let traits = decode_traits(cx, id, path, obj.get("traits"));
    Some(Member { target, traits })
}

fn decode_ref(cx: &mut Ctx<'_>, id: &str, path: &str, value: &Value) -> Option<String> {
    match value.get("target") {
        Some(Value::String(t)) => match crate::shape_id::ShapeId::parse(t) {
            Ok(_) => Some(t.clone()),
            Err(msg) => {
                cx.error(id, format!("{path}/target"), msg);
                None
            }
        },
        Some(_) => {
            cx.error(
                id,
                format!("{path}/target"),
                "`target` must be a shape id string",
            );
            None
        }
        None => {
            cx.error(id, format!("{path}/target"), "missing `target`");
            None
        }
    }
}

fn decode_traits(cx: &mut Ctx<'_>, id: &str, path: &str, traits: Option<&Value>) -> Traits {
    match traits {
        None => Traits::new(),
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Some(_) => {
            cx.error(
                id,
                format!("{path}/traits"),
                "`traits` must be an object of trait id to value",
            );
            Traits::new()
        }
    }
}
