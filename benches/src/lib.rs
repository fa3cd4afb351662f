//! Baselines for the benchmarks in `benches/`; run them with `cargo xtask bench`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Ten statusDetails entries and a 2 KB jobDocument.
pub fn payload() -> String {
    let details: Vec<String> = (0..10)
        .map(|i| format!("\"step{i}\":\"{i} of 10 done\""))
        .collect();
    let document = format!(
        "{{\\\"operation\\\":\\\"install\\\",\\\"blob\\\":\\\"{}\\\"}}",
        "x".repeat(2000)
    );
    format!(
        r#"{{"jobId":"job-2026-11-27_fw","thingName":"sensor:floor-3:unit_17","status":"IN_PROGRESS","statusDetails":{{{}}},"queuedAt":1700000000,"startedAt":1700000100,"lastUpdatedAt":1700000200,"approximateSecondsBeforeTimedOut":300,"versionNumber":3,"executionNumber":1,"jobDocument":"{document}"}}"#,
        details.join(",")
    )
}

pub fn list_payload(n: usize) -> String {
    let one = payload();
    format!("[{}]", vec![one; n].join(","))
}

/// What a careful engineer would write by hand with serde's derive.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HandJob {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_seconds_before_timed_out: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_number: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    #[serde(default)]
    pub last_updated_at: i64,
    #[serde(default)]
    pub queued_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_details: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thing_name: Option<String>,
    #[serde(default)]
    pub version_number: i64,
}

static JOB_ID: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new("^[a-zA-Z0-9_-]+$").unwrap());
static NAME: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new("^[a-zA-Z0-9:_-]+$").unwrap());
static VALUE: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new("^[^\\p{C}]+$").unwrap());
const STATUSES: &[&str] = &[
    "QUEUED",
    "IN_PROGRESS",
    "SUCCEEDED",
    "FAILED",
    "TIMED_OUT",
    "REJECTED",
    "REMOVED",
    "CANCELED",
];

fn len_ok(s: &str, min: usize, max: usize) -> bool {
    let n = s.chars().count();
    n >= min && n <= max
}

/// The same checks as the generated `validate()`, written by hand; returns
/// the number of violations.
pub fn hand_validate(job: &HandJob) -> usize {
    let mut bad = 0;
    if let Some(id) = &job.job_id {
        bad += usize::from(!len_ok(id, 1, 64)) + usize::from(!JOB_ID.is_match(id));
    }
    if let Some(name) = &job.thing_name {
        bad += usize::from(!len_ok(name, 1, 128)) + usize::from(!NAME.is_match(name));
    }
    if let Some(doc) = &job.job_document {
        bad += usize::from(!len_ok(doc, 0, 32768));
    }
    if let Some(status) = &job.status {
        bad += usize::from(!STATUSES.contains(&status.as_str()));
    }
    if let Some(details) = &job.status_details {
        for (k, v) in details {
            bad += usize::from(!len_ok(k, 1, 128)) + usize::from(!NAME.is_match(k));
            bad += usize::from(!len_ok(v, 1, usize::MAX)) + usize::from(!VALUE.is_match(v));
        }
    }
    bad
}
