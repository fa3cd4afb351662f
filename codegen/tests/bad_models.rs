//! Broken models fail with one line per problem naming the file, the shape id,
//! the JSON path and what is wrong; they never panic.

use std::path::PathBuf;

use serde_json::{json, Value};

fn errors_of(files: &[(&str, String)]) -> String {
    let sources: Vec<_> = files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.clone().into_bytes()))
        .collect();
    let result =
        codegen::load::load_sources(&sources).and_then(|m| codegen::generate_from(&m, Some("x")));
    match result {
        Ok(_) => panic!("the model was accepted"),
        Err(e) => e.to_string(),
    }
}

fn errors(shapes: Value) -> String {
    errors_of(&[(
        "m.json",
        json!({"smithy": "2.0", "shapes": shapes}).to_string(),
    )])
}

/// The model generates.
fn accepted(shapes: Value) -> bool {
    let source = json!({"smithy": "2.0", "shapes": shapes}).to_string();
    codegen::load::load_sources(&[(PathBuf::from("m.json"), source.into_bytes())])
        .and_then(|m| codegen::generate_from(&m, Some("x")))
        .is_ok()
}

fn assert_has(text: &str, parts: &[&str]) {
    for p in parts {
        assert!(text.contains(p), "expected {p:?} in:\n{text}");
    }
}

#[test]
fn file_level_problems() {
    assert_has(
        &errors_of(&[("a.json", "{\"smithy\": ".into())]),
        &["a.json: line 1 column", "not valid JSON"],
    );
    assert_has(
        &errors_of(&[("a.json", "".into())]),
        &["a.json: the file is empty"],
    );
    assert_has(
        &errors_of(&[("a.json", "{\"shapes\": {}}".into())]),
        &["missing the `smithy` version"],
    );
    assert_has(
        &errors_of(&[("a.json", "{\"smithy\": \"3.0\"}".into())]),
        &["unsupported Smithy version \"3.0\""],
    );
    assert_has(
        &errors_of(&[("a.json", "{\"smithy\": \"2.0\", \"shapes\": []}".into())]),
        &["at /shapes: `shapes` must be an object"],
    );
    assert_has(
        &errors(json!({"ns#A": {"type": "strang"}})),
        &[
            "shape `ns#A`",
            "at /shapes/ns#A/type",
            "unknown shape type \"strang\"",
        ],
    );
}

