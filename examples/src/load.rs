//! A bounded load test of the local endpoint: clients on threads update a
//! few shared job executions with `expectedVersion` (retrying on a version
//! conflict), ask for answers known in advance (an unknown job, a finished
//! one) and send malformed requests. Then it checks that every answer was
//! right and no update was lost: each accepted update's version is unique
//! and they add up to each execution's final version.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use iot_jobs_data_plane::operation::{
    DescribeJobExecution, DescribeJobExecutionError, GetPendingJobExecutions, ResponseError,
    UpdateJobExecution, UpdateJobExecutionError,
};
use iot_jobs_data_plane::types::{
    DescribeJobExecutionRequest, GetPendingJobExecutionsRequest, JobExecution, JobExecutionStatus,
    UpdateJobExecutionRequest,
};

use crate::client::{CallError, Client};
use crate::endpoint::{Jobs, Options, Server};

const THING: &str = "load-thing";
/// An execution that finished before the test: updates to it are refused.
const DONE: &str = "done";
/// Tries of one update before it counts as starved.
const MAX_TRIES: usize = 10_000;
/// Failures kept per client: the first ones say enough.
const MAX_FAILURES: usize = 20;

/// How much load.
#[derive(Clone, Debug)]
pub struct Config {
    /// Requests, malformed ones included (retries not counted).
    pub requests: usize,
    /// Client threads.
    pub clients: usize,
    /// Job executions the clients share (fewer: more version conflicts).
    pub executions: usize,
    /// The endpoint's worker threads.
    pub server_threads: usize,
    /// One HTTP exchange's bound.
    pub timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            requests: 10_000,
            clients: 8,
            executions: 4,
            server_threads: 2,
            timeout: Duration::from_secs(10),
        }
    }
}

/// What happened, and whether every answer was right.
#[derive(Debug, Default)]
pub struct Report {
    pub requests: usize,
    pub clients: usize,
    /// HTTP exchanges, retries and version refreshes included.
    pub exchanges: usize,
    pub accepted_updates: usize,
    pub version_conflicts: usize,
    pub expected_errors: usize,
    pub malformed: usize,
    pub elapsed: Duration,
    /// Every exchange's round trip, sorted.
    pub latencies: Vec<Duration>,
    /// What was wrong; empty when all was right.
    pub failures: Vec<String>,
}

impl Report {
    /// Exchanges per second.
    pub fn throughput(&self) -> f64 {
        self.exchanges as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The `p`th percentile latency (nearest rank).
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }

    pub fn print(&self) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "requests: {} from {} clients: {} updates accepted after {} version conflicts, \
             {} expected errors, {} malformed requests rejected",
            self.requests,
            self.clients,
            self.accepted_updates,
            self.version_conflicts,
            self.expected_errors,
            self.malformed
        );
        println!(
            "exchanges: {} in {:.2} s: {:.0} req/s",
            self.exchanges,
            self.elapsed.as_secs_f64(),
            self.throughput()
        );
        println!(
            "latency: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            ms(self.percentile(50.0)),
            ms(self.percentile(90.0)),
            ms(self.percentile(99.0)),
            ms(self.latencies.last().copied().unwrap_or_default())
        );
        if self.failures.is_empty() {
            println!("correct: every answer right, no update lost, the server stayed up");
        } else {
            println!("FAILED: {} problems", self.failures.len());
            for failure in &self.failures {
                println!("  {failure}");
            }
        }
    }
}

fn execution_id(index: usize) -> String {
    format!("load-{index}")
}

