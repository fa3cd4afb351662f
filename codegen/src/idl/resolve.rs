//! Makes the relative shape ids of a parsed file absolute (through `use`, the
//! shapes of the file, then the prelude), fills in elided member targets and
//! merges applied traits. Most files (ids resolved while parsing, no mixins,
//! no elided members) stay typed throughout; the others are worked on as
//! JSON AST objects.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::body::Body;
use super::checks::mixins_of;
use super::early::{walk_map, walk_traits};
use super::lines::Lines;
use super::marks::{ANNOTATION, MARK};
use super::parser::{File, ShapeDef};
use super::prelude::is_prelude;
use super::{Others, SyntaxError};
use crate::ast::{ShapeType, Traits};

struct Scope<'a> {
    ns: String,
    uses: BTreeMap<String, String>,
    /// The names of the shapes of the file.
    defined: BTreeSet<&'a str>,
    /// Absolute ids of the shapes of the other files of the model.
    others: &'a Others,
}

impl Scope<'_> {
    fn resolve(&self, id: &str) -> String {
        if id.contains('#') {
            return id.to_string();
        }
        let (base, member) = match id.split_once('$') {
            Some((b, m)) => (b, Some(m)),
            None => (id, None),
        };
        let mut out = if let Some(abs) = self.uses.get(base) {
            abs.clone()
        } else if self.defined.contains(base)
            || !is_prelude(base)
            || self.others.ids.contains(&format!("{}#{base}", self.ns))
        {
            format!("{}#{base}", self.ns)
        } else {
            format!("smithy.api#{base}")
        };
        if let Some(m) = member {
            out.push('$');
            out.push_str(m);
        }
        out
    }

    /// Resolves the marked ids of a map: most maps have no marked key, and
    /// rebuilding every map of every trait value was most of the work.
    fn walk_map(&self, m: Map<String, Value>) -> Map<String, Value> {
        walk_map(m, &mut |id| self.resolve(id))
    }

    fn walk_traits(&self, t: Traits) -> Traits {
        walk_traits(t, &mut |id| self.resolve(id))
    }
}

/// An error at an offset of the file (its line and column are worked out
/// only then).
pub struct Located {
    at: usize,
    message: String,
}

fn err(at: usize, message: impl Into<String>) -> Located {
    Located {
        at,
        message: message.into(),
    }
}

/// A file with its ids resolved: the shapes of its JSON AST.
pub struct Resolved {
    pub version: &'static str,
    pub metadata: Map<String, Value>,
    /// Shape id to shape (or `apply` entry), in id order, but for the
    /// values of traits written without one ([`ANNOTATION`]).
    pub shapes: Vec<(String, Body)>,
    /// The list shapes of the file, whose traits take `[]` for no value.
    pub list_traits: BTreeSet<String>,
}

impl Resolved {
    pub fn into_json(self) -> Value {
        let list_traits = &self.list_traits;
        let shapes = self
            .shapes
            .into_iter()
            .map(|(id, mut body)| {
                fill_traits(&mut body.traits, list_traits);
                for m in body.members.values_mut() {
                    fill_traits(&mut m.traits, list_traits);
                }
                (id, Value::Object(body.into_json()))
            })
            .collect();
        let mut root = Map::new();
        root.insert("smithy".into(), Value::String(self.version.into()));
        if !self.metadata.is_empty() {
            root.insert("metadata".into(), Value::Object(self.metadata));
        }
        root.insert("shapes".into(), Value::Object(shapes));
        Value::Object(root)
    }
}

/// The shapes of the file. The shapes of `others` take precedence over the
/// prelude for relative ids, and their resources give elided members their
/// targets. `lenient` leaves out the elided members it cannot resolve.
pub fn resolve(
    file: File,
    text: &str,
    others: &Others,
    lenient: bool,
) -> Result<Resolved, SyntaxError> {
    resolve_file(file, others, lenient).map_err(|e| {
        let (line, col) = Lines::new(text).of(e.at);
        SyntaxError {
            line,
            col,
            message: e.message,
        }
    })
}

