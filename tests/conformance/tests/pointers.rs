//! The crate's own JSON reader against its serde impls read by serde_json,
//! with `serde_path_to_error` as an independent tracker of where a read
//! failed (`JsonError::pointer`). Every node of a few valid documents is
//! replaced by each of several wrong values, and both must agree on whether
//! the read fails, where, and why.

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

/// A read by the crate under test: on failure, its pointer and message.
type Ours = fn(&str) -> Option<(String, String)>;

/// Mutates every node of `document` and compares the crate's read (`ours`)
/// with `serde_path_to_error`'s; returns how many mutated documents failed.
fn compare<T: DeserializeOwned>(document: Value, ours: Ours) -> usize {
    let text = document.to_string();
    if let Some((_, e)) = ours(&text) {
        panic!("the document does not read: {e}: {text}");
    }
    let mut nodes = Vec::new();
    pointers(&document, String::new(), &mut nodes);
    let mut failures = 0;
    for node in &nodes {
        for replacement in replacements() {
            let mut mutated = document.clone();
            *mutated.pointer_mut(node).unwrap() = replacement;
            let text = mutated.to_string();
            let mut de = serde_json::Deserializer::from_str(&text);
            let theirs = serde_path_to_error::deserialize::<_, T>(&mut de).err();
            let (ours, theirs) = match (ours(&text), theirs) {
                (None, None) => continue,
                (Some(ours), Some(theirs)) => (ours, theirs),
                (ours, theirs) => panic!("{text}: {ours:?} / {theirs:?}"),
            };
            failures += 1;
            let pointer = judge_pointer(theirs.path());
            assert_eq!(ours.0, pointer, "{text}");
            // The same message; positions differ by design (ours names the
            // value's first byte, serde_json the last one it read).
            let message = format!("invalid JSON{}: {}", at(&pointer), theirs.inner());
            assert_eq!(
                without_position(&ours.1),
                without_position(&message),
                "{text}"
            );
        }
    }
    failures
}

fn without_position(message: &str) -> &str {
    message.rsplit_once(" at line ").map_or(message, |(m, _)| m)
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
    fn ours<T: smithy_fixtures::codec::ReadJson>(text: &str) -> Option<(String, String)> {
        let e = smithy_fixtures::json::from_str::<T>(text).err()?;
        Some((e.pointer().to_string(), e.to_string()))
    }
    let failed = compare::<Everything>(everything, ours::<Everything>)
        + compare::<Limits>(limits, ours::<Limits>)
        + compare::<Shape>(shape, ours::<Shape>);
    assert!(
        failed > 300,
        "only {failed} mutated documents failed to read"
    );
}

#[test]
fn job_execution_pointers_agree_with_serde_path_to_error() {
    // The IoT Jobs crate has its own copy of the runtime.
    use iot_jobs_data_plane::types::JobExecution;
    let document = json!({
        "jobId": "j", "status": "QUEUED", "queuedAt": 1, "lastUpdatedAt": 2, "versionNumber": 3,
        "statusDetails": {"a": "b", "c/d": "e"}, "executionNumber": 4
    });
    let failed = compare::<JobExecution>(document, |text| {
        let e = iot_jobs_data_plane::json::from_str::<JobExecution>(text).err()?;
        Some((e.pointer().to_string(), e.to_string()))
    });
    assert!(
        failed > 50,
        "only {failed} mutated documents failed to read"
    );
}
