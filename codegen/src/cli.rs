//! The command line's work, shared by `cargo xtask codegen` and the
//! installed `smithy-rust-codegen` binary: the same output and exit codes.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::Config;

/// How to report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Report {
    /// Change nothing; list the files that differ, exit 1 when stale.
    pub check: bool,
    /// Print only errors.
    pub quiet: bool,
    /// Also list every file written or removed, and stage timings.
    pub verbose: bool,
}

/// Generates one crate into `out` and prints what happened.
pub fn generate_crate(o: &Report, config: Config, out: &Path) -> ExitCode {
    let start = Instant::now();
    let generated = match crate::run(&config) {
        Ok(generated) => generated,
        Err(diags) => {
            eprintln!("{diags}");
            eprintln!(
                "error: {} problem(s) in the model; {} was not changed",
                diags.0.len(),
                out.display()
            );
            return ExitCode::FAILURE;
        }
    };
    if !o.quiet {
        for w in &generated.warnings {
            eprintln!("warning: {w}");
        }
    }
    let files = &generated.files;
    if o.check {
        return match crate::write::diff(out, files) {
            Ok(stale) if stale.is_empty() => {
                if !o.quiet {
                    println!("{} is up to date ({} files)", out.display(), files.len());
                }
                ExitCode::SUCCESS
            }
            Ok(stale) => {
                eprintln!(
                    "{} is stale; these files differ from what the model generates:",
                    out.display()
                );
                for path in stale {
                    eprintln!("  {path}");
                }
                eprintln!("run `cargo xtask codegen` to regenerate");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", out.display());
                ExitCode::FAILURE
            }
        };
    }
    match crate::write::write_atomically(out, files) {
        Ok(summary) => {
            if o.verbose {
                for p in &summary.written {
                    println!("  wrote   {p}");
                }
                for p in &summary.removed {
                    println!("  removed {p}");
                }
            }
            if !o.quiet {
                let stats = &generated.stats;
                let kinds: Vec<String> = stats
                    .shapes
                    .iter()
                    .map(|(k, n)| format!("{n} {k}"))
                    .collect();
                println!(
                    "generated {} from {} model file(s) ({} shapes: {}): {} files written, {} unchanged, {} removed in {:.0?}",
                    out.display(),
                    stats.model_files,
                    stats.total_shapes(),
                    kinds.join(", "),
                    summary.written.len(),
                    summary.unchanged.len(),
                    summary.removed.len(),
                    start.elapsed()
                );
            }
            if o.verbose {
                let s = &generated.stats;
                println!(
                    "  stages: load {:.1?}, resolve {:.1?}, emit {:.1?} and format {:.1?} (CPU, on all cores: {:.1?} wall)",
                    s.load, s.resolve, s.emit, s.format, s.emit_and_format_wall
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "error: cannot write {}: {e}; it was left as it was",
                out.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Reads a skip file of protocol tests: `TestId  reason` per line, `#`
/// comments and blank lines ignored; `-` is an empty list.
pub fn read_skip_file(path: &Path) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut skip = std::collections::BTreeMap::new();
    if path == Path::new("-") {
        return Ok(skip);
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, reason) = line.split_once(char::is_whitespace).ok_or_else(|| {
            format!(
                "{}:{}: a skipped test needs a reason",
                path.display(),
                n + 1
            )
        })?;
        skip.insert(id.to_string(), reason.trim().to_string());
    }
    Ok(skip)
}
