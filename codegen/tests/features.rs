//! Cargo features of the generated crate: operations and topics are gated
//! behind `client`, `server` and `mqtt` (all on by default), except in
//! module mode, which has no features of its own.

use std::path::Path;

fn model() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../model")
}

#[test]
fn a_crate_gates_operations_and_topics_behind_features() {
    let generated = codegen::Builder::new().model(model()).generate().unwrap();
    let toml = &generated.files["Cargo.toml"];
    assert!(
        toml.contains("[features]\ndefault = [\"client\", \"mqtt\"]\n"),
        "{toml}"
    );
    assert!(toml.contains("\nserver = ["), "{toml}");
    assert!(
        toml.contains("\nserde = [\"dep:serde\", \"dep:serde_json\"]\n"),
        "{toml}"
    );
    assert!(
        toml.contains("http = { version = \"1\", optional = true }"),
        "{toml}"
    );
    let lib = &generated.files["src/lib.rs"];
    assert!(lib.contains("#[cfg(feature = \"mqtt\")]"), "{lib}");
    assert!(lib.contains("#[cfg(feature = \"server\")]"), "{lib}");
    assert!(generated.files["src/protocol.rs"].contains("#[cfg(feature = \"client\")]"));
}

#[test]
fn module_mode_has_no_feature_gates() {
    let generated = codegen::Builder::new()
        .model(model())
        .module("iot_jobs")
        .generate()
        .unwrap();
    for (path, text) in &generated.files {
        if path.ends_with(".rs") {
            assert!(!text.contains("feature = "), "{path} has a feature gate");
        }
    }
}
