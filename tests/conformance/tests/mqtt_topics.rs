//! The MQTT bindings of the Jobs model (`iot_jobs_data_plane::mqtt`): topics
//! built and parsed for every operation (with `$next` and labels holding
//! reserved characters), filters, the router on every MQTT payload of
//! `../shared/payloads` (skipped when the folder is absent), and its errors.

use std::path::{Path, PathBuf};

use iot_jobs_data_plane::json;
use iot_jobs_data_plane::mqtt::{self, Message, MessageError, TopicError};
use iot_jobs_data_plane::types::{
    DescribeJobExecutionSubscriptionRequest, JobExecutionData, JobExecutionStatus,
    MqttDescribeJobExecutionRequest, MqttGetPendingJobExecutionsRequest,
    MqttStartNextPendingJobExecutionRequest, MqttUpdateJobExecutionRequest, RejectedErrorCode,
};
use serde_json::{json, Value};

const THING: &str = "MyThing";

fn payload_json(payload: &[u8]) -> Value {
    serde_json::from_slice(payload).unwrap()
}

#[test]
fn publish_topics_and_payloads() {
    let get = MqttGetPendingJobExecutionsRequest::builder()
        .thing_name(THING)
        .client_token("t1")
        .build();
    let m = mqtt::get_pending_job_executions(&get).unwrap();
    assert_eq!(m.topic, "$aws/things/MyThing/jobs/get");
    assert_eq!(payload_json(&m.payload), json!({"clientToken": "t1"}));

    let start = MqttStartNextPendingJobExecutionRequest::builder()
        .thing_name(THING)
        .step_timeout_in_minutes(5)
        .build();
    let m = mqtt::start_next_pending_job_execution(&start).unwrap();
    assert_eq!(m.topic, "$aws/things/MyThing/jobs/start-next");
    assert_eq!(payload_json(&m.payload), json!({"stepTimeoutInMinutes": 5}));

    let describe = MqttDescribeJobExecutionRequest::builder()
        .thing_name(THING)
        .job_id("$next")
        .include_job_document(true)
        .build();
    let m = mqtt::describe_job_execution(&describe).unwrap();
    assert_eq!(m.topic, "$aws/things/MyThing/jobs/$next/get");
    assert_eq!(
        payload_json(&m.payload),
        json!({"includeJobDocument": true})
    );

    let update = MqttUpdateJobExecutionRequest::builder()
        .thing_name(THING)
        .job_id("job-1")
        .status(JobExecutionStatus::InProgress)
        .expected_version(1)
        .build()
        .unwrap();
    let m = mqtt::update_job_execution(&update).unwrap();
    assert_eq!(m.topic, "$aws/things/MyThing/jobs/job-1/update");
    assert_eq!(
        payload_json(&m.payload),
        json!({"status": "IN_PROGRESS", "expectedVersion": 1})
    );
}