fn resolve_file(mut file: File, others: &Others, lenient: bool) -> Result<Resolved, Located> {
    // The shapes' bodies are moved out, not copied: they are most of the file.
    let bodies: Vec<Body> = file
        .shapes
        .iter_mut()
        .map(|def| std::mem::take(&mut def.body))
        .collect();
    let applies = std::mem::take(&mut file.applies);
    let metadata = std::mem::take(&mut file.metadata);
    let ns = file.namespace.clone().unwrap_or_default();
    let mut scope = Scope {
        ns: ns.clone(),
        uses: BTreeMap::new(),
        defined: BTreeSet::new(),
        others,
    };
    for def in &file.shapes {
        if !scope.defined.insert(&def.name) {
            return Err(err(
                def.at,
                format!("Shape `{ns}#{}` is defined more than once", def.name),
            ));
        }
    }
    for (id, at) in &file.uses {
        let name = crate::shape_id::name_of(id).to_string();
        if scope.defined.contains(name.as_str()) && !id.starts_with(&format!("{ns}#")) {
            return Err(err(
                *at,
                format!("`use` of `{id}` conflicts with the shape `{ns}#{name}` of this file"),
            ));
        }
        match scope.uses.get(&name) {
            Some(other) if other != id => {
                return Err(err(
                    *at,
                    format!("Cannot use name `{name}` because it conflicts with `{other}`"),
                ))
            }
            _ => {
                scope.uses.insert(name, id.clone());
            }
        }
    }
    // Ids resolved while parsing, no mixins and no elided members: nothing
    // needs the shapes as JSON objects.
    let plain = file.early
        && file.shapes.iter().zip(&bodies).all(|(d, b)| {
            b.mixins.is_empty() && d.elided.is_empty() && !b.traits.contains_key("smithy.api#mixin")
        });
    let first_apply = applies.first().map_or(0, |a| a.2);
    let (shapes, applies) = if plain {
        resolve_plain(&file, bodies, applies, &scope)?
    } else {
        resolve_json(&file, bodies, applies, &scope, lenient)?
    };
    let shapes = finish(shapes, applies, first_apply)?;
    let list_traits = shapes
        .iter()
        .filter(|(_, s)| matches!(s.ty, Some(ShapeType::List | ShapeType::Set)))
        .map(|(id, _)| id.clone())
        .collect();
    Ok(Resolved {
        version: file.version,
        metadata,
        shapes,
        list_traits,
    })
}

/// `apply` statements: target, traits, offset.
type Applies = Vec<(String, Traits, usize)>;

/// The shapes of the file in id order, and the traits applied by target.
type Shapes = (Vec<(String, Body)>, BTreeMap<String, Traits>);

/// The absolute id of a shape of the file.
fn id_of(ns: &str, name: &str) -> String {
    let mut id = String::with_capacity(ns.len() + 1 + name.len());
    id.push_str(ns);
    id.push('#');
    id.push_str(name);
    id
}

/// A file whose ids are resolved and that has no mixins or elided members.
fn resolve_plain(
    file: &File,
    bodies: Vec<Body>,
    applied: Applies,
    scope: &Scope,
) -> Result<Shapes, Located> {
    // Sorted once (the ids are unique), not inserted one by one.
    let mut shapes: Vec<(String, Body)> = Vec::with_capacity(bodies.len());
    for (def, mut body) in file.shapes.iter().zip(bodies) {
        // Enum members without a value are their own name.
        if body.ty == Some(ShapeType::Enum) {
            for (name, m) in body.members.iter_mut() {
                m.traits
                    .entry("smithy.api#enumValue".to_string())
                    .or_insert_with(|| Value::String(name.clone()));
            }
        }
        shapes.push((id_of(&scope.ns, &def.name), body));
    }
    shapes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut applies: BTreeMap<String, Traits> = BTreeMap::new();
    for (target, traits, at) in applied {
        let target = scope.resolve(target.trim_start_matches(MARK));
        merge(&mut applies, target, traits, at)?;
    }
    Ok((shapes, applies))
}

