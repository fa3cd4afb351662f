//! One job execution, and the rules for each: which is next, which status
//! changes a device may make, step timers.

use std::collections::BTreeMap;

use iot_jobs_data_plane::types::{
    JobExecution, JobExecutionState, JobExecutionStatus, JobExecutionSummary,
};

/// The longest step timer, in minutes (7 days).
const MAX_STEP_MINUTES: i64 = 10080;

/// A job execution as the store keeps it.
#[derive(Clone, Debug)]
pub(super) struct Execution {
    pub(super) job_id: String,
    pub(super) execution_number: i64,
    pub(super) job_document: String,
    pub(super) status: JobExecutionStatus,
    pub(super) status_details: Option<BTreeMap<String, String>>,
    pub(super) queued_at: i64,
    pub(super) started_at: Option<i64>,
    pub(super) last_updated_at: i64,
    pub(super) version_number: i64,
    /// When the step timer runs out.
    pub(super) step_deadline: Option<i64>,
}

pub(super) fn is_terminal(status: &JobExecutionStatus) -> bool {
    !matches!(
        status,
        JobExecutionStatus::Queued | JobExecutionStatus::InProgress
    )
}

/// The statuses a device reports (`UpdateJobExecution`); the others are
/// the service's to set.
pub(super) fn device_may_set(status: &JobExecutionStatus) -> bool {
    use JobExecutionStatus::*;
    matches!(status, InProgress | Succeeded | Failed | Rejected)
}

/// From QUEUED or IN_PROGRESS to IN_PROGRESS (again, to report progress)
/// or a terminal status a device reports; nothing leaves a terminal status.
pub(super) fn may_change(from: &JobExecutionStatus, to: &JobExecutionStatus) -> bool {
    !is_terminal(from) && device_may_set(to)
}

pub(super) fn check_step_timeout(minutes: Option<i64>, may_cancel: bool) -> Result<(), String> {
    match minutes {
        None => Ok(()),
        Some(-1) if may_cancel => Ok(()),
        Some(m) if (1..=MAX_STEP_MINUTES).contains(&m) => Ok(()),
        Some(m) => Err(format!(
            "stepTimeoutInMinutes must be from 1 to {MAX_STEP_MINUTES}{}, not {m}",
            if may_cancel { " or -1" } else { "" }
        )),
    }
}

impl Execution {
    pub(super) fn to_job_execution(
        &self,
        thing: &str,
        with_document: bool,
        now: i64,
    ) -> JobExecution {
        let mut builder = JobExecution::builder()
            .job_id(self.job_id.clone())
            .thing_name(thing)
            .status(self.status.clone())
            .queued_at(self.queued_at)
            .set_started_at(self.started_at)
            .last_updated_at(self.last_updated_at)
            .version_number(self.version_number)
            .execution_number(self.execution_number)
            .set_status_details(self.status_details.clone())
            .set_approximate_seconds_before_timed_out(self.step_deadline.map(|d| (d - now).max(0)));
        if with_document {
            builder = builder.job_document(self.job_document.clone());
        }
        builder.build()
    }

    pub(super) fn summary(&self) -> JobExecutionSummary {
        JobExecutionSummary::builder()
            .job_id(self.job_id.clone())
            .execution_number(self.execution_number)
            .queued_at(self.queued_at)
            .set_started_at(self.started_at)
            .last_updated_at(self.last_updated_at)
            .version_number(self.version_number)
            .build()
    }

    pub(super) fn state(&self) -> JobExecutionState {
        JobExecutionState::builder()
            .status(self.status.clone())
            .set_status_details(self.status_details.clone())
            .version_number(self.version_number)
            .build()
    }

    /// Starts the step timer, or stops it with `-1`.
    pub(super) fn set_step_timer(&mut self, minutes: Option<i64>, now: i64) {
        match minutes {
            Some(-1) => self.step_deadline = None,
            Some(m) => self.step_deadline = Some(now + m * 60),
            None => {}
        }
    }
}

/// Step timers that ran out: their executions are TIMED_OUT. Checked on
/// every access to the thing, so no background task is needed.
pub(super) fn expire(executions: &mut [Execution], now: i64) {
    for e in executions {
        match e.step_deadline {
            Some(deadline) if deadline <= now && e.status == JobExecutionStatus::InProgress => {
                e.status = JobExecutionStatus::TimedOut;
                e.last_updated_at = deadline;
                e.step_deadline = None;
            }
            _ => {}
        }
    }
}

/// The execution of `job_id` numbered `number`, or its latest.
pub(super) fn find<'a>(
    executions: &'a mut [Execution],
    job_id: &str,
    number: Option<i64>,
) -> Option<&'a mut Execution> {
    let mut of_job = executions.iter_mut().filter(|e| e.job_id == job_id);
    match number {
        Some(n) => of_job.find(|e| e.execution_number == n),
        None => of_job.max_by_key(|e| e.execution_number),
    }
}

/// The next pending execution: IN_PROGRESS ones first, then QUEUED ones,
/// each in the order they were queued.
pub(super) fn next_pending(executions: &mut [Execution]) -> Option<&mut Execution> {
    let index = executions
        .iter()
        .enumerate()
        .filter(|(_, e)| !is_terminal(&e.status))
        .min_by_key(|(i, e)| (e.status != JobExecutionStatus::InProgress, e.queued_at, *i))
        .map(|(i, _)| i)?;
    Some(&mut executions[index])
}
