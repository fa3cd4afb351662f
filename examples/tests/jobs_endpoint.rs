//! The local IoT Jobs endpoint end to end: in-process on 127.0.0.1 and a
//! free port, every operation driven through the generated client side
//! over real HTTP, state changes and modelled errors checked, then
//! malformed requests on the wire. Every exchange has a timeout.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use examples::client::{CallError, Client};
use examples::endpoint::{seed, Jobs, Options, Server};
use examples::load::malformed_request;
use iot_jobs_data_plane::operation::{
    DescribeJobExecution, DescribeJobExecutionError as DescribeError, GetPendingJobExecutions,
    ResponseError, StartCommandExecution, StartCommandExecutionError as CommandError,
    StartNextPendingJobExecution, StartNextPendingJobExecutionError as StartNextError,
    UpdateJobExecution, UpdateJobExecutionError as UpdateError,
};
use iot_jobs_data_plane::types::{
    CommandParameterValue, DescribeJobExecutionRequest, GetPendingJobExecutionsRequest,
    JobExecution, JobExecutionStatus, StartCommandExecutionRequest,
    StartNextPendingJobExecutionRequest, UpdateJobExecutionRequest,
};

const TIMEOUT: Duration = Duration::from_secs(10);
const START: i64 = 1_700_000_000;

const SEED: &str = r#"{ "things": {
  "thermostat": [
    { "jobId": "fw-1", "jobDocument": {"operation": "install"}, "queuedAt": 1699999000 },
    { "jobId": "fw-2", "jobDocument": "{\"operation\":\"install-2\"}", "queuedAt": 1699999100 },
    { "jobId": "reboot", "status": "IN_PROGRESS", "queuedAt": 1699999500, "versionNumber": 4 },
    { "jobId": "old", "status": "SUCCEEDED", "queuedAt": 1690000000, "versionNumber": 3 }
  ],
  "sensor": [ { "jobId": "calibrate", "jobDocument": {"operation": "calibrate"} } ],
  "idle": []
} }"#;

/// A server on a seeded store whose clock the test moves.
struct Fixture {
    jobs: Arc<Jobs>,
    clock: Arc<AtomicI64>,
    client: Client,
    server: Server,
}

fn start() -> Fixture {
    let clock = Arc::new(AtomicI64::new(START));
    let now = clock.clone();
    let jobs = Jobs::with_clock(Arc::new(move || now.load(Ordering::SeqCst)));
    seed::load(&jobs, SEED).expect("the seed loads");
    let jobs = Arc::new(jobs);
    let server = Server::start(jobs.clone(), &Options::default()).expect("the server starts");
    assert!(server.addr().ip().is_loopback());
    let client = Client::new(&server.url(), TIMEOUT);
    Fixture {
        jobs,
        clock,
        client,
        server,
    }
}

fn describe(thing: &str, job: &str) -> DescribeJobExecutionRequest {
    DescribeJobExecutionRequest::builder()
        .thing_name(thing)
        .job_id(job)
        .build()
}

fn update(thing: &str, job: &str, status: JobExecutionStatus) -> UpdateJobExecutionRequest {
    UpdateJobExecutionRequest::builder()
        .thing_name(thing)
        .job_id(job)
        .status(status)
        .include_job_execution_state(true)
        .build()
}

/// The modelled error of a failed call, or a panic saying what came instead.
fn modeled<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, CallError<E>>) -> E {
    match result {
        Err(CallError::Response(ResponseError::Modeled(e))) => e,
        other => panic!("expected a modelled error, got {other:?}"),
    }
}

