//! The crate names where a read failed (`JsonError::pointer`) with its own
//! tracking; `serde_path_to_error`, an independent tracker of the same
//! paths, is the judge. Every node of a few valid documents is replaced by
//! each of several wrong values, and both must agree on whether the read
//! fails and where.

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// Values of every JSON type, so that each node gets some of the wrong type.
fn replacements() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!("x"),
        json!(1.5),
        json!(-1),
        json!(1e300),
        json!([]),
        json!([1]),
        json!({}),
        json!({"unknown": 1}),
    ]
}

/// JSON Pointers of every node of `v`, the document included.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    let escape = |s: &str| s.replace('~', "~0").replace('/', "~1");
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                pointers(member, format!("{at}/{}", escape(key)), out);
            }
        }
        _ => {}
    }
}

fn judge_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .map(|segment| match segment {
            Segment::Seq { index } => format!("/{index}"),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                format!("/{}", key.replace('~', "~0").replace('/', "~1"))
            }
            Segment::Unknown => "/?".to_string(),
        })
        .collect()
}

/// Mutates every node of `document` and compares the two trackers; returns
/// how many mutated documents failed to read.
fn compare<T: DeserializeOwned>(document: Value) -> usize {
    let text = document.to_string();
    if let Err(e) = smithy_fixtures::json::from_str::<T>(&text) {
        panic!("the document does not read: {e}: {text}");
    }
    let mut nodes = Vec::new();
    pointers(&document, String::new(), &mut nodes);
    let mut failures = 0;
    for node in &nodes {
        for replacement in replacements() {
            let mut mutated = document.clone();
            *mutated.pointer_mut(node).unwrap() = replacement.clone();
            let text = mutated.to_string();
            let ours = smithy_fixtures::json::from_str::<T>(&text).err();
            let mut de = serde_json::Deserializer::from_str(&text);
            let theirs = serde_path_to_error::deserialize::<_, T>(&mut de).err();
            assert_eq!(
                ours.is_some(),
                theirs.is_some(),
                "{text}: {ours:?} / {theirs:?}"
            );
            let (Some(ours), Some(theirs)) = (ours, theirs) else {
                continue;
            };
            failures += 1;
            assert_eq!(ours.pointer(), judge_pointer(theirs.path()), "{text}");
            assert_eq!(
                ours.to_string(),
                format!("invalid JSON{}: {}", at(ours.pointer()), theirs.inner())
            );
        }
    }
    failures
}

fn at(pointer: &str) -> String {
    if pointer.is_empty() {
        " document".to_string()
    } else {
        format!(" at '{pointer}'")
    }
}

#[test]
fn failure_pointers_agree_with_serde_path_to_error() {
    use smithy_fixtures::types::{Everything, Limits, Shape};
    let everything = json!({
        "blob": "AAEC",
        "blobs": ["AA==", ""],
        "byte": 1,
        "boolean": true,
        "color": "red",
        "colorCounts": {"red": 1, "green": 2},
        "dateTime": "2024-01-01T00:00:00Z",
        "document": {"free": ["form", 1]},
        "double": 1.5,
        "doubles": {"a": 1.0, "b/c~d": "NaN"},
        "epoch": 1700000000.5,
        "httpDate": "Mon, 01 Jan 2024 00:00:00 GMT",
        "sparseMap": {"a": null, "b": 2},
        "sparseStrings": ["a", null],
        "shape": {"nested": {"group": [{"circle": {"radius": 3}}, {"square": 2.5}]}},
        "stamps": ["2024-01-01T00:00:00Z"],
        "strings": ["a", "b"],
        "tree": {"left": {"value": 1}, "value": 2, "children": [{"value": 3}]},
        "uniqueStrings": ["x"]
    });
    let limits = json!({
        "name": "abc",
        "circles": [{"radius": 3}, {"radius": 4}],
        "circleMap": {"ok": {"radius": 3}, "a/b~c": {"radius": 5}}
    });
    let shape =
        json!({"nested": {"group": [{"circle": {"radius": 3}}, {"label": "a"}, {"square": 1.5}]}});
    let failed =
        compare::<Everything>(everything) + compare::<Limits>(limits) + compare::<Shape>(shape);
    assert!(
        failed > 300,
        "only {failed} mutated documents failed to read"
    );
}

#[test]
fn job_execution_pointers_agree_with_serde_path_to_error() {
    // `compare` reads through the fixtures crate; the IoT Jobs crate has the
    // same runtime, so one realistic document of it is checked by hand.
    use iot_jobs_data_plane::types::JobExecution;
    let document = json!({
        "jobId": "j", "status": "QUEUED", "queuedAt": 1, "lastUpdatedAt": 2, "versionNumber": 3,
        "statusDetails": {"a": "b", "c/d": "e"}, "executionNumber": 4
    });
    let mut nodes = Vec::new();
    pointers(&document, String::new(), &mut nodes);
    for node in &nodes {
        for replacement in replacements() {
            let mut mutated = document.clone();
            *mutated.pointer_mut(node).unwrap() = replacement;
            let text = mutated.to_string();
            let ours = iot_jobs_data_plane::json::from_str::<JobExecution>(&text).err();
            let mut de = serde_json::Deserializer::from_str(&text);
            let theirs = serde_path_to_error::deserialize::<_, JobExecution>(&mut de).err();
            assert_eq!(ours.is_some(), theirs.is_some(), "{text}");
            if let (Some(ours), Some(theirs)) = (ours, theirs) {
                assert_eq!(ours.pointer(), judge_pointer(theirs.path()), "{text}");
            }
        }
    }
}
