//! A device agent for AWS IoT Jobs over MQTT: it subscribes to its thing's
//! job topics, asks for the next job, runs it through `IN_PROGRESS` to
//! `SUCCEEDED` (or `FAILED`, with `statusDetails`) using `expectedVersion`,
//! and handles rejections. The generated `mqtt` module builds every topic and
//! reads every message; `rumqttc` only carries bytes.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use iot_jobs_data_plane::mqtt::{self, Message};
use iot_jobs_data_plane::types::{
    JobExecutionData, JobExecutionStatus, MqttStartNextPendingJobExecutionRequest,
    MqttUpdateJobExecutionRequest, RejectedError, RejectedErrorCode,
};
use rumqttc::{Client, Connection, Event, Packet, QoS};

/// What running a job's document came to: `Err` holds why it failed.
pub type JobResult = Result<(), String>;

/// The end state of one job execution, as the agent last saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    pub job_id: String,
    pub status: JobExecutionStatus,
}

/// Why the agent stopped before finishing its jobs.
#[derive(Debug)]
pub enum AgentError {
    Client(rumqttc::ClientError),
    Connection(String),
    Topic(mqtt::TopicError),
    TimedOut { finished: Vec<Finished> },
}

impl std::fmt::Display for AgentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AgentError::Client(e) => write!(f, "MQTT client: {e}"),
            AgentError::Connection(e) => write!(f, "MQTT connection: {e}"),
            AgentError::Topic(e) => write!(f, "topic: {e}"),
            AgentError::TimedOut { finished } => {
                write!(f, "timed out after {} finished job(s)", finished.len())
            }
        }
    }
}

impl std::error::Error for AgentError {}

impl From<rumqttc::ClientError> for AgentError {
    fn from(e: rumqttc::ClientError) -> Self {
        AgentError::Client(e)
    }
}

impl From<mqtt::TopicError> for AgentError {
    fn from(e: mqtt::TopicError) -> Self {
        AgentError::Topic(e)
    }
}

/// The job the agent is working on: its id, the version the service last
/// reported, and where it is in its run.
struct Current {
    job_id: String,
    version: i64,
    /// The update in flight, resent with a fresh version on a mismatch.
    pending: MqttUpdateJobExecutionRequest,
    /// Whether the job has run and `pending` reports its end.
    done: bool,
    /// The execution to run once its progress is accepted.
    execution: Option<JobExecutionData>,
}

pub struct Agent<R: FnMut(&JobExecutionData) -> JobResult> {
    thing: String,
    client: Client,
    connection: Connection,
    run_job: R,
    current: Option<Current>,
    finished: Vec<Finished>,
    rewrite: Option<Rewrite>,
}

/// A broker that reserves `$` topics (rumqttd refuses `$` filters) carries
/// `$aws/...` under another prefix: topics are rewritten on the way out and
/// back, so the agent and the generated module still see AWS's topics.
#[derive(Clone, Debug)]
pub struct Rewrite {
    /// The prefix of the model's topics (`$aws/`).
    pub model: String,
    /// The prefix the broker carries instead (`sim/aws/`).
    pub broker: String,
}

impl Rewrite {
    pub fn to_broker(&self, topic: String) -> String {
        match topic.strip_prefix(&self.model) {
            Some(rest) => format!("{}{rest}", self.broker),
            None => topic,
        }
    }

    pub fn to_model(&self, topic: &str) -> String {
        match topic.strip_prefix(&self.broker) {
            Some(rest) => format!("{}{rest}", self.model),
            None => topic.to_string(),
        }
    }
}

impl<R: FnMut(&JobExecutionData) -> JobResult> Agent<R> {
    /// An agent for `thing` on a connected client; `run_job` does the work a
    /// job document asks for.
    pub fn new(thing: &str, client: Client, connection: Connection, run_job: R) -> Self {
        Agent {
            thing: thing.to_string(),
            client,
            connection,
            run_job,
            current: None,
            finished: Vec::new(),
            rewrite: None,
        }
    }

    /// Carries the model's topics under another prefix (see [`Rewrite`]).
    pub fn with_rewrite(mut self, rewrite: Rewrite) -> Self {
        self.rewrite = Some(rewrite);
        self
    }

    fn to_broker(&self, topic: String) -> String {
        match &self.rewrite {
            Some(r) => r.to_broker(topic),
            None => topic,
        }
    }