#[test]
fn describe_and_get_pending_follow_the_queue() {
    let f = start();
    let c = &f.client;

    let pending = c
        .call::<GetPendingJobExecutions>(
            &GetPendingJobExecutionsRequest::builder()
                .thing_name("thermostat")
                .build(),
        )
        .unwrap();
    let ids = |list: Option<Vec<_>>| -> Vec<String> {
        list.unwrap_or_default()
            .into_iter()
            .map(|s: iot_jobs_data_plane::types::JobExecutionSummary| s.job_id.unwrap())
            .collect()
    };
    assert_eq!(ids(pending.in_progress_jobs), ["reboot"]);
    assert_eq!(ids(pending.queued_jobs), ["fw-1", "fw-2"]);

    // $next: IN_PROGRESS executions come first.
    let next = c
        .call::<DescribeJobExecution>(&describe("thermostat", "$next"))
        .unwrap();
    let next = next.execution.unwrap();
    assert_eq!(next.job_id.as_deref(), Some("reboot"));
    assert_eq!(next.version_number, 4);
    assert_eq!(next.thing_name.as_deref(), Some("thermostat"));

    // The document by default, not when asked not to; seeded objects are text.
    let fw1 = c
        .call::<DescribeJobExecution>(&describe("thermostat", "fw-1"))
        .unwrap();
    let fw1 = fw1.execution.unwrap();
    assert_eq!(
        fw1.job_document.as_deref(),
        Some(r#"{"operation":"install"}"#)
    );
    assert_eq!(fw1.status, Some(JobExecutionStatus::Queued));
    assert_eq!((fw1.version_number, fw1.execution_number), (1, Some(1)));
    assert_eq!(fw1.queued_at, 1699999000);
    let mut without = describe("thermostat", "fw-1");
    without.include_job_document = Some(false);
    let bare = c.call::<DescribeJobExecution>(&without).unwrap();
    assert_eq!(bare.execution.unwrap().job_document, None);

    let mut numbered = describe("thermostat", "fw-1");
    numbered.execution_number = Some(1);
    assert!(c.call::<DescribeJobExecution>(&numbered).is_ok());
    numbered.execution_number = Some(2);
    let e = modeled(c.call::<DescribeJobExecution>(&numbered));
    assert!(matches!(e, DescribeError::ResourceNotFoundException(_)));

    let e = modeled(c.call::<DescribeJobExecution>(&describe("thermostat", "nope")));
    assert!(matches!(e, DescribeError::ResourceNotFoundException(_)));
    let e = modeled(c.call::<DescribeJobExecution>(&describe("ghost", "fw-1")));
    assert!(matches!(e, DescribeError::ResourceNotFoundException(_)));
    let e = modeled(
        c.call::<GetPendingJobExecutions>(
            &GetPendingJobExecutionsRequest::builder()
                .thing_name("ghost")
                .build(),
        ),
    );
    assert!(format!("{e:?}").contains("ResourceNotFoundException"));

    // A terminal execution: TerminalStateException, as documented.
    let e = modeled(c.call::<DescribeJobExecution>(&describe("thermostat", "old")));
    assert!(matches!(e, DescribeError::TerminalStateException(_)));

    // Nothing pending: no execution, no error.
    let none = c
        .call::<DescribeJobExecution>(&describe("idle", "$next"))
        .unwrap();
    assert_eq!(none.execution, None);
    f.server.stop().unwrap();
}

#[test]
fn start_next_and_update_move_executions_through_their_statuses() {
    let f = start();
    let c = &f.client;
    let details = BTreeMap::from([("step".to_owned(), "download".to_owned())]);

    // StartNext: the QUEUED execution becomes IN_PROGRESS, with a step timer.
    let start_next = StartNextPendingJobExecutionRequest::builder()
        .thing_name("sensor")
        .status_details(details.clone())
        .step_timeout_in_minutes(10)
        .build();
    let started = c.call::<StartNextPendingJobExecution>(&start_next).unwrap();
    let started = started.execution.unwrap();
    assert_eq!(started.job_id.as_deref(), Some("calibrate"));
    assert_eq!(started.status, Some(JobExecutionStatus::InProgress));
    assert_eq!(started.version_number, 2);
    assert_eq!(started.started_at, Some(START));
    assert_eq!(started.status_details.as_ref(), Some(&details));
    assert_eq!(started.approximate_seconds_before_timed_out, Some(600));
    assert_eq!(
        started.job_document.as_deref(),
        Some(r#"{"operation":"calibrate"}"#)
    );
    // Again: the IN_PROGRESS one as it is.
    let again = c.call::<StartNextPendingJobExecution>(&start_next).unwrap();
    assert_eq!(again.execution.unwrap().version_number, 2);
    let bad_timer = StartNextPendingJobExecutionRequest::builder()
        .thing_name("sensor")
        .step_timeout_in_minutes(0)
        .build();
    let e = modeled(c.call::<StartNextPendingJobExecution>(&bad_timer));
    assert!(matches!(e, StartNextError::InvalidRequestException(_)));
    let idle = StartNextPendingJobExecutionRequest::builder()
        .thing_name("idle")
        .build();
    assert_eq!(
        c.call::<StartNextPendingJobExecution>(&idle)
            .unwrap()
            .execution,
        None
    );

    // Update: QUEUED -> IN_PROGRESS at the expected version.
    f.clock.store(START + 5, Ordering::SeqCst);
    let mut to_progress = update("thermostat", "fw-1", JobExecutionStatus::InProgress);
    to_progress.expected_version = Some(1);
    to_progress.include_job_document = Some(true);
    let out = c.call::<UpdateJobExecution>(&to_progress).unwrap();
    let state = out.execution_state.unwrap();
    assert_eq!(state.status, Some(JobExecutionStatus::InProgress));
    assert_eq!(state.version_number, 2);
    assert_eq!(
        out.job_document.as_deref(),
        Some(r#"{"operation":"install"}"#)
    );
    let fw1 = f.jobs.execution("thermostat", "fw-1").unwrap();
    assert_eq!(
        (fw1.started_at, fw1.last_updated_at),
        (Some(START + 5), START + 5)
    );

    // A stale version is refused and changes nothing.
    let e = modeled(c.call::<UpdateJobExecution>(&to_progress));
    match e {
        UpdateError::InvalidStateTransitionException(e) => {
            assert!(e.message.unwrap().starts_with("VersionMismatch"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        f.jobs
            .execution("thermostat", "fw-1")
            .unwrap()
            .version_number,
        2
    );

    // Without the state asked for, the response is empty.
    let mut quiet = update("thermostat", "fw-1", JobExecutionStatus::InProgress);
    quiet.include_job_execution_state = None;
    let out = c.call::<UpdateJobExecution>(&quiet).unwrap();
    assert_eq!((out.execution_state, out.job_document), (None, None));

    let mut done = update("thermostat", "fw-1", JobExecutionStatus::Succeeded);
    done.expected_version = Some(3);
    done.execution_number = Some(1);
    let state = c
        .call::<UpdateJobExecution>(&done)
        .unwrap()
        .execution_state
        .unwrap();
    assert_eq!(state.status, Some(JobExecutionStatus::Succeeded));
    assert_eq!(state.version_number, 4);

    // Nothing leaves a terminal status.
    let e = modeled(c.call::<UpdateJobExecution>(&update(
        "thermostat",
        "fw-1",
        JobExecutionStatus::InProgress,
    )));
    assert!(matches!(e, UpdateError::InvalidStateTransitionException(_)));
    let e = modeled(c.call::<DescribeJobExecution>(&describe("thermostat", "fw-1")));
    assert!(matches!(e, DescribeError::TerminalStateException(_)));

    // QUEUED -> REJECTED is a device's to report.
    let rejected = c
        .call::<UpdateJobExecution>(&update("thermostat", "fw-2", JobExecutionStatus::Rejected))
        .unwrap();
    assert_eq!(
        rejected.execution_state.unwrap().status,
        Some(JobExecutionStatus::Rejected)
    );

    // Statuses only the service sets, bad timers, unknown jobs.
    for status in [JobExecutionStatus::Queued, JobExecutionStatus::Canceled] {
        let e = modeled(c.call::<UpdateJobExecution>(&update("thermostat", "reboot", status)));
        assert!(matches!(e, UpdateError::InvalidRequestException(_)));
    }
    let mut bad_timer = update("thermostat", "reboot", JobExecutionStatus::InProgress);
    bad_timer.step_timeout_in_minutes = Some(10081);
    let e = modeled(c.call::<UpdateJobExecution>(&bad_timer));
    assert!(matches!(e, UpdateError::InvalidRequestException(_)));
    let e = modeled(c.call::<UpdateJobExecution>(&update(
        "thermostat",
        "nope",
        JobExecutionStatus::Succeeded,
    )));
    assert!(matches!(e, UpdateError::ResourceNotFoundException(_)));
    let mut other_number = update("thermostat", "reboot", JobExecutionStatus::Succeeded);
    other_number.execution_number = Some(7);
    let e = modeled(c.call::<UpdateJobExecution>(&other_number));
    assert!(matches!(e, UpdateError::ResourceNotFoundException(_)));

    // A step timer that runs out: TIMED_OUT, and $next moves on.
    let mut timer = update("thermostat", "reboot", JobExecutionStatus::InProgress);
    timer.step_timeout_in_minutes = Some(1);
    let state = c
        .call::<UpdateJobExecution>(&timer)
        .unwrap()
        .execution_state
        .unwrap();
    assert_eq!(state.version_number, 5);
    f.clock.store(START + 5 + 61, Ordering::SeqCst);
    let e = modeled(c.call::<DescribeJobExecution>(&describe("thermostat", "reboot")));
    assert!(matches!(e, DescribeError::TerminalStateException(_)));
    let reboot = f.jobs.execution("thermostat", "reboot").unwrap();
    assert_eq!(reboot.status, Some(JobExecutionStatus::TimedOut));
    let next = c
        .call::<DescribeJobExecution>(&describe("thermostat", "$next"))
        .unwrap();
    assert_eq!(
        next.execution, None,
        "fw-1 succeeded, fw-2 rejected, reboot timed out"
    );
    f.server.stop().unwrap();
}

#[test]
fn start_command_execution_checks_its_input_and_is_idempotent() {
    let f = start();
    let c = &f.client;
    let arn = |kind: &str, name: &str| format!("arn:aws:iot:us-east-1:123456789012:{kind}/{name}");
    let request = |token: &str, timeout: i64| {
        StartCommandExecutionRequest::builder()
            .target_arn(arn("thing", "sensor"))
            .command_arn(arn("command", "reboot"))
            .parameters(BTreeMap::from([(
                "delay".to_owned(),
                CommandParameterValue::builder().i(5).build(),
            )]))
            .execution_timeout_seconds(timeout)
            .client_token(token)
            .build()
    };

    let first = c
        .call::<StartCommandExecution>(&request("token-1", 60))
        .unwrap();
    let id = first.execution_id.unwrap();
    assert_eq!(
        f.jobs.command_execution(&id).unwrap().target_arn.as_deref(),
        Some(arn("thing", "sensor").as_str())
    );
    // The same token and parameters: the same execution.
    let retry = c
        .call::<StartCommandExecution>(&request("token-1", 60))
        .unwrap();
    assert_eq!(retry.execution_id.as_deref(), Some(id.as_str()));
    // The same token, other parameters: a conflict.
    match modeled(c.call::<StartCommandExecution>(&request("token-1", 61))) {
        CommandError::ConflictException(e) => {
            assert_eq!(e.resource_id.as_deref(), Some(id.as_str()))
        }
        other => panic!("{other:?}"),
    }
    // No token: the generated client makes one, so two calls, two executions.
    let mut untokened = request("x", 60);
    untokened.client_token = None;
    let a = c
        .call::<StartCommandExecution>(&untokened)
        .unwrap()
        .execution_id;
    let b = c
        .call::<StartCommandExecution>(&untokened)
        .unwrap()
        .execution_id;
    assert_ne!(a, b);
    // A client target needs no thing.
    let mut client_target = request("token-2", 60);
    client_target.target_arn = Some(arn("client", "my-mqtt-client"));
    assert!(c.call::<StartCommandExecution>(&client_target).is_ok());

    let mut unknown = request("token-3", 60);
    unknown.target_arn = Some(arn("thing", "ghost"));
    let e = modeled(c.call::<StartCommandExecution>(&unknown));
    assert!(matches!(e, CommandError::ResourceNotFoundException(_)));
    let mut bad_arn = request("token-4", 60);
    bad_arn.command_arn = Some("reboot".into());
    let e = modeled(c.call::<StartCommandExecution>(&bad_arn));
    assert!(matches!(e, CommandError::ValidationException(_)));
    let mut two_values = request("token-5", 60);
    two_values.parameters = Some(BTreeMap::from([(
        "delay".to_owned(),
        CommandParameterValue::builder().i(5).s("five").build(),
    )]));
    let e = modeled(c.call::<StartCommandExecution>(&two_values));
    assert!(matches!(e, CommandError::ValidationException(_)));
    f.server.stop().unwrap();
}

fn error_type(response: &http::Response<Vec<u8>>) -> &str {
    response
        .headers()
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[test]
fn malformed_requests_get_the_protocol_rejections() {
    let f = start();
    let c = &f.client;
    let body = |response: &http::Response<Vec<u8>>| -> serde_json::Value {
        serde_json::from_slice(response.body()).unwrap()
    };
    let post = |uri: &str, content_type: &str, body: Vec<u8>| {
        http::Request::post(uri)
            .header("content-type", content_type)
            .body(body)
            .unwrap()
    };
    let uri = "/things/thermostat/jobs/fw-1";

    let r = c
        .send(post(uri, "application/json", br#"{"status": "#.to_vec()))
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), error_type(&r)),
        (400, "SerializationException")
    );
    let r = c
        .send(post(uri, "application/xml", b"<status/>".to_vec()))
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), error_type(&r)),
        (415, "UnsupportedMediaTypeException")
    );
    let r = c
        .send(
            http::Request::get("/jobs/everything")
                .body(Vec::new())
                .unwrap(),
        )
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), error_type(&r)),
        (404, "UnknownOperationException")
    );
    let r = c
        .send(
            http::Request::get(uri)
                .header("accept", "text/html")
                .body(Vec::new())
                .unwrap(),
        )
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), error_type(&r)),
        (406, "NotAcceptableException")
    );

    // Every violation listed, with its JSON pointer.
    let r = c
        .send(post(
            "/things/thermostat/jobs/fw-1",
            "application/json",
            br#"{"status":"DONE","statusDetails":{"bad key":"x"}}"#.to_vec(),
        ))
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), error_type(&r)),
        (400, "ValidationException")
    );
    let paths: Vec<String> = body(&r)["fieldList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["path"].as_str().unwrap().to_owned())
        .collect();
    assert!(paths.contains(&"/status".to_owned()), "{paths:?}");
    assert!(
        paths.iter().any(|p| p.starts_with("/statusDetails")),
        "{paths:?}"
    );
    let r = c
        .send(post(
            "/things/thermostat/jobs/fw-1",
            "application/json",
            b"{}".to_vec(),
        ))
        .unwrap();
    assert_eq!(body(&r)["fieldList"][0]["path"], "/status");

    // The body limit, checked while reading.
    let big = vec![b' '; (1 << 20) + 10];
    let r = c.send(post(uri, "application/json", big)).unwrap();
    assert_eq!(
        (r.status().as_u16(), error_type(&r)),
        (413, "RequestEntityTooLargeException")
    );

    // The load test's malformed requests, each with its rejection.
    for kind in 0..5 {
        let (request, status, kind_type) = malformed_request(kind);
        let r = c.send(request).unwrap();
        assert_eq!((r.status().as_u16(), error_type(&r)), (status, kind_type));
    }

    // None of it changed anything, and the server still answers.
    let fw1 = c
        .call::<DescribeJobExecution>(&describe("thermostat", "fw-1"))
        .unwrap()
        .execution
        .unwrap();
    assert_eq!(
        (fw1.status, fw1.version_number),
        (Some(JobExecutionStatus::Queued), 1)
    );
    f.server.stop().unwrap();
}

