//! `cargo xtask codegen`: generates the crate under `generated/` from `model/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The generator allocates many small token trees; mimalloc is markedly
/// faster than the system allocator at that (see `cargo xtask bench generator`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod build_bench;
mod corpus;
mod features;
mod gen_bench;
mod idl_bench;
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
  --protocol-tests SKIP_FILE
                     also emit the model's Smithy protocol tests as
                     #[test]s, skipping the ids the file lists
                     (`Id  reason` per line; `-` for none)
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
        Some("features") => features::run(&workspace_root()),
        Some("bench") if args.get(1).map(String::as_str) == Some("instructions") => {
            instructions::run(&workspace_root())
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("build") => {
            build_bench::run(&args[2..], &workspace_root())
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("idl") => {
            idl_bench::run(&args[2..], &workspace_root())
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("generator") => {
            gen_bench::run(&args[2..], &workspace_root())
        }
        Some("bench") => bench::run(&args[1..], &workspace_root()),
        Some("-h" | "--help" | "help") | None => {
            print!("usage: cargo xtask codegen [OPTIONS]\n       cargo xtask corpus DIR [--no-doc]\n       cargo xtask patterns DIR [--list]\n       cargo xtask features\n       cargo xtask bench [CRITERION ARGS]\n       cargo xtask bench generator [MODELS DIR]\n       cargo xtask bench build [ROUNDS]\n       cargo xtask bench idl [SHARED DIR]\n       cargo xtask bench instructions\n\n{HELP}");
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
    /// `--protocol-tests SKIP_FILE`: emit the model's protocol tests.
    protocol_tests: Option<PathBuf>,
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
                "--protocol-tests" => {
                    o.protocol_tests = Some(PathBuf::from(value("--protocol-tests")?))
                }
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
    let protocol_tests = match &o.protocol_tests {
        None => None,
        Some(path) => match codegen::cli::read_skip_file(path) {
            Ok(skip) => Some(skip),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let mut code = ExitCode::SUCCESS;
    for (models, out, crate_name) in targets {
        let config = codegen::Config {
            models,
            crate_name,
            protocol_tests: protocol_tests.clone(),
            ..Default::default()
        };
        if codegen_one(o, config, &out) != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
    }
    code
}

fn codegen_one(o: &Options, config: codegen::Config, out: &Path) -> ExitCode {
    let report = codegen::cli::Report {
        check: o.check,
        quiet: o.quiet,
        verbose: o.verbose,
    };
    codegen::cli::generate_crate(&report, config, out)
}
