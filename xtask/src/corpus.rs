//! `cargo xtask corpus DIR`: generates a crate from every model in DIR, on
//! all cores, then checks them all in one Cargo workspace with one target
//! folder (dependencies compile once): clippy with warnings denied, with the
//! default features and with all of them (the optional serde impls), then
//! rustdoc with warnings denied. Prints a line per failing model and a
//! summary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const USAGE: &str =
    "usage: cargo xtask corpus DIR [--no-doc]   (DIR holds Smithy JSON AST models, one per file)";

/// What generating one model gave.
struct Generated {
    stem: String,
    result: Result<usize, String>,
    warnings: usize,
    time: Duration,
}

pub fn run(args: &[String], root: &Path) -> ExitCode {
    let Some(dir) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let doc = !args.iter().any(|a| a == "--no-doc");
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
    // One workspace per folder of models, so two corpora never clobber each
    // other's crates; one target folder for all, so dependencies build once.
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "models".into());
    let work = root.join("target/corpus").join(name);
    let target = root.join("target/corpus/target");
    let start = Instant::now();
    let generated = generate_all(&models, &work);
    let generate_wall = start.elapsed();

    let mut members = Vec::new();
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    let mut warnings = 0;
    for g in &generated {
        warnings += g.warnings;
        match &g.result {
            Ok(_) => members.push(g.stem.clone()),
            Err(first) => {
                failures.insert(g.stem.clone(), format!("does not generate: {first}"));
            }
        }
    }
    let total_gen: Duration = generated.iter().map(|g| g.time).sum();
    if let Some(slowest) = generated.iter().max_by_key(|g| g.time) {
        println!(
            "generated {}/{} models in {:.1?} wall ({:.1?} summed; slowest {} in {:.1?}); {} generator warnings",
            members.len(),
            models.len(),
            generate_wall,
            total_gen,
            slowest.stem,
            slowest.time,
            warnings
        );
    }
    if members.is_empty() {
        report(&failures, 0, models.len(), 0, 0, doc);
        return ExitCode::FAILURE;
    }
    if let Err(e) = write_workspace(root, &work, &members) {
        eprintln!("error: cannot write the corpus workspace: {e}");
        return ExitCode::FAILURE;
    }
    // The default features, then every feature (the optional serde impls too).
    let mut clippy_failed: BTreeMap<String, String> = BTreeMap::new();
    for features in [None, Some("--all-features")] {
        let start = Instant::now();
        let mut args = vec!["clippy", "--workspace"];
        args.extend(features);
        args.extend([
            "--keep-going",
            "--message-format",
            "short",
            "--",
            "-D",
            "warnings",
        ]);
        let label = format!(
            "clippy{}",
            features.map_or(String::new(), |f| format!(" {f}"))
        );
        let failed = cargo(&work, &target, &args, &[]);
        println!(
            "{label} over {} crates: {:.0?}",
            members.len(),
            start.elapsed()
        );
        for (stem, first) in failed {
            failures
                .entry(stem.clone())
                .or_insert(format!("{label}: {first}"));
            clippy_failed.entry(stem).or_insert(first);
        }
    }
    let compiled = members
        .iter()
        .filter(|m| !clippy_failed.contains_key(*m))
        .count();
    let documented = if doc {
        let start = Instant::now();
        let doc_failed = cargo(
            &work,
            &target,
            &[
                "doc",
                "--workspace",
                "--no-deps",
                "--keep-going",
                "--message-format",
                "short",
            ],
            &[("RUSTDOCFLAGS", "-D warnings")],
        );
        println!(
            "rustdoc over {} crates: {:.0?}",
            members.len(),
            start.elapsed()
        );
        for (stem, first) in &doc_failed {
            failures
                .entry(stem.clone())
                .or_insert(format!("rustdoc: {first}"));
        }
        members
            .iter()
            .filter(|m| !doc_failed.contains_key(*m))
            .count()
    } else {
        0
    };
    report(
        &failures,
        members.len(),
        models.len(),
        compiled,
        documented,
        doc,
    );
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn report(
    failures: &BTreeMap<String, String>,
    generated: usize,
    total: usize,
    compiled: usize,
    documented: usize,
    doc: bool,
) {
    for (stem, first) in failures {
        eprintln!("FAILED {stem}: {first}");
    }
    let doc = if doc {
        format!(", {documented} document (rustdoc -D warnings)")
    } else {
        String::new()
    };
    println!(
        "corpus: {generated}/{total} generate, {compiled} compile (clippy -D warnings, default and all features){doc}, {} fail",
        failures.len()
    );
}