/// A file with mixins or elided members (or ids still marked), worked on
/// as JSON AST objects.
fn resolve_json(
    file: &File,
    bodies: Vec<Body>,
    applied: Applies,
    scope: &Scope,
    lenient: bool,
) -> Result<Shapes, Located> {
    let ns = &scope.ns;
    let mut shapes: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut resolved: Vec<(String, &ShapeDef)> = Vec::new();
    let mut to_check: Vec<usize> = Vec::new();
    let bodies = bodies.into_iter().map(Body::into_json);
    // Ids resolved while parsing need no walk (see `early`).
    let early = file.early;
    let walk = |m: Map<String, Value>| if early { m } else { scope.walk_map(m) };
    let walk_traits = |t: Traits| if early { t } else { scope.walk_traits(t) };
    for (def, body) in file.shapes.iter().zip(bodies) {
        let id = id_of(ns, &def.name);
        let body = walk(body);
        // Only shapes with mixins or the mixin trait have anything to check.
        let is_mixin = |t: &Value| t.get("smithy.api#mixin").is_some();
        if body.contains_key("mixins") || body.get("traits").is_some_and(is_mixin) {
            to_check.push(resolved.len());
        }
        shapes.insert(id.clone(), body);
        resolved.push((id, def));
    }
    default_enum_values(&mut shapes);
    for &i in &to_check {
        let (id, def) = &resolved[i];
        super::checks::check(&shapes, id).map_err(|m| err(def.at, m))?;
    }
    let mut applies: BTreeMap<String, Traits> = BTreeMap::new();
    for (id, def) in &resolved {
        for e in &def.elided {
            let traits = walk_traits(e.traits.clone());
            let slot_is_members = shapes[id].contains_key("members");
            if let (Some(Found::Target(t)), Ok(inh)) = (
                resource_target(&shapes, &e.name, def, scope),
                super::checks::inherited(&shapes, id),
            ) {
                if let Some((mt, member_id)) = inh.get(&e.name) {
                    if *mt != t {
                        return Err(err(
                            e.at,
                            format!("{id}${}: Member conflicts with an inherited mixin member: `{member_id}`", e.name),
                        ));
                    }
                }
            }
            match elided_target(&shapes, id, &e.name, slot_is_members, def, scope) {
                Some(Found::Mixin) => {
                    if !traits.is_empty() {
                        merge(&mut applies, format!("{id}${}", e.name), traits, e.at)?;
                    }
                }
                Some(Found::Target(t)) => {
                    let mut m = Map::new();
                    m.insert("target".into(), Value::String(t));
                    if !traits.is_empty() {
                        m.insert("traits".into(), Value::Object(traits.into_iter().collect()));
                    }
                    let shape = shapes.get_mut(id).expect("defined above");
                    if slot_is_members {
                        if let Some(Value::Object(members)) = shape.get_mut("members") {
                            members.insert(e.name.clone(), Value::Object(m));
                        }
                    } else {
                        shape.insert(e.name.clone(), Value::Object(m));
                    }
                }
                None if lenient => {}
                None => {
                    return Err(err(
                        e.at,
                        format!("{id}${}: Member target was elided, but no bound resource or mixin contained a matching identifier or member name.", e.name),
                    ))
                }
            }
        }
    }
    for (target, traits, at) in applied {
        let target = scope.resolve(target.trim_start_matches(MARK));
        merge(&mut applies, target, walk_traits(traits), at)?;
    }
    let shapes = shapes
        .into_iter()
        .map(|(id, json)| (id, Body::from_json(json)))
        .collect();
    Ok((shapes, applies))
}

/// The applied traits merged into the shapes of the file, or kept as
/// `apply` entries for shapes (and members) defined elsewhere.
fn finish(
    mut shapes: Vec<(String, Body)>,
    applies: BTreeMap<String, Traits>,
    first_apply: usize,
) -> Result<Vec<(String, Body)>, Located> {
    let mut entries = Vec::new();
    for (target, traits) in applies {
        match shapes.binary_search_by(|(id, _)| id.as_str().cmp(&target)) {
            Ok(i) => merge_traits(&mut shapes[i].1.traits, &target, traits, first_apply)?,
            Err(_) => entries.push((target, Body::apply(traits))),
        }
    }
    if !entries.is_empty() {
        shapes.extend(entries);
        shapes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    Ok(shapes)
}

/// Enum members without a value are their own name, unless they come from
/// a mixin (then the mixin's value stays).
fn default_enum_values(shapes: &mut BTreeMap<String, Map<String, Value>>) {
    let enums: Vec<String> = shapes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("enum"))
        .map(|(id, _)| id.clone())
        .collect();
    for id in enums {
        let names: Vec<String> = match shapes[&id].get("members").and_then(Value::as_object) {
            Some(m) => m.keys().cloned().collect(),
            None => continue,
        };
        for name in names {
            if inherited(shapes, &id, &name) {
                continue;
            }
            let Some(Value::Object(member)) = shapes
                .get_mut(&id)
                .and_then(|s| s.get_mut("members"))
                .and_then(|m| m.get_mut(&name))
            else {
                continue;
            };
            let traits = member
                .entry("traits")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(t) = traits {
                t.entry("smithy.api#enumValue")
                    .or_insert_with(|| Value::String(name.clone()));
            }
        }
    }
}

