//! No template placeholder (`__name`) survives into generated code: every
//! identifier of every emitted file is a real one. Checked on the fixture
//! model (every shape type and trait), `model/`, and the shared AWS models
//! when `../shared` is present.

use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn placeholders(tokens: TokenStream, found: &mut Vec<String>) {
    for tt in tokens {
        match tt {
            TokenTree::Ident(i) if i.to_string().starts_with("__") => found.push(i.to_string()),
            TokenTree::Group(g) => placeholders(g.stream(), found),
            _ => {}
        }
    }
}

fn check(models: Vec<PathBuf>) {
    let files = codegen::generate(&codegen::Config {
        models: models.clone(),
        crate_name: None,
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{models:?}: {e}"));
    let mut checked = 0;
    for (path, text) in files {
        if !path.ends_with(".rs") || codegen::emit::is_runtime(&path) {
            continue;
        }
        let tokens: TokenStream = text.parse().unwrap_or_else(|e| panic!("{path}: {e:?}"));
        let mut found = Vec::new();
        placeholders(tokens, &mut found);
        assert!(found.is_empty(), "{path} keeps placeholders: {found:?}");
        checked += 1;
    }
    assert!(checked > 0, "{models:?} generated no Rust files");
}

#[test]
fn fixture_and_iot_models() {
    check(vec![root().join("tests/fixtures/model")]);
    check(vec![root().join("model")]);
}

#[test]
fn shared_models_when_present() {
    let Ok(entries) = std::fs::read_dir(root().join("../shared/models")) else {
        eprintln!("../shared/models is absent: skipped");
        return;
    };
    for entry in entries.flatten() {
        if entry.path().extension().is_some_and(|e| e == "json") {
            check(vec![entry.path()]);
        }
    }
}
