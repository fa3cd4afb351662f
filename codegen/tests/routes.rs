//! restJson1 routes are tried in Smithy's specificity order: at the first
//! differing segment a literal beats a label, which beats a greedy label;
//! then more segments win; then more query literals.

use std::path::PathBuf;

fn op(uri: &str) -> serde_json::Value {
    serde_json::json!({
        "type": "operation",
        "traits": {"smithy.api#http": {"method": "GET", "uri": uri}},
        "input": {"target": format!("ex#{}Input", name_of(uri))}
    })
}

fn name_of(uri: &str) -> &'static str {
    match uri {
        "/abc/bcd/{xyz}" => "A",
        "/{xyz}/bcd/cde?def=efg" => "B",
        "/abc/{rest+}" => "C",
        "/abc/bcd/{xyz}/{more}" => "D",
        "/abc/bcd/{xyz}?flag" => "E",
        _ => unreachable!(),
    }
}

#[test]
fn routes_are_tried_most_specific_first() {
    let uris = [
        "/abc/bcd/{xyz}",
        "/{xyz}/bcd/cde?def=efg",
        "/abc/{rest+}",
        "/abc/bcd/{xyz}/{more}",
        "/abc/bcd/{xyz}?flag",
    ];
    let mut shapes = serde_json::Map::new();
    let mut ops = Vec::new();
    for uri in uris {
        let name = name_of(uri);
        shapes.insert(format!("ex#{name}"), op(uri));
        ops.push(serde_json::json!({"target": format!("ex#{name}")}));
        let mut members = serde_json::Map::new();
        for label in ["xyz", "rest", "more"] {
            if uri.contains(&format!("{{{label}")) {
                members.insert(
                    label.into(),
                    serde_json::json!({"target": "smithy.api#String",
                        "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}),
                );
            }
        }
        shapes.insert(
            format!("ex#{name}Input"),
            serde_json::json!({"type": "structure", "members": members,
                "traits": {"smithy.api#input": {}}}),
        );
    }
    shapes.insert(
        "ex#Service".into(),
        serde_json::json!({"type": "service", "version": "1",
            "operations": ops, "traits": {"aws.protocols#restJson1": {}}}),
    );
    let model = serde_json::json!({"smithy": "2.0", "shapes": shapes});
    let sources = vec![(PathBuf::from("routes.json"), model.to_string().into_bytes())];
    let loaded = codegen::load::load_sources(&sources).expect("the model loads");
    let krate = codegen::resolve::resolve(&loaded, "routes").expect("the model resolves");
    let ops = krate.operations.expect("the service has operations");
    let order: Vec<&str> = ops
        .routes
        .iter()
        .map(|&i| ops.operations[i].name.as_str())
        .collect();
    assert_eq!(order, ["D", "E", "A", "C", "B"]);
}
