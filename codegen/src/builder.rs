//! The API for build scripts: generate from a model into `OUT_DIR`, as
//! prost-build and typify do.
//!
//! In `build.rs`:
//!
//! ```no_run
//! codegen::Builder::new()
//!     .model("model")
//!     .module("iot_jobs")
//!     .generate_in_build_script()
//!     .unwrap_or_else(|e| panic!("{e}"));
//! ```
//!
//! and in `src/lib.rs`:
//! `pub mod iot_jobs { include!(concat!(env!("OUT_DIR"), "/iot_jobs.rs")); }`

use std::fmt;
use std::path::{Path, PathBuf};

use crate::{Config, Diagnostics};

/// What to generate, and where.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    models: Vec<PathBuf>,
    crate_name: Option<String>,
    module: Option<String>,
    root: Option<String>,
}

/// Why generation failed: the model's problems (one per line, naming the
/// file and the shape), or an I/O error.
#[derive(Debug)]
pub enum Error {
    Model(Diagnostics),
    Io(PathBuf, std::io::Error),
    Env(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Model(d) => write!(f, "{d}"),
            Error::Io(path, e) => write!(f, "error: cannot write {}: {e}", path.display()),
            Error::Env(var) => write!(f, "error: `{var}` is not set (is this a build script?)"),
        }
    }
}

impl std::error::Error for Error {}

impl Builder {
    pub fn new() -> Self {
        Builder::default()
    }

    /// A model file, or a folder of `*.json` files; repeatable.
    pub fn model(mut self, path: impl Into<PathBuf>) -> Self {
        self.models.push(path.into());
        self
    }

    /// The package name in crate mode (default: from the service's sdkId).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Module mode: one file `<name>.rs`, to be included as a module named
    /// `name` at the crate root (see [`Builder::module_path`] for elsewhere).
    pub fn module(mut self, name: impl Into<String>) -> Self {
        self.module = Some(name.into());
        self
    }

    /// The path at which the including crate declares the module, when it is
    /// not `crate::<name>` (for example `crate::api::iot_jobs`).
    pub fn module_path(mut self, path: impl Into<String>) -> Self {
        self.root = Some(path.into());
        self
    }

    fn config(&self) -> Config {
        Config {
            models: self.models.clone(),
            crate_name: self.crate_name.clone(),
            module_mode: self.module.is_some(),
            ..Default::default()
        }
    }

    /// Generates into `out`: a crate folder, or in module mode the file
    /// `out/<name>.rs`. Returns the model files read.
    pub fn generate_into(&self, out: &Path) -> Result<Vec<PathBuf>, Error> {
        let model = crate::load::load_paths(&self.models).map_err(Error::Model)?;
        let crate_name = self.crate_name.as_deref();
        let files = match self.module {
            Some(_) => crate::generate_module_from(&model, crate_name),
            None => crate::generate_from(&model, crate_name),
        }
        .map_err(Error::Model)?;
        match &self.module {
            Some(name) => {
                let root = self
                    .root
                    .clone()
                    .unwrap_or_else(|| format!("crate::{name}"));
                let text = crate::module::module_file(&files, &root).map_err(|e| {
                    Error::Model(Diagnostics(vec![crate::Diagnostic::new(format!(
                        "internal error: {e}"
                    ))]))
                })?;
                let path = out.join(format!("{name}.rs"));
                std::fs::create_dir_all(out)
                    .and_then(|_| write_if_changed(&path, &text))
                    .map_err(|e| Error::Io(path, e))?;
            }
            None => {
                crate::write::write_atomically(out, &files)
                    .map_err(|e| Error::Io(out.into(), e))?;
            }
        }
        Ok(model.files)
    }

    /// For `build.rs`: generates into `OUT_DIR` and prints
    /// `cargo:rerun-if-changed` for every model file and folder read.
    pub fn generate_in_build_script(&self) -> Result<(), Error> {
        let out = std::env::var_os("OUT_DIR").ok_or(Error::Env("OUT_DIR"))?;
        for path in &self.models {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        for file in self.generate_into(Path::new(&out))? {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        Ok(())
    }

    /// The crate as files (relative path -> contents), without writing.
    pub fn generate(&self) -> Result<crate::Generated, Diagnostics> {
        crate::run(&self.config())
    }
}

/// Leaves an unchanged file alone, so Cargo does not rebuild for nothing.
fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text)
}
