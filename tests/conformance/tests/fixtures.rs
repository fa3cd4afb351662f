//! Behaviour of every shape type and trait, on the fixture model in
//! `tests/fixtures/model/` (generated into `tests/fixtures/generated/`).

use serde_json::{json, Value};
use smithy_fixtures::json;
use smithy_fixtures::primitives::{BigDecimal, BigInteger, DateTime};
use smithy_fixtures::types::{
    Circle, Color, Defaults, Everything, LegacyEnum, Level, Limits, Mood, NotFound, Nothing, Pick,
    PutEverythingInput, Shape, Tree,
};
use smithy_fixtures::validation::ViolationKind;
use smithy_fixtures::Validate;

fn parse<T: smithy_fixtures::codec::ReadJson>(v: Value) -> T {
    json::from_str(&v.to_string()).unwrap_or_else(|e| panic!("{v}: {e}"))
}

fn written<T: smithy_fixtures::codec::WriteJson>(x: &T) -> Value {
    serde_json::from_str(&json::to_string(x).unwrap()).unwrap()
}

const EVERYTHING: &str = r#"{
    "blob": "aGVsbG8=", "boolean": true, "STRING": "s", "byte": -8, "short": 300, "integer": 70000,
    "long": 9007199254740993, "float": "NaN", "double": "-Infinity",
    "bigInteger": 123456789012345678901234567890, "bigDecimal": 0.1000000000000000000000000001,
    "epoch": 1700000000.123, "dateTime": "2023-11-14T22:13:20Z", "httpDate": "Tue, 14 Nov 2023 22:13:20 GMT",
    "document": {"a": [1, "two", null, {"b": false}]},
    "color": "green", "level": 10, "legacy": "t2.micro",
    "strings": ["a", "b"], "uniqueStrings": ["x"], "sparseStrings": ["a", null],
    "stamps": ["2023-11-14T22:13:20.5Z"], "blobs": ["", "AAE="],
    "doubles": {"pi": 3.25, "nan": "NaN"}, "sparseMap": {"k": null, "v": 1}, "colorCounts": {"red": 1, "purple": 2},
    "shape": {"circle": {"radius": 3.0}},
    "tree": {"value": 1, "left": {"value": 2}, "children": [{"value": 3}]},
    "secret": "1234", "type": "t", "self": "me", "oldField": "o", "stringShape": {"value": "v"}, "createdBy": "mixin"
}"#;