/// Whether a mixin of the shape (defined in this file) has the member.
fn inherited(shapes: &BTreeMap<String, Map<String, Value>>, id: &str, name: &str) -> bool {
    let mut stack = mixins_of(&shapes[id]);
    let mut seen = BTreeSet::new();
    while let Some(m) = stack.pop() {
        if !seen.insert(m.clone()) {
            continue;
        }
        if let Some(shape) = shapes.get(&m) {
            if shape.get("members").and_then(|ms| ms.get(name)).is_some() {
                return true;
            }
            stack.extend(mixins_of(shape));
        }
    }
    false
}

/// Adds traits to those already applied to the target: lists are
/// concatenated, other values must agree.
fn merge_traits(
    entry: &mut Traits,
    target: &str,
    traits: Traits,
    at: usize,
) -> Result<(), Located> {
    for (k, v) in traits {
        match (entry.get_mut(&k), v) {
            (None, v) => {
                entry.insert(k, v);
            }
            (Some(Value::Array(old)), Value::Array(new)) => old.extend(new),
            (Some(old), v) if *old == v => {}
            (Some(_), _) => {
                return Err(err(
                    at,
                    format!("Conflicting `{k}` trait applied to `{target}`"),
                ))
            }
        }
    }
    Ok(())
}

/// Prelude traits whose value is a list.
const PRELUDE_LIST_TRAITS: &[&str] = &[
    "smithy.api#tags",
    "smithy.api#enum",
    "smithy.api#references",
    "smithy.api#auth",
    "smithy.api#suppress",
    "smithy.api#examples",
];

/// The value of a trait: for one written without a value, `[]` for a list
/// trait (of the prelude or defined in the file), else `{}`.
pub fn filled(id: &str, v: Value, list_traits: &BTreeSet<String>) -> Value {
    if v.as_str() != Some(ANNOTATION) {
        return v;
    }
    if list_traits.contains(id) || PRELUDE_LIST_TRAITS.contains(&id) {
        Value::Array(Vec::new())
    } else {
        Value::Object(Map::new())
    }
}

/// Gives the traits written without a value theirs.
pub fn fill_traits(traits: &mut Traits, list_traits: &BTreeSet<String>) {
    for (id, v) in traits.iter_mut() {
        if v.as_str() == Some(ANNOTATION) {
            *v = filled(id, std::mem::take(v), list_traits);
        }
    }
}

fn merge(
    applies: &mut BTreeMap<String, Traits>,
    target: String,
    traits: Traits,
    at: usize,
) -> Result<(), Located> {
    let entry = applies.entry(target.clone()).or_default();
    merge_traits(entry, &target, traits, at)
}

enum Found {
    Mixin,
    Target(String),
}

/// Whether the member `name` comes from a mixin (found in this file, or a
/// mixin defined elsewhere), else its target in the bound resource.
fn elided_target(
    shapes: &BTreeMap<String, Map<String, Value>>,
    id: &str,
    name: &str,
    in_members: bool,
    def: &ShapeDef,
    scope: &Scope,
) -> Option<Found> {
    let mut unknown_mixin = false;
    let mut stack = mixins_of(&shapes[id]);
    let mut seen = BTreeSet::new();
    while let Some(m) = stack.pop() {
        if !seen.insert(m.clone()) {
            continue;
        }
        match shapes.get(&m) {
            Some(shape) => {
                let has = if in_members {
                    shape.get("members").and_then(|ms| ms.get(name)).is_some()
                } else {
                    shape.contains_key(name)
                };
                if has {
                    return Some(Found::Mixin);
                }
                stack.extend(mixins_of(shape));
            }
            None => unknown_mixin = true,
        }
    }
    resource_target(shapes, name, def, scope).or(unknown_mixin.then_some(Found::Mixin))
}

/// The target of `name` among the identifiers and properties of the bound resource.
fn resource_target(
    shapes: &BTreeMap<String, Map<String, Value>>,
    name: &str,
    def: &ShapeDef,
    scope: &Scope,
) -> Option<Found> {
    let r = scope.resolve(def.for_resource.as_ref()?.trim_start_matches(MARK));
    let Some(res) = shapes.get(&r) else {
        let target = scope.others.resource_members.get(&r)?.get(name)?;
        return Some(Found::Target(target.clone()));
    };
    ["identifiers", "properties"].iter().find_map(|slot| {
        res.get(*slot)
            .and_then(|s| s.get(name))
            .and_then(|m| m.get("target"))
            .and_then(Value::as_str)
            .map(|t| Found::Target(t.to_string()))
    })
}
