//! Checks of a file's mixins that Smithy makes while loading: the mixin has
//! the type of the shape it is mixed into, operation and resource mixins stay
//! bare, and inherited members agree on their targets.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

type Shapes = BTreeMap<String, Map<String, Value>>;

pub fn mixins_of(shape: &Map<String, Value>) -> Vec<String> {
    shape
        .get("mixins")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|m| m.get("target").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn members(shape: &Map<String, Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |name: &str, m: &Value| {
        if let Some(t) = m.get("target").and_then(Value::as_str) {
            out.push((name.to_string(), t.to_string()));
        }
    };
    if let Some(Value::Object(ms)) = shape.get("members") {
        for (name, m) in ms {
            add(name, m);
        }
    }
    for slot in ["member", "key", "value"] {
        if let Some(m) = shape.get(slot) {
            add(slot, m);
        }
    }
    out
}

/// Members a shape inherits from the mixins of this file: name to (target, member id).
pub fn inherited(shapes: &Shapes, id: &str) -> Result<BTreeMap<String, (String, String)>, String> {
    let mut out: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut stack = mixins_of(&shapes[id]);
    stack.reverse();
    while let Some(m) = stack.pop() {
        if !seen.insert(m.clone()) {
            continue;
        }
        let Some(shape) = shapes.get(&m) else {
            continue;
        };
        for (name, target) in members(shape) {
            let member_id = format!("{m}${name}");
            match out.get(&name) {
                Some((t, _)) if *t != target => {
                    return Err(format!(
                    "{id}${name}: Member conflicts with an inherited mixin member: `{member_id}`"
                ))
                }
                Some(_) => {}
                None => {
                    out.insert(name, (target, member_id));
                }
            }
        }
        let mut more = mixins_of(shape);
        more.reverse();
        stack.extend(more);
    }
    Ok(out)
}

fn has_trait(shape: &Map<String, Value>, name: &str) -> bool {
    shape.get("traits").and_then(|t| t.get(name)).is_some()
}

/// The problem with the shape, if any.
pub fn check(shapes: &Shapes, id: &str) -> Result<(), String> {
    let err = |message: String| message;
    let shape = &shapes[id];
    let ty = shape.get("type").and_then(Value::as_str).unwrap_or("");
    if has_trait(shape, "smithy.api#mixin") {
        if ty == "operation"
            && ["input", "output"].iter().any(|io| {
                shape
                    .get(*io)
                    .and_then(|t| t.get("target"))
                    .and_then(Value::as_str)
                    .is_some_and(|t| t != "smithy.api#Unit")
            })
        {
            return Err(err(format!("Operation shapes with the mixin trait MUST target `smithy.api#Unit` for their input and output. Operation mixin shape `{id}` defines one or both of these properties.")));
        }
        // Identifiers count as properties here, as in Smithy.
        if ty == "resource"
            && ["identifiers", "properties"].iter().any(|k| {
                shape
                    .get(*k)
                    .is_some_and(|p| p.as_object().is_some_and(|p| !p.is_empty()))
            })
        {
            return Err(err(format!("Resource shapes with the mixin trait may not define any properties. Resource mixin shape `{id}` defines one or more properties.")));
        }
    }
    if !shape.contains_key("mixins") {
        return Ok(());
    }
    let wrong: Vec<String> = mixins_of(shape)
        .into_iter()
        .filter(|m| {
            shapes
                .get(m)
                .and_then(|s| s.get("type"))
                .and_then(Value::as_str)
                .is_some_and(|t| t != ty)
        })
        .map(|m| format!("`{m}`"))
        .collect();
    if !wrong.is_empty() {
        return Err(err(format!("Mixins may only be mixed into shapes of the same type. The following mixins were applied to the {ty} shape `{id}` which are not {ty} shapes: [{}]", wrong.join(", "))));
    }
    let inherited = inherited(shapes, id).map_err(err)?;
    for (name, target) in members(shape) {
        if let Some((t, member_id)) = inherited.get(&name) {
            if *t != target {
                return Err(err(format!(
                    "{id}${name}: Member conflicts with an inherited mixin member: `{member_id}`"
                )));
            }
        }
    }
    Ok(())
}
