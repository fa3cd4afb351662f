//! `cargo xtask corpus DIR`: generates a crate from every model in DIR and
//! checks that each compiles with warnings denied.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

pub fn run(args: &[String], root: &Path) -> ExitCode {
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!(
            "usage: cargo xtask corpus DIR   (DIR holds Smithy JSON AST models, one per file)"
        );
        return ExitCode::from(2);
    };
    let mut models: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect(),
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    models.sort();
    let work = root.join("target/corpus");
    let mut members = Vec::new();
    let mut failed = false;
    for model in &models {
        let stem = model
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let name = format!("corpus-{stem}");
        let start = Instant::now();
        let config = codegen::Config {
            models: vec![model.clone()],
            crate_name: Some(name.clone()),
        };
        match codegen::generate(&config) {
            Ok(files) => {
                let lines: usize = files.values().map(|f| f.lines().count()).sum();
                if let Err(e) = codegen::write::write_atomically(&work.join(&stem), &files) {
                    eprintln!("error: cannot write {stem}: {e}");
                    failed = true;
                    continue;
                }
                println!(
                    "{stem}: {} files, {lines} lines generated in {:.0?}",
                    files.len(),
                    start.elapsed()
                );
                members.push(stem);
            }
            Err(diags) => {
                eprintln!("{diags}");
                eprintln!("error: {stem}: the model did not generate");
                failed = true;
            }
        }
    }
    if members.is_empty() {
        return ExitCode::FAILURE;
    }
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        list.join(", ")
    );
    if let Err(e) = std::fs::write(work.join("Cargo.toml"), manifest) {
        eprintln!("error: cannot write the corpus workspace: {e}");
        return ExitCode::FAILURE;
    }
    // Start from the project's lockfile so that the same dependency versions are used.
    let _ = std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock"));
    let start = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--workspace", "--all-targets", "--quiet"])
        .current_dir(&work)
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", work.join("target"))
        .status();
    match status {
        Ok(s) if s.success() => {
            println!(
                "corpus: {} crates compile without warnings ({:.0?})",
                members.len(),
                start.elapsed()
            );
        }
        Ok(_) => {
            eprintln!("error: a corpus crate does not compile cleanly");
            failed = true;
        }
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
