//! `smithy-rust-codegen`: the generator as an installable command
//! (`cargo install --path cli`). Same flags, output and exit codes as
//! `cargo xtask codegen` in this repository, plus `--module` for module mode.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, ArgAction, Command};

fn command() -> Command {
    Command::new("smithy-rust-codegen")
        .about("Generates a Rust crate (types, builders, validators, serde impls) from a Smithy 2.0 JSON AST model")
        .arg(
            Arg::new("model")
                .long("model")
                .value_name("PATH")
                .action(ArgAction::Append)
                .help("a model file or a folder of *.json files; repeatable (default: model)"),
        )
        .arg(
            Arg::new("out")
                .long("out")
                .value_name("DIR")
                .help("the folder of the generated crate (default: generated)"),
        )
        .arg(
            Arg::new("crate-name")
                .long("crate-name")
                .value_name("NAME")
                .help("the package name (default: the service's sdkId in kebab-case, or `generated`)"),
        )
        .arg(
            Arg::new("module")
                .long("module")
                .value_name("NAME")
                .help("module mode: write DIR/NAME.rs, one file to include as the module `crate::NAME`"),
        )
        .arg(
            Arg::new("check")
                .long("check")
                .action(ArgAction::SetTrue)
                .help("change nothing; list the files that differ and exit 1 when the output is stale"),
        )
        .arg(
            Arg::new("quiet")
                .long("quiet")
                .short('q')
                .action(ArgAction::SetTrue)
                .help("print only errors"),
        )
        .arg(
            Arg::new("verbose")
                .long("verbose")
                .short('v')
                .action(ArgAction::SetTrue)
                .help("also list every file written or removed"),
        )
}

fn main() -> ExitCode {
    let args = command().get_matches();
    let models: Vec<PathBuf> = args
        .get_many::<String>("model")
        .map(|m| m.map(PathBuf::from).collect())
        .unwrap_or_else(|| vec![PathBuf::from("model")]);
    let out = PathBuf::from(
        args.get_one::<String>("out")
            .map_or("generated", String::as_str),
    );
    let crate_name = args.get_one::<String>("crate-name").cloned();
    if let Some(module) = args.get_one::<String>("module") {
        let mut builder = codegen::Builder::new().module(module);
        for m in &models {
            builder = builder.model(m);
        }
        return match builder.generate_into(&out) {
            Ok(_) => {
                if !args.get_flag("quiet") {
                    println!("generated {}", out.join(format!("{module}.rs")).display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let report = codegen::cli::Report {
        check: args.get_flag("check"),
        quiet: args.get_flag("quiet"),
        verbose: args.get_flag("verbose"),
    };
    codegen::cli::generate_crate(
        &report,
        codegen::Config {
            models,
            crate_name,
            ..Default::default()
        },
        &out,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_is_well_formed() {
        super::command().debug_assert();
    }
}
