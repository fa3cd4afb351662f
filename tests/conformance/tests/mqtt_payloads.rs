//! The AWS IoT Jobs MQTT messages (`model/iot-jobs-mqtt.json`): the public
//! JobExecution payloads in `../shared/payloads/` (test data kept outside the
//! repository) read as `JobExecutionData`, whose `jobDocument` is a JSON value
//! and whose times are timestamps in epoch seconds, and whole messages read as
//! the event and response types. The payload tests are skipped when the folder
//! is absent (a fresh clone without `../shared`); the message tests always run.

use std::path::{Path, PathBuf};

use iot_jobs_data_plane::document::Document;
use iot_jobs_data_plane::json;
use iot_jobs_data_plane::primitives::DateTime;
use iot_jobs_data_plane::types::{
    JobExecutionData, JobExecutionStatus, JobExecutionsChangedEvent,
    MqttGetPendingJobExecutionsResponse, MqttUpdateJobExecutionRequest,
    MqttUpdateJobExecutionResponse, NextJobExecutionChangedEvent, RejectedError, RejectedErrorCode,
    StartNextJobExecutionResponse,
};
use iot_jobs_data_plane::Validate;
use serde_json::{json, Value};

/// Payloads that read as a `JobExecutionData`: valid JSON whose times are
/// numbers. 01 (millisecond values, string jobDocument), 06 and 07 (fractional
/// seconds, as the AWS CLI prints them) and 13-16, 18 (string or no
/// jobDocument) are included: a timestamp in epoch seconds takes any JSON
/// number, and a document takes any JSON value.
const PARSED: [&str; 16] = [
    "01", "02", "03", "04", "06", "07", "09", "10", "11", "13", "14", "15", "16", "17", "18", "19",
];

/// Refused: 05 is not JSON (placeholders `number` and `< contents of job
/// document >`); 12 has its times as `{}` (a Java object re-serialized).
const REFUSED: [&str; 2] = ["05", "12"];

/// 08 is the control-plane (`iot`) JobExecution, another shape: it reads (its
/// `thingArn` is an unknown member and is dropped), but is no MQTT payload.
const OTHER_SHAPE: &str = "08";

fn payloads_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/payloads");
    dir.is_dir().then_some(dir)
}

/// The payload files (`NN-name.json`, not `.expected.json`), sorted.
fn payload_files(dir: &Path) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.to_string_lossy().ends_with(".expected.json")
        })
        .collect();
    names.sort();
    names
}

fn number_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy()[..2].to_string()
}

/// The text of payload `NN`.
fn payload(dir: &Path, number: &str) -> String {
    let path = payload_files(dir)
        .into_iter()
        .find(|p| number_of(p) == number)
        .unwrap_or_else(|| panic!("no payload {number}"));
    std::fs::read_to_string(path).unwrap()
}

fn execution(dir: &Path, number: &str) -> JobExecutionData {
    json::from_str(&payload(dir, number))
        .unwrap_or_else(|e| panic!("payload {number} was refused: {e}"))
}

/// The instant a JSON number of epoch seconds (`1567701875.743`) stands for,
/// read from its decimal text.
fn epoch(text: &str) -> DateTime {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let nanos = format!("{fraction:0<9}").parse().unwrap();
    DateTime::from_parts(whole.parse().unwrap(), nanos).unwrap()
}

fn secs(t: Option<DateTime>) -> Option<i64> {
    t.map(|t| t.secs())
}

#[test]
fn reads_every_numeric_payload_and_refuses_the_others() {
    let Some(dir) = payloads_dir() else {
        eprintln!("../shared/payloads is absent; skipped");
        return;
    };
    let files = payload_files(&dir);
    assert!(
        files.len() >= 19,
        "expected the 19 published payloads, found {}",
        files.len()
    );
    let (mut parsed, mut refused) = (0, 0);
    for path in files {
        let number = number_of(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let ours = json::from_str::<JobExecutionData>(&text);
        if REFUSED.contains(&number.as_str()) {
            assert!(ours.is_err(), "{number}: read {ours:?}");
            refused += 1;
            continue;
        }
        assert!(
            PARSED.contains(&number.as_str()) || number == OTHER_SHAPE,
            "{number}: a payload this test does not know"
        );
        let execution = ours.unwrap_or_else(|e| panic!("{number}: refused: {e}"));
        // The members read are the payload's own values.
        let raw: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            execution.job_document.as_ref(),
            raw.get("jobDocument").cloned().map(Document::from).as_ref(),
            "{number}"
        );
        assert_eq!(
            execution.job_id.as_deref(),
            raw["jobId"].as_str(),
            "{number}"
        );
        assert_eq!(
            execution.status.as_ref().map(|s| s.as_str()),
            raw["status"].as_str(),
            "{number}"
        );
        assert_eq!(
            execution.version_number,
            raw["versionNumber"].as_i64(),
            "{number}"
        );
        assert_eq!(
            execution.execution_number,
            raw["executionNumber"].as_i64(),
            "{number}"
        );
        for (member, value) in [
            ("queuedAt", execution.queued_at),
            ("startedAt", execution.started_at),
            ("lastUpdatedAt", execution.last_updated_at),
        ] {
            let expected = raw.get(member).map(|n| epoch(&n.to_string()));
            assert_eq!(value, expected, "{number} {member}");
        }
        // Written and read back unchanged.
        let text = json::to_string(&execution).unwrap();
        let again: JobExecutionData = json::from_str(&text).unwrap();
        assert_eq!(again, execution, "{number}: {text}");
        parsed += 1;
    }
    assert_eq!((parsed, refused), (PARSED.len() + 1, REFUSED.len()));
}

