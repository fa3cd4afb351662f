//! Generates a Rust crate from a Smithy 2.0 model: JSON AST files, IDL
//! (`.smithy`) files, or both.
//!
//! The stages run in one direction, each in its own module:
//! `load` (files -> AST) -> `resolve` (AST -> checked IR) -> `emit` (IR ->
//! tokens) -> `render` (prettyplease) -> `write` (atomic swap of the folder).

pub mod ast;
mod builder;
pub mod cli;
pub mod diagnostic;
pub mod docs;
pub mod emit;
pub mod idl;
pub mod ir;
pub mod load;
pub mod module;
mod parallel;
pub mod pattern;
pub mod render;
pub mod resolve;
pub mod shape_id;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use builder::{Builder, Error};
pub use diagnostic::{Diagnostic, Diagnostics};

/// What to generate.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Model files, or folders of `*.json` and `*.smithy` files.
    pub models: Vec<PathBuf>,
    /// Cargo package name of the generated crate; `None` derives it from the service.
    pub crate_name: Option<String>,
    /// Emit the model's protocol tests (`smithy.test`) as `#[test]`s; the map
    /// holds test ids to skip, with the reason.
    pub protocol_tests: Option<BTreeMap<String, String>>,
    /// Module mode (the crate as one file to include, see [`module`]): no
    /// Cargo features gate the operations and topics, since a module has no
    /// features of its own.
    pub module_mode: bool,
}

/// A generated crate and what it took.
#[derive(Clone, Debug)]
pub struct Generated {
    /// Relative path -> contents.
    pub files: BTreeMap<String, String>,
    pub stats: Stats,
    /// What the model does that works but is worth knowing (one per shape).
    pub warnings: Vec<Diagnostic>,
}

/// Sizes and stage times of one generation.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub model_files: usize,
    /// Shapes of the model by Smithy type (`structure`, `string`, ...).
    pub shapes: BTreeMap<&'static str, usize>,
    pub load: Duration,
    pub resolve: Duration,
    /// Emit and format run per file on all cores: these two are summed over
    /// files (CPU time), the wall time of both is `emit_and_format_wall`.
    pub emit: Duration,
    pub format: Duration,
    pub emit_and_format_wall: Duration,
}

impl Stats {
    pub fn total_shapes(&self) -> usize {
        self.shapes.values().sum()
    }
}

/// Generates the crate's files (relative path -> contents) from model files.
pub fn generate(config: &Config) -> Result<BTreeMap<String, String>, Diagnostics> {
    run(config).map(|g| g.files)
}

/// Generates the crate from model files, with statistics.
pub fn run(config: &Config) -> Result<Generated, Diagnostics> {
    let start = Instant::now();
    let model = load::load_paths(&config.models)?;
    let load = start.elapsed();
    let mut generated = run_loaded(
        &model,
        config.crate_name.as_deref(),
        config.protocol_tests.as_ref(),
        config.module_mode,
    )?;
    generated.stats.load = load;
    Ok(generated)
}

/// Generates the crate's files from an already loaded model.
pub fn generate_from(
    model: &load::LoadedModel,
    crate_name: Option<&str>,
) -> Result<BTreeMap<String, String>, Diagnostics> {
    run_loaded(model, crate_name, None, false).map(|g| g.files)
}

/// Generates the files of a crate to be turned into one module
/// ([`module::module_file`]): the same files, without feature gates.
pub fn generate_module_from(
    model: &load::LoadedModel,
    crate_name: Option<&str>,
) -> Result<BTreeMap<String, String>, Diagnostics> {
    run_loaded(model, crate_name, None, true).map(|g| g.files)
}

fn run_loaded(
    model: &load::LoadedModel,
    crate_name: Option<&str>,
    protocol_tests: Option<&BTreeMap<String, String>>,
    module_mode: bool,
) -> Result<Generated, Diagnostics> {
    let mut stats = Stats {
        model_files: model.files.len(),
        ..Stats::default()
    };
    for shape in model.shapes.values() {
        *stats.shapes.entry(shape.ty.name()).or_default() += 1;
    }
    let package = match crate_name {
        Some(name) => name.to_string(),
        None => default_crate_name(model),
    };
    let start = Instant::now();
    // Problems of loading and of resolution are reported together.
    let resolved = resolve::resolve(model, &package);
    let mut diags = model.problems.clone();
    if let Err(d) = &resolved {
        diags.0.extend(d.0.iter().cloned());
    }
    diags.into_result(())?;
    let mut krate = resolved?;
    krate.protocol_tests = protocol_tests.cloned();
    krate.features = !module_mode;
    stats.resolve = start.elapsed();

    let start = Instant::now();
    let (files, times) = render::emit_and_render(&krate)?;
    stats.emit = times.emit;
    stats.format = times.format;
    stats.emit_and_format_wall = start.elapsed();
    Ok(Generated {
        files,
        stats,
        warnings: krate.warnings,
    })
}

/// The crate name: the service's `sdkId` (or name) in kebab-case, else `generated`.
pub fn default_crate_name(model: &load::LoadedModel) -> String {
    use heck::ToKebabCase;
    let services: Vec<_> = model
        .shapes
        .iter()
        .filter(|(_, s)| s.ty == ast::ShapeType::Service)
        .collect();
    // A service without `aws.api#service` beside one with it (an MQTT
    // binding of an AWS service) leaves the name to the AWS service.
    let aws: Vec<_> = services
        .iter()
        .filter(|(_, s)| s.traits.contains_key("aws.api#service"))
        .copied()
        .collect();
    let services = if aws.len() == 1 { aws } else { services };
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
