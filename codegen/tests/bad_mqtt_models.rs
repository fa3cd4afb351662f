//! Models that break a rule of the Smithy MQTT bindings fail with an error
//! naming the operation or member; a model without MQTT traits gets no
//! `mqtt` module.

use std::path::PathBuf;

use serde_json::{json, Map, Value};

fn generate(shapes: &Value) -> Result<std::collections::BTreeMap<String, String>, String> {
    let source = json!({"smithy": "2.0", "shapes": shapes}).to_string();
    codegen::load::load_sources(&[(PathBuf::from("m.json"), source.into_bytes())])
        .and_then(|m| codegen::generate_from(&m, Some("x")))
        .map_err(|e| e.to_string())
}

fn errors(shapes: Value) -> String {
    match generate(&shapes) {
        Ok(_) => panic!("the model was accepted"),
        Err(e) => e,
    }
}

fn assert_has(text: &str, parts: &[&str]) {
    for p in parts {
        assert!(text.contains(p), "expected {p:?} in:\n{text}");
    }
}

fn label(target: &str) -> Value {
    json!({"target": target, "traits": {"smithy.api#required": {}, "smithy.mqtt#topicLabel": {}}})
}

/// A valid model: `ns#Pub` publishes on `things/{id}/cmd` and `ns#Sub`
/// subscribes to `things/{id}/events`; `edit` breaks one rule.
fn model(edit: impl FnOnce(&mut Map<String, Value>)) -> Value {
    let mut shapes = json!({
        "ns#Pub": {"type": "operation", "input": {"target": "ns#PubInput"},
                   "traits": {"smithy.mqtt#publish": "things/{id}/cmd"}},
        "ns#PubInput": {"type": "structure", "members": {
            "id": label("smithy.api#String"),
            "body": {"target": "smithy.api#String"}
        }},
        "ns#Sub": {"type": "operation", "input": {"target": "ns#SubInput"}, "output": {"target": "ns#Event"},
                   "traits": {"smithy.mqtt#subscribe": "things/{id}/events"}},
        "ns#SubInput": {"type": "structure", "members": {"id": label("smithy.api#String")}},
        "ns#Event": {"type": "structure", "members": {"text": {"target": "smithy.api#String"}}}
    });
    edit(shapes.as_object_mut().unwrap());
    shapes
}

fn set(shapes: &mut Map<String, Value>, pointer: &str, value: Value) {
    let mut root = Value::Object(std::mem::take(shapes));
    *root
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = value;
    *shapes = match root {
        Value::Object(m) => m,
        _ => unreachable!(),
    };
}

#[test]
fn the_base_model_generates_an_mqtt_module() {
    let files = generate(&model(|_| {})).unwrap();
    assert!(files.contains_key("src/mqtt.rs"));
    assert!(files.contains_key("src/topic.rs"));
    let without =
        json!({"ns#S": {"type": "structure", "members": {"a": {"target": "smithy.api#String"}}}});
    let files = generate(&without).unwrap();
    assert!(!files.contains_key("src/mqtt.rs"));
    assert!(!files.contains_key("src/topic.rs"));
    assert!(!files["src/lib.rs"].contains("mqtt"));
}

#[test]
fn topic_templates() {
    for (topic, message) in [
        ("things/+/cmd", "contains a wildcard"),
        ("things/{id}/#", "contains a wildcard"),
        ("", "at least one character"),
        ("things/x-{id}/cmd", "a label spans a whole topic level"),
        ("things/{id}/c}md", "`{`, `}` are reserved"),
        ("things/{id}/{id}", "appears twice"),
    ] {
        let text = errors(model(|s| {
            set(s, "/ns#Pub/traits/smithy.mqtt#publish", json!(topic))
        }));
        assert_has(
            &text,
            &[
                "shape `ns#Pub`: at /shapes/ns#Pub/traits/smithy.mqtt#publish",
                message,
            ],
        );
    }
    let text = errors(model(|s| {
        set(s, "/ns#Sub/traits/smithy.mqtt#subscribe", json!(7))
    }));
    assert_has(
        &text,
        &["shape `ns#Sub`", "the MQTT topic must be a string"],
    );
}

#[test]
fn labels_are_bound_to_one_required_topic_label_member() {
    // A label that names no member (names are case-sensitive).
    let text = errors(model(|s| {
        set(
            s,
            "/ns#Pub/traits/smithy.mqtt#publish",
            json!("things/{Id}/cmd"),
        )
    }));
    assert_has(
        &text,
        &[
            "shape `ns#Pub`",
            "the topic label `{Id}` names no member of the input `ns#PubInput`",
            // ... and `id` is left an extraneous label.
            "shape `ns#PubInput$id`",
            "has no label `{id}`",
        ],
    );
    // Bound to a member without @topicLabel.
    let text = errors(model(|s| {
        set(
            s,
            "/ns#PubInput/members/id",
            json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}),
        )
    }));
    assert_has(
        &text,
        &[
            "shape `ns#PubInput$id`",
            "must be marked @smithy.mqtt#topicLabel",
        ],
    );
    // Not @required.
    let text = errors(model(|s| {
        set(
            s,
            "/ns#SubInput/members/id/traits",
            json!({"smithy.mqtt#topicLabel": {}}),
        )
    }));
    assert_has(
        &text,
        &["shape `ns#SubInput$id`", "a topic label must be @required"],
    );
    // A type a topic level cannot hold.
    let text = errors(model(|s| {
        set(
            s,
            "/ns#PubInput/members/id/target",
            json!("smithy.api#Double"),
        )
    }));
    assert_has(
        &text,
        &[
            "shape `ns#PubInput$id`: at /shapes/ns#PubInput/members/id/target",
            "a topic label targets a string, byte, short, integer, long, boolean or timestamp",
        ],
    );
    // An extraneous @topicLabel member.
    let text = errors(model(|s| {
        set(s, "/ns#PubInput/members/body", label("smithy.api#String"))
    }));
    assert_has(
        &text,
        &[
            "shape `ns#PubInput$body`",
            "but the topic `things/{id}/cmd` of `ns#Pub` has no label `{body}`",
        ],
    );
}