#[test]
fn reads_the_values_of_the_mqtt_payloads() {
    let Some(dir) = payloads_dir() else {
        eprintln!("../shared/payloads is absent; skipped");
        return;
    };
    // 02: the notify-next example of the Jobs documentation.
    let e = execution(&dir, "02");
    assert_eq!(e.job_id.as_deref(), Some("other-job"));
    assert_eq!(e.status, Some(JobExecutionStatus::InProgress));
    assert_eq!(e.job_document, Some(json!({"c": "d"}).into()));
    assert_eq!(e.queued_at, Some(DateTime::from_secs(10009)));
    assert_eq!(e.version_number, Some(1));
    assert_eq!(e.execution_number, Some(1));

    // 03 and 04: notify-next as job1 is queued and job3 starts.
    let e = execution(&dir, "03");
    assert_eq!(e.job_id.as_deref(), Some("job1"));
    assert_eq!(e.status, Some(JobExecutionStatus::Queued));
    assert_eq!(e.job_document, Some(json!({"operation": "test"}).into()));
    assert_eq!(secs(e.queued_at), Some(1_517_016_947));
    assert_eq!(e.started_at, None);
    let e = execution(&dir, "04");
    assert_eq!(e.job_id.as_deref(), Some("job3"));
    assert_eq!(e.status, Some(JobExecutionStatus::InProgress));
    assert_eq!(secs(e.queued_at), Some(1_517_017_905));
    assert_eq!(secs(e.started_at), Some(1_517_186_779));
    assert_eq!(secs(e.last_updated_at), Some(1_517_186_779));
    assert_eq!(e.version_number, Some(2));

    // 09 and 10: captured by the aws-iot-device-sdk-cpp-v2 jobs sandbox.
    let e = execution(&dir, "09");
    assert_eq!(e.job_id.as_deref(), Some("TestJob"));
    assert_eq!(e.status, Some(JobExecutionStatus::Queued));
    assert_eq!(e.job_document, Some(json!({"Todo": "Reboot"}).into()));
    assert_eq!(e.queued_at, Some(DateTime::from_secs(1_730_747_114)));
    let e = execution(&dir, "10");
    assert_eq!(e.job_id.as_deref(), Some("QuestionableJob"));
    assert_eq!(e.job_document.as_ref().unwrap()["Todo"], "Delete Root User");
    assert_eq!(secs(e.queued_at), Some(1_730_747_777));
    assert_eq!(secs(e.started_at), Some(1_730_748_903));

    // 11: captured by the aws-iot-device-sdk-js-v2 sample (other key order).
    let e = execution(&dir, "11");
    assert_eq!(e.job_id.as_deref(), Some("Job1"));
    assert_eq!(e.status, Some(JobExecutionStatus::InProgress));
    assert_eq!(e.job_document, Some(json!({"ToDo": "Reboot"}).into()));
    assert_eq!(secs(e.queued_at), Some(1_719_940_994));

    // 17: an OTA job with statusDetails and a nested job document.
    let e = execution(&dir, "17");
    assert_eq!(e.job_id.as_deref(), Some("AFR_OTA-testjob20"));
    let details = e.status_details.as_ref().unwrap();
    assert_eq!(details["self_test"], "ready");
    assert_eq!(details["updatedBy"], "0x1000000");
    let file = &e.job_document.as_ref().unwrap()["afr_ota"]["files"][0];
    assert_eq!(file["filesize"], Document::from(10240));
    assert_eq!(file["filepath"], "/test/demo");
    assert_eq!(secs(e.queued_at), Some(1_602_795_128));
    assert_eq!(e.validate(), Ok(()));

    // 19: rustot's describe-accepted test, a nested job document.
    let e = execution(&dir, "19");
    assert_eq!(e.job_id.as_deref(), Some("test"));
    assert_eq!(e.status, Some(JobExecutionStatus::Queued));
    assert_eq!(
        e.job_document.as_ref().unwrap()["test_job"]["somerandomkey"],
        "random_value"
    );
    assert_eq!(secs(e.queued_at), Some(1_587_036_256));
}

