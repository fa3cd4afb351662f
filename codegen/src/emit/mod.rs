//! Emits the generated crate as token streams and plain files; the IR has
//! already decided everything, so this only prints.

mod enums;
mod serde_struct;
mod structure;
mod tokens;
mod union;
mod validate;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Crate, NamedKind, NamedType, Ty};

/// One file of the generated crate, relative to the crate root.
pub enum Output {
    /// Rust source, formatted with prettyplease when rendered.
    Rust(TokenStream),
    /// Rust source kept as written (the runtime modules).
    RustText(&'static str),
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
    Runtime(&'static str),
    Validators,
    Type(usize),
}

/// Every file of the crate, sorted by path.
pub fn jobs(krate: &Crate) -> Vec<(String, Job)> {
    let mut files = vec![
        ("Cargo.toml".to_string(), Job::CargoToml),
        ("README.md".to_string(), Job::Readme),
        ("src/lib.rs".to_string(), Job::Lib),
        ("src/types/mod.rs".to_string(), Job::TypesMod),
    ];
    for (name, _) in RUNTIME {
        files.push((format!("src/{name}.rs"), Job::Runtime(name)));
    }
    if !krate.validators.is_empty() {
        files.push(("src/validators.rs".to_string(), Job::Validators));
    }
    for (i, t) in krate.types.iter().enumerate() {
        files.push((format!("src/types/{}.rs", t.module), Job::Type(i)));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Modules copied into every generated crate.
const RUNTIME: &[(&str, &str)] = &[
    ("json", include_str!("../../runtime/json.rs")),
    ("primitives", include_str!("../../runtime/primitives.rs")),
    ("validation", include_str!("../../runtime/validation.rs")),
    ("wire", include_str!("../../runtime/wire.rs")),
];

/// Emits one file.
pub fn emit_job(krate: &Crate, job: Job) -> Output {
    match job {
        Job::CargoToml => Output::Text(cargo_toml(krate)),
        Job::Readme => Output::Text(readme(krate)),
        Job::Lib => Output::Rust(lib_rs(krate)),
        Job::TypesMod => Output::Rust(types_mod(krate)),
        Job::Runtime(name) => Output::RustText(
            RUNTIME
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("", |(_, text)| text),
        ),
        Job::Validators => Output::Rust(validate::validators_module(krate).unwrap_or_default()),
        Job::Type(i) => Output::Rust(type_file(krate, &krate.types[i])),
    }
}

fn type_file(krate: &Crate, t: &NamedType) -> TokenStream {
    let named = |ty: &Ty| tokens::mentions(ty, &|t| matches!(t, Ty::Named(_)));
    let primitive = |ty: &Ty| {
        tokens::mentions(ty, &|t| {
            matches!(
                t,
                Ty::Timestamp(_) | Ty::Document | Ty::BigInteger | Ty::BigDecimal
            )
        })
    };
    // Every kind names `validation` (its `Validate` impl); the rest depends on the members.
    let (body, types, primitives, wire) = match &t.kind {
        NamedKind::Structure(s) => {
            let def = structure::emit(krate, t, s);
            let serde = serde_struct::emit(t, s);
            let validate = validate::structure(krate, t, s);
            let types = s.members.iter().any(|m| named(&m.ty));
            let primitives = s.builder_fallible || s.members.iter().any(|m| primitive(&m.ty));
            (quote!(#def #serde #validate), types, primitives, true)
        }
        NamedKind::Union(u) => {
            let def = union::emit(krate, t, u);
            let validate = validate::union(krate, t, u);
            let types = u.variants.iter().filter_map(|v| v.ty.as_ref()).any(named);
            (quote!(#def #validate), types, true, true)
        }
        NamedKind::Enum(e) => (enums::emit_enum(t, e), false, true, true),
        NamedKind::IntEnum(e) => (enums::emit_int_enum(t, e), false, true, false),
    };
    let imports = tokens::imports(&[
        ("primitives", primitives),
        ("types", types),
        ("validation", true),
        ("wire", wire),
    ]);
    quote!(#imports #body)
}

fn types_mod(krate: &Crate) -> TokenStream {
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

fn lib_rs(krate: &Crate) -> TokenStream {
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
    quote! {
        #(#![doc = #crate_doc_lines])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        // Generated files are formatted by prettyplease; rustfmt leaves them alone.
        #skip
        pub mod json;
        #skip
        pub mod primitives;
        pub mod types;
        #skip
        pub mod validation;
        #validators
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
         [`types`], with builders, serde impls that read and write the protocol's JSON body, \
         and [`Validate`] for the model's constraint traits. [`json`] parses with error paths \
         and parses-and-validates untrusted input.",
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
fn readme(krate: &Crate) -> String {
    let mut t = String::new();
    t.push_str("<!-- @generated by `cargo xtask codegen`; do not edit. -->\n");
    t.push_str(&format!("# {}\n\n", krate.package));
    if let Some(d) = &krate.docs {
        t.push_str(d);
        t.push_str("\n\n");
    }
    t.push_str(&format!(
        "Generated from a Smithy model: {} types in `types`, builders, serde impls of the JSON body \
         (no proc macros), and `Validate` for every constraint trait. See the crate documentation \
         (`cargo doc --open`).\n",
        krate.types.len()
    ));
    t
}

fn cargo_toml(krate: &Crate) -> String {
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
    if krate.patterns.iter().any(|p| p.fancy) {
        t.push_str("fancy-regex = { version = \"0.20\", default-features = false, features = [\"std\", \"unicode\"] }\n");
    }
    if krate.patterns.iter().any(|p| !p.fancy) {
        t.push_str("regex = { version = \"1\", default-features = false, features = [\"std\", \"unicode\"] }\n");
    }
    t.push_str("serde = \"1\"\n");
    t.push_str(
        "serde_json = { version = \"1\", features = [\"float_roundtrip\", \"raw_value\"] }\n",
    );
    t.push_str("serde_path_to_error = \"0.1\"\n");
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

#[cfg(test)]
mod tests {
    #[test]
    fn runtime_modules_are_valid_rust() {
        for (name, text) in super::RUNTIME {
            if let Err(e) = syn::parse_file(text) {
                panic!("runtime/{name}.rs: {e}");
            }
        }
    }
}