    /// Runs jobs until `jobs` have finished (or `timeout` passes), and
    /// returns their end states in order.
    pub fn run(mut self, jobs: usize, timeout: Duration) -> Result<Vec<Finished>, AgentError> {
        let thing = Some(self.thing.as_str());
        for filter in [
            mqtt::next_job_execution_changed_filter(thing)?,
            mqtt::start_next_pending_job_execution_accepted_filter(thing)?,
            mqtt::start_next_pending_job_execution_rejected_filter(thing)?,
            mqtt::update_job_execution_accepted_filter(thing, None)?,
            mqtt::update_job_execution_rejected_filter(thing, None)?,
        ] {
            let filter = self.to_broker(filter);
            self.client.subscribe(filter, QoS::AtLeastOnce)?;
        }
        self.start_next()?;
        let deadline = Instant::now() + timeout;
        while self.finished.len() < jobs {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(AgentError::TimedOut {
                    finished: self.finished,
                });
            }
            let event = match self.connection.recv_timeout(left) {
                Ok(Ok(event)) => event,
                Ok(Err(e)) => return Err(AgentError::Connection(e.to_string())),
                Err(_) => continue,
            };
            if let Event::Incoming(Packet::Publish(p)) = event {
                let topic = match &self.rewrite {
                    Some(r) => r.to_model(&p.topic),
                    None => p.topic.clone(),
                };
                match mqtt::route(&topic, &p.payload) {
                    Ok(message) => self.handle(message)?,
                    // A message the agent cannot read is reported and skipped.
                    Err(e) => eprintln!("agent: ignored a message: {e}"),
                }
            }
        }
        self.client.disconnect()?;
        Ok(self.finished)
    }

    fn handle(&mut self, message: Message) -> Result<(), AgentError> {
        match message {
            Message::StartNextPendingJobExecutionAccepted { message, .. } => {
                // No execution: nothing is pending; notify-next will tell.
                if let Some(execution) = message.execution {
                    self.begin(execution)?;
                }
            }
            // Told of a job while idle: start it.
            Message::NextJobExecutionChanged { message, .. }
                if self.current.is_none() && message.execution.is_some() =>
            {
                self.start_next()?;
            }
            Message::UpdateJobExecutionAccepted { labels, message } => {
                let Some(current) = self.current.as_mut() else {
                    return Ok(());
                };
                if labels.job_id.as_deref() != Some(current.job_id.as_str()) {
                    return Ok(());
                }
                current.version = message
                    .execution_state
                    .and_then(|s| s.version_number)
                    .unwrap_or(current.version + 1);
                if current.done {
                    let status = current.pending.status.clone();
                    let job_id = current.job_id.clone();
                    self.current = None;
                    self.finished.push(Finished { job_id, status });
                    self.start_next()?;
                } else {
                    self.finish_job()?;
                }
            }
            Message::UpdateJobExecutionRejected { labels, message } => {
                self.rejected(labels.job_id, message)?;
            }
            Message::StartNextPendingJobExecutionRejected { message, .. } => {
                eprintln!("agent: start-next rejected: {:?}", message.code);
            }
            _ => {}
        }
        Ok(())
    }

    /// A job started by start-next (now IN_PROGRESS): report progress first.
    fn begin(&mut self, execution: JobExecutionData) -> Result<(), AgentError> {
        let job_id = execution.job_id.clone().unwrap_or_default();
        let version = execution.version_number.unwrap_or(0);
        let progress = self
            .update(&job_id, JobExecutionStatus::InProgress, "step", "running")
            .expected_version(version)
            .build()
            .expect("status is set");
        self.current = Some(Current {
            job_id,
            version,
            pending: progress,
            done: false,
            execution: Some(execution),
        });
        self.send_pending()
    }

    /// Runs the job and reports its end: SUCCEEDED, or FAILED with the reason.
    fn finish_job(&mut self) -> Result<(), AgentError> {
        let Some(current) = self.current.as_mut() else {
            return Ok(());
        };
        let (job_id, version) = (current.job_id.clone(), current.version);
        let Some(execution) = current.execution.take() else {
            return Ok(()); // already run; a duplicate accept
        };
        let outcome = (self.run_job)(&execution);
        let request = match outcome {
            Ok(()) => self.update(&job_id, JobExecutionStatus::Succeeded, "step", "done"),
            Err(reason) => self.update(&job_id, JobExecutionStatus::Failed, "reason", &reason),
        };
        let request = request
            .expected_version(version)
            .build()
            .expect("status is set");
        if let Some(current) = self.current.as_mut() {
            current.pending = request;
            current.done = true;
        }
        self.send_pending()
    }

    /// A version mismatch is retried with the version the service reports;
    /// any other rejection drops the job and asks for the next one.
    fn rejected(&mut self, job_id: Option<String>, error: RejectedError) -> Result<(), AgentError> {
        let Some(current) = self.current.as_mut() else {
            return Ok(());
        };
        if job_id.as_deref() != Some(current.job_id.as_str()) {
            return Ok(());
        }
        let reported = error.execution_state.and_then(|s| s.version_number);
        match (error.code, reported) {
            (Some(RejectedErrorCode::VersionMismatch), Some(version)) => {
                current.version = version;
                current.pending.expected_version = Some(version);
                self.send_pending()
            }
            (code, _) => {
                eprintln!("agent: update of {} rejected: {code:?}", current.job_id);
                self.current = None;
                self.start_next()
            }
        }
    }

    fn update(
        &self,
        job_id: &str,
        status: JobExecutionStatus,
        key: &str,
        value: &str,
    ) -> iot_jobs_data_plane::types::builders::MqttUpdateJobExecutionRequestBuilder {
        MqttUpdateJobExecutionRequest::builder()
            .thing_name(self.thing.as_str())
            .job_id(job_id)
            .status(status)
            .status_details(BTreeMap::from([(key.to_string(), value.to_string())]))
            .include_job_execution_state(true)
    }

    fn send_pending(&mut self) -> Result<(), AgentError> {
        if let Some(current) = &self.current {
            let message = mqtt::update_job_execution(&current.pending)?;
            self.publish(message)?;
        }
        Ok(())
    }

    fn start_next(&mut self) -> Result<(), AgentError> {
        let request = MqttStartNextPendingJobExecutionRequest::builder()
            .thing_name(self.thing.as_str())
            .build();
        let message = mqtt::start_next_pending_job_execution(&request)?;
        self.publish(message)
    }

    fn publish(&mut self, message: mqtt::Publish) -> Result<(), AgentError> {
        let topic = self.to_broker(message.topic);
        self.client
            .publish(topic, QoS::AtLeastOnce, false, message.payload)?;
        Ok(())
    }
}