#[test]
fn reads_the_payloads_with_string_fractional_or_no_values() {
    let Some(dir) = payloads_dir() else {
        eprintln!("../shared/payloads is absent; skipped");
        return;
    };
    // 01: the jobDocument is a placeholder string, and the times are
    // milliseconds though the documentation says seconds: read as seconds.
    let e = execution(&dir, "01");
    assert_eq!(
        e.job_document,
        Some(json!("< contents of job document >").into())
    );
    assert_eq!(secs(e.queued_at), Some(1_489_096_123_309));
    assert_eq!(e.execution_number, Some(1_234_567_890));

    // 06 and 07: the AWS CLI prints fractional seconds; they are kept exactly.
    let e = execution(&dir, "06");
    let queued = e.queued_at.unwrap();
    assert_eq!(
        (queued.secs(), queued.subsec_nanos()),
        (1_567_701_902, 444_000_000)
    );
    assert_eq!(e.approximate_seconds_before_timed_out, Some(88));
    assert_eq!(e.execution_number, Some(2_939_653_338));
    // The trailing space of thingName reads, and validation reports it.
    assert_eq!(e.thing_name.as_deref(), Some("MotionSensor1 "));
    assert!(e.validate().is_err());
    let e = execution(&dir, "07");
    let started = e.started_at.unwrap();
    assert_eq!(
        (started.secs(), started.subsec_nanos()),
        (1_567_714_871, 690_000_000)
    );
    assert_eq!(e.status, Some(JobExecutionStatus::InProgress));

    // 13-16, 18: embedded SDK tests, with a string or no jobDocument.
    let e = execution(&dir, "13");
    assert_eq!(e.job_id.as_deref(), Some("identification"));
    assert_eq!(e.job_document, Some(json!("document").into()));
    let e = execution(&dir, "14");
    assert_eq!(
        (e.job_id, e.job_document),
        (None, Some(json!("document").into()))
    );
    let e = execution(&dir, "15");
    assert_eq!(
        (e.job_id.as_deref(), e.job_document),
        (Some("identification"), None)
    );
    let e = execution(&dir, "16");
    assert_eq!(e.job_id.as_deref(), Some("J1"));
    assert_eq!(secs(e.queued_at), Some(50));
    assert_eq!((e.last_updated_at, e.execution_number), (None, None));
    assert_eq!(e.version_number, Some(20));
    let e = execution(&dir, "18");
    assert_eq!(e.status, Some(JobExecutionStatus::Queued));
    assert_eq!(e.job_document, None);

    // 08: the control-plane shape; thingArn is not a member and is dropped.
    let e = execution(&dir, OTHER_SHAPE);
    assert_eq!(e.job_id.as_deref(), Some("example-job-01"));
    assert_eq!(e.status_details.as_ref().map(|d| d.len()), Some(0));
    assert_eq!(e.thing_name, None);
}

#[test]
fn refuses_timestamps_as_objects_and_invalid_json() {
    let Some(dir) = payloads_dir() else {
        eprintln!("../shared/payloads is absent; skipped");
        return;
    };
    // 12: the times are `{}`; the first one named is the failure.
    let text = payload(&dir, "12");
    let err = json::from_str::<JobExecutionData>(&text).unwrap_err();
    assert_eq!(err.pointer(), "/queuedAt", "{err}");
    // Only the times are in the way: as numbers, the rest reads.
    let fixed = text.replace("{}", "1700000000");
    let e: JobExecutionData = json::from_str(&fixed).unwrap();
    assert_eq!(e.job_document, Some(json!({"Todo": "Reboot"}).into()));
    assert_eq!(e.status, Some(JobExecutionStatus::InProgress));

    // 05: not JSON at all.
    let text = payload(&dir, "05");
    assert!(serde_json::from_str::<Value>(&text).is_err());
    let err = json::from_str::<JobExecutionData>(&text).unwrap_err();
    assert!(err.line() > 0, "{err}");
}

