//! The crate around the types: Cargo.toml, README, lib.rs (with the
//! crate-level docs and example) and types/mod.rs.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens;
use crate::ir::{Crate, NamedKind};
use crate::pattern::Plan;

pub(super) fn types_mod(krate: &Crate) -> TokenStream {
    let skip = rustfmt_skip();
    let mods = krate.types.iter().map(|t| {
        let m = tokens::ident(&t.module);
        let name = tokens::ident(&t.name);
        let local = tokens::ident(&t.local_name);
        // A type named like a prelude type is defined under another name in
        // its file (which uses the prelude) and exported under its own.
        let export = if t.local_name == t.name {
            quote!(#name)
        } else {
            quote!(#local as #name)
        };
        // A module that defines or uses deprecated items allows that use.
        let allow_mod = t.uses_deprecated.then(|| quote!(#[allow(deprecated)]));
        let allow_use = t.deprecated.is_some().then(|| quote!(#[allow(deprecated)]));
        quote! {
            #skip
            #allow_mod
            mod #m;
            #allow_use
            pub use #m::#export;
        }
    });
    let builders = krate
        .types
        .iter()
        .filter(|t| matches!(t.kind, NamedKind::Structure(_)))
        .map(|t| {
            let m = tokens::ident(&t.module);
            let b = quote::format_ident!("{}Builder", t.name);
            quote!(pub use super::#m::#b;)
        });
    quote! {
        //! Every structure, union, enum and intEnum of the model.
        #(#mods)*

        /// Builders of the structures.
        pub mod builders {
            #(#builders)*
        }
    }
}

pub(super) fn lib_rs(krate: &Crate) -> TokenStream {
    let crate_doc = crate_docs(krate);
    let crate_doc_lines = crate_doc.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    let skip = rustfmt_skip();
    let allow = krate
        .validators_use_deprecated
        .then(|| quote!(#[allow(deprecated)]));
    let validators = (!krate.validators.is_empty()).then(|| quote!(#skip #allow mod validators;));
    let pattern = super::has_simple_patterns(krate).then(|| quote!(#skip mod pattern;));
    let server = super::cfg(krate, &[super::SERVER]);
    let either = super::cfg(krate, &[super::CLIENT, super::SERVER]);
    let operations = krate.operations.as_ref().map(|_| {
        let tests = krate.protocol_tests.is_some().then(|| {
            // The tests exercise both sides.
            let both = if krate.features {
                quote!(#[cfg(all(test, feature = "client", feature = "server"))])
            } else {
                quote!(#[cfg(test)])
            };
            quote! {
                #both
                #skip
                mod protocol_tests;
                #both
                #skip
                mod protocol_test_support;
            }
        });
        quote! {
            #either
            #skip
            pub mod operation;
            #either
            #[doc(hidden)]
            #skip
            pub mod protocol;
            #server
            #skip
            pub mod server;
            #server
            #[doc(hidden)]
            #skip
            pub mod server_support;
            #tests
        }
    });
    let mqtt_cfg = super::cfg(krate, &[super::MQTT]);
    let serde = super::cfg(krate, &[super::SERDE]);
    let document = super::has_documents(krate).then(|| quote!(#skip pub mod document;));
    let mqtt = (!krate.mqtt.is_empty())
        .then(|| quote!(#mqtt_cfg #skip pub mod mqtt; #mqtt_cfg #skip pub mod topic;));
    quote! {
        #(#![doc = #crate_doc_lines])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // Names and shapes come from the model: a member `add` gets the
        // setter `add`, and a union's variants are as large as its members.
        #![allow(clippy::should_implement_trait, clippy::large_enum_variant)]

        // Generated files are formatted by prettyplease; rustfmt leaves them alone.
        #[doc(hidden)]
        #skip
        pub mod codec;
        #document
        #skip
        pub mod json;
        #[doc(hidden)]
        #skip
        pub mod json_read;
        #[doc(hidden)]
        #skip
        pub mod json_write;
        #[doc(hidden)]
        #skip
        pub mod lenient;
        #skip
        pub mod primitives;
        pub mod types;
        #skip
        pub mod validation;
        #validators
        #pattern
        #operations
        #mqtt
        #serde
        #[doc(hidden)]
        #skip
        pub mod wire;

        pub use validation::{Validate, ValidationErrors};
    }
}

/// `#[rustfmt::skip]`: generated files are formatted by prettyplease, and
/// `cargo fmt` must leave them byte-identical. (Built from a string because
/// rustfmt drops this attribute when it appears inside a `quote!` in source.)
fn rustfmt_skip() -> TokenStream {
    "#[rustfmt::skip]".parse().expect("a valid attribute")
}

fn crate_docs(krate: &Crate) -> String {
    let mut doc = String::new();
    if let Some(d) = &krate.docs {
        doc.push_str(d);
        doc.push_str("\n\n");
    }
    doc.push_str(
        "Types generated from a Smithy model: every structure, union, enum and intEnum is in \
         [`types`], with builders, the protocol's JSON body read and written by the crate \
         itself (no serde needed; serde impls come with the `serde` feature), and [`Validate`] \
         for the model's constraint traits. [`json`] parses with error paths and \
         parses-and-validates untrusted input.",
    );
    if let Some(example) = example(krate) {
        doc.push_str("\n\n```rust\n");
        doc.push_str(&example);
        doc.push_str("```");
    }
    doc
}

/// A crate-level example (a doctest), built as tokens and formatted like the rest.
fn example(krate: &Crate) -> Option<String> {
    let t = &krate.types[krate.example_type?];
    let lib = tokens::ident(&krate.package.replace('-', "_"));
    let name = tokens::ident(&t.name);
    let file: syn::File = syn::parse2(quote! {
        use #lib::json::FromJson;
        use #lib::types::#name;
        use #lib::Validate;

        fn main() -> Result<(), Box<dyn std::error::Error>> {
            let built = #name::builder().build();
            let text = #lib::json::to_string(&built)?;
            let parsed = #name::from_json(&text)?;
            assert_eq!(parsed, built);
            if let Err(violations) = parsed.validate() {
                println!("{violations}");
            }
            Ok(())
        }
    })
    .ok()?;
    Some(prettyplease::unparse(&file))
}

/// The README of the generated crate.
pub(super) fn readme(krate: &Crate) -> String {
    let mut t = String::new();
    t.push_str("<!-- @generated by `cargo xtask codegen`; do not edit. -->\n");
    t.push_str(&format!("# {}\n\n", krate.package));
    if let Some(d) = &krate.docs {
        t.push_str(d);
        t.push_str("\n\n");
    }
    t.push_str(&format!(
        "Generated from a Smithy model: {} types in `types`, builders, the JSON body read and \
         written by the crate itself (serde impls with the `serde` feature; no proc macros), and \
         `Validate` for every constraint trait. See the crate documentation (`cargo doc --open`).\n",
        krate.types.len()
    ));
    t
}

pub(super) fn cargo_toml(krate: &Crate) -> String {
    let mut t = String::new();
    t.push_str("# @generated by `cargo xtask codegen`; do not edit.\n");
    t.push_str("[package]\n");
    t.push_str(&format!("name = {}\n", toml_string(&krate.package)));
    t.push_str("version = \"0.1.0\"\n");
    t.push_str("edition = \"2021\"\n");
    t.push_str("rust-version = \"1.82\"\n");
    t.push_str(
        "description = \"Types, validators and JSON serializers generated from a Smithy model\"\n",
    );
    t.push_str("license = \"Apache-2.0\"\n");
    t.push_str("readme = \"README.md\"\n");
    t.push_str("keywords = [\"smithy\", \"aws\", \"serde\", \"validation\"]\n");
    t.push_str("categories = [\"api-bindings\", \"encoding\"]\n");
    t.push_str("\n[dependencies]\n");
    // Simple patterns need no engine; the others get the engines' default
    // features, which make matching fast.
    if krate
        .patterns
        .iter()
        .any(|p| matches!(p.plan, Plan::Backtrack(_)))
    {
        t.push_str("fancy-regex = \"0.20\"\n");
    }
    if krate
        .patterns
        .iter()
        .any(|p| matches!(p.plan, Plan::Regex(_)))
    {
        t.push_str("regex = \"1\"\n");
    }
    // What only operations and topics need is optional: the features below
    // turn it on.
    let operations = krate.operations.is_some();
    let md5 = krate
        .operations
        .as_ref()
        .is_some_and(|o| o.operations.iter().any(|op| op.checksum_required));
    if operations {
        t.push_str("fastrand = { version = \"2\", optional = true }\n");
        t.push_str("http = { version = \"1\", optional = true }\n");
    }
    if md5 {
        t.push_str("md5 = { version = \"0.7\", optional = true }\n");
    }
    if operations {
        t.push_str("percent-encoding = { version = \"2\", optional = true }\n");
    }
    // Optional: the crate reads and writes its JSON itself. serde's traits
    // without its derive facade; generated code names it `::serde`, as
    // module mode's `serde` does.
    t.push_str("serde = { package = \"serde_core\", version = \"1.0.220\", optional = true }\n");
    t.push_str(
        "serde_json = { version = \"1\", features = [\"float_roundtrip\", \"raw_value\"], optional = true }\n",
    );
    if krate.protocol_tests.is_some() {
        // The protocol tests compare JSON bodies as values.
        t.push_str("\n[dev-dependencies]\nserde_json = \"1\"\n");
    }
    t.push_str(&features(krate, md5));
    t
}

/// The `[features]` table: `client` and `server` (with operations), `mqtt`
/// (with MQTT topics), `serde`; `client` and `mqtt` are on by default;
/// without features a consumer gets the types, validation and JSON alone.
fn features(krate: &Crate, md5: bool) -> String {
    let mut features: Vec<(&str, Vec<&str>)> = Vec::new();
    if krate.operations.is_some() {
        let mut client = vec!["dep:http", "dep:percent-encoding", "dep:fastrand"];
        if md5 {
            client.push("dep:md5");
        }
        features.push((super::CLIENT, client));
    }
    if !krate.mqtt.is_empty() {
        features.push((super::MQTT, Vec::new()));
    }
    if krate.operations.is_some() {
        features.push((super::SERVER, vec!["dep:http", "dep:percent-encoding"]));
    }
    let list = |items: &[&str]| {
        items
            .iter()
            .map(|i| format!("\"{i}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // A service's own implementation asks for `server`: most users call the
    // service (smithy-rs, too, generates servers as crates of their own).
    let names: Vec<&str> = features
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| *n != super::SERVER)
        .collect();
    // Not a default either: serde impls are for other formats.
    features.push((super::SERDE, vec!["dep:serde", "dep:serde_json"]));
    let mut t = String::from("\n[features]\n");
    t.push_str(&format!("default = [{}]\n", list(&names)));
    for (name, deps) in &features {
        t.push_str(&format!("{name} = [{}]\n", list(deps)));
    }
    t
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
