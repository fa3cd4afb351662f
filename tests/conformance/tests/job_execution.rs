//! The generated `JobExecution` used as a consumer would: build, write, parse,
//! validate, and keep unknown values.

use iot_jobs_data_plane::json;
use iot_jobs_data_plane::types::{JobExecution, JobExecutionStatus};
use iot_jobs_data_plane::validation::ViolationKind;
use iot_jobs_data_plane::Validate;
use serde_json::{json, Value};

const REALISTIC: &str = r#"{"jobId":"job-1","thingName":"MyThing","status":"IN_PROGRESS","statusDetails":{"step":"2 of 3"},"queuedAt":1700000000,"versionNumber":3,"executionNumber":1}"#;

fn messages(value: &impl Validate) -> Vec<String> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e
            .violations()
            .iter()
            .map(|v| v.message().to_string())
            .collect(),
    }
}

#[test]
fn builds_writes_and_reads_back() {
    let job = JobExecution::builder()
        .job_id("job-1")
        .thing_name("MyThing")
        .status(JobExecutionStatus::Queued)
        .status_details(
            [("step".to_string(), "1 of 3".to_string())]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .queued_at(1_700_000_000)
        .started_at(1_700_000_100)
        .job_document("{\"op\":\"reboot\"}")
        .build();
    let text = json::to_string(&job).unwrap();
    let back: JobExecution = json::from_str(&text).unwrap();
    assert_eq!(back, job);
    assert_eq!(job.validate(), Ok(()));
}

#[test]
fn parses_a_realistic_payload() {
    let job: JobExecution = json::from_str(REALISTIC).unwrap();
    assert_eq!(job.job_id.as_deref(), Some("job-1"));
    assert_eq!(job.thing_name.as_deref(), Some("MyThing"));
    assert_eq!(job.status, Some(JobExecutionStatus::InProgress));
    assert_eq!(job.status_details.as_ref().unwrap()["step"], "2 of 3");
    assert_eq!(job.queued_at, 1_700_000_000);
    assert_eq!(job.version_number, 3);
    assert_eq!(job.execution_number, Some(1));
    assert_eq!(
        job.last_updated_at, 0,
        "absent @default(0) member reads as 0"
    );
    assert_eq!(job.started_at, None);
    assert_eq!(job.validate(), Ok(()));
    let again: Value = serde_json::from_str(&json::to_string(&job).unwrap()).unwrap();
    let mut expected: Value = serde_json::from_str(REALISTIC).unwrap();
    expected["lastUpdatedAt"] = json!(0);
    assert_eq!(again, expected, "re-serialized with defaults written");
}

#[test]
fn absent_options_are_not_written_and_defaults_always_are() {
    let text = json::to_string(&JobExecution::builder().build()).unwrap();
    assert_eq!(
        text,
        r#"{"lastUpdatedAt":0,"queuedAt":0,"versionNumber":0}"#
    );
}

#[test]
fn null_reads_as_absent_and_unknown_keys_are_ignored() {
    let job: JobExecution = json::from_str(
        r#"{"jobId":null,"queuedAt":null,"status":null,"future":{"x":[1,2]},"statusDetails":null}"#,
    )
    .unwrap();
    assert_eq!(job, JobExecution::builder().build());
}

#[test]
fn unknown_status_is_kept_and_round_trips() {
    let job: JobExecution = json::from_str(r#"{"status":"PAUSED_FOR_REVIEW"}"#).unwrap();
    let status = job.status.clone().unwrap();
    assert!(!status.is_known());
    assert_eq!(status.as_str(), "PAUSED_FOR_REVIEW");
    assert!(
        matches!(status, JobExecutionStatus::Unknown(ref v) if v.as_str() == "PAUSED_FOR_REVIEW")
    );
    assert_eq!(
        json::to_string(&job).unwrap(),
        r#"{"lastUpdatedAt":0,"queuedAt":0,"status":"PAUSED_FOR_REVIEW","versionNumber":0}"#
    );
    let violations = job.validate().unwrap_err();
    assert_eq!(violations.violations()[0].kind(), ViolationKind::Enum);
    assert_eq!(
        violations.violations()[0].message(),
        "Value at '/status' failed to satisfy constraint: Member must satisfy enum value set: [CANCELED, FAILED, IN_PROGRESS, QUEUED, REJECTED, REMOVED, SUCCEEDED, TIMED_OUT]"
    );
}

#[test]
fn enum_values_convert_both_ways() {
    assert_eq!(JobExecutionStatus::VALUES.len(), 8);
    for value in JobExecutionStatus::VALUES {
        let status = JobExecutionStatus::from(*value);
        assert!(status.is_known(), "{value}");
        assert_eq!(status.as_str(), *value);
        assert_eq!(value.parse::<JobExecutionStatus>().unwrap(), status);
    }
    assert_eq!(
        JobExecutionStatus::from("SUCCEEDED"),
        JobExecutionStatus::Succeeded
    );
    assert!(
        !JobExecutionStatus::from("SUCCESS").is_known(),
        "the page's typo is not a value"
    );
}

#[test]
fn parsing_is_strict_about_json_types_and_names_the_member() {
    for (payload, pointer) in [
        (r#"{"queuedAt":"1700000000"}"#, "/queuedAt"),
        (r#"{"versionNumber":1.5}"#, "/versionNumber"),
        (
            r#"{"executionNumber":9223372036854775808}"#,
            "/executionNumber",
        ),
        (r#"{"statusDetails":{"k":5}}"#, "/statusDetails/k"),
        (r#"{"statusDetails":{"k":null}}"#, "/statusDetails/k"),
        (r#"{"jobId":7}"#, "/jobId"),
    ] {
        let err = json::from_str::<JobExecution>(payload).unwrap_err();
        assert_eq!(err.pointer(), pointer, "{payload}: {err}");
        assert!(err.to_string().contains(pointer), "{err}");
        assert!(err.line() >= 1 && err.column() >= 1, "{err}");
    }
    assert!(
        json::from_str::<JobExecution>(r#"{"jobId":"a","jobId":"b"}"#).is_err(),
        "duplicate keys are refused"
    );
    assert!(json::from_str::<JobExecution>("[]").is_err());
    assert!(
        json::from_str::<JobExecution>("{} x").is_err(),
        "trailing characters"
    );
}

#[test]
fn parsing_is_lenient_about_constraints() {
    let long_id = "a".repeat(65);
    let job: JobExecution = json::from_str(&format!(r#"{{"jobId":"{long_id}"}}"#)).unwrap();
    assert_eq!(
        messages(&job),
        ["Value with length 65 at '/jobId' failed to satisfy constraint: Member must have length between 1 and 64, inclusive"]
    );
    let err = json::from_str_validated::<JobExecution>(&format!(r#"{{"jobId":"{long_id}"}}"#))
        .unwrap_err();
    assert!(matches!(err, json::ParseError::Invalid(_)), "{err}");
    let err = json::from_str_validated::<JobExecution>(r#"{"jobId":"#).unwrap_err();
    assert!(matches!(err, json::ParseError::Json(_)), "{err}");
}

fn with(field: &str, value: Value) -> JobExecution {
    json::from_str(&json!({ field: value }).to_string()).unwrap()
}

#[test]
fn string_lengths_accept_bounds_and_reject_past_them() {
    for (field, min, max) in [("jobId", 1usize, 64usize), ("thingName", 1, 128)] {
        assert_eq!(
            messages(&with(field, json!("a".repeat(min)))),
            Vec::<String>::new()
        );
        assert_eq!(
            messages(&with(field, json!("a".repeat(max)))),
            Vec::<String>::new()
        );
        assert_eq!(
            messages(&with(field, json!("a".repeat(max + 1)))),
            [format!("Value with length {} at '/{field}' failed to satisfy constraint: Member must have length between {min} and {max}, inclusive", max + 1)]
        );
        let empty = messages(&with(field, json!("")));
        assert_eq!(empty.len(), 2, "{empty:?}");
        assert_eq!(
            empty[0],
            format!("Value with length 0 at '/{field}' failed to satisfy constraint: Member must have length between {min} and {max}, inclusive")
        );
    }
    assert!(messages(&with("jobDocument", json!(""))).is_empty());
    assert!(messages(&with("jobDocument", json!("d".repeat(32768)))).is_empty());
    assert_eq!(
        messages(&with("jobDocument", json!("d".repeat(32769)))),
        ["Value with length 32769 at '/jobDocument' failed to satisfy constraint: Member must have length between 0 and 32768, inclusive"]
    );
}

#[test]
fn lengths_count_unicode_scalar_values() {
    // 64 thumbs-up emoji are 256 bytes and 128 UTF-16 units, but 64 characters.
    let job = with("jobDocument", json!("👍".repeat(32768)));
    assert!(messages(&job).is_empty());
    let job = with("jobDocument", json!("👍".repeat(32769)));
    assert_eq!(messages(&job).len(), 1);
    assert!(messages(&job)[0].starts_with("Value with length 32769 "));
}

#[test]
fn patterns_are_anchored_as_the_model_writes_them() {
    assert!(messages(&with("jobId", json!("job_1-A")).clone()).is_empty());
    for bad in ["abc!", "!abc", "a b", "a:b"] {
        assert_eq!(
            messages(&with("jobId", json!(bad))),
            ["Value at '/jobId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_-]+$"],
            "{bad}"
        );
    }
    assert!(messages(&with("thingName", json!("thing:1_a-b"))).is_empty());
    assert_eq!(
        messages(&with("thingName", json!("thing/1"))),
        ["Value at '/thingName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:_-]+$"]
    );
}

#[test]
fn status_details_check_keys_at_the_map_and_values_at_the_entry() {
    assert!(messages(&with("statusDetails", json!({"step:1": "2 of 3 ✓"}))).is_empty());
    assert!(messages(&with("statusDetails", json!({"k".repeat(128): "v"}))).is_empty());
    assert_eq!(
        messages(&with("statusDetails", json!({"k".repeat(129): "v"}))),
        ["Value with length 129 at '/statusDetails' failed to satisfy constraint: Member must have length between 1 and 128, inclusive"]
    );
    assert_eq!(
        messages(&with("statusDetails", json!({"bad key": "v"}))),
        ["Value at '/statusDetails' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:_-]+$"]
    );
    assert_eq!(
        messages(&with("statusDetails", json!({"step": ""}))),
        [
            "Value with length 0 at '/statusDetails/step' failed to satisfy constraint: Member must have length greater than or equal to 1",
            "Value at '/statusDetails/step' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[^\\p{C}]+$",
        ]
    );
    assert_eq!(
        messages(&with("statusDetails", json!({"a/b": "tab\there"}))),
        [
            "Value at '/statusDetails' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:_-]+$",
            "Value at '/statusDetails/a~1b' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[^\\p{C}]+$",
        ]
    );
}

#[test]
fn every_violation_is_reported_and_displayed() {
    let job: JobExecution =
        json::from_str(r#"{"jobId":"","thingName":"x y","status":"NOPE"}"#).unwrap();
    let err = job.validate().unwrap_err();
    assert_eq!(err.violations().len(), 4);
    let paths: Vec<&str> = err.violations().iter().map(|v| v.path()).collect();
    assert_eq!(paths, ["/jobId", "/jobId", "/status", "/thingName"]);
    let text = err.to_string();
    assert!(
        text.starts_with("4 validation errors detected. Value with length 0 at '/jobId'"),
        "{text}"
    );
    assert_eq!(text.matches("; ").count(), 3, "{text}");
    let body: serde_json::Value = serde_json::from_str(&json::to_string(&err).unwrap()).unwrap();
    assert_eq!(body["message"], text);
    assert_eq!(
        body["fieldList"][2],
        json!({"path": "/status", "message": err.violations()[2].message()})
    );
    let one: JobExecution = json::from_str(r#"{"jobId":""}"#).unwrap();
    let mut one = one;
    one.job_id = Some("ok".into());
    one.thing_name = Some(String::new());
    let text = one.validate().unwrap_err().to_string();
    assert!(text.starts_with("2 validation errors detected. "), "{text}");
}

#[test]
fn messages_never_contain_the_value() {
    let secret = "s3cr3t value!";
    let job = with("thingName", json!(secret));
    let err = job.validate().unwrap_err().to_string();
    assert!(!err.contains(secret), "{err}");
}