#[test]
fn every_simple_type_reads_from_its_wire_form() {
    let e: Everything = json::from_str(EVERYTHING).unwrap();
    assert_eq!(e.blob.as_deref(), Some(&b"hello"[..]));
    assert_eq!(e.boolean, Some(true));
    assert_eq!(e.string.as_deref(), Some("s"), "@jsonName STRING");
    assert_eq!(
        (e.byte, e.short, e.integer),
        (Some(-8), Some(300), Some(70000))
    );
    assert_eq!(e.long, Some(9_007_199_254_740_993), "no f64 rounding");
    assert!(e.float.unwrap().is_nan());
    assert_eq!(e.double, Some(f64::NEG_INFINITY));
    assert_eq!(
        e.big_integer,
        BigInteger::new("123456789012345678901234567890")
    );
    assert_eq!(
        e.big_decimal,
        BigDecimal::new("0.1000000000000000000000000001")
    );
    assert_eq!(e.epoch, DateTime::from_parts(1_700_000_000, 123_000_000));
    assert_eq!(e.date_time, Some(DateTime::from_secs(1_700_000_000)));
    assert_eq!(e.http_date, Some(DateTime::from_secs(1_700_000_000)));
    assert_eq!(
        e.document,
        Some(json!({"a": [1, "two", null, {"b": false}]}).into())
    );
    assert_eq!(e.color, Some(Color::Green));
    assert_eq!(e.level, Some(Level::High));
    assert_eq!(e.legacy, Some(LegacyEnum::T2Micro));
    assert_eq!(e.sparse_strings, Some(vec![Some("a".to_string()), None]));
    assert_eq!(
        e.stamps,
        Some(vec![
            DateTime::from_parts(1_700_000_000, 500_000_000).unwrap()
        ])
    );
    assert_eq!(e.blobs, Some(vec![vec![], vec![0, 1]]));
    assert!(e.doubles.as_ref().unwrap()["nan"].is_nan());
    assert_eq!(e.sparse_map.as_ref().unwrap()["k"], None);
    let counts = e.color_counts.as_ref().unwrap();
    assert_eq!(counts[&Color::Red], 1);
    assert_eq!(
        counts[&Color::from("purple")],
        2,
        "unknown enum map keys are kept"
    );
    assert_eq!(
        e.shape,
        Some(Shape::Circle(
            Circle::builder().radius(3.0).build().unwrap()
        ))
    );
    let tree = e.tree.as_ref().unwrap();
    assert_eq!(
        tree.left.as_ref().unwrap().value,
        2,
        "recursive member is boxed"
    );
    assert_eq!(tree.children.as_ref().unwrap()[0].value, 3);
    assert_eq!(e.r#type.as_deref(), Some("t"));
    assert_eq!(e.self_value.as_deref(), Some("me"));
    #[allow(deprecated)]
    let old = e.old_field.as_deref();
    assert_eq!(old, Some("o"));
    assert_eq!(e.string_shape.as_ref().unwrap().value.as_deref(), Some("v"));
    assert_eq!(
        e.created_by.as_deref(),
        Some("mixin"),
        "mixin members are flattened"
    );
}

#[test]
fn every_simple_type_writes_its_wire_form_back() {
    let e: Everything = json::from_str(EVERYTHING).unwrap();
    let mut expected: Value = serde_json::from_str(EVERYTHING).unwrap();
    // Written forms that differ from the input only in spelling.
    expected["shape"] = json!({"circle": {"radius": 3.0}});
    assert_eq!(written(&e), expected);
    let again: Everything = json::from_str(&json::to_string(&e).unwrap()).unwrap();
    assert_eq!(
        json::to_string(&again).unwrap(),
        json::to_string(&e).unwrap()
    );
}

#[test]
fn dense_collections_refuse_null_and_name_the_path() {
    let err = json::from_str::<Everything>(r#"{"strings": ["a", null]}"#).unwrap_err();
    assert_eq!(err.pointer(), "/strings/1");
    let err = json::from_str::<Everything>(r#"{"doubles": {"a": null}}"#).unwrap_err();
    assert_eq!(err.pointer(), "/doubles/a");
    let err = json::from_str::<Everything>(r#"{"blob": "not base64!"}"#).unwrap_err();
    assert_eq!(err.pointer(), "/blob");
    let err = json::from_str::<Everything>(r#"{"dateTime": "yesterday"}"#).unwrap_err();
    assert_eq!(err.pointer(), "/dateTime");
    let err = json::from_str::<Everything>(r#"{"byte": 300}"#).unwrap_err();
    assert_eq!(err.pointer(), "/byte");
    let err = json::from_str::<Everything>(r#"{"bigInteger": 1.5}"#).unwrap_err();
    assert_eq!(err.pointer(), "/bigInteger");
}

#[test]
fn a_failure_deep_inside_is_located_through_every_level() {
    // Structure member, list element, map entry (key escaped), union variant.
    for (json, pointer) in [
        (
            r#"{"circles":[{"radius":3},{"radius":"x"}]}"#,
            "/circles/1/radius",
        ),
        (
            r#"{"name":"a","circleMap":{"ok":{"radius":3},"a/b~c":{"radius":[]}}}"#,
            "/circleMap/a~1b~0c/radius",
        ),
    ] {
        let err = json::from_str::<Limits>(json).unwrap_err();
        assert_eq!(err.pointer(), pointer, "{json}: {err}");
        assert!(err.to_string().contains(pointer), "{err}");
    }
    let err = json::from_str::<Shape>(
        r#"{"nested":{"group":[{"circle":{"radius":3}},{"circle":{"radius":true}}]}}"#,
    )
    .unwrap_err();
    assert_eq!(err.pointer(), "/nested/group/1/circle/radius", "{err}");
    // A syntax error after a good member is the document's, not the member's.
    let err = json::from_str::<Limits>(r#"{"name":"a","circles":[]"#).unwrap_err();
    assert_eq!(err.pointer(), "", "{err}");
    // A failed read leaves nothing behind for the next one.
    let err = json::from_str::<Limits>(r#"{"circles":[1]}"#).unwrap_err();
    assert_eq!(err.pointer(), "/circles/0", "{err}");
}

#[test]
fn open_enums_keep_unknown_values() {
    let e: Everything = parse(json!({"color": "purple", "level": 5, "legacy": "x1.huge"}));
    assert_eq!(e.color.as_ref().unwrap().as_str(), "purple");
    assert_eq!(e.level.unwrap().value(), 5);
    assert!(!e.level.unwrap().is_known());
    assert_eq!(e.legacy.as_ref().unwrap().as_str(), "x1.huge");
    assert_eq!(
        written(&e),
        json!({"color": "purple", "level": 5, "legacy": "x1.huge"})
    );
    assert_eq!(Level::from(1), Level::Low);
    assert_eq!(Level::VALUES, &[10, 1]);
    #[allow(deprecated)]
    let old = Color::Old;
    assert_eq!(Color::from("old"), old);
}

#[test]
fn unions_hold_exactly_one_member() {
    for (wire, expected) in [
        (json!({"empty": {}}), Shape::Empty),
        (json!({"square": "Infinity"}), Shape::Square(f64::INFINITY)),
        (
            json!({"nested": {"label": "abc"}}),
            Shape::Nested(Box::new(Shape::Label("abc".into()))),
        ),
        (
            json!({"group": [{"empty": {}}]}),
            Shape::Group(vec![Shape::Empty]),
        ),
        (
            json!({"label": "a", "square": null, "__type": "x#Shape"}),
            Shape::Label("a".into()),
        ),
    ] {
        let shape: Shape = parse(wire.clone());
        assert_eq!(shape, expected, "{wire}");
    }
    assert_eq!(written(&Shape::Empty), json!({"empty": {}}));
    let unknown: Shape = parse(json!({"hexagon": {"side": 1}}));
    assert!(matches!(&unknown, Shape::Unknown(m) if m.as_str() == "hexagon"));
    assert!(json::to_string(&unknown)
        .unwrap_err()
        .to_string()
        .contains("unknown union member `hexagon`"));
    assert!(
        json::from_str::<Shape>(r#"{"label":"a","square":1}"#).is_err(),
        "two members"
    );
    assert!(json::from_str::<Shape>("{}").is_err(), "no member");
}

#[test]
fn defaults_fill_absent_members_and_are_always_written() {
    let d: Defaults = parse(json!({"needed": "x"}));
    assert!(d.flag);
    assert_eq!(d.zero, 0);
    assert_eq!(d.ratio, 1.5);
    assert_eq!(d.label, "none");
    assert_eq!(d.color, Color::Green);
    assert_eq!(d.level, Level::High);
    assert!(d.items.is_empty());
    assert_eq!(d.when, DateTime::from_secs(0));
    assert_eq!(d.opted_out, None, "@default(null) opts out");
    assert_eq!(d.added, 5);
    assert_eq!(d.forced, None, "@clientOptional wins over @default");
    assert_eq!(
        written(&d),
        json!({"flag": true, "zero": 0, "ratio": 1.5, "label": "none", "color": "green", "level": 10,
               "items": [], "when": 0, "added": 5, "needed": "x"})
    );
    let err = json::from_str::<Defaults>("{}").unwrap_err();
    assert_eq!(err.pointer(), "", "{err}");
    assert!(err.to_string().contains("missing field `needed`"), "{err}");
    assert_eq!(Defaults::builder().build().unwrap_err().member(), "needed");
    assert_eq!(
        Defaults::builder().needed("n").build().unwrap().label,
        "none"
    );
}

#[test]
fn input_structures_make_every_member_optional_and_omit_streams() {
    let input = PutEverythingInput::builder().build();
    assert_eq!(
        input.name, None,
        "@required in an @input structure is optional for clients"
    );
    assert_eq!(input.count, None);
    assert_eq!(written(&input), json!({}));
    let input: PutEverythingInput = parse(json!({"name": "abc", "body": "ignored"}));
    assert_eq!(input.name.as_deref(), Some("abc"));
    assert_eq!(input.validate(), Ok(()));
    let missing = PutEverythingInput::builder()
        .build()
        .validate()
        .unwrap_err();
    assert_eq!(
        missing.violations()[0].message(),
        "Value at '/name' failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn errors_display_their_message() {
    let e = NotFound::builder()
        .message("no such thing")
        .build()
        .unwrap();
    assert_eq!(e.to_string(), "NotFound: no such thing");
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed.to_string().contains("no such thing"));
}

#[test]
fn sensitive_values_are_redacted_in_debug_and_messages() {
    let e: Everything = parse(json!({"secret": "not digits", "string": "visible"}));
    let debug = format!("{e:?}");
    assert!(!debug.contains("not digits"), "{debug}");
    assert!(debug.contains("*** Sensitive Data Redacted ***"), "{debug}");
    let err = e.validate().unwrap_err().to_string();
    assert!(!err.contains("not digits"), "{err}");
    assert!(
        err.contains("'/secret'") && err.contains("^[0-9]+$"),
        "{err}"
    );
}

#[test]
fn docs_come_from_the_model() {
    // Compile-time facts are checked by rustdoc; here the generated source is read.
    let src = include_str!("../../fixtures/generated/src/types/_color.rs");
    assert!(
        src.contains("/// A color; **open**: unknown colors are kept."),
        "{src}"
    );
    let src = include_str!("../../fixtures/generated/src/types/_limits.rs");
    assert!(src.contains("/// A word, documented by an `apply` entry."));
}

fn violations(v: Value) -> Vec<(ViolationKind, String, String)> {
    let limits: Limits = parse(v);
    match limits.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e
            .violations()
            .iter()
            .map(|x| (x.kind(), x.path().to_string(), x.message().to_string()))
            .collect(),
    }
}

fn only(v: Value) -> String {
    let all = violations(v.clone());
    assert_eq!(all.len(), 1, "{v}: {all:?}");
    all[0].2.clone()
}

#[test]
fn constraint_table() {
    let ok = json!({"name": "abc"});
    assert_eq!(violations(ok.clone()), vec![]);
    let with = |k: &str, v: Value| {
        let mut x = ok.clone();
        x[k] = v;
        x
    };
    let cases: Vec<(Value, Option<&str>)> = vec![
        (json!({}), Some("Value at '/name' failed to satisfy constraint: Member must not be null")),
        (json!({"name": null}), Some("Value at '/name' failed to satisfy constraint: Member must not be null")),
        (with("shortName", json!("abc")), None),
        (with("shortName", json!("abcd")), Some("Value with length 4 at '/shortName' failed to satisfy constraint: Member must have length less than or equal to 3")),
        (with("emoji", json!("👍")), None),
        (with("emoji", json!("👍👍")), Some("Value with length 2 at '/emoji' failed to satisfy constraint: Member must have length between 1 and 1, inclusive")),
        (with("bytes", json!("YQ==")), None),
        (with("bytes", json!("YWJj")), Some("Value with length 3 at '/bytes' failed to satisfy constraint: Member must have length between 1 and 2, inclusive")),
        (with("tags", json!(["a", "b"])), None),
        (with("tags", json!(["a", "a"])), Some("Value at '/tags' failed to satisfy constraint: Member must have unique values")),
        (with("scores", json!({})), Some("Value with length 0 at '/scores' failed to satisfy constraint: Member must have length greater than or equal to 1")),
        (with("percent", json!(100)), None),
        (with("percent", json!(101)), Some("Value at '/percent' failed to satisfy constraint: Member must be between 0 and 100, inclusive")),
        (with("percent", json!(-1)), Some("Value at '/percent' failed to satisfy constraint: Member must be between 0 and 100, inclusive")),
        (with("atLeast", json!(-5)), None),
        (with("atLeast", json!(-6)), Some("Value at '/atLeast' failed to satisfy constraint: Member must be greater than or equal to -5")),
        (with("ratio", json!(8.8)), None),
        (with("ratio", json!(2.2)), None),
        (with("ratio", json!(8.9)), Some("Value at '/ratio' failed to satisfy constraint: Member must be between 2.2 and 8.8, inclusive")),
        (with("ratio", json!(2.1)), Some("Value at '/ratio' failed to satisfy constraint: Member must be between 2.2 and 8.8, inclusive")),
        (with("big", json!(100)), None),
        (with("word", json!("!hello!")), None),
        (with("word", json!("!!!")), Some("Value at '/word' failed to satisfy constraint: Member must satisfy regular expression pattern: \\w+")),
        (with("legacy", json!("x")), Some("Value at '/legacy' failed to satisfy constraint: Member must satisfy enum value set: [m5.large, t2.micro]")),
        (with("color", json!("debug")), None),
        (with("color", json!("blue")), Some("Value at '/color' failed to satisfy constraint: Member must satisfy enum value set: [green, old, red]")),
        (with("circles", json!([{"radius": 3}, {"radius": 9}])), Some("Value at '/circles/1/radius' failed to satisfy constraint: Member must be between 2.2 and 8.8, inclusive")),
        (with("name", json!("ABC")), Some("Value at '/name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z]+$")),
    ];
    for (input, expected) in cases {
        match expected {
            None => assert_eq!(violations(input.clone()), vec![], "{input}"),
            Some(message) => assert_eq!(only(input), message),
        }
    }
}

#[test]
fn big_integer_ranges_compare_every_digit() {
    let limits: Limits =
        json::from_str(r#"{"name":"abc","big":100000000000000000000000000000}"#).unwrap();
    let err = limits.validate().unwrap_err();
    assert_eq!(
        err.violations()[0].message(),
        "Value at '/big' failed to satisfy constraint: Member must be less than or equal to 100"
    );
    let limits: Limits =
        json::from_str(r#"{"name":"abc","big":-100000000000000000000000000000}"#).unwrap();
    assert_eq!(limits.validate(), Ok(()));
}

#[test]
fn member_constraints_override_the_target() {
    // `shortName` targets Name (length 1..8) but its own @length(max: 3) wins; Name's pattern still applies.
    let all = violations(json!({"name": "abc", "shortName": "ABCD"}));
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0].0, ViolationKind::Length);
    assert_eq!(all[1].0, ViolationKind::Pattern);
}

#[test]
fn recursive_values_validate_at_depth() {
    let tree: Tree = parse(
        json!({"left": {"left": {"name": "BAD"}}, "children": [{}, {"name": "toolongname"}]}),
    );
    let err = tree.validate().unwrap_err();
    let paths: Vec<&str> = err.violations().iter().map(|v| v.path()).collect();
    assert_eq!(paths, ["/children/1/name", "/left/left/name"]);
    let shape: Shape = parse(json!({"nested": {"nested": {"label": "X"}}}));
    assert_eq!(
        shape.validate().unwrap_err().violations()[0].path(),
        "/nested/nested/label"
    );
}

#[test]
fn patterns_match_in_linear_time() {
    // `^([0-9]+)+$` backtracks exponentially in naive engines.
    let input = format!("{}!", "1".repeat(10_000));
    let start = std::time::Instant::now();
    let limits = Limits::builder().name("abc").redos(input).build();
    let err = limits.validate().unwrap_err();
    assert_eq!(err.violations()[0].path(), "/redos");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(2),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn unique_items_compare_by_value_for_every_element_type() {
    let circle = |r: f64| Circle::builder().radius(r).build().unwrap();
    let repeated = |limits: Limits| {
        let err = limits.validate().unwrap_err();
        assert_eq!(err.violations().len(), 1, "{err}");
        assert_eq!(err.violations()[0].kind(), ViolationKind::UniqueItems);
        err.violations()[0].path().to_string()
    };
    let base = || Limits::builder().name("abc");
    assert_eq!(
        repeated(
            base()
                .unique_circles(vec![circle(3.0), circle(4.0), circle(3.0)])
                .build()
        ),
        "/uniqueCircles"
    );
    assert_eq!(
        base()
            .unique_circles(vec![circle(3.0), circle(4.0)])
            .build()
            .validate(),
        Ok(())
    );
    // The same instant written two ways is one value.
    let a = DateTime::from_secs(1_700_000_000);
    let b = DateTime::parse_rfc3339("2023-11-14T23:13:20+01:00").unwrap();
    assert_eq!(
        repeated(base().unique_stamps(vec![a, b]).build()),
        "/uniqueStamps"
    );
    let nested = |label: &str| Shape::Group(vec![Shape::Label(label.into()), Shape::Empty]);
    assert_eq!(
        repeated(base().unique_shapes(vec![nested("a"), nested("a")]).build()),
        "/uniqueShapes"
    );
    assert_eq!(
        base()
            .unique_shapes(vec![nested("a"), nested("b")])
            .build()
            .validate(),
        Ok(())
    );
}

#[test]
fn every_type_parses_through_the_from_json_trait() {
    use smithy_fixtures::json::FromJson;
    let limits = Limits::from_json(r#"{"name":"ABC"}"#).unwrap();
    assert_eq!(limits.name.as_deref(), Some("ABC"));
    assert!(matches!(
        Limits::from_json_validated(r#"{"name":"ABC"}"#),
        Err(json::ParseError::Invalid(_))
    ));
    assert!(matches!(
        Limits::from_json_validated(r#"{"name":1}"#),
        Err(json::ParseError::Json(_))
    ));
    assert!(Limits::from_json_validated(r#"{"name":"abc"}"#).is_ok());
}

#[test]
fn a_member_named_build_gets_a_setter_that_does_not_shadow_build() {
    let limits = Limits::builder().name("abc").build_value("b").build();
    assert_eq!(limits.build.as_deref(), Some("b"));
    assert_eq!(Limits::builder().set_build(None).build().build, None);
}

#[test]
fn a_structure_without_members_reads_any_object_and_writes_an_empty_one() {
    let nothing: Nothing = parse(json!({"anything": [1, {"deep": null}], "else": "x"}));
    assert_eq!(nothing, Nothing::builder().build());
    assert_eq!(written(&nothing), json!({}));
    assert!(json::from_str::<Nothing>("[]").is_err(), "not an object");
    assert!(nothing.validate().is_ok());
}

#[test]
fn a_sensitive_enum_prints_no_value() {
    let mood: Mood = parse(json!("sad"));
    assert_eq!(mood, Mood::Sad);
    assert_eq!(format!("{mood:?}"), "*** Sensitive Data Redacted ***");
    assert_eq!(mood.as_str(), "sad", "the value itself is still there");
    assert_eq!(written(&Mood::from("grumpy")), json!("grumpy"));
}

#[test]
fn a_union_validates_the_member_it_holds() {
    assert!(Pick::Flag(true).validate().is_ok());
    assert!(Pick::Code("abc".into()).validate().is_ok());
    let err = Pick::Code("NOT lower".into()).validate().unwrap_err();
    let found: Vec<(ViolationKind, String)> = err
        .violations()
        .iter()
        .map(|v| (v.kind(), v.path().to_string()))
        .collect();
    assert_eq!(
        found,
        [
            (ViolationKind::Length, "/code".to_string()),
            (ViolationKind::Pattern, "/code".to_string())
        ]
    );
}

/// The violations `from_json_validated` reports, as (pointer, message).
fn validated<T: smithy_fixtures::json::FromJson + Validate + std::fmt::Debug>(
    text: &str,
) -> Vec<(String, String)> {
    match T::from_json_validated(text) {
        Err(json::ParseError::Invalid(e)) => e
            .violations()
            .iter()
            .map(|v| (v.path().to_string(), v.message().to_string()))
            .collect(),
        other => panic!("{text}: expected violations, got {other:?}"),
    }
}

fn not_null(pointer: &str) -> (String, String) {
    (
        pointer.to_string(),
        format!("Value at '{pointer}' failed to satisfy constraint: Member must not be null"),
    )
}

#[test]
fn a_missing_or_null_required_member_is_a_violation_when_validating() {
    // Absent at the top level, and explicitly null: the placeholder the read
    // fills in (0.0, outside the range 2.2..8.8) is not reported.
    assert_eq!(validated::<Circle>("{}"), [not_null("/radius")]);
    assert_eq!(
        validated::<Circle>(r#"{"radius":null}"#),
        [not_null("/radius")]
    );
    // Plain parsing stays strict.
    let strict = json::from_str::<Circle>("{}").unwrap_err();
    assert!(strict.to_string().contains("radius"), "{strict}");
    // Inside list elements, with the other violations of the value.
    let mut found = validated::<Limits>(
        r#"{"shortName":"toolong","circles":[{"radius":3},{},{"radius":null},{"radius":9}]}"#,
    );
    found.sort();
    let mut expected = vec![
        not_null("/circles/1/radius"),
        not_null("/circles/2/radius"),
        not_null("/name"),
        (
            "/circles/3/radius".to_string(),
            "Value at '/circles/3/radius' failed to satisfy constraint: Member must be between 2.2 and 8.8, inclusive".to_string(),
        ),
        (
            "/shortName".to_string(),
            "Value with length 7 at '/shortName' failed to satisfy constraint: Member must have length less than or equal to 3".to_string(),
        ),
    ];
    expected.sort();
    assert_eq!(found, expected);
    // Inside map values, the key escaped as JSON Pointer says.
    assert_eq!(
        validated::<Limits>(r#"{"name":"abc","circleMap":{"ok":{"radius":3},"a/b~c":{}}}"#),
        [not_null("/circleMap/a~1b~0c/radius")]
    );
    // Inside a union variant, nested unions and their lists.
    assert_eq!(
        validated::<Shape>(r#"{"nested":{"group":[{"circle":{"radius":3}},{"circle":{}}]}}"#),
        [not_null("/nested/group/1/circle/radius")]
    );
    // Complete values still parse, and a second read on the thread is strict again.
    assert!(json::from_str_validated::<Circle>(r#"{"radius":3}"#).is_ok());
    assert!(json::from_str::<Circle>("{}").is_err());
}