/// Generates every model on all cores, each into `work/<stem>`.
fn generate_all(models: &[PathBuf], work: &Path) -> Vec<Generated> {
    let next = AtomicUsize::new(0);
    let out = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(model) = models.get(i) else { break };
                let g = generate_one(model, work);
                out.lock().expect("no thread panics holding it").push(g);
            });
        }
    });
    let mut out = out.into_inner().expect("threads are done");
    out.sort_by(|a, b| a.stem.cmp(&b.stem));
    out
}

fn generate_one(model: &Path, work: &Path) -> Generated {
    let stem = model
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let start = Instant::now();
    let config = codegen::Config {
        models: vec![model.to_path_buf()],
        crate_name: Some(format!("corpus-{stem}")),
        ..Default::default()
    };
    let (result, warnings) = match codegen::run(&config) {
        Ok(g) => {
            for w in &g.warnings {
                eprintln!("warning: {w}");
            }
            let lines: usize = g.files.values().map(|f| f.lines().count()).sum();
            let result = codegen::write::write_atomically(&work.join(&stem), &g.files)
                .map(|_| lines)
                .map_err(|e| format!("cannot write: {e}"));
            (result, g.warnings.len())
        }
        Err(diags) => (
            Err(diags
                .0
                .first()
                .map_or("no diagnostic".into(), |d| d.to_string())),
            0,
        ),
    };
    Generated {
        stem,
        result,
        warnings,
        time: start.elapsed(),
    }
}

fn write_workspace(root: &Path, work: &Path, members: &[String]) -> std::io::Result<()> {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        list.join(", ")
    );
    std::fs::write(work.join("Cargo.toml"), manifest)?;
    // Remove crates of models no longer in the folder, so stale ones do not linger.
    for entry in std::fs::read_dir(work)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().join("Cargo.toml").exists() && !members.contains(&name) {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    // Start from the project's lockfile so that the same dependency versions are used.
    let _ = std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock"));
    Ok(())
}

/// Runs cargo in the corpus workspace; returns the crates that failed, each
/// with its first error.
fn cargo(
    work: &Path,
    target: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> BTreeMap<String, String> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(args)
        .current_dir(work)
        .env("CARGO_TARGET_DIR", target);
    for (k, v) in env {
        command.env(k, v);
    }
    let mut failed = BTreeMap::new();
    let output = match command.output() {
        Ok(o) => o,
        Err(e) => {
            failed.insert("(cargo)".to_string(), format!("cannot run cargo: {e}"));
            return failed;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in stderr.lines() {
        // `short` messages start with the file, relative to the workspace: `<stem>/src/...`.
        if let Some((path, rest)) = line.split_once(": error") {
            if let Some((stem, _)) = path.split_once('/') {
                failed
                    .entry(stem.to_string())
                    .or_insert_with(|| format!("{path}:{}", rest.trim_start_matches(':')));
            }
        } else if let Some(name) = line
            .strip_prefix("error: could not compile `corpus-")
            .or_else(|| line.strip_prefix("error: could not document `corpus-"))
        {
            let stem = name.split('`').next().unwrap_or(name).to_string();
            failed.entry(stem).or_insert_with(|| line.to_string());
        }
    }
    if !output.status.success() && failed.is_empty() {
        failed.insert(
            "(cargo)".to_string(),
            stderr.lines().rev().take(3).collect::<Vec<_>>().join(" / "),
        );
    }
    failed
}