#[test]
fn targets_must_exist_and_fit() {
    let text = errors(json!({
        "ns#S": {"type": "structure", "members": {
            "a": {"target": "ns#Missing"},
            "b": {"target": "ns#Op"},
            "c": {"target": "ns#BadMap"}
        }},
        "ns#Op": {"type": "operation"},
        "ns#BadMap": {"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}
    }));
    assert_has(&text, &[
        "m.json: shape `ns#S$a`: at /shapes/ns#S/members/a/target: target `ns#Missing` is not defined",
        "shape `ns#S$b`: at /shapes/ns#S/members/b/target: a member cannot target `ns#Op`, which is a operation shape",
        "shape `ns#BadMap$key`: at /shapes/ns#BadMap/key/target: a map key must target a string shape",
    ]);
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn conflicting_definitions_across_files() {
    let a = json!({"smithy": "2.0", "shapes": {"ns#A": {"type": "string"}}}).to_string();
    let b = json!({"smithy": "2.0", "shapes": {"ns#A": {"type": "integer"}}}).to_string();
    assert_has(
        &errors_of(&[("a.json", a), ("b.json", b)]),
        &["shape `ns#A`", "defined differently in a.json and b.json"],
    );
}

#[test]
fn member_and_enum_problems() {
    let text = errors(json!({
        "ns#S": {"type": "structure", "members": {"name": {"target": "smithy.api#String"}, "Name": {"target": "smithy.api#String"}}},
        "ns#E": {"type": "enum", "members": {}},
        "ns#D": {"type": "enum", "members": {
            "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}},
            "B": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}}
        }},
        "ns#I": {"type": "intEnum", "members": {"A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "one"}}}}
    }));
    assert_has(&text, &[
        "differ only by case",
        "shape `ns#E`: at /shapes/ns#E: an enum needs at least one value",
        "shape `ns#D`",
        "the value \"x\" is given twice",
        "shape `ns#I$A`: at /shapes/ns#I/members/A/traits/smithy.api#enumValue: an intEnum member needs an integer @enumValue",
    ]);
}

#[test]
fn impossible_constraints() {
    let text = errors(json!({
        "ns#S": {"type": "structure", "members": {
            "a": {"target": "ns#Backwards"},
            "b": {"target": "ns#Negative"},
            "c": {"target": "ns#Range"},
            "d": {"target": "ns#Pattern"},
            "e": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": "zero"}},
            "f": {"target": "smithy.api#Byte", "traits": {"smithy.api#default": 300}},
            "g": {"target": "smithy.api#Float", "traits": {"smithy.api#default": 1e300}}
        }},
        "ns#Backwards": {"type": "string", "traits": {"smithy.api#length": {"min": 5, "max": 1}}},
        "ns#Negative": {"type": "string", "traits": {"smithy.api#length": {"min": -1}}},
        "ns#Range": {"type": "integer", "traits": {"smithy.api#range": {"min": 10, "max": 1}}},
        "ns#Pattern": {"type": "string", "traits": {"smithy.api#pattern": "[a-"}}
    }));
    assert_has(&text, &[
        "shape `ns#Backwards`: at /shapes/ns#Backwards/traits/smithy.api#length: @length min 5 is greater than max 1",
        "shape `ns#Negative`: at /shapes/ns#Negative/traits/smithy.api#length: @length bounds must be non-negative integers",
        "shape `ns#Range`: at /shapes/ns#Range/traits/smithy.api#range: @range min 10 is greater than max 1",
        "shape `ns#Pattern`: at /shapes/ns#Pattern/traits/smithy.api#pattern: @pattern \"[a-\" is not a valid ECMA 262 pattern: unterminated character class",
        "shape `ns#S$e`: at /shapes/ns#S/members/e/traits/smithy.api#default: @default(\"zero\") does not fit",
        "shape `ns#S$f`",
        "@default(300) does not fit the member's type (expected an integer from -128 to 127)",
        "shape `ns#S$g`",
        "does not fit the member's type (a 32-bit float)",
    ]);
}

#[test]
fn forbidden_recursion() {
    let text = errors(json!({
        "ns#S": {"type": "structure", "members": {"l": {"target": "ns#L"}}},
        "ns#L": {"type": "list", "member": {"target": "ns#L"}}
    }));
    assert_has(&text, &["lists and maps nest into themselves"]);
    let text = errors(json!({
        "ns#A": {"type": "structure", "members": {"b": {"target": "ns#B", "traits": {"smithy.api#required": {}}}}},
        "ns#B": {"type": "structure", "members": {"a": {"target": "ns#A", "traits": {"smithy.api#required": {}}}}}
    }));
    assert_has(
        &text,
        &[
            "shape `ns#B$a`",
            "a cycle of @required members (ns#A$b -> ns#B$a) can never be built",
        ],
    );
    // A union whose every member returns to it.
    let text = errors(json!({
        "ns#U": {"type": "union", "members": {
            "a": {"target": "ns#U"},
            "s": {"target": "ns#S"}
        }},
        "ns#S": {"type": "structure", "members": {"u": {"target": "ns#U", "traits": {"smithy.api#required": {}}}}}
    }));
    assert_has(
        &text,
        &[
            "shape `ns#U`",
            "every member of this union leads back to it",
        ],
    );
    // With a way out (a string, or an optional member), both are fine.
    for way_out in [
        json!({"target": "smithy.api#String"}),
        json!({"target": "ns#T"}),
    ] {
        let shapes = json!({
            "ns#U": {"type": "union", "members": {"a": {"target": "ns#U"}, "out": way_out}},
            "ns#T": {"type": "structure", "members": {"u": {"target": "ns#U"}}}
        });
        assert!(accepted(shapes), "{way_out}");
    }
}

#[test]
fn map_keys_and_enum_constraints() {
    let text = errors(json!({
        "ns#S": {"type": "structure", "members": {"m": {"target": "ns#M"}, "e": {"target": "ns#E"}}},
        "ns#M": {"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}},
        "ns#E": {"type": "enum", "traits": {"smithy.api#length": {"max": 3}, "smithy.api#pattern": "^[A-Z]+$"},
                 "members": {"OK": {"target": "smithy.api#Unit"}, "TOO_LONG": {"target": "smithy.api#Unit"}, "lower": {"target": "smithy.api#Unit"}}}
    }));
    assert_has(
        &text,
        &[
            "shape `ns#M$key`",
            "a map key must target a string shape",
            "shape `ns#E`",
            "enum value \"TOO_LONG\" does not satisfy the enum's own @length",
            "enum value \"lower\" does not match the enum's own @pattern",
        ],
    );
    // In Smithy 2.0 an enum is a string: values that satisfy them are fine.
    assert!(accepted(json!({
        "ns#S": {"type": "structure", "members": {"e": {"target": "ns#E"}}},
        "ns#E": {"type": "enum", "traits": {"smithy.api#length": {"max": 3}, "smithy.api#pattern": "^[A-Z]+$"},
                 "members": {"OK": {"target": "smithy.api#Unit"}}}
    })));
}

#[test]
fn unresolvable_rust_names() {
    let text = errors(json!({
        "a#Thing": {"type": "structure"},
        "b#Thing": {"type": "structure"},
        "ns#S": {"type": "structure", "members": {"fooBar": {"target": "smithy.api#String"}, "foo_bar": {"target": "smithy.api#String"}}}
    }));
    assert_has(
        &text,
        &[
            "shape `b#Thing`",
            "its Rust name `Thing` is also the name of `a#Thing`",
            "members `fooBar` and `foo_bar` both map to the Rust field `foo_bar`",
        ],
    );
}

#[test]
fn every_problem_is_reported_at_once_and_sorted() {
    let text = errors(json!({
        "ns#A": {"type": "structure", "members": {"x": {"target": "ns#Nope"}}},
        "ns#B": {"type": "string", "traits": {"smithy.api#length": {"min": 3, "max": 2}}},
        "ns#C": {"type": "structure", "members": {"b": {"target": "ns#B"}}}
    }));
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.lines()
            .all(|l| l.starts_with("error: m.json: shape `")),
        "{text}"
    );
}

#[test]
fn a_failed_generation_leaves_the_output_folder_as_it_was() {
    let out = codegen::write::temp_dir("untouched");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/lib.rs"), "// old").unwrap();
    let model = out.with_extension("json");
    std::fs::write(
        &model,
        json!({"smithy": "2.0", "shapes": {"ns#A": {"type": "list"}}}).to_string(),
    )
    .unwrap();
    let result = codegen::generate(&codegen::Config {
        models: vec![model.clone()],
        crate_name: None,
        ..Default::default()
    });
    assert!(result.is_err());
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        "// old"
    );
    std::fs::remove_dir_all(&out).unwrap();
    std::fs::remove_file(&model).unwrap();
}

#[test]
fn a_range_as_wide_as_its_type_adds_no_check() {
    let source = json!({"smithy": "2.0", "shapes": {
        "ns#S": {"type": "structure", "members": {
            "all": {"target": "ns#All"},
            "half": {"target": "ns#Half"}
        }},
        "ns#All": {"type": "integer", "traits": {"smithy.api#range": {"min": -2147483648, "max": 2147483647}}},
        "ns#Half": {"type": "integer", "traits": {"smithy.api#range": {"min": 0, "max": 2147483647}}}
    }})
    .to_string();
    let files = codegen::load::load_sources(&[(PathBuf::from("m.json"), source.into_bytes())])
        .and_then(|m| codegen::generate_from(&m, Some("x")))
        .unwrap();
    let validators = &files["src/validators.rs"];
    assert!(!validators.contains("fn all("), "{validators}");
    // Only the bound inside the type is compared.
    assert!(validators.contains("*value < 0"), "{validators}");
    assert!(!validators.contains("2147483647 {"), "{validators}");
}
