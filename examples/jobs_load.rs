//! A bounded load test of the local IoT Jobs endpoint, in-process on
//! 127.0.0.1: UpdateJobExecution with expectedVersion from many clients
//! (retrying on version conflicts), known errors and malformed requests.
//! It checks every answer and that no update was lost, then prints
//! throughput and latency percentiles.
//!
//! cargo run --release -p examples --example jobs_load -- --requests 10000 --clients 8

use std::process::ExitCode;

use examples::load::{self, Config};

const USAGE: &str =
    "usage: jobs_load [--requests N] [--clients N] [--executions N] [--server-threads N]";

fn parse_args() -> Result<Config, String> {
    let mut config = Config::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value: usize = args
            .next()
            .ok_or(format!("{arg} needs a value"))?
            .parse()
            .map_err(|e| format!("{arg}: {e}"))?;
        match arg.as_str() {
            "--requests" => config.requests = value,
            "--clients" => config.clients = value.max(1),
            "--executions" => config.executions = value.max(1),
            "--server-threads" => config.server_threads = value.max(1),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(config)
}

fn main() -> ExitCode {
    let config = match parse_args() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("jobs_load: {e}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match load::run(&config) {
        Ok(report) => {
            report.print();
            if report.failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("jobs_load: {e}");
            ExitCode::FAILURE
        }
    }
}
