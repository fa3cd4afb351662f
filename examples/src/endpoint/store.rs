//! Every thing's job executions in memory, and the data plane's
//! operations on them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use iot_jobs_data_plane::operation::{
    DescribeJobExecutionError, GetPendingJobExecutionsError, StartCommandExecutionError,
    StartNextPendingJobExecutionError, UpdateJobExecutionError,
};
use iot_jobs_data_plane::types::{
    DescribeJobExecutionRequest, DescribeJobExecutionResponse, GetPendingJobExecutionsRequest,
    GetPendingJobExecutionsResponse, InvalidRequestException, InvalidStateTransitionException,
    JobExecution, JobExecutionStatus, JobExecutionSummary, ResourceNotFoundException,
    StartCommandExecutionRequest, StartCommandExecutionResponse,
    StartNextPendingJobExecutionRequest, StartNextPendingJobExecutionResponse,
    TerminalStateException, UpdateJobExecutionRequest, UpdateJobExecutionResponse,
};

use super::commands::Commands;
use super::execution::{
    check_step_timeout, device_may_set, expire, find, is_terminal, may_change, next_pending,
    Execution,
};

/// Seconds since the epoch, the unit of the data plane's timestamps.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    })
}

/// The `jobId` that names a thing's next pending execution.
pub const NEXT: &str = "$next";

/// Every thing's job executions, in the order they were queued.
pub struct Jobs {
    things: Mutex<BTreeMap<String, Vec<Execution>>>,
    pub(super) commands: Mutex<Commands>,
    clock: Clock,
}