/// The store the load starts from: the shared executions QUEUED at
/// version 1, and one SUCCEEDED.
fn seed(config: &Config) -> Jobs {
    let jobs = Jobs::default();
    let queued = |id: String| {
        JobExecution::builder()
            .job_id(id)
            .job_document(r#"{"operation":"load"}"#)
            .build()
    };
    for i in 0..config.executions {
        jobs.add_execution(THING, queued(execution_id(i)))
            .expect("a valid execution");
    }
    let done = JobExecution::builder()
        .job_id(DONE)
        .status(JobExecutionStatus::Succeeded)
        .build();
    jobs.add_execution(THING, done).expect("a valid execution");
    jobs
}

/// An update accepted: which execution, the version it made, by which request.
struct Accepted {
    execution: usize,
    version: i64,
    request: usize,
}

/// One client's share of the work and what it saw.
struct Worker {
    client: Client,
    id: usize,
    rng: u64,
    /// The versions this client last saw, per execution.
    known: Vec<i64>,
    accepted: Vec<Accepted>,
    conflicts: usize,
    expected_errors: usize,
    malformed: usize,
    latencies: Vec<Duration>,
    failures: Vec<String>,
}

impl Worker {
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

    fn run(&mut self, request: usize) {
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

/// Runs the load against an endpoint of its own on 127.0.0.1.
pub fn run(config: &Config) -> std::io::Result<Report> {
    let jobs = Arc::new(seed(config));
    let options = Options {
        threads: config.server_threads,
        ..Options::default()
    };
    let server = Server::start(jobs.clone(), &options)?;
    let client = Client::new(&server.url(), config.timeout);
    let started = Instant::now();
    let workers: Vec<Worker> = thread::scope(|scope| {
        let handles: Vec<_> = (0..config.clients.max(1))
            .map(|id| {
                let mut worker = Worker {
                    client: client.clone(),
                    id,
                    rng: 0x9E37_79B9_7F4A_7C15 ^ (id as u64 + 1),
                    known: vec![1; config.executions.max(1)],
                    accepted: Vec::new(),
                    conflicts: 0,
                    expected_errors: 0,
                    malformed: 0,
                    latencies: Vec::new(),
                    failures: Vec::new(),
                };
                let clients = config.clients.max(1);
                let requests = config.requests;
                scope.spawn(move || {
                    for request in (id..requests).step_by(clients) {
                        worker.run(request);
                    }
                    worker
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a client thread"))
            .collect()
    });
    let elapsed = started.elapsed();
    let mut report = Report {
        requests: config.requests,
        clients: config.clients,
        elapsed,
        ..Report::default()
    };
    let mut accepted = Vec::new();
    for w in workers {
        report.accepted_updates += w.accepted.len();
        report.version_conflicts += w.conflicts;
        report.expected_errors += w.expected_errors;
        report.malformed += w.malformed;
        report.latencies.extend(w.latencies);
        report.failures.extend(w.failures);
        accepted.extend(w.accepted);
    }
    report.exchanges = report.latencies.len();
    report.latencies.sort();
    verify(config, &jobs, &client, &accepted, &mut report.failures);
    server.stop()?;
    Ok(report)
}

/// No update lost or doubled: per execution, the accepted updates made
/// versions 2, 3, ... each once, the last one's details are the execution's,
/// and the server still answers and finishes each execution.
fn verify(
    config: &Config,
    jobs: &Jobs,
    client: &Client,
    accepted: &[Accepted],
    failures: &mut Vec<String>,
) {
    for execution in 0..config.executions.max(1) {
        let id = execution_id(execution);
        let mut made: Vec<&Accepted> = accepted
            .iter()
            .filter(|a| a.execution == execution)
            .collect();
        made.sort_by_key(|a| a.version);
        let versions: Vec<i64> = made.iter().map(|a| a.version).collect();
        let expected: Vec<i64> = (2..2 + made.len() as i64).collect();
        if versions != expected {
            failures.push(format!(
                "{id}: accepted versions are not 2..={}",
                made.len() + 1
            ));
        }
        let Some(state) = jobs.execution(THING, &id) else {
            failures.push(format!("{id}: gone"));
            continue;
        };
        let (status, version) = match made.last() {
            Some(_) => (JobExecutionStatus::InProgress, 1 + made.len() as i64),
            None => (JobExecutionStatus::Queued, 1),
        };
        if state.status.as_ref() != Some(&status) || state.version_number != version {
            failures.push(format!(
                "{id}: ends {:?} at version {}, the accepted updates imply {status:?} at {version}",
                state.status, state.version_number
            ));
        }
        let last_request = state
            .status_details
            .as_ref()
            .and_then(|d| d.get("request"))
            .and_then(|r| r.parse::<usize>().ok());
        if last_request != made.last().map(|a| a.request) {
            failures.push(format!("{id}: status details are not the last update's"));
        }
        finish(client, &id, version, failures);
    }
    let pending = GetPendingJobExecutionsRequest::builder()
        .thing_name(THING)
        .build();
    match client.call::<GetPendingJobExecutions>(&pending) {
        Ok(out)
            if out
                .in_progress_jobs
                .iter()
                .chain(&out.queued_jobs)
                .all(Vec::is_empty) => {}
        other => failures.push(format!("after the load, pending executions: {other:?}")),
    }
}

/// SUCCEEDED at the final version; then describing it is refused.
fn finish(client: &Client, id: &str, version: i64, failures: &mut Vec<String>) {
    let done = UpdateJobExecutionRequest::builder()
        .thing_name(THING)
        .job_id(id)
        .status(JobExecutionStatus::Succeeded)
        .expected_version(version)
        .build();
    if let Err(e) = client.call::<UpdateJobExecution>(&done) {
        failures.push(format!("{id}: finishing at version {version}: {e}"));
    }
    let describe = DescribeJobExecutionRequest::builder()
        .thing_name(THING)
        .job_id(id)
        .build();
    match client.call::<DescribeJobExecution>(&describe) {
        Err(CallError::Response(ResponseError::Modeled(
            DescribeJobExecutionError::TerminalStateException(_),
        ))) => {}
        other => failures.push(format!("{id}: describing it finished gave {other:?}")),
    }
}
