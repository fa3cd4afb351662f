//! `cargo xtask codegen`: generates the crate under `generated/` from `model/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The generator allocates many small token trees; mimalloc is markedly
/// faster than the system allocator at that (see `cargo xtask bench generator`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod corpus;
mod gen_bench;
mod instructions;
mod patterns;
mod synth;

const HELP: &str = "\
cargo xtask codegen [OPTIONS]

Generates a Rust crate (types, builders, validators, serde impls) from a
Smithy 2.0 JSON AST model.

Options:
  --model PATH       a model file or a folder of *.json files; repeatable
  --out DIR          the folder of the generated crate
                     (with neither, the repository's own crates are
                     regenerated: model/ -> generated/ and
                     tests/fixtures/model/ -> tests/fixtures/generated/;
                     with only --out, the model is model/; with only
                     --model, the output is generated/)
  --crate-name NAME  the package name (default: the service's sdkId in
                     kebab-case, or `generated`)
  --check            change nothing; list the files that differ and exit 1
                     when the output is stale
  --quiet            print only errors
  --verbose          also list every file written or removed
  -h, --help         print this help
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => match Options::parse(&args[1..]) {
            Ok(Some(options)) => codegen(&options),
            Ok(None) => {
                print!("{HELP}");
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("error: {msg}\n\n{HELP}");
                ExitCode::from(2)
            }
        },
        Some("corpus") => corpus::run(&args[1..], &workspace_root()),
        Some("patterns") => patterns::run(&args[1..]),
        Some("bench") if args.get(1).map(String::as_str) == Some("instructions") => {
            instructions::run(&workspace_root())
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("generator") => {
            gen_bench::run(&args[2..], &workspace_root())
        }
        Some("bench") => bench::run(&args[1..], &workspace_root()),
        Some("-h" | "--help" | "help") | None => {
            print!("usage: cargo xtask codegen [OPTIONS]\n       cargo xtask corpus DIR [--no-doc]\n       cargo xtask patterns DIR [--list]\n       cargo xtask bench [CRITERION ARGS]\n       cargo xtask bench generator [MODELS DIR]\n       cargo xtask bench instructions\n\n{HELP}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("error: unknown task `{other}`; the tasks are `codegen` (see `cargo xtask codegen --help`), `corpus DIR`, `patterns DIR` and `bench`");
            ExitCode::from(2)
        }
    }
}

#[derive(Debug, Default)]
struct Options {
    models: Vec<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    check: bool,
    quiet: bool,
    verbose: bool,
}

impl Options {
    /// `Ok(None)` when help was asked for.
    fn parse(args: &[String]) -> Result<Option<Options>, String> {
        let mut o = Options::default();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = |flag: &str| {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match arg.as_str() {
                "--model" => o.models.push(PathBuf::from(value("--model")?)),
                "--out" => o.out = Some(PathBuf::from(value("--out")?)),
                "--crate-name" => o.crate_name = Some(value("--crate-name")?),
                "--check" => o.check = true,
                "--quiet" | "-q" => o.quiet = true,
                "--verbose" | "-v" => o.verbose = true,
                "-h" | "--help" => return Ok(None),
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        Ok(Some(o))
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// What `cargo xtask codegen` regenerates when no `--model` or `--out` is given:
/// the crate of the IoT Jobs model, and the fixture crate the tests use.
const BUILT_IN: &[(&str, &str, Option<&str>)] = &[
    ("model", "generated", None),
    (
        "tests/fixtures/model",
        "tests/fixtures/generated",
        Some("smithy-fixtures"),
    ),
];

fn codegen(o: &Options) -> ExitCode {
    let root = workspace_root();
    let targets: Vec<(Vec<PathBuf>, PathBuf, Option<String>)> =
        if o.models.is_empty() && o.out.is_none() {
            BUILT_IN
                .iter()
                .map(|(m, out, name)| {
                    (
                        vec![root.join(m)],
                        root.join(out),
                        o.crate_name.clone().or(name.map(str::to_string)),
                    )
                })
                .collect()
        } else {
            let models = if o.models.is_empty() {
                vec![root.join("model")]
            } else {
                o.models.clone()
            };
            vec![(
                models,
                o.out.clone().unwrap_or_else(|| root.join("generated")),
                o.crate_name.clone(),
            )]
        };
    let mut code = ExitCode::SUCCESS;
    for (models, out, crate_name) in targets {
        if codegen_one(o, codegen::Config { models, crate_name }, &out) != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
    }
    code
}

fn codegen_one(o: &Options, config: codegen::Config, out: &Path) -> ExitCode {
    let start = Instant::now();
    let generated = match codegen::run(&config) {
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
        return match codegen::write::diff(out, files) {
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
    match codegen::write::write_atomically(out, files) {
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
