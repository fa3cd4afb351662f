//! `cargo xtask patterns DIR`: how the pattern compiler handles every
//! distinct `@pattern` of the models in DIR (the share matched directly,
//! by `regex`, by the bounded backtracking engine, and refused).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::pattern::{compile, Plan};

pub fn run(args: &[String]) -> ExitCode {
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo xtask patterns DIR");
        return ExitCode::from(2);
    };
    let mut sources = BTreeSet::new();
    for path in json_files(&dir) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(model) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        collect(&model, &mut sources);
    }
    let (mut simple, mut regex, mut backtrack, mut refused) = (0, 0, 0, 0);
    for source in &sources {
        match compile(source) {
            Ok(Plan::Simple(_)) => simple += 1,
            Ok(Plan::Regex(_)) => regex += 1,
            Ok(Plan::Backtrack(_)) => {
                backtrack += 1;
                if args.iter().any(|a| a == "--list") {
                    println!("backtracking: {source:?}");
                }
            }
            Err(e) => {
                refused += 1;
                println!("refused: {source:?}: {e}");
            }
        }
    }
    let total = sources.len().max(1);
    let pct = |n: usize| 100.0 * n as f64 / total as f64;
    println!(
        "{} distinct patterns: {simple} simple ({:.1}%), {regex} regex ({:.1}%), {backtrack} backtracking ({:.1}%), {refused} refused",
        sources.len(),
        pct(simple),
        pct(regex),
        pct(backtrack)
    );
    if refused > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn collect(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("smithy.api#pattern", serde_json::Value::String(s)) => {
                        out.insert(s.clone());
                    }
                    _ => collect(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}