#[test]
fn publish_and_subscribe_rules() {
    // Both traits.
    let text = errors(model(|s| {
        s["ns#Pub"]["traits"]
            .as_object_mut()
            .unwrap()
            .insert("smithy.mqtt#subscribe".into(), json!("a/b"));
    }));
    assert_has(
        &text,
        &[
            "shape `ns#Pub`",
            "publish and smithy.mqtt#subscribe conflict",
        ],
    );
    // Publish with an output that has members.
    let text = errors(model(|s| {
        s["ns#Pub"]
            .as_object_mut()
            .unwrap()
            .insert("output".into(), json!({"target": "ns#Event"}));
    }));
    assert_has(
        &text,
        &[
            "shape `ns#Pub`: at /shapes/ns#Pub/output",
            "a publish operation has no output",
        ],
    );
    // A subscribe input member that is no label.
    let text = errors(model(|s| {
        s["ns#SubInput"]["members"]
            .as_object_mut()
            .unwrap()
            .insert("extra".into(), json!({"target": "smithy.api#String"}));
    }));
    assert_has(
        &text,
        &[
            "shape `ns#SubInput$extra`",
            "every input member of a subscribe operation must be a topic label",
        ],
    );
    // A subscribe operation without output.
    let text = errors(model(|s| {
        s["ns#Sub"].as_object_mut().unwrap().remove("output");
    }));
    assert_has(
        &text,
        &["shape `ns#Sub`", "a subscribe operation needs an output"],
    );
    // The spec's event stream output: a deliberate difference, refused clearly.
    let text = errors(model(|s| {
        s.insert("ns#Stream".into(), json!({"type": "union", "members": {"event": {"target": "ns#Event"}}, "traits": {"smithy.api#streaming": {}}}));
        s.insert("ns#SubOutput".into(), json!({"type": "structure", "members": {"events": {"target": "ns#Stream", "traits": {"smithy.api#required": {}}}}}));
        set(s, "/ns#Sub/output", json!({"target": "ns#SubOutput"}));
    }));
    assert_has(
        &text,
        &["shape `ns#SubOutput`", "event streams are not supported"],
    );
    // No input.
    let text = errors(model(|s| {
        s["ns#Pub"].as_object_mut().unwrap().remove("input");
    }));
    assert_has(&text, &["shape `ns#Pub`", "needs an input structure"]);
}

#[test]
fn conflicting_topics() {
    // `things/{x}/cmd` resolves to the same topics as `things/{id}/cmd` and carries another shape.
    let text = errors(model(|s| {
        s.insert(
            "ns#Other".into(),
            json!({"type": "operation", "input": {"target": "ns#OtherInput"},
            "traits": {"smithy.mqtt#publish": "things/{x}/cmd"}}),
        );
        s.insert(
            "ns#OtherInput".into(),
            json!({"type": "structure", "members": {"x": label("smithy.api#String")}}),
        );
    }));
    assert_has(
        &text,
        &["conflicts with", "things/{x}/cmd", "things/{id}/cmd"],
    );
    // The same shape on both: no conflict. Other levels: no conflict.
    assert!(generate(&model(|s| {
        s.insert(
            "ns#Again".into(),
            json!({"type": "operation", "input": {"target": "ns#PubInput"},
            "traits": {"smithy.mqtt#publish": "things/{id}/cmd"}}),
        );
        s.insert(
            "ns#Longer".into(),
            json!({"type": "operation", "input": {"target": "ns#SubInput"},
            "traits": {"smithy.mqtt#publish": "things/{id}/cmd/more"}}),
        );
    }))
    .is_ok());
}

#[test]
fn typed_labels_generate() {
    // Integer, boolean, timestamp and enum labels are all topic levels.
    let files = generate(&model(|s| {
        s.insert(
            "ns#Kind".into(),
            json!({"type": "enum", "members": {"A": {"target": "smithy.api#Unit"}}}),
        );
        s.insert(
            "ns#Typed".into(),
            json!({"type": "operation", "input": {"target": "ns#TypedInput"},
            "traits": {"smithy.mqtt#publish": "t/{n}/{b}/{at}/{k}"}}),
        );
        s.insert(
            "ns#TypedInput".into(),
            json!({"type": "structure", "members": {
            "n": label("smithy.api#Integer"), "b": label("smithy.api#Boolean"),
            "at": label("smithy.api#Timestamp"), "k": label("ns#Kind")}}),
        );
    }))
    .unwrap();
    assert_has(
        &files["src/mqtt.rs"],
        &[
            "LabelKind::Integer",
            "LabelKind::Boolean",
            "LabelKind::EpochSeconds",
            "LabelKind::String",
        ],
    );
}
