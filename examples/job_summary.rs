//! Reads an IoT Jobs payload (an HTTPS `JobExecution`, an MQTT
//! `JobExecutionData`, or either wrapped in `{"execution": ...}`) from a file
//! or stdin, validates it and prints a summary, or the reasons it is refused.
//!
//! ```sh
//! cargo run -p examples --example job_summary -- examples/samples/mqtt-notify.json
//! echo '{"jobId":"j1","status":"QUEUED"}' | cargo run -p examples --example job_summary
//! ```

use std::io::Read;
use std::process::ExitCode;

use iot_jobs_data_plane::json::{FromJson, ParseError};
use iot_jobs_data_plane::primitives::DateTime;
use iot_jobs_data_plane::types::{JobExecution, JobExecutionData};

struct Summary {
    kind: &'static str,
    job_id: Option<String>,
    thing: Option<String>,
    status: Option<String>,
    queued_at: Option<DateTime>,
    details: usize,
    document: String,
}

fn main() -> ExitCode {
    let mut text = String::new();
    let read = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(&path).map(|t| text = t),
        None => std::io::stdin().read_to_string(&mut text).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("cannot read the payload: {e}");
        return ExitCode::from(2);
    }
    match summarize(&text) {
        Ok(s) => {
            println!("{} job execution", s.kind);
            println!("  job:       {}", s.job_id.as_deref().unwrap_or("-"));
            println!("  thing:     {}", s.thing.as_deref().unwrap_or("-"));
            println!("  status:    {}", s.status.as_deref().unwrap_or("-"));
            println!(
                "  queued at: {}",
                s.queued_at.map_or("-".to_string(), |t| t.to_rfc3339())
            );
            println!("  details:   {} entries", s.details);
            println!("  document:  {}", s.document);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("refused: {e}");
            ExitCode::FAILURE
        }
    }
}

/// HTTPS first (jobDocument a string); MQTT when the HTTPS form does not fit.
fn summarize(text: &str) -> Result<Summary, ParseError> {
    let execution = unwrap_execution(text);
    match JobExecution::from_json_validated(&execution) {
        Ok(job) => Ok(Summary {
            kind: "HTTPS",
            job_id: job.job_id,
            thing: job.thing_name,
            status: job.status.map(|s| s.as_str().to_string()),
            queued_at: Some(DateTime::from_secs(job.queued_at)),
            details: job.status_details.map_or(0, |d| d.len()),
            document: job.job_document.map_or("-".into(), |d| {
                format!("{} characters of text", d.chars().count())
            }),
        }),
        Err(ParseError::Json(https)) => match JobExecutionData::from_json_validated(&execution) {
            Ok(job) => Ok(Summary {
                kind: "MQTT",
                job_id: job.job_id,
                thing: job.thing_name,
                status: job.status.map(|s| s.as_str().to_string()),
                queued_at: job.queued_at,
                details: job.status_details.map_or(0, |d| d.len()),
                document: job.job_document.map_or("-".into(), |d| d.to_string()),
            }),
            // Neither fits: the HTTPS error says what is wrong with the JSON.
            Err(ParseError::Json(_)) => Err(ParseError::Json(https)),
            Err(invalid) => Err(invalid),
        },
        Err(invalid) => Err(invalid),
    }
}

/// The `execution` member of a response or event, or the text itself.
fn unwrap_execution(text: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(mut o))
            if o.get("execution").is_some_and(|e| e.is_object()) =>
        {
            o.remove("execution")
                .map_or_else(|| text.to_string(), |e| e.to_string())
        }
        _ => text.to_string(),
    }
}
