//! Smithy 1.0 models are read with their own nullability: members that target
//! `Primitive*` shapes are plain values with a zero default, `@box` makes them
//! nullable, and a `set` is a list with unique items.

use std::path::PathBuf;

use serde_json::json;

#[test]
fn smithy_1_nullability_and_sets() {
    let model = json!({
        "smithy": "1.0",
        "shapes": {
            "ns#Thing": {"type": "structure", "members": {
                "count": {"target": "smithy.api#PrimitiveInteger"},
                "maybe": {"target": "smithy.api#PrimitiveInteger", "traits": {"smithy.api#box": {}}},
                "names": {"target": "ns#Names"}
            }},
            "ns#Names": {"type": "set", "member": {"target": "smithy.api#String"}}
        }
    });
    let sources = vec![(PathBuf::from("m.json"), model.to_string().into_bytes())];
    let loaded = codegen::load::load_sources(&sources).unwrap();
    let files = codegen::generate_from(&loaded, Some("one")).unwrap();
    let thing = &files["src/types/_thing.rs"];
    assert!(thing.contains("pub count: i32,"), "{thing}");
    assert!(thing.contains("pub maybe: Option<i32>,"), "{thing}");
    assert!(thing.contains("pub names: Option<Vec<String>>,"), "{thing}");
    assert!(
        files["src/validators.rs"].contains("unique_items"),
        "a set checks that its items are unique"
    );
}
