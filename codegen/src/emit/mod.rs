//! Emits the generated crate as token streams and plain files; the IR has
//! already decided everything, so this only prints.

mod crate_files;
mod enums;
mod json_struct;
mod message;
mod mqtt;
mod operation;
mod protocol_test_values;
mod protocol_tests;
mod protocol_tests_server;
mod serde_struct;
mod server;
mod structure;
mod syntax;
pub(crate) mod template;
mod tokens;
mod union;
mod validate;

use proc_macro2::TokenStream;

use crate::ir::{Crate, NamedKind, NamedType, Ty};

/// One file of the generated crate, relative to the crate root.
pub enum Output {
    /// Rust source, formatted with prettyplease when rendered.
    Rust(TokenStream),
    /// A Rust syntax tree, printed with prettyplease when rendered.
    Syntax(syn::File),
    /// Rust source kept as written (the runtime modules; in module mode
    /// without their feature gates).
    RustText(std::borrow::Cow<'static, str>),
    /// Any other file (Cargo.toml).
    Text(String),
}

/// One file to emit; jobs are plain data, so files can be emitted (and
/// formatted) on several threads.
#[derive(Clone, Copy, Debug)]
pub enum Job {
    CargoToml,
    Readme,
    Lib,
    TypesMod,
    /// Index into `RUNTIME`.
    Runtime(usize),
    /// The matcher of simple patterns, copied only where one is used.
    PatternRuntime,
    /// The `document` type, copied only where the model has one.
    DocumentRuntime,
    Validators,
    Type(usize),
    /// `src/operation/mod.rs`.
    Operations,
    /// One operation's file.
    Operation(usize),
    /// The protocol runtime, copied only where operations exist.
    ProtocolRuntime,
    ServerRuntime,
    Server,
    /// The model's protocol tests, on request, and what they compare with.
    ProtocolTests,
    ProtocolTestSupport,
    /// The model's MQTT topics, and the runtime that matches them: only
    /// where the model has MQTT operations.
    Mqtt,
    TopicRuntime,
}

/// Every file of the crate, sorted by path.
pub fn jobs(krate: &Crate) -> Vec<(String, Job)> {
    let mut files = vec![
        ("Cargo.toml".to_string(), Job::CargoToml),
        ("README.md".to_string(), Job::Readme),
        ("src/lib.rs".to_string(), Job::Lib),
        ("src/types/mod.rs".to_string(), Job::TypesMod),
    ];
    for (i, (name, _)) in RUNTIME.iter().enumerate() {
        files.push((format!("src/{name}.rs"), Job::Runtime(i)));
    }
    if !krate.validators.is_empty() {
        files.push(("src/validators.rs".to_string(), Job::Validators));
    }
    if has_simple_patterns(krate) {
        files.push(("src/pattern.rs".to_string(), Job::PatternRuntime));
    }
    if has_documents(krate) {
        files.push(("src/document.rs".to_string(), Job::DocumentRuntime));
    }
    if !krate.mqtt.is_empty() {
        files.push(("src/mqtt.rs".to_string(), Job::Mqtt));
        files.push(("src/topic.rs".to_string(), Job::TopicRuntime));
    }
    for (i, t) in krate.types.iter().enumerate() {
        files.push((format!("src/types/{}.rs", t.module), Job::Type(i)));
    }
    if let Some(ops) = &krate.operations {
        files.push(("src/operation/mod.rs".to_string(), Job::Operations));
        files.push(("src/protocol.rs".to_string(), Job::ProtocolRuntime));
        files.push(("src/server.rs".to_string(), Job::Server));
        files.push(("src/server_support.rs".to_string(), Job::ServerRuntime));
        for (i, op) in ops.operations.iter().enumerate() {
            files.push((format!("src/operation/{}.rs", op.module), Job::Operation(i)));
        }
        if krate.protocol_tests.is_some() {
            files.push(("src/protocol_tests.rs".to_string(), Job::ProtocolTests));
            files.push((
                "src/protocol_test_support.rs".to_string(),
                Job::ProtocolTestSupport,
            ));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Whether a generated file is a runtime module, copied rather than emitted.
pub fn is_runtime(path: &str) -> bool {
    path == "src/pattern.rs"
        || path == "src/document.rs"
        || path == "src/protocol.rs"
        || path == "src/server_support.rs"
        || path == "src/protocol_test_support.rs"
        || path == "src/topic.rs"
        || RUNTIME.iter().any(|(name, _)| {
            path.strip_prefix("src/")
                .and_then(|p| p.strip_suffix(".rs"))
                == Some(name)
        })
}

/// Whether the crate matches any pattern with the direct matcher.
pub(crate) fn has_simple_patterns(krate: &Crate) -> bool {
    krate
        .patterns
        .iter()
        .any(|p| matches!(p.plan, crate::pattern::Plan::Simple(_)))
}

/// Whether any member, list or map of the model holds a document.
pub(crate) fn has_documents(krate: &Crate) -> bool {
    let document = |ty: &Ty| tokens::mentions(ty, &|t| matches!(t, Ty::Document));
    krate.types.iter().any(|t| match &t.kind {
        NamedKind::Structure(s) => s.members.iter().any(|m| document(&m.ty)),
        NamedKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| v.ty.as_ref())
            .any(document),
        NamedKind::Enum(_) | NamedKind::IntEnum(_) => false,
    })
}

const PATTERN_RUNTIME: &str = include_str!("../../runtime/pattern.rs");
const DOCUMENT_RUNTIME: &str = include_str!("../../runtime/document.rs");
const PROTOCOL_RUNTIME: &str = include_str!("../../runtime/protocol.rs");
const SERVER_RUNTIME: &str = include_str!("../../runtime/server_support.rs");
const PROTOCOL_TEST_SUPPORT: &str = include_str!("../../runtime/protocol_test_support.rs");
const TOPIC_RUNTIME: &str = include_str!("../../runtime/topic.rs");

/// Modules copied into every generated crate.
const RUNTIME: &[(&str, &str)] = &[
    ("codec", include_str!("../../runtime/codec.rs")),
    ("json", include_str!("../../runtime/json.rs")),
    ("json_read", include_str!("../../runtime/json_read.rs")),
    ("json_write", include_str!("../../runtime/json_write.rs")),
    ("lenient", include_str!("../../runtime/lenient.rs")),
    ("primitives", include_str!("../../runtime/primitives.rs")),
    ("validation", include_str!("../../runtime/validation.rs")),
    ("wire", include_str!("../../runtime/wire.rs")),
];

/// Emits one file.
pub fn emit_job(krate: &Crate, job: Job) -> Output {
    match job {
        Job::CargoToml => Output::Text(crate_files::cargo_toml(krate)),
        Job::Readme => Output::Text(crate_files::readme(krate)),
        Job::Lib => Output::Rust(crate_files::lib_rs(krate)),
        Job::TypesMod => Output::Rust(crate_files::types_mod(krate)),
        Job::Runtime(i) => runtime(krate, RUNTIME[i].1),
        Job::PatternRuntime => runtime(krate, PATTERN_RUNTIME),
        Job::DocumentRuntime => runtime(krate, DOCUMENT_RUNTIME),
        Job::Validators => Output::Rust(validate::validators_module(krate).unwrap_or_default()),
        Job::Type(i) => Output::Syntax(type_file(krate, &krate.types[i])),
        Job::ProtocolRuntime => runtime(krate, PROTOCOL_RUNTIME),
        Job::ServerRuntime => runtime(krate, SERVER_RUNTIME),
        Job::Server => {
            let ops = krate
                .operations
                .as_ref()
                .expect("jobs list the server only with operations");
            Output::Rust(server::module(krate, ops))
        }
        Job::ProtocolTestSupport => runtime(krate, PROTOCOL_TEST_SUPPORT),
        Job::ProtocolTests => {
            let ops = krate
                .operations
                .as_ref()
                .expect("jobs list tests only with operations");
            Output::Rust(protocol_tests::file(krate, ops))
        }
        Job::Operations => {
            let ops = krate
                .operations
                .as_ref()
                .expect("jobs list operations only when present");
            Output::Rust(operation::module(krate, ops))
        }
        Job::Operation(i) => {
            let ops = krate
                .operations
                .as_ref()
                .expect("jobs list operations only when present");
            Output::Rust(operation::file(krate, ops, &ops.operations[i]))
        }
        Job::Mqtt => Output::Rust(mqtt::module(krate)),
        Job::TopicRuntime => runtime(krate, TOPIC_RUNTIME),
    }
}

/// A runtime module as written; in module mode without the lines that gate
/// items behind Cargo features (each such attribute is on a line of its own:
/// `runtime_feature_gates_are_whole_lines` checks it).
fn runtime(krate: &Crate, text: &'static str) -> Output {
    if krate.features {
        Output::RustText(std::borrow::Cow::Borrowed(text))
    } else {
        Output::RustText(std::borrow::Cow::Owned(strip_feature_gates(text)))
    }
}

fn is_feature_gate(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with("#[cfg(") || t.starts_with("#[cfg_attr(") || t.starts_with("#![cfg_attr("))
        && t.contains("feature = ")
}

fn strip_feature_gates(text: &str) -> String {
    text.lines()
        .filter(|l| !is_feature_gate(l))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The Cargo features of the generated crate.
pub(crate) const CLIENT: &str = "client";
pub(crate) const SERVER: &str = "server";
pub(crate) const MQTT: &str = "mqtt";
/// serde's `Serialize` and `Deserialize` for every type, for other formats;
/// the crate's own JSON does not need them.
pub(crate) const SERDE: &str = "serde";

/// `#[cfg(feature = ...)]`: the item exists when any of `features` is on.
/// Nothing in module mode, where everything is on.
pub(crate) fn cfg(krate: &Crate, features: &[&str]) -> TokenStream {
    if !krate.features {
        return TokenStream::new();
    }
    match features {
        [one] => quote::quote!(#[cfg(feature = #one)]),
        many => quote::quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// [`cfg`] as syntax, for items built as syntax trees.
pub(crate) fn cfg_attrs(krate: &Crate, features: &[&str]) -> Vec<syn::Attribute> {
    let tokens = cfg(krate, features);
    if tokens.is_empty() {
        return Vec::new();
    }
    let item: syn::ItemStruct =
        syn::parse2(quote::quote!(#tokens struct S;)).expect("an attribute");
    item.attrs
}

/// Items that exist only with the `serde` feature.
fn serde_gated(krate: &Crate, mut items: Vec<syn::Item>) -> Vec<syn::Item> {
    let gate = cfg_attrs(krate, &[SERDE]);
    for item in &mut items {
        if let syn::Item::Impl(i) = item {
            i.attrs.splice(0..0, gate.iter().cloned());
        }
    }
    items
}

fn type_file(krate: &Crate, t: &NamedType) -> syn::File {
    let named = |ty: &Ty| tokens::mentions(ty, &|t| matches!(t, Ty::Named(_)));
    let primitive = |ty: &Ty| {
        tokens::mentions(ty, &|t| {
            matches!(t, Ty::Timestamp(_) | Ty::BigInteger | Ty::BigDecimal)
        })
    };
    let mut protocol = false;
    // Every kind names `validation` (its `Validate` impl); the rest depends on the members.
    let (items, types, primitives, wire) = match &t.kind {
        NamedKind::Structure(s) => {
            let mut items = structure::emit(krate, t, s);
            items.extend(json_struct::emit(krate, t, s));
            items.extend(serde_gated(krate, serde_struct::emit(t, s)));
            items.push(validate::structure(krate, t, s));
            let types = s.members.iter().any(|m| named(&m.ty));
            let primitives = s.builder_fallible || s.members.iter().any(|m| primitive(&m.ty));
            protocol = s.http_body.as_ref().is_some_and(|b| !b.is_empty());
            (items, types, primitives, true)
        }
        NamedKind::Union(u) => {
            let mut items = syntax::items(union::emit(krate, t, u));
            items.push(validate::union(krate, t, u));
            let types = u.variants.iter().filter_map(|v| v.ty.as_ref()).any(named);
            (items, types, true, true)
        }
        NamedKind::Enum(e) => (enums::emit_enum(krate, t, e), false, true, true),
        NamedKind::IntEnum(e) => (
            syntax::items(enums::emit_int_enum(krate, t, e)),
            false,
            true,
            true,
        ),
    };
    let mut file_items = syntax::imports(&[
        ("codec", true),
        ("json_read", true),
        ("json_write", true),
        ("primitives", primitives),
        ("types", types),
        ("validation", true),
    ]);
    if wire {
        // The serde impls, the only users of `wire`, are optional.
        let gate = cfg(krate, &[SERDE]);
        file_items.extend(syntax::items(quote::quote!(#gate use crate::wire;)));
    }
    if protocol {
        // `WriteBody`/`ReadBody` exist only with operations.
        let gate = cfg(krate, &[CLIENT, SERVER]);
        file_items.extend(syntax::items(quote::quote!(#gate use crate::protocol;)));
    }
    file_items.extend(items);
    syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: file_items,
    }
}

#[cfg(test)]
mod tests {
    /// Every runtime module, whichever crates get it.
    fn every_runtime_module() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
        super::RUNTIME.iter().chain([
            &("pattern", super::PATTERN_RUNTIME),
            &("document", super::DOCUMENT_RUNTIME),
            &("protocol", super::PROTOCOL_RUNTIME),
            &("server_support", super::SERVER_RUNTIME),
            &("protocol_test_support", super::PROTOCOL_TEST_SUPPORT),
            &("topic", super::TOPIC_RUNTIME),
        ])
    }

    #[test]
    fn runtime_modules_are_valid_rust() {
        for (name, text) in every_runtime_module() {
            if let Err(e) = syn::parse_file(text) {
                panic!("runtime/{name}.rs: {e}");
            }
        }
    }

    /// Module mode removes feature gates line by line: each must be an
    /// attribute on a line of its own.
    #[test]
    fn runtime_feature_gates_are_whole_lines() {
        for (name, text) in every_runtime_module() {
            for line in text.lines().filter(|l| l.contains("feature = ")) {
                assert!(super::is_feature_gate(line), "runtime/{name}.rs: {line}");
            }
            let stripped = super::strip_feature_gates(text);
            assert!(!stripped.contains("feature = "), "runtime/{name}.rs");
            syn::parse_file(&stripped).unwrap();
        }
    }
}
