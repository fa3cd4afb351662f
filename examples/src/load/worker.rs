//! One load client: its share of the requests, each checked against the
//! answer it must get.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use iot_jobs_data_plane::operation::{
    DescribeJobExecution, ResponseError, UpdateJobExecution, UpdateJobExecutionError,
};
use iot_jobs_data_plane::types::{
    DescribeJobExecutionRequest, JobExecutionStatus, UpdateJobExecutionRequest,
};

use super::{execution_id, DONE, THING};
use crate::client::{CallError, Client};

/// Tries of one update before it counts as starved.
const MAX_TRIES: usize = 10_000;
/// Failures kept per client: the first ones say enough.
const MAX_FAILURES: usize = 20;

/// An update accepted: which execution, the version it made, by which request.
pub(super) struct Accepted {
    pub(super) execution: usize,
    pub(super) version: i64,
    pub(super) request: usize,
}

/// One client's share of the work and what it saw.
pub(super) struct Worker {
    client: Client,
    id: usize,
    rng: u64,
    /// The versions this client last saw, per execution.
    known: Vec<i64>,
    pub(super) accepted: Vec<Accepted>,
    pub(super) conflicts: usize,
    pub(super) expected_errors: usize,
    pub(super) malformed: usize,
    pub(super) latencies: Vec<Duration>,
    pub(super) failures: Vec<String>,
}

impl Worker {
    pub(super) fn new(client: Client, id: usize, executions: usize) -> Worker {
        Worker {
            client,
            id,
            rng: 0x9E37_79B9_7F4A_7C15 ^ (id as u64 + 1),
            known: vec![1; executions],
            accepted: Vec::new(),
            conflicts: 0,
            expected_errors: 0,
            malformed: 0,
            latencies: Vec::new(),
            failures: Vec::new(),
        }
    }

    fn fail(&mut self, what: String) {
        if self.failures.len() < MAX_FAILURES {
            self.failures.push(format!("client {}: {what}", self.id));
        }
    }