#[test]
fn a_publish_topic_reads_back_into_the_same_request() {
    let update = MqttUpdateJobExecutionRequest::builder()
        .thing_name(THING)
        .job_id("job-1")
        .status(JobExecutionStatus::Failed)
        .status_details(
            [("reason".to_string(), "disk full".to_string())]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .expected_version(2)
        .build()
        .unwrap();
    let m = mqtt::update_job_execution(&update).unwrap();
    assert_eq!(
        mqtt::route(&m.topic, &m.payload).unwrap(),
        Message::UpdateJobExecution(update.clone())
    );
    assert_eq!(
        mqtt::parse_update_job_execution(&m.topic, &m.payload).unwrap(),
        Some(update)
    );
    // Another operation's parser does not take the topic.
    assert_eq!(
        mqtt::parse_describe_job_execution(&m.topic, &m.payload).unwrap(),
        None
    );

    let describe = MqttDescribeJobExecutionRequest::builder()
        .thing_name(THING)
        .job_id("$next")
        .build();
    let m = mqtt::describe_job_execution(&describe).unwrap();
    assert_eq!(
        mqtt::route(&m.topic, &m.payload).unwrap(),
        Message::DescribeJobExecution(describe)
    );
}

#[test]
fn labels_with_reserved_characters_are_refused() {
    for bad in ["", "a/b", "a+b", "a#", "+", "#", "nul\0"] {
        let get = MqttGetPendingJobExecutionsRequest::builder()
            .thing_name(bad)
            .build();
        assert_eq!(
            mqtt::get_pending_job_executions(&get),
            Err(TopicError::InvalidLabel {
                label: "thingName",
                value: bad.to_string()
            }),
            "{bad:?}"
        );
        assert!(mqtt::next_job_execution_changed_filter(Some(bad)).is_err());
    }
    // An `@input` structure's label may be unset: no topic then.
    let unset = MqttGetPendingJobExecutionsRequest::builder().build();
    assert_eq!(
        mqtt::get_pending_job_executions(&unset),
        Err(TopicError::MissingLabel { label: "thingName" })
    );
    let err = mqtt::get_pending_job_executions(&unset).unwrap_err();
    assert_eq!(err.to_string(), "the topic label `thingName` has no value");
    // `$` and other characters that are not MQTT wildcards are taken.
    let describe = MqttDescribeJobExecutionRequest::builder()
        .thing_name("thing:1")
        .job_id("$next")
        .build();
    assert_eq!(
        mqtt::describe_job_execution(&describe).unwrap().topic,
        "$aws/things/thing:1/jobs/$next/get"
    );
}

#[test]
fn filters_of_every_subscribe_operation() {
    let t = Some(THING);
    let cases = [
        (
            mqtt::get_pending_job_executions_accepted_filter(t),
            "$aws/things/MyThing/jobs/get/accepted",
        ),
        (
            mqtt::get_pending_job_executions_rejected_filter(None),
            "$aws/things/+/jobs/get/rejected",
        ),
        (
            mqtt::start_next_pending_job_execution_accepted_filter(t),
            "$aws/things/MyThing/jobs/start-next/accepted",
        ),
        (
            mqtt::start_next_pending_job_execution_rejected_filter(t),
            "$aws/things/MyThing/jobs/start-next/rejected",
        ),
        (
            mqtt::describe_job_execution_accepted_filter(t, Some("$next")),
            "$aws/things/MyThing/jobs/$next/get/accepted",
        ),
        (
            mqtt::describe_job_execution_rejected_filter(t, None),
            "$aws/things/MyThing/jobs/+/get/rejected",
        ),
        (
            mqtt::update_job_execution_accepted_filter(t, None),
            "$aws/things/MyThing/jobs/+/update/accepted",
        ),
        (
            mqtt::update_job_execution_rejected_filter(None, None),
            "$aws/things/+/jobs/+/update/rejected",
        ),
        (
            mqtt::job_executions_changed_filter(t),
            "$aws/things/MyThing/jobs/notify",
        ),
        (
            mqtt::next_job_execution_changed_filter(t),
            "$aws/things/MyThing/jobs/notify-next",
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(filter.unwrap(), expected);
    }
}

/// Every subscribe topic, routed with a minimal payload, to its variant with its labels.
#[test]
fn routes_every_subscribe_topic() {
    let rejected = br#"{"code":"VersionMismatch","message":"m","timestamp":1}"#;
    let routed = |topic: &str, payload: &[u8]| mqtt::route(topic, payload).unwrap();
    let base = "$aws/things/MyThing/jobs";
    let thing = Some(THING.to_string());

    match routed(
        &format!("{base}/get/accepted"),
        br#"{"inProgressJobs":[],"queuedJobs":[{"jobId":"j1","versionNumber":1}]}"#,
    ) {
        Message::GetPendingJobExecutionsAccepted { labels, message } => {
            assert_eq!(labels.thing_name, thing);
            assert_eq!(
                message.queued_jobs.unwrap()[0].job_id.as_deref(),
                Some("j1")
            );
        }
        other => panic!("{other:?}"),
    }
    match routed(&format!("{base}/get/rejected"), rejected) {
        Message::GetPendingJobExecutionsRejected { labels, message } => {
            assert_eq!(labels.thing_name, thing);
            assert_eq!(message.code, Some(RejectedErrorCode::VersionMismatch));
        }
        other => panic!("{other:?}"),
    }
    match routed(
        &format!("{base}/start-next/accepted"),
        br#"{"execution":{"jobId":"j1","status":"IN_PROGRESS"}}"#,
    ) {
        Message::StartNextPendingJobExecutionAccepted { labels, message } => {
            assert_eq!(labels.thing_name, thing);
            assert_eq!(
                message.execution.unwrap().status,
                Some(JobExecutionStatus::InProgress)
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        routed(&format!("{base}/start-next/rejected"), rejected),
        Message::StartNextPendingJobExecutionRejected { .. }
    ));
    match routed(
        &format!("{base}/$next/get/accepted"),
        br#"{"execution":{"jobId":"j2"}}"#,
    ) {
        Message::DescribeJobExecutionAccepted { labels, message } => {
            assert_eq!(
                labels,
                DescribeJobExecutionSubscriptionRequest::builder()
                    .thing_name(THING)
                    .job_id("$next")
                    .build()
            );
            assert_eq!(message.execution.unwrap().job_id.as_deref(), Some("j2"));
        }
        other => panic!("{other:?}"),
    }
    match routed(&format!("{base}/j2/get/rejected"), rejected) {
        Message::DescribeJobExecutionRejected { labels, .. } => {
            assert_eq!(labels.job_id.as_deref(), Some("j2"))
        }
        other => panic!("{other:?}"),
    }
    match routed(
        &format!("{base}/j2/update/accepted"),
        br#"{"executionState":{"status":"SUCCEEDED","versionNumber":3}}"#,
    ) {
        Message::UpdateJobExecutionAccepted { labels, message } => {
            assert_eq!(labels.job_id.as_deref(), Some("j2"));
            assert_eq!(message.execution_state.unwrap().version_number, Some(3));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        routed(&format!("{base}/j2/update/rejected"), rejected),
        Message::UpdateJobExecutionRejected { .. }
    ));
    match routed(
        &format!("{base}/notify"),
        br#"{"jobs":{"QUEUED":[{"jobId":"j1"}]},"timestamp":5}"#,
    ) {
        Message::JobExecutionsChanged { labels, message } => {
            assert_eq!(labels.thing_name, thing);
            assert_eq!(message.jobs.unwrap()["QUEUED"].len(), 1);
        }
        other => panic!("{other:?}"),
    }
    match routed(&format!("{base}/notify-next"), b"{}") {
        Message::NextJobExecutionChanged { labels, message } => {
            assert_eq!(labels.thing_name, thing);
            assert_eq!(message.execution, None);
        }
        other => panic!("{other:?}"),
    }
    // A job named like a static level goes to the template with that level
    // only where the rest of the topic fits: `jobs/get/get` is DescribeJobExecution.
    let m = routed(&format!("{base}/get/get"), b"{}");
    assert!(
        matches!(m, Message::DescribeJobExecution(ref r) if r.job_id.as_deref() == Some("get")),
        "{m:?}"
    );
}

#[test]
fn router_errors_name_the_topic_and_pointer() {
    let unknown = mqtt::route("$aws/things/MyThing/jobs/unknown", b"{}").unwrap_err();
    assert_eq!(
        unknown,
        MessageError::UnknownTopic {
            topic: "$aws/things/MyThing/jobs/unknown".into()
        }
    );
    // An empty label level matches no template.
    assert!(matches!(
        mqtt::route("$aws/things//jobs/notify", b"{}"),
        Err(MessageError::UnknownTopic { .. })
    ));

    let topic = "$aws/things/MyThing/jobs/notify-next";
    let bad_type = mqtt::route(topic, br#"{"execution":{"versionNumber":"two"}}"#).unwrap_err();
    match &bad_type {
        MessageError::Payload {
            topic: t, pointer, ..
        } => {
            assert_eq!(t, topic);
            assert_eq!(pointer, "/execution/versionNumber");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        bad_type.to_string().contains("/execution/versionNumber"),
        "{bad_type}"
    );

    let invalid =
        mqtt::route(topic, br#"{"execution":{"jobId":"no spaces allowed"}}"#).unwrap_err();
    assert!(
        matches!(&invalid, MessageError::Payload { pointer, .. } if pointer == "/execution/jobId"),
        "{invalid:?}"
    );
    assert!(matches!(
        mqtt::route(topic, b"not json"),
        Err(MessageError::Payload { .. })
    ));
    assert!(matches!(
        mqtt::route("$aws/things/MyThing/jobs/get", b"[1]"),
        Err(MessageError::Payload { .. })
    ));

    // A label that violates its member's constraints is the topic's fault.
    let label = mqtt::route("$aws/things/bad!thing/jobs/notify", b"{}").unwrap_err();
    match &label {
        MessageError::Label { label, .. } => assert_eq!(label, "thingName"),
        other => panic!("{other:?}"),
    }
    assert!(
        label
            .to_string()
            .starts_with("topic `$aws/things/bad!thing/jobs/notify`, label `thingName`"),
        "{label}"
    );
    // The topic's label wins over a payload member of the same name.
    match mqtt::route("$aws/things/MyThing/jobs/get", br#"{"thingName":"Other"}"#).unwrap() {
        Message::GetPendingJobExecutions(r) => assert_eq!(r.thing_name.as_deref(), Some(THING)),
        other => panic!("{other:?}"),
    }
}

fn payloads_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/payloads");
    dir.is_dir().then_some(dir)
}

/// The topic each MQTT payload of `../shared/payloads` was published on
/// (SOURCES.md): notify-next events, start-next and describe responses. 06-08
/// are AWS CLI output of the HTTP API, not MQTT messages.
const MQTT_PAYLOADS: [(&str, &str); 16] = [
    ("01", "start-next/accepted"),
    ("02", "notify-next"),
    ("03", "notify-next"),
    ("04", "notify-next"),
    ("05", "$next/get/accepted"),
    ("09", "notify-next"),
    ("10", "start-next/accepted"),
    ("11", "start-next/accepted"),
    ("12", "start-next/accepted"),
    ("13", "$next/get/accepted"),
    ("14", "$next/get/accepted"),
    ("15", "$next/get/accepted"),
    ("16", "$next/get/accepted"),
    ("17", "$next/get/accepted"),
    ("18", "$next/get/accepted"),
    ("19", "$next/get/accepted"),
];

/// Each payload is a JobExecution cut out of `{"execution": ...}`; put back,
/// it is routed to its operation with the thing name from the topic. 05 (not
/// JSON) and 12 (times as `{}`) are refused with the pointer of the failure.
#[test]
fn routes_every_mqtt_payload() {
    let Some(dir) = payloads_dir() else {
        eprintln!("skipped: ../shared/payloads is absent");
        return;
    };
    let mut routed = 0;
    for (number, suffix) in MQTT_PAYLOADS {
        let path = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                name.starts_with(number) && !name.ends_with(".expected.json")
            })
            .unwrap_or_else(|| panic!("payload {number} is missing"));
        let execution = std::fs::read_to_string(&path).unwrap();
        let payload = format!("{{\"execution\": {execution}}}");
        let topic = format!("$aws/things/{THING}/jobs/{suffix}");
        let result = mqtt::route(&topic, payload.as_bytes());
        match number {
            "05" | "12" => {
                let err = result.unwrap_err();
                match &err {
                    MessageError::Payload {
                        topic: t, pointer, ..
                    } => {
                        assert_eq!(t, &topic);
                        assert!(pointer.starts_with("/execution"), "{number}: {err}");
                    }
                    other => panic!("{number}: {other:?}"),
                }
                continue;
            }
            _ => {}
        }
        let message = result.unwrap_or_else(|e| panic!("{number}: {e}"));
        let (thing, execution) = match message {
            Message::NextJobExecutionChanged { labels, message } => {
                (labels.thing_name, message.execution)
            }
            Message::StartNextPendingJobExecutionAccepted { labels, message } => {
                (labels.thing_name, message.execution)
            }
            Message::DescribeJobExecutionAccepted { labels, message } => {
                assert_eq!(labels.job_id.as_deref(), Some("$next"));
                (labels.thing_name, message.execution)
            }
            other => panic!("{number}: routed to {other:?}"),
        };
        assert_eq!(thing.as_deref(), Some(THING), "{number}");
        // The same execution as read on its own.
        let alone: JobExecutionData = json::from_str(&execution_text(&path)).unwrap();
        assert_eq!(execution, Some(alone.clone()), "{number}");
        let ours: Value = serde_json::from_str(&json::to_string(&alone).unwrap()).unwrap();
        check_expected(&path, &ours);
        routed += 1;
    }
    assert_eq!(routed, 14);
}

fn execution_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Where the AWS SDK parsed the payload, the values agree with it.
fn check_expected(path: &Path, ours: &Value) {
    let expected_path = PathBuf::from(path.to_string_lossy().replace(".json", ".expected.json"));
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(expected_path).unwrap()).unwrap();
    if expected.get("error").is_some() {
        return;
    }
    for key in [
        "jobId",
        "status",
        "thingName",
        "executionNumber",
        "versionNumber",
    ] {
        // The SDK fills an absent versionNumber with 0; here it stays absent.
        if key == "versionNumber" && ours.get(key).is_none() && expected[key] == 0 {
            continue;
        }
        if let Some(v) = expected.get(key) {
            assert_eq!(ours.get(key), Some(v), "{}: {key}", path.display());
        }
    }
}