impl Default for Jobs {
    fn default() -> Self {
        Jobs::with_clock(system_clock())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing panics while holding a lock; were it to, serving on beats stopping.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn not_found(what: String) -> ResourceNotFoundException {
    ResourceNotFoundException::builder().message(what).build()
}

fn invalid_request(what: String) -> InvalidRequestException {
    InvalidRequestException::builder().message(what).build()
}

fn thing_of(name: &Option<String>) -> &str {
    // Validated input: the label is always there.
    name.as_deref().unwrap_or_default()
}

impl Jobs {
    /// An empty store whose timestamps come from `clock`.
    pub fn with_clock(clock: Clock) -> Self {
        Jobs {
            things: Mutex::new(BTreeMap::new()),
            commands: Mutex::new(Commands::default()),
            clock,
        }
    }

    pub(super) fn now(&self) -> i64 {
        (self.clock)()
    }

    /// Makes `thing` known, with no executions if it had none.
    pub fn add_thing(&self, thing: &str) {
        lock(&self.things).entry(thing.to_owned()).or_default();
    }

    /// Whether `thing` is known.
    pub fn has_thing(&self, thing: &str) -> bool {
        lock(&self.things).contains_key(thing)
    }

    /// Queues `execution` for `thing`. Unset fields take defaults: status
    /// QUEUED, the next execution number of the job, version 1, queued now,
    /// an empty job document `{}`. `approximateSecondsBeforeTimedOut` of an
    /// IN_PROGRESS execution starts its step timer.
    pub fn add_execution(&self, thing: &str, execution: JobExecution) -> Result<(), String> {
        let now = self.now();
        let job_id = execution.job_id.ok_or("an execution needs a jobId")?;
        if execution.thing_name.as_deref().is_some_and(|t| t != thing) {
            return Err(format!("{job_id}: thingName is not {thing}"));
        }
        let status = execution.status.unwrap_or(JobExecutionStatus::Queued);
        if !status.is_known() {
            return Err(format!("{job_id}: unknown status {}", status.as_str()));
        }
        let mut things = lock(&self.things);
        let executions = things.entry(thing.to_owned()).or_default();
        let number = match execution.execution_number {
            Some(n) if find(executions, &job_id, Some(n)).is_some() => {
                return Err(format!("{thing}/{job_id}: execution {n} is there already"));
            }
            Some(n) => n,
            None => find(executions, &job_id, None).map_or(1, |e| e.execution_number + 1),
        };
        let queued_at = if execution.queued_at == 0 {
            now
        } else {
            execution.queued_at
        };
        let started_at = execution
            .started_at
            .or((status == JobExecutionStatus::InProgress).then_some(queued_at));
        let timer = execution
            .approximate_seconds_before_timed_out
            .filter(|_| status == JobExecutionStatus::InProgress);
        executions.push(Execution {
            job_id,
            execution_number: number,
            job_document: execution.job_document.unwrap_or_else(|| "{}".into()),
            status,
            status_details: execution.status_details,
            queued_at,
            started_at,
            last_updated_at: execution
                .last_updated_at
                .max(queued_at)
                .max(started_at.unwrap_or(0)),
            version_number: execution.version_number.max(1),
            step_deadline: timer.map(|s| now + s),
        });
        Ok(())
    }

    /// The latest execution of `job_id` on `thing`, with its document,
    /// whatever its status (for inspection: no TerminalStateException).
    pub fn execution(&self, thing: &str, job_id: &str) -> Option<JobExecution> {
        let now = self.now();
        let mut things = lock(&self.things);
        let executions = things.get_mut(thing)?;
        expire(executions, now);
        find(executions, job_id, None).map(|e| e.to_job_execution(thing, true, now))
    }

    /// Runs `f` on the thing's executions, timers checked; ResourceNotFound
    /// for an unknown thing.
    fn with_thing<T>(
        &self,
        thing: &str,
        f: impl FnOnce(&mut Vec<Execution>, i64) -> T,
    ) -> Result<T, ResourceNotFoundException> {
        let now = self.now();
        let mut things = lock(&self.things);
        let executions = things
            .get_mut(thing)
            .ok_or_else(|| not_found(format!("Thing {thing} not found")))?;
        expire(executions, now);
        Ok(f(executions, now))
    }

    /// `DescribeJobExecution`: a job's execution (the latest unless
    /// `executionNumber` says which), or with `$next` the next pending one.
    /// Describing a job execution in a terminal status is a
    /// TerminalStateException, as the data plane documents.
    pub fn describe(
        &self,
        input: &DescribeJobExecutionRequest,
    ) -> Result<DescribeJobExecutionResponse, DescribeJobExecutionError> {
        use DescribeJobExecutionError as E;
        let thing = thing_of(&input.thing_name);
        let job_id = input.job_id.as_deref().unwrap_or(NEXT);
        let with_document = input.include_job_document.unwrap_or(true);
        self.with_thing(thing, |executions, now| {
            if job_id == NEXT {
                let next = next_pending(executions);
                let execution = next.map(|e| e.to_job_execution(thing, with_document, now));
                return Ok(DescribeJobExecutionResponse::builder()
                    .set_execution(execution)
                    .build());
            }
            let e = find(executions, job_id, input.execution_number).ok_or_else(|| {
                E::ResourceNotFoundException(not_found(format!(
                    "Job execution {thing}/{job_id} not found"
                )))
            })?;
            if is_terminal(&e.status) {
                return Err(E::TerminalStateException(
                    TerminalStateException::builder()
                        .message(format!(
                            "Job execution {thing}/{job_id} is in the terminal status {}",
                            e.status.as_str()
                        ))
                        .build(),
                ));
            }
            Ok(DescribeJobExecutionResponse::builder()
                .execution(e.to_job_execution(thing, with_document, now))
                .build())
        })
        .map_err(E::ResourceNotFoundException)?
    }

    /// `GetPendingJobExecutions`: summaries of the IN_PROGRESS and the
    /// QUEUED executions, in the order they were queued.
    pub fn pending(
        &self,
        input: &GetPendingJobExecutionsRequest,
    ) -> Result<GetPendingJobExecutionsResponse, GetPendingJobExecutionsError> {
        let thing = thing_of(&input.thing_name);
        self.with_thing(thing, |executions, _| {
            let mut ordered: Vec<&Execution> = executions.iter().collect();
            ordered.sort_by_key(|e| e.queued_at);
            let with = |status: JobExecutionStatus| -> Vec<JobExecutionSummary> {
                ordered
                    .iter()
                    .filter(|e| e.status == status)
                    .map(|e| e.summary())
                    .collect()
            };
            GetPendingJobExecutionsResponse::builder()
                .in_progress_jobs(with(JobExecutionStatus::InProgress))
                .queued_jobs(with(JobExecutionStatus::Queued))
                .build()
        })
        .map_err(GetPendingJobExecutionsError::ResourceNotFoundException)
    }

    /// `StartNextPendingJobExecution`: an IN_PROGRESS execution as it is,
    /// else the first QUEUED one moved to IN_PROGRESS (with the request's
    /// status details and step timer); no execution when none is pending.
    pub fn start_next(
        &self,
        input: &StartNextPendingJobExecutionRequest,
    ) -> Result<StartNextPendingJobExecutionResponse, StartNextPendingJobExecutionError> {
        use StartNextPendingJobExecutionError as E;
        let thing = thing_of(&input.thing_name);
        check_step_timeout(input.step_timeout_in_minutes, false)
            .map_err(|m| E::InvalidRequestException(invalid_request(m)))?;
        self.with_thing(thing, |executions, now| {
            let Some(e) = next_pending(executions) else {
                return StartNextPendingJobExecutionResponse::builder().build();
            };
            if e.status == JobExecutionStatus::Queued {
                e.status = JobExecutionStatus::InProgress;
                e.started_at = Some(now);
                e.last_updated_at = now;
                e.version_number += 1;
                if input.status_details.is_some() {
                    e.status_details = input.status_details.clone();
                }
                e.set_step_timer(input.step_timeout_in_minutes, now);
            }
            StartNextPendingJobExecutionResponse::builder()
                .execution(e.to_job_execution(thing, true, now))
                .build()
        })
        .map_err(E::ResourceNotFoundException)
    }

    /// `UpdateJobExecution`: checks the version (`expectedVersion`) and the
    /// status change, then applies it and bumps the version.
    ///
    /// The model has no VersionMismatch error for HTTP: a stale
    /// `expectedVersion` is an InvalidStateTransitionException (409) whose
    /// message starts with `VersionMismatch`.
    pub fn update(
        &self,
        input: &UpdateJobExecutionRequest,
    ) -> Result<UpdateJobExecutionResponse, UpdateJobExecutionError> {
        use UpdateJobExecutionError as E;
        let thing = thing_of(&input.thing_name);
        let job_id = input.job_id.as_deref().unwrap_or_default();
        let status = input
            .status
            .clone()
            .unwrap_or(JobExecutionStatus::InProgress);
        let transition = |message: String| {
            E::InvalidStateTransitionException(
                InvalidStateTransitionException::builder()
                    .message(message)
                    .build(),
            )
        };
        if !device_may_set(&status) {
            return Err(E::InvalidRequestException(invalid_request(format!(
                "A device sets IN_PROGRESS, SUCCEEDED, FAILED or REJECTED, not {}",
                status.as_str()
            ))));
        }
        check_step_timeout(input.step_timeout_in_minutes, true)
            .map_err(|m| E::InvalidRequestException(invalid_request(m)))?;
        self.with_thing(thing, |executions, now| {
            let e = find(executions, job_id, input.execution_number).ok_or_else(|| {
                E::ResourceNotFoundException(not_found(format!(
                    "Job execution {thing}/{job_id} not found"
                )))
            })?;
            if let Some(expected) = input.expected_version {
                if expected != e.version_number {
                    return Err(transition(format!(
                        "VersionMismatch: expected version {expected}, the job execution is at \
                         version {} ({})",
                        e.version_number,
                        e.status.as_str()
                    )));
                }
            }
            if !may_change(&e.status, &status) {
                return Err(transition(format!(
                    "Job execution {thing}/{job_id} cannot go from {} to {}",
                    e.status.as_str(),
                    status.as_str()
                )));
            }
            if e.status == JobExecutionStatus::Queued {
                e.started_at = Some(now);
            }
            e.status = status.clone();
            if input.status_details.is_some() {
                e.status_details = input.status_details.clone();
            }
            if is_terminal(&status) {
                e.step_deadline = None;
            } else {
                e.set_step_timer(input.step_timeout_in_minutes, now);
            }
            e.last_updated_at = now;
            e.version_number += 1;
            let mut out = UpdateJobExecutionResponse::builder();
            if input.include_job_execution_state == Some(true) {
                out = out.execution_state(e.state());
            }
            if input.include_job_document == Some(true) {
                out = out.job_document(e.job_document.clone());
            }
            Ok(out.build())
        })
        .map_err(E::ResourceNotFoundException)?
    }

    /// `StartCommandExecution`: see [`super::commands`].
    pub fn start_command(
        &self,
        input: &StartCommandExecutionRequest,
    ) -> Result<StartCommandExecutionResponse, StartCommandExecutionError> {
        super::commands::start(self, input)
    }
}
