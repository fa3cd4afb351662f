//! `cargo xtask features`: checks that the benchmarks build the generated
//! crate with the same dependency features as a standalone consumer does.
//! Inside this workspace Cargo unifies features across members (xtask,
//! tests), which once hid a 16x slower `validate()`; the benchmarks are kept
//! outside it, and this check fails if they ever resolve differently.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, ExitCode};

pub fn run(root: &Path) -> ExitCode {
    let consumer = resolved(root, Some("tests/consumer/Cargo.toml"));
    let benches = resolved(root, Some("benches/Cargo.toml"));
    let workspace = resolved(root, None);
    let (Ok(consumer), Ok(benches), Ok(workspace)) = (consumer, benches, workspace) else {
        eprintln!("error: `cargo tree` failed");
        return ExitCode::FAILURE;
    };
    let show = |label: &str, a: &BTreeSet<String>, b: &BTreeSet<String>| {
        for line in a.difference(b) {
            println!("  {label}: {line}");
        }
    };
    if consumer != benches {
        eprintln!("error: the benchmarks resolve the generated crate's dependencies differently from a consumer:");
        show("consumer only", &consumer, &benches);
        show("benchmarks only", &benches, &consumer);
        return ExitCode::FAILURE;
    }
    println!(
        "the benchmarks build iot-jobs-data-plane as a consumer does ({} packages, same features)",
        consumer.len()
    );
    if workspace != consumer {
        println!("inside the workspace the features differ (why the benchmarks are outside it):");
        show("workspace only", &workspace, &consumer);
    }
    ExitCode::SUCCESS
}

/// `name version features` of every package the generated crate runs on
/// (proc macros, which run only at build time, left out).
fn resolved(root: &Path, manifest: Option<&str>) -> Result<BTreeSet<String>, ()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root).args(["tree", "--quiet", "--offline"]);
    if let Some(m) = manifest {
        cmd.args(["--manifest-path", m]);
    }
    cmd.args([
        "-p",
        "iot-jobs-data-plane",
        "-e",
        "normal,no-proc-macro",
        "--prefix",
        "none",
        "--format",
        "{p} {f}",
    ]);
    let out = cmd.output().map_err(|_| ())?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return Err(());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            // Drop the path of path dependencies and the `(*)` of repeats.
            let l = l.trim_end_matches(" (*)");
            let l = match (l.find(" ("), l.rfind(") ")) {
                (Some(a), Some(b)) if a < b => format!("{}{}", &l[..a], &l[b + 1..]),
                _ => l.to_string(),
            };
            // The baselines derive serde impls: a proc macro at build time,
            // no change to the code that runs.
            let (name, features) = l.rsplit_once(' ').unwrap_or((&l, ""));
            let features: Vec<&str> = features
                .split(',')
                .filter(|f| !matches!(*f, "derive" | "serde_derive"))
                .collect();
            format!("{name} {}", features.join(","))
        })
        .collect())
}
