//! A bounded load test of the local endpoint: clients on threads update a
//! few shared job executions with `expectedVersion` (retrying on a version
//! conflict), ask for answers known in advance (an unknown job, a finished
//! one) and send malformed requests. Then it checks that every answer was
//! right and no update was lost: each accepted update's version is unique
//! and they add up to each execution's final version.

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use iot_jobs_data_plane::operation::{
    DescribeJobExecution, DescribeJobExecutionError, GetPendingJobExecutions, ResponseError,
    UpdateJobExecution,
};
use iot_jobs_data_plane::types::{
    DescribeJobExecutionRequest, GetPendingJobExecutionsRequest, JobExecution, JobExecutionStatus,
    UpdateJobExecutionRequest,
};

mod report;
mod worker;

pub use report::Report;
pub use worker::malformed_request;

use crate::client::{CallError, Client};
use crate::endpoint::{Jobs, Options, Server};
use worker::{Accepted, Worker};

const THING: &str = "load-thing";
/// An execution that finished before the test: updates to it are refused.
const DONE: &str = "done";

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
                let mut worker = Worker::new(client.clone(), id, config.executions.max(1));
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
