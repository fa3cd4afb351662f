//! A local IoT Jobs data plane endpoint to test devices against.
//!
//! cargo run -p examples --bin jobs_endpoint -- --port 8080 --seed examples/samples/jobs-seed.json
//!
//! It listens on 127.0.0.1 only and prints `listening on http://127.0.0.1:PORT`
//! first; `--port 0` (the default) takes any free port. `--log` prints one
//! line per request on stderr. Requests are not authenticated: signatures
//! are ignored.

use std::process::ExitCode;
use std::sync::Arc;

use examples::endpoint::{seed, Jobs, Options, Server};

const USAGE: &str = "usage: jobs_endpoint [--port N] [--seed FILE] [--threads N] [--log]";

fn parse_args() -> Result<(Options, Option<String>), String> {
    let mut options = Options::default();
    let mut seed_file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => {
                options.port = value("--port")?
                    .parse()
                    .map_err(|e| format!("--port: {e}"))?
            }
            "--threads" => {
                options.threads = value("--threads")?
                    .parse()
                    .map_err(|e| format!("--threads: {e}"))?
            }
            "--seed" => seed_file = Some(value("--seed")?),
            "--log" => options.log = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok((options, seed_file))
}

fn run() -> Result<(), String> {
    let (options, seed_file) = parse_args()?;
    let jobs = Jobs::default();
    if let Some(path) = &seed_file {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        seed::load(&jobs, &text)?;
    }
    let server = Server::start(Arc::new(jobs), &options).map_err(|e| format!("listen: {e}"))?;
    println!("listening on {}", server.url());
    server.wait().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jobs_endpoint: {e}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}
