//! The seed file: job executions per thing, each in the data plane's own
//! `JobExecution` JSON shape, read and validated by the generated crate.
//!
//! ```json
//! { "things": {
//!     "thermostat-1": [
//!       { "jobId": "fw-2-1", "jobDocument": { "operation": "install" } },
//!       { "jobId": "reboot", "status": "IN_PROGRESS", "versionNumber": 3 }
//!     ],
//!     "idle-sensor": []
//! } }
//! ```
//!
//! `jobDocument` may be a JSON string (as on the wire) or any JSON value,
//! kept as its text. Unset fields take the defaults of [`Jobs::add_execution`].

use iot_jobs_data_plane::json::FromJson;
use iot_jobs_data_plane::types::JobExecution;
use serde_json::Value;

use super::store::Jobs;

/// Adds the seed's things and executions to `jobs`; the error names the
/// entry at fault.
pub fn load(jobs: &Jobs, text: &str) -> Result<(), String> {
    let seed: Value = serde_json::from_str(text).map_err(|e| format!("seed: {e}"))?;
    let things = seed
        .get("things")
        .and_then(Value::as_object)
        .ok_or("seed: expected {\"things\": {\"<thingName>\": [<JobExecution>...]}}")?;
    for (thing, executions) in things {
        let executions = executions
            .as_array()
            .ok_or_else(|| format!("seed: things/{thing} must be a list"))?;
        check_thing_name(thing)?;
        jobs.add_thing(thing);
        for (i, entry) in executions.iter().enumerate() {
            let at = format!("seed: things/{thing}/{i}");
            let execution = parse_execution(entry).map_err(|e| format!("{at}: {e}"))?;
            jobs.add_execution(thing, execution)
                .map_err(|e| format!("{at}: {e}"))?;
        }
    }
    Ok(())
}

fn parse_execution(entry: &Value) -> Result<JobExecution, String> {
    let mut entry = entry.clone();
    let document = entry.get_mut("jobDocument");
    if let Some(document) = document.filter(|d| !d.is_string() && !d.is_null()) {
        *document = Value::String(document.to_string());
    }
    let execution =
        JobExecution::from_json_validated(&entry.to_string()).map_err(|e| e.to_string())?;
    if execution.job_id.is_none() {
        return Err("jobId is missing".into());
    }
    Ok(execution)
}

/// The model's `ThingName` constraints, checked by the generated validators.
fn check_thing_name(thing: &str) -> Result<(), String> {
    let probe = JobExecution::builder().thing_name(thing).build();
    iot_jobs_data_plane::Validate::validate(&probe)
        .map_err(|e| format!("seed: thing name {thing:?}: {e}"))
}
