//! `cargo xtask bench build [ROUNDS]`: clean debug builds of four consumer
//! crates, alternating, in one run: `tests/consumer` (only the generated
//! crate, default features: types, HTTP client, MQTT topics), the same
//! program with the `client` feature alone (what the SDK offers),
//! `tests/types-consumer` (the generated crate with its default features off:
//! the types alone) and a crate that depends on `aws-sdk-iotjobsdataplane`
//! with its default features off, which the AWS SDK for Rust generates from
//! the same service model. Reports wall and CPU time and their ratios to the
//! SDK's. Needs the crates.io registry for the SDK the first time.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

const SDK_MANIFEST: &str = r#"[package]
name = "sdk-consumer"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
aws-sdk-iotjobsdataplane = { version = "1", default-features = false }

[workspace]
"#;

/// `tests/consumer`'s program with the generated crate's client alone.
fn client_manifest(root: &Path) -> String {
    format!(
        r#"[package]
name = "client-consumer"
version = "0.1.0"
edition = "2021"
publish = false

[[bin]]
name = "client-consumer"
path = "{consumer}"

[dependencies]
iot-jobs-data-plane = {{ path = "{generated}", default-features = false, features = ["client"] }}

[workspace]
"#,
        consumer = root.join("tests/consumer/src/main.rs").display(),
        generated = root.join("generated").display(),
    )
}

const SDK_MAIN: &str = "fn main() {\n    let job = aws_sdk_iotjobsdataplane::types::JobExecution::builder().job_id(\"job-1\").build();\n    println!(\"{job:?}\");\n}\n";

pub fn run(args: &[String], root: &Path) -> ExitCode {
    let rounds: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(3);
    let sdk = root.join("target/bench-build/sdk-consumer");
    if let Err(e) = std::fs::create_dir_all(sdk.join("src"))
        .and_then(|_| std::fs::write(sdk.join("Cargo.toml"), SDK_MANIFEST))
        .and_then(|_| std::fs::write(sdk.join("src/main.rs"), SDK_MAIN))
    {
        eprintln!("error: cannot write the SDK consumer: {e}");
        return ExitCode::FAILURE;
    }
    let client = root.join("target/bench-build/client-consumer");
    if let Err(e) = std::fs::create_dir_all(&client)
        .and_then(|_| std::fs::write(client.join("Cargo.toml"), client_manifest(root)))
    {
        eprintln!("error: cannot write the client consumer: {e}");
        return ExitCode::FAILURE;
    }
    let crates = [
        (
            "generated (tests/consumer)",
            root.join("tests/consumer/Cargo.toml"),
        ),
        (
            "generated, client only (features = [\"client\"])",
            client.join("Cargo.toml"),
        ),
        (
            "generated, types only (tests/types-consumer)",
            root.join("tests/types-consumer/Cargo.toml"),
        ),
        ("aws-sdk-iotjobsdataplane", sdk.join("Cargo.toml")),
    ];
    let sdk_index = crates.len() - 1;
    // Fetch first, so downloads are not timed.
    for (_, manifest) in &crates {
        let fetched = Command::new(cargo())
            .args(["fetch", "--quiet", "--manifest-path"])
            .arg(manifest)
            .status();
        if !fetched.is_ok_and(|s| s.success()) {
            eprintln!(
                "error: cannot fetch the dependencies of {}",
                manifest.display()
            );
            return ExitCode::FAILURE;
        }
    }
    let mut times = vec![Vec::new(); crates.len()];
    for round in 0..rounds {
        for (i, (name, manifest)) in crates.iter().enumerate() {
            let target = root.join(format!("target/bench-build/target-{i}"));
            let _ = std::fs::remove_dir_all(&target);
            let Some((wall, cpu)) = timed_build(manifest, &target) else {
                eprintln!("error: {name} did not build");
                return ExitCode::FAILURE;
            };
            println!(
                "round {}: {name}: {wall:.1?} wall, {cpu:.1?} CPU",
                round + 1
            );
            times[i].push((wall, cpu));
        }
    }
    let median = |v: &[(Duration, Duration)], f: fn(&(Duration, Duration)) -> Duration| {
        let mut d: Vec<Duration> = v.iter().map(f).collect();
        d.sort();
        d[d.len() / 2]
    };
    let (sw, sc) = (
        median(&times[sdk_index], |t| t.0),
        median(&times[sdk_index], |t| t.1),
    );
    println!("median of {rounds}:");
    for (i, (name, _)) in crates.iter().enumerate() {
        let (w, c) = (median(&times[i], |t| t.0), median(&times[i], |t| t.1));
        if i == sdk_index {
            println!("  {name}: {w:.1?} wall / {c:.1?} CPU");
        } else {
            println!(
                "  {name}: {w:.1?} wall / {c:.1?} CPU; ratio to the SDK {:.2} wall, {:.2} CPU",
                w.as_secs_f64() / sw.as_secs_f64(),
                c.as_secs_f64() / sc.as_secs_f64()
            );
        }
    }
    ExitCode::SUCCESS
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Wall time, and the user + system CPU time of the build's child processes.
fn timed_build(manifest: &Path, target: &Path) -> Option<(Duration, Duration)> {
    let before = children_cpu();
    let start = Instant::now();
    let status = Command::new(cargo())
        .args(["build", "--quiet", "--offline", "--manifest-path"])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .ok()?;
    let wall = start.elapsed();
    status
        .success()
        .then(|| (wall, children_cpu().saturating_sub(before)))
}

/// CPU time of waited-for children so far (`/proc/self/stat` fields 16-17).
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = [13, 14]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    // The kernel's USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}
