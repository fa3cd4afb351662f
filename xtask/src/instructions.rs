//! `cargo xtask bench instructions`: instruction counts per operation of the
//! generated code and of its hand-written baselines, under valgrind's
//! callgrind. Counts repeat exactly from run to run, where wall-clock times on
//! a shared machine do not.

use std::path::Path;
use std::process::{Command, ExitCode};

/// (operation, iterations): the baseline of each is the other half of its pair.
const OPERATIONS: &[(&str, &str, &str, usize)] = &[
    ("parse one", "parse-one-generated", "parse-one-derive", 200),
    (
        "parse list of 100",
        "parse-list100-generated",
        "parse-list100-derive",
        10,
    ),
    ("write one", "write-one-generated", "write-one-derive", 200),
    (
        "write list of 100",
        "write-list100-generated",
        "write-list100-derive",
        10,
    ),
    (
        "validate",
        "validate-generated",
        "validate-hand-written",
        1000,
    ),
];

pub fn run(root: &Path) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(cargo)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .args([
            "build",
            "--quiet",
            "--release",
            "--manifest-path",
            "benches/Cargo.toml",
            "--bin",
            "instructions",
        ])
        .status();
    if !built.is_ok_and(|s| s.success()) {
        eprintln!("error: cannot build the instruction counter");
        return ExitCode::FAILURE;
    }
    let bin = root.join("target/release/instructions");
    println!(
        "{:<20} {:>14} {:>14} {:>8}",
        "operation", "generated", "baseline", "ratio"
    );
    for (label, generated, baseline, n) in OPERATIONS {
        let (Some(g), Some(b)) = (per_op(&bin, generated, *n), per_op(&bin, baseline, *n)) else {
            eprintln!("error: valgrind did not run (is it installed?)");
            return ExitCode::FAILURE;
        };
        println!("{label:<20} {g:>14} {b:>14} {:>7.3}x", g as f64 / b as f64);
    }
    println!(
        "instructions per operation; the baseline is serde's derive, or a hand-written validator"
    );
    ExitCode::SUCCESS
}

/// Instructions of one operation: a run of `n` minus a run of none (setup).
fn per_op(bin: &Path, op: &str, n: usize) -> Option<u64> {
    let count = |iterations: usize| -> Option<u64> {
        let out = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(bin)
            .args([op, &iterations.to_string()])
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stderr);
        let line = text.lines().find(|l| l.contains("Collected"))?;
        line.split_whitespace().last()?.parse().ok()
    };
    Some((count(n)? - count(0)?) / n as u64)
}