#[test]
fn seeds_are_checked() {
    let jobs = Jobs::default();
    assert!(seed::load(&jobs, r#"{"things": {"bad thing": []}}"#).is_err());
    let e = seed::load(&jobs, r#"{"things": {"t": [{"jobId": "a b"}]}}"#).unwrap_err();
    assert!(e.contains("things/t/0"), "{e}");
    assert!(seed::load(&jobs, r#"{"things": {"t": [{"status": "QUEUED"}]}}"#).is_err());
    assert!(seed::load(&jobs, r#"{"jobs": []}"#).is_err());
    let twice = r#"{"things": {"t": [{"jobId": "a", "executionNumber": 1},
                                     {"jobId": "a", "executionNumber": 1}]}}"#;
    assert!(seed::load(&jobs, twice).unwrap_err().contains("already"));
    // Without a number, the next one: the latest execution is the one described.
    let jobs = Jobs::default();
    let rerun = r#"{"things": {"t": [{"jobId": "a", "status": "FAILED"}, {"jobId": "a"}]}}"#;
    seed::load(&jobs, rerun).unwrap();
    let latest: JobExecution = jobs.execution("t", "a").unwrap();
    assert_eq!(latest.execution_number, Some(2));
    assert_eq!(latest.status, Some(JobExecutionStatus::Queued));
}

#[test]
fn the_binary_prints_its_address_and_serves_the_sample_seed() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/jobs-seed.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobs_endpoint"))
        .args(["--port", "0", "--seed", seed])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the endpoint runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line {first:?}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let client = Client::new(&url, TIMEOUT);
    let pending = client.call::<GetPendingJobExecutions>(
        &GetPendingJobExecutionsRequest::builder()
            .thing_name("thermostat-1")
            .build(),
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let pending = pending.unwrap();
    assert_eq!(pending.in_progress_jobs.unwrap().len(), 1);
    assert_eq!(pending.queued_jobs.unwrap().len(), 2);
}
