//! `cargo xtask bench generator`: times each stage of the generator on the
//! published models and on synthetic ones of 2,000 and 20,000 shapes, in a
//! release build, and reports shapes per second and the size of the output.
//! The baseline of the same run is re-formatting the output: parsing every
//! emitted file with syn and printing it with prettyplease, which is what a
//! generator that formats its tokens the usual way pays on top of emitting.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

pub fn run(args: &[String], root: &Path) -> ExitCode {
    if cfg!(debug_assertions) {
        // Timings of a debug build mean little: run the release build.
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(root)
            .args([
                "run",
                "--quiet",
                "--release",
                "--package",
                "xtask",
                "--",
                "bench",
                "generator",
            ])
            .args(args)
            .status();
        return match status {
            Ok(s) if s.success() => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        };
    }
    let work = root.join("target/generator-bench");
    let _ = std::fs::create_dir_all(&work);
    let mut models: Vec<(String, Vec<PathBuf>)> =
        vec![("iot-jobs".into(), vec![root.join("model")])];
    let shared = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/models"));
    if let Ok(entries) = std::fs::read_dir(&shared) {
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            models.push((
                f.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                vec![f],
            ));
        }
    }
    for n in [2_000, 20_000] {
        let path = work.join(format!("synthetic-{n}.json"));
        if let Err(e) = std::fs::write(&path, crate::synth::model(n).to_string()) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        models.push((format!("synthetic-{n}"), vec![path]));
    }
    println!(
        "{:<16} {:>7} {:>8} {:>8} {:>9} {:>9} {:>9} {:>8} {:>9} {:>10} {:>8} {:>9} {:>10}",
        "model",
        "shapes",
        "load",
        "resolve",
        "emit*",
        "format*",
        "emit+fmt",
        "write",
        "total",
        "shapes/s",
        "lines",
        "bytes",
        "vs reformat"
    );
    for (name, paths) in models {
        let start = Instant::now();
        let generated = match codegen::run(&codegen::Config {
            models: paths,
            crate_name: Some(format!("bench-{name}")),
            ..Default::default()
        }) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("{e}\nerror: {name} did not generate");
                return ExitCode::FAILURE;
            }
        };
        let before_write = Instant::now();
        if let Err(e) = codegen::write::write_atomically(&work.join(&name), &generated.files) {
            eprintln!("error: cannot write {name}: {e}");
            return ExitCode::FAILURE;
        }
        let write = before_write.elapsed();
        let total = start.elapsed();
        let s = &generated.stats;
        let lines: usize = generated.files.values().map(|f| f.lines().count()).sum();
        let bytes: usize = generated.files.values().map(String::len).sum();
        let ms = |d: std::time::Duration| format!("{:.1}ms", d.as_secs_f64() * 1000.0);
        let ratio = (s.emit + s.format).as_secs_f64() / reformat(&generated.files).as_secs_f64();
        println!(
            "{:<16} {:>7} {:>8} {:>8} {:>9} {:>9} {:>9} {:>8} {:>9} {:>10.0} {:>8} {:>9} {:>10.2}x",
            name,
            s.total_shapes(),
            ms(s.load),
            ms(s.resolve),
            ms(s.emit),
            ms(s.format),
            ms(s.emit_and_format_wall),
            ms(write),
            ms(total),
            s.total_shapes() as f64 / total.as_secs_f64(),
            lines,
            bytes,
            ratio
        );
    }
    println!("* emit and format run per file on all cores; their columns are CPU time summed over files.");
    println!("vs reformat: emit + format CPU time over the time to parse (syn) and print (prettyplease) the same files.");
    ExitCode::SUCCESS
}

/// CPU time to parse and print every emitted Rust file, one at a time.
fn reformat(files: &std::collections::BTreeMap<String, String>) -> std::time::Duration {
    let mut total = std::time::Duration::ZERO;
    for (path, text) in files {
        if !path.ends_with(".rs") || codegen::emit::is_runtime(path) {
            continue;
        }
        let start = Instant::now();
        let file = syn::parse_file(text).expect("generated files parse");
        std::hint::black_box(prettyplease::unparse(&file));
        total += start.elapsed();
    }
    total
}
