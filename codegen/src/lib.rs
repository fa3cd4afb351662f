//! Generates a Rust crate from a Smithy 2.0 JSON AST model.
//!
//! The stages run in one direction, each in its own module:
//! `load` (files -> AST) -> `resolve` (AST -> checked IR) -> `emit` (IR ->
//! tokens) -> `render` (prettyplease) -> `write` (atomic swap of the folder).

pub mod ast;
pub mod diagnostic;
pub mod docs;
pub mod emit;
pub mod ir;
pub mod load;
pub mod render;
pub mod resolve;
pub mod shape_id;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use diagnostic::{Diagnostic, Diagnostics};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    /// Model files or folders of `*.json`.
    pub models: Vec<PathBuf>,
    /// Cargo package name of the generated crate; `None` derives it from the service.
    pub crate_name: Option<String>,
}

/// Generates the crate's files (relative path -> contents) from model files.
pub fn generate(config: &Config) -> Result<BTreeMap<String, String>, Diagnostics> {
    let model = load::load_paths(&config.models)?;
    generate_from(&model, config.crate_name.as_deref())
}

/// Generates the crate's files from an already loaded model.
pub fn generate_from(
    model: &load::LoadedModel,
    crate_name: Option<&str>,
) -> Result<BTreeMap<String, String>, Diagnostics> {
    let package = match crate_name {
        Some(name) => name.to_string(),
        None => default_crate_name(model),
    };
    // Problems of loading and of resolution are reported together.
    let resolved = resolve::resolve(model, &package);
    let mut diags = model.problems.clone();
    if let Err(d) = &resolved {
        diags.0.extend(d.0.iter().cloned());
    }
    diags.into_result(())?;
    let krate = resolved?;
    let mut files = BTreeMap::new();
    let mut diags = Diagnostics::default();
    for (path, output) in emit::emit(&krate) {
        match render::render(&path, output) {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(d) => diags.push(d),
        }
    }
    diags.into_result(files)
}

/// The crate name: the service's `sdkId` (or name) in kebab-case, else `generated`.
pub fn default_crate_name(model: &load::LoadedModel) -> String {
    use heck::ToKebabCase;
    let services: Vec<_> = model
        .shapes
        .iter()
        .filter(|(_, s)| s.ty == ast::ShapeType::Service)
        .collect();
    match services.as_slice() {
        [(id, shape)] => {
            let sdk_id = shape
                .traits
                .get("aws.api#service")
                .and_then(|v| v.get("sdkId"))
                .and_then(|v| v.as_str());
            match sdk_id {
                // "IoT Jobs Data Plane" -> "iot-jobs-data-plane", as the AWS SDKs name crates.
                Some(sdk_id) => sdk_id
                    .split_whitespace()
                    .map(str::to_ascii_lowercase)
                    .collect::<Vec<_>>()
                    .join("-"),
                None => shape_id::name_of(id).to_kebab_case(),
            }
        }
        _ => "generated".to_string(),
    }
}