    fn next_random(&mut self) -> u64 {
        // xorshift64: enough to spread the clients over the executions.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }

    fn timed<T>(&mut self, f: impl FnOnce(&Client) -> T) -> T {
        let started = Instant::now();
        let out = f(&self.client);
        self.latencies.push(started.elapsed());
        out
    }

    pub(super) fn run(&mut self, request: usize) {
        match request % 20 {
            0 | 1 => self.malformed(request),
            2 => self.unknown_job(request),
            3 => self.finished_job(request),
            _ => {
                let execution = (self.next_random() % self.known.len() as u64) as usize;
                self.update(request, execution);
            }
        }
    }

    /// IN_PROGRESS with this request's details, at the version last seen;
    /// on a version conflict, refresh the version and try again.
    fn update(&mut self, request: usize, execution: usize) {
        let details = BTreeMap::from([
            ("client".to_owned(), self.id.to_string()),
            ("request".to_owned(), request.to_string()),
        ]);
        for _ in 0..MAX_TRIES {
            let version = self.known[execution];
            let input = UpdateJobExecutionRequest::builder()
                .thing_name(THING)
                .job_id(execution_id(execution))
                .status(JobExecutionStatus::InProgress)
                .status_details(details.clone())
                .expected_version(version)
                .include_job_execution_state(true)
                .build();
            match self.timed(|c| c.call::<UpdateJobExecution>(&input)) {
                Ok(output) => {
                    let Some(state) = output.execution_state else {
                        return self.fail(format!("request {request}: no execution state"));
                    };
                    if state.version_number != version + 1
                        || state.status != Some(JobExecutionStatus::InProgress)
                        || state.status_details.as_ref() != Some(&details)
                    {
                        self.fail(format!("request {request}: wrong state {state:?}"));
                    }
                    self.known[execution] = state.version_number;
                    self.accepted.push(Accepted {
                        execution,
                        version: state.version_number,
                        request,
                    });
                    return;
                }
                Err(CallError::Response(ResponseError::Modeled(
                    UpdateJobExecutionError::InvalidStateTransitionException(e),
                ))) if e
                    .message
                    .as_deref()
                    .is_some_and(|m| m.starts_with("VersionMismatch")) =>
                {
                    self.conflicts += 1;
                    self.refresh(execution);
                }
                Err(e) => return self.fail(format!("request {request}: {e}")),
            }
        }
        self.fail(format!(
            "request {request}: starved after {MAX_TRIES} tries"
        ));
    }

    fn refresh(&mut self, execution: usize) {
        let input = DescribeJobExecutionRequest::builder()
            .thing_name(THING)
            .job_id(execution_id(execution))
            .include_job_document(false)
            .build();
        match self.timed(|c| c.call::<DescribeJobExecution>(&input)) {
            Ok(out) => {
                let version = out.execution.map(|e| e.version_number).unwrap_or(0);
                self.known[execution] = version;
            }
            Err(e) => self.fail(format!("describe {}: {e}", execution_id(execution))),
        }
    }

    fn unknown_job(&mut self, request: usize) {
        let input = UpdateJobExecutionRequest::builder()
            .thing_name(THING)
            .job_id(format!("missing-{request}"))
            .status(JobExecutionStatus::Succeeded)
            .build();
        match self.timed(|c| c.call::<UpdateJobExecution>(&input)) {
            Err(CallError::Response(ResponseError::Modeled(
                UpdateJobExecutionError::ResourceNotFoundException(_),
            ))) => self.expected_errors += 1,
            other => self.fail(format!("request {request}: unknown job gave {other:?}")),
        }
    }

    fn finished_job(&mut self, request: usize) {
        let input = UpdateJobExecutionRequest::builder()
            .thing_name(THING)
            .job_id(DONE)
            .status(JobExecutionStatus::InProgress)
            .build();
        match self.timed(|c| c.call::<UpdateJobExecution>(&input)) {
            Err(CallError::Response(ResponseError::Modeled(
                UpdateJobExecutionError::InvalidStateTransitionException(_),
            ))) => self.expected_errors += 1,
            other => self.fail(format!("request {request}: finished job gave {other:?}")),
        }
    }

    fn malformed(&mut self, request: usize) {
        let (raw, status, error_type) = malformed_request(request / 20 + request % 2);
        match self.timed(|c| c.send(raw)) {
            Ok(response) => {
                let got = response
                    .headers()
                    .get("x-amzn-errortype")
                    .and_then(|v| v.to_str().ok());
                let listed = error_type != "ValidationException" || has_field_list(&response);
                if response.status() == status && got == Some(error_type) && listed {
                    self.malformed += 1;
                } else {
                    self.fail(format!(
                        "request {request}: wanted {status} {error_type}, got {} {got:?}",
                        response.status()
                    ));
                }
            }
            Err(e) => self.fail(format!("request {request}: transport {e}")),
        }
    }
}

fn has_field_list(response: &http::Response<Vec<u8>>) -> bool {
    serde_json::from_slice::<serde_json::Value>(response.body())
        .ok()
        .and_then(|body| body.get("fieldList")?.as_array().map(|l| !l.is_empty()))
        .unwrap_or(false)
}

/// Malformed request number `kind` (they take turns) and its rejection.
pub fn malformed_request(kind: usize) -> (http::Request<Vec<u8>>, u16, &'static str) {
    let update_uri = format!("/things/{THING}/jobs/{}", execution_id(0));
    let post = |content_type: &str, body: &str| {
        http::Request::post(update_uri.as_str())
            .header("content-type", content_type)
            .body(body.as_bytes().to_vec())
            .expect("a valid request")
    };
    match kind % 5 {
        0 => (
            post("application/json", r#"{"status": "IN_PROG"#),
            400,
            "SerializationException",
        ),
        1 => (
            post("text/plain", r#"{"status":"IN_PROGRESS"}"#),
            415,
            "UnsupportedMediaTypeException",
        ),
        2 => (
            http::Request::get("/no/such/operation")
                .body(Vec::new())
                .expect("a valid request"),
            404,
            "UnknownOperationException",
        ),
        3 => (
            post(
                "application/json",
                r#"{"status":"IN_PROGRESS","statusDetails":{"not a key!":"x"}}"#,
            ),
            400,
            "ValidationException",
        ),
        _ => (
            http::Request::delete(update_uri.as_str())
                .body(Vec::new())
                .expect("a valid request"),
            405,
            "MethodNotAllowedException",
        ),
    }
}
