//! A shape as the parser reads it: typed where the AST is (type, traits,
//! mixins, members), so that most files go to the AST with no JSON object
//! built and taken apart again; the JSON AST object only where it is wanted
//! (`into_json`, and the mixin and elided-member work of `resolve`).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::ast::{Member, ShapeType, Traits};

#[derive(Clone, Debug, Default)]
pub struct Body {
    /// `None` for an `apply` entry.
    pub ty: Option<ShapeType>,
    pub traits: Traits,
    /// Mixin ids.
    pub mixins: Vec<String>,
    /// Members by name: those of a structure, union or enum, or a list's
    /// `member`, a map's `key` and `value`.
    pub members: BTreeMap<String, Member>,
    /// The properties of a service, resource or operation, as in the JSON AST.
    pub props: Map<String, Value>,
}

impl Body {
    pub fn new(ty: ShapeType) -> Self {
        Body {
            ty: Some(ty),
            ..Body::default()
        }
    }

    /// An `apply` entry.
    pub fn apply(traits: Traits) -> Self {
        Body {
            traits,
            ..Body::default()
        }
    }

    /// Whether the JSON AST object would have the key (for the parser's
    /// duplicate property check, which the object once made).
    pub fn has_key(&self, key: &str) -> bool {
        match key {
            "type" => true,
            "traits" => !self.traits.is_empty(),
            "mixins" => !self.mixins.is_empty(),
            _ => self.props.contains_key(key),
        }
    }

    /// The JSON AST object.
    pub fn into_json(self) -> Map<String, Value> {
        let mut m = Map::new();
        let ty = self.ty.map_or("apply", ShapeType::name);
        m.insert("type".into(), Value::String(ty.into()));
        if !self.mixins.is_empty() {
            let mixins = self.mixins.into_iter().map(target).collect();
            m.insert("mixins".into(), Value::Array(mixins));
        }
        if !self.traits.is_empty() || self.ty.is_none() {
            m.insert(
                "traits".into(),
                Value::Object(self.traits.into_iter().collect()),
            );
        }
        let members = self.members.into_iter().map(|(k, v)| (k, member_json(v)));
        match self.ty {
            Some(ShapeType::List | ShapeType::Set | ShapeType::Map) => m.extend(members),
            Some(t) if t.has_members() => {
                m.insert("members".into(), Value::Object(members.collect()));
            }
            _ => {}
        }
        m.extend(self.props);
        m
    }

    /// The shape of a JSON AST object as `resolve` makes them.
    pub fn from_json(obj: Map<String, Value>) -> Self {
        let mut body = Body::default();
        for (k, v) in obj {
            match (k.as_str(), v) {
                ("type", Value::String(t)) => body.ty = ShapeType::parse(&t),
                ("traits", Value::Object(t)) => body.traits = t.into_iter().collect(),
                ("mixins", Value::Array(ms)) => {
                    body.mixins = ms.into_iter().map(target_of).collect();
                }
                ("members", Value::Object(ms)) => {
                    body.members = ms.into_iter().map(|(k, v)| (k, member_of(v))).collect();
                }
                ("member" | "key" | "value", v) => {
                    body.members.insert(k, member_of(v));
                }
                (_, v) => {
                    body.props.insert(k, v);
                }
            }
        }
        body
    }
}

/// `{"target": id}`
pub fn target(id: String) -> Value {
    let mut m = Map::new();
    m.insert("target".into(), Value::String(id));
    Value::Object(m)
}

fn member_json(m: Member) -> Value {
    let mut out = Map::new();
    out.insert("target".into(), Value::String(m.target));
    if !m.traits.is_empty() {
        out.insert(
            "traits".into(),
            Value::Object(m.traits.into_iter().collect()),
        );
    }
    Value::Object(out)
}

/// The `target` of a `{"target": ...}` object `resolve` made.
fn target_of(v: Value) -> String {
    match v {
        Value::Object(mut m) => match m.remove("target") {
            Some(Value::String(t)) => t,
            _ => unreachable!("resolve gives targets as strings"),
        },
        _ => unreachable!("resolve gives targets as objects"),
    }
}

fn member_of(v: Value) -> Member {
    let Value::Object(obj) = v else {
        unreachable!("resolve gives members as objects");
    };
    let mut member = Member {
        target: String::new(),
        traits: Traits::new(),
    };
    for (k, v) in obj {
        match (k.as_str(), v) {
            ("target", Value::String(t)) => member.target = t,
            ("traits", Value::Object(t)) => member.traits = t.into_iter().collect(),
            _ => {}
        }
    }
    member
}