/// The notify-next message of the Jobs documentation when job1 is created
/// (developerguide/jobs-comm-notifications.md).
const NOTIFY_NEXT: &str = r#"{
  "timestamp": 1517016948,
  "execution": {
    "jobId": "job1",
    "status": "QUEUED",
    "queuedAt": 1517016947,
    "lastUpdatedAt": 1517016947,
    "versionNumber": 1,
    "executionNumber": 1,
    "jobDocument": {
      "operation": "test"
    }
  }
}"#;

#[test]
fn reads_a_notify_next_event() {
    let event: NextJobExecutionChangedEvent = json::from_str(NOTIFY_NEXT).unwrap();
    assert_eq!(event.timestamp, Some(DateTime::from_secs(1_517_016_948)));
    let execution = event.execution.as_ref().unwrap();
    assert_eq!(execution.job_id.as_deref(), Some("job1"));
    assert_eq!(execution.status, Some(JobExecutionStatus::Queued));
    assert_eq!(
        execution.job_document,
        Some(json!({"operation": "test"}).into())
    );
    assert_eq!(
        execution.queued_at,
        Some(DateTime::from_secs(1_517_016_947))
    );
    assert_eq!(execution.version_number, Some(1));
    assert_eq!(event.validate(), Ok(()));
    let written: Value = serde_json::from_str(&json::to_string(&event).unwrap()).unwrap();
    assert_eq!(written, serde_json::from_str::<Value>(NOTIFY_NEXT).unwrap());

    // When the queue is empty, the event has no execution.
    let empty: NextJobExecutionChangedEvent =
        json::from_str(r#"{"timestamp": 1517189551}"#).unwrap();
    assert_eq!(empty.execution, None);
    assert_eq!(empty.timestamp.map(|t| t.secs()), Some(1_517_189_551));
}

#[test]
fn reads_a_jobs_changed_event() {
    // developerguide/jobs-comm-notifications.md, when job3 is added.
    let text = r#"{
      "timestamp": 1517017906,
      "jobs": {
        "IN_PROGRESS": [
          {"jobId": "job1", "queuedAt": 1517016947, "lastUpdatedAt": 1517017472,
           "startedAt": 1517017472, "executionNumber": 1, "versionNumber": 2}
        ],
        "QUEUED": [
          {"jobId": "job2", "queuedAt": 1517017191, "lastUpdatedAt": 1517017191,
           "executionNumber": 1, "versionNumber": 1},
          {"jobId": "job3", "queuedAt": 1517017905, "lastUpdatedAt": 1517017905,
           "executionNumber": 1, "versionNumber": 1}
        ]
      }
    }"#;
    let event: JobExecutionsChangedEvent = json::from_str(text).unwrap();
    assert_eq!(event.timestamp, Some(DateTime::from_secs(1_517_017_906)));
    let jobs = event.jobs.as_ref().unwrap();
    assert_eq!(jobs.len(), 2);
    let in_progress = &jobs[JobExecutionStatus::InProgress.as_str()];
    assert_eq!(in_progress[0].job_id.as_deref(), Some("job1"));
    assert_eq!(
        in_progress[0].started_at,
        Some(DateTime::from_secs(1_517_017_472))
    );
    let queued = &jobs["QUEUED"];
    assert_eq!(queued.len(), 2);
    assert_eq!(queued[1].job_id.as_deref(), Some("job3"));
    assert_eq!(
        queued[1].queued_at,
        Some(DateTime::from_secs(1_517_017_905))
    );

    // Nothing pending any more.
    let empty: JobExecutionsChangedEvent =
        json::from_str(r#"{"timestamp": 1517189551, "jobs": {}}"#).unwrap();
    assert_eq!(empty.jobs.map(|j| j.len()), Some(0));
}

#[test]
fn reads_a_rejected_error() {
    let text = r#"{"code":"InvalidTopic","message":"Topic $aws/things/MyThing/jobs/nope does not map to any Jobs API","clientToken":"client-001","timestamp":1489096425}"#;
    let error: RejectedError = json::from_str(text).unwrap();
    assert_eq!(error.code, Some(RejectedErrorCode::InvalidTopic));
    assert_eq!(
        error.code.as_ref().map(|c| c.as_str()),
        Some("InvalidTopic")
    );
    assert_eq!(
        error.message.as_deref(),
        Some("Topic $aws/things/MyThing/jobs/nope does not map to any Jobs API")
    );
    assert_eq!(error.client_token.as_deref(), Some("client-001"));
    assert_eq!(error.timestamp, Some(DateTime::from_secs(1_489_096_425)));
    assert_eq!(error.execution_state, None);

    // VersionMismatch carries the current state of the execution.
    let text = r#"{"code":"VersionMismatch","message":"expected version 1","timestamp":1517186779,
        "executionState":{"status":"IN_PROGRESS","statusDetails":{"step":"2"},"versionNumber":2}}"#;
    let error: RejectedError = json::from_str(text).unwrap();
    assert_eq!(error.code, Some(RejectedErrorCode::VersionMismatch));
    let state = error.execution_state.as_ref().unwrap();
    assert_eq!(state.status, Some(JobExecutionStatus::InProgress));
    assert_eq!(state.status_details.as_ref().unwrap()["step"], "2");
    assert_eq!(state.version_number, Some(2));

    // A code this version does not know is kept.
    let error: RejectedError = json::from_str(r#"{"code":"SomethingNew"}"#).unwrap();
    let code = error.code.unwrap();
    assert!(matches!(code, RejectedErrorCode::Unknown(_)));
    assert_eq!(code.as_str(), "SomethingNew");
    assert_eq!(
        RejectedErrorCode::from("TerminalStateReached"),
        RejectedErrorCode::TerminalStateReached
    );
}

#[test]
fn reads_the_accepted_responses() {
    // start-next/accepted: the execution of payload 10 with its envelope.
    let text = r#"{"clientToken":"a167c623","timestamp":1730748903,"execution":{"jobId":"QuestionableJob","jobDocument":{"Todo":"Delete Root User"},"status":"IN_PROGRESS","queuedAt":1730747777,"startedAt":1730748903,"lastUpdatedAt":1730748903,"versionNumber":2,"executionNumber":1}}"#;
    let response: StartNextJobExecutionResponse = json::from_str(text).unwrap();
    assert_eq!(response.client_token.as_deref(), Some("a167c623"));
    let execution = response.execution.unwrap();
    assert_eq!(execution.job_id.as_deref(), Some("QuestionableJob"));
    assert_eq!(
        execution.started_at,
        Some(DateTime::from_secs(1_730_748_903))
    );
    // No job execution pending: no execution member.
    let none: StartNextJobExecutionResponse =
        json::from_str(r#"{"clientToken":"c","timestamp":1730748903}"#).unwrap();
    assert_eq!(none.execution, None);

    // get/accepted (GetPendingJobExecutions).
    let text = r#"{"inProgressJobs":[{"jobId":"job1","queuedAt":1517016947,"startedAt":1517017472,"lastUpdatedAt":1517017472,"versionNumber":2,"executionNumber":1}],"queuedJobs":[],"timestamp":1517017906,"clientToken":"client-001"}"#;
    let response: MqttGetPendingJobExecutionsResponse = json::from_str(text).unwrap();
    let in_progress = response.in_progress_jobs.unwrap();
    assert_eq!(in_progress[0].job_id.as_deref(), Some("job1"));
    assert_eq!(in_progress[0].version_number, Some(2));
    assert_eq!(response.queued_jobs.map(|q| q.len()), Some(0));

    // update/accepted with the state and the job document asked for.
    let text = r#"{"executionState":{"status":"SUCCEEDED","versionNumber":3},"jobDocument":{"operation":"test"},"timestamp":1517189392,"clientToken":"client-002"}"#;
    let response: MqttUpdateJobExecutionResponse = json::from_str(text).unwrap();
    let state = response.execution_state.unwrap();
    assert_eq!(state.status, Some(JobExecutionStatus::Succeeded));
    assert_eq!(state.version_number, Some(3));
    assert_eq!(
        response.job_document,
        Some(json!({"operation": "test"}).into())
    );
}

#[test]
fn writes_an_update_request() {
    let request = MqttUpdateJobExecutionRequest::builder()
        .thing_name("MyThing")
        .job_id("job1")
        .status(JobExecutionStatus::Succeeded)
        .status_details(
            [("step".to_string(), "3 of 3".to_string())]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .expected_version(2)
        .include_job_execution_state(true)
        .client_token("client-002")
        .build()
        .unwrap();
    // The topic labels (thingName, jobId) go to the topic, the rest to the payload.
    let message = iot_jobs_data_plane::mqtt::update_job_execution(&request).unwrap();
    assert_eq!(message.topic, "$aws/things/MyThing/jobs/job1/update");
    let written: Value = serde_json::from_slice(&message.payload).unwrap();
    assert_eq!(
        written,
        json!({
            "status": "SUCCEEDED",
            "statusDetails": {"step": "3 of 3"},
            "expectedVersion": 2,
            "includeJobExecutionState": true,
            "clientToken": "client-002"
        })
    );
    // status must be on every update.
    assert!(MqttUpdateJobExecutionRequest::builder().build().is_err());
    assert!(json::from_str::<MqttUpdateJobExecutionRequest>(r#"{"clientToken":"c"}"#).is_err());
}
