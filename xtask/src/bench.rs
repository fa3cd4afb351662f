//! `cargo xtask bench`: runs the criterion benchmarks of the generated crate
//! and prints each measurement as a ratio to the baseline of its group,
//! measured in the same run.

use std::path::Path;
use std::process::{Command, ExitCode};

/// Baseline of each group: the hand-written code the generated code competes with.
const BASELINES: &[&str] = &["hand-written", "derive"];

pub fn run(args: &[String], root: &Path) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    // The benchmarks are their own workspace (see `cargo xtask features`).
    cmd.current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .args([
            "bench",
            "--manifest-path",
            "benches/Cargo.toml",
            "--benches",
            "--",
        ]);
    if args.is_empty() {
        cmd.args(["--warm-up-time", "1", "--measurement-time", "3"]);
    } else {
        cmd.args(args);
    }
    match cmd.status() {
        Ok(s) if s.success() => {}
        Ok(_) | Err(_) => {
            eprintln!("error: the benchmarks failed");
            return ExitCode::FAILURE;
        }
    }
    match report(&root.join("target/criterion")) {
        Ok(table) => {
            print!("{table}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot read the criterion results: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Mean time in nanoseconds of one benchmark.
fn mean_ns(dir: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(dir.join("new/estimates.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["mean"]["point_estimate"].as_f64()
}

fn report(criterion: &Path) -> std::io::Result<String> {
    let mut groups: Vec<_> = std::fs::read_dir(criterion)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    groups.sort();
    let mut out =
        String::from("\ngroup            benchmark               mean        ratio to baseline\n");
    for group in groups {
        let gname = group
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if gname == "report" {
            continue;
        }
        let mut rows: Vec<(String, f64)> = std::fs::read_dir(&group)?
            .flatten()
            .filter_map(|e| {
                Some((
                    e.file_name().to_string_lossy().into_owned(),
                    mean_ns(&e.path())?,
                ))
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let baseline = rows
            .iter()
            .find(|(n, _)| BASELINES.contains(&n.as_str()))
            .map(|(_, t)| *t);
        for (name, ns) in rows {
            let ratio = baseline.map_or("-".to_string(), |b| format!("{:.2}x", ns / b));
            out.push_str(&format!(
                "{gname:<16} {name:<22} {:>10}  {ratio}\n",
                human(ns)
            ));
        }
    }
    Ok(out)
}

fn human(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.0} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{:.2} ms", ns / 1_000_000.0)
    }
}
