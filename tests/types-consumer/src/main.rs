//! Reads a JobExecution payload (a file argument, or stdin), validates it and
//! writes it back as JSON; exits 1 with the reasons when it is refused.

use std::io::Read;
use std::process::ExitCode;

use iot_jobs_data_plane::types::JobExecution;
use iot_jobs_data_plane::{json, Validate};

fn main() -> ExitCode {
    let mut input = String::new();
    let read = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path).map(|s| input = s),
        None => std::io::stdin().read_to_string(&mut input).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("cannot read the payload: {e}");
        return ExitCode::FAILURE;
    }
    let job: JobExecution = match json::from_str(&input) {
        Ok(job) => job,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = job.validate() {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    println!("{}", json::to_string(&job).expect("a parsed value writes back"));
    ExitCode::SUCCESS
}
