//! The device agent against a real MQTT broker: rumqttd in-process on
//! 127.0.0.1 and a free port, a small simulated Jobs service that answers
//! the request topics and keeps job executions in memory with versions, and
//! the agent running two queued jobs. Every wait is bounded.

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use examples::agent::{Agent, Finished, Rewrite};
use iot_jobs_data_plane::document::Document;
use iot_jobs_data_plane::json;
use iot_jobs_data_plane::mqtt::{self, Message};
use iot_jobs_data_plane::types::{
    JobExecutionData, JobExecutionStatus, MqttJobExecutionState, MqttUpdateJobExecutionResponse,
    NextJobExecutionChangedEvent, RejectedError, RejectedErrorCode, StartNextJobExecutionResponse,
};
use rumqttc::{Client, Connection, Event, MqttOptions, Packet, QoS};
use serde_json::json;

const THING: &str = "Sensor-7";

/// rumqttd refuses `$` filters and matches no `$` topic: `$aws/` travels as `sim/aws/`.
fn rewrite() -> Rewrite {
    Rewrite {
        model: "$aws/".into(),
        broker: "sim/aws/".into(),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts rumqttd on 127.0.0.1:`port` in a thread and waits until it accepts.
fn start_broker(port: u16) {
    let config = json!({
        "id": 0,
        "router": {
            "id": 0, "max_connections": 10, "max_outgoing_packet_count": 200,
            "max_segment_size": 1048576, "max_segment_count": 10
        },
        "v4": {"1": {
            "name": "v4-1", "listen": format!("127.0.0.1:{port}"), "next_connection_delay_ms": 1,
            "connections": {
                "connection_timeout_ms": 5000, "max_payload_size": 65536,
                "max_inflight_count": 100, "dynamic_filters": true
            }
        }}
    });
    let config: rumqttd::Config = serde_json::from_value(config).unwrap();
    thread::spawn(move || {
        let mut broker = rumqttd::Broker::new(config);
        let _ = broker.start();
    });
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        assert!(Instant::now() < deadline, "the broker did not start");
        thread::sleep(Duration::from_millis(20));
    }
}

fn connect(id: &str, port: u16) -> (Client, Connection) {
    let mut options = MqttOptions::new(id, "127.0.0.1", port);
    options.set_keep_alive(Duration::from_secs(5));
    Client::new(options, 64)
}

/// A job execution as the simulated service keeps it.
#[derive(Clone, Debug)]
struct Execution {
    job_id: String,
    status: JobExecutionStatus,
    version: i64,
    details: BTreeMap<String, String>,
    document: Document,
    /// Simulates another writer: the version moves once after start-next.
    bump_after_start: bool,
}

type Store = Arc<Mutex<Vec<Execution>>>;

/// The Jobs service: answers start-next and update, keeps versions, and
/// publishes notify-next. It queues `later` once the first start-next
/// found nothing, so the agent must wait for notify-next.
fn run_service(
    port: u16,
    store: Store,
    later: Vec<Execution>,
    stop: Arc<AtomicBool>,
    ready: mpsc::Sender<()>,
) {
    let (client, mut connection) = connect("jobs-service", port);
    let rewrite = rewrite();
    client
        .subscribe("sim/aws/things/+/jobs/start-next", QoS::AtLeastOnce)
        .unwrap();
    client
        .subscribe("sim/aws/things/+/jobs/+/update", QoS::AtLeastOnce)
        .unwrap();
    let mut later = Some(later);
    let mut subacks = 0;
    while !stop.load(Ordering::Relaxed) {
        let event = match connection.recv_timeout(Duration::from_millis(100)) {
            Ok(Ok(event)) => event,
            Ok(Err(e)) => panic!("service connection: {e}"),
            Err(_) => continue,
        };
        let publish = match event {
            Event::Incoming(Packet::SubAck(_)) => {
                subacks += 1;
                if subacks == 2 {
                    ready.send(()).unwrap();
                }
                continue;
            }
            Event::Incoming(Packet::Publish(p)) => p,
            _ => continue,
        };
        let reply = |topic: String, body: String| {
            client
                .publish(rewrite.to_broker(topic), QoS::AtLeastOnce, false, body)
                .unwrap()
        };
        match mqtt::route(&rewrite.to_model(&publish.topic), &publish.payload)
            .expect("a request the model knows")
        {
            Message::StartNextPendingJobExecution(request) => {
                let thing = request.thing_name.clone().unwrap();
                let mut jobs = store.lock().unwrap();
                let next = jobs.iter_mut().find(|e| {
                    matches!(
                        e.status,
                        JobExecutionStatus::Queued | JobExecutionStatus::InProgress
                    )
                });
                let execution = next.map(|e| {
                    if e.status == JobExecutionStatus::Queued {
                        e.status = JobExecutionStatus::InProgress;
                        e.version += 1;
                    }
                    let data = data_of(e);
                    if std::mem::take(&mut e.bump_after_start) {
                        e.version += 1;
                    }
                    data
                });
                let found = execution.is_some();
                let response = StartNextJobExecutionResponse::builder()
                    .set_execution(execution)
                    .build();
                let topic =
                    mqtt::start_next_pending_job_execution_accepted_filter(Some(&thing)).unwrap();
                reply(topic, json::to_string(&response).unwrap());
                if !found {
                    if let Some(new) = later.take() {
                        jobs.extend(new);
                        let event = NextJobExecutionChangedEvent::builder()
                            .set_execution(Some(data_of(&jobs[0])))
                            .build();
                        let topic = mqtt::next_job_execution_changed_filter(Some(&thing)).unwrap();
                        reply(topic, json::to_string(&event).unwrap());
                    }
                }
            }
            Message::UpdateJobExecution(request) => {
                let (thing, job_id) = (request.thing_name.clone(), request.job_id.clone());
                let mut jobs = store.lock().unwrap();
                let Some(e) = jobs.iter_mut().find(|e| e.job_id == job_id) else {
                    let error = RejectedError::builder()
                        .code(RejectedErrorCode::ResourceNotFound)
                        .build();
                    let topic =
                        mqtt::update_job_execution_rejected_filter(Some(&thing), Some(&job_id))
                            .unwrap();
                    reply(topic, json::to_string(&error).unwrap());
                    continue;
                };
                let state = |e: &Execution| {
                    MqttJobExecutionState::builder()
                        .status(e.status.clone())
                        .status_details(e.details.clone())
                        .version_number(e.version)
                        .build()
                };
                let terminal = matches!(
                    e.status,
                    JobExecutionStatus::Succeeded | JobExecutionStatus::Failed
                );
                let rejection = if terminal {
                    Some(RejectedErrorCode::TerminalStateReached)
                } else if request.expected_version.is_some_and(|v| v != e.version) {
                    Some(RejectedErrorCode::VersionMismatch)
                } else {
                    None
                };
                if let Some(code) = rejection {
                    let error = RejectedError::builder()
                        .code(code)
                        .message("rejected by the simulated service")
                        .execution_state(state(e))
                        .build();
                    let topic =
                        mqtt::update_job_execution_rejected_filter(Some(&thing), Some(&job_id))
                            .unwrap();
                    reply(topic, json::to_string(&error).unwrap());
                    continue;
                }
                e.status = request.status.clone();
                e.version += 1;
                if let Some(details) = request.status_details.clone() {
                    e.details = details;
                }
                let response = MqttUpdateJobExecutionResponse::builder()
                    .execution_state(state(e))
                    .build();
                let topic = mqtt::update_job_execution_accepted_filter(Some(&thing), Some(&job_id))
                    .unwrap();
                reply(topic, json::to_string(&response).unwrap());
                // The next pending job, if this one has ended.
                if matches!(
                    e.status,
                    JobExecutionStatus::Succeeded | JobExecutionStatus::Failed
                ) {
                    let next = jobs
                        .iter()
                        .find(|e| e.status == JobExecutionStatus::Queued)
                        .map(data_of);
                    let event = NextJobExecutionChangedEvent::builder()
                        .set_execution(next)
                        .build();
                    let topic = mqtt::next_job_execution_changed_filter(Some(&thing)).unwrap();
                    reply(topic, json::to_string(&event).unwrap());
                }
            }
            other => panic!("the service got {other:?}"),
        }
    }
}

fn data_of(e: &Execution) -> JobExecutionData {
    JobExecutionData::builder()
        .job_id(e.job_id.as_str())
        .thing_name(THING)
        .status(e.status.clone())
        .version_number(e.version)
        .job_document(e.document.clone())
        .build()
}

fn queued(job_id: &str, document: serde_json::Value, bump: bool) -> Execution {
    let document: Document = json::from_str(&document.to_string()).unwrap();
    Execution {
        job_id: job_id.to_string(),
        status: JobExecutionStatus::Queued,
        version: 1,
        details: BTreeMap::new(),
        document,
        bump_after_start: bump,
    }
}

#[test]
fn the_agent_runs_two_queued_jobs_against_a_broker() {
    let port = free_port();
    start_broker(port);

    let store: Store = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let (ready_tx, ready_rx) = mpsc::channel();
    let jobs = vec![
        queued("firmware-1", json!({"operation": "install"}), false),
        // Its first update meets a version moved by another writer, and it fails.
        queued(
            "reboot-2",
            json!({"operation": "fail", "reason": "disk full"}),
            true,
        ),
    ];
    let service = {
        let (store, stop) = (store.clone(), stop.clone());
        thread::spawn(move || run_service(port, store, jobs, stop, ready_tx))
    };
    ready_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the service subscribed");

    let (client, connection) = connect(THING, port);
    let mut ran = Vec::new();
    let agent = Agent::new(THING, client, connection, |execution: &JobExecutionData| {
        ran.push(execution.job_id.clone().unwrap_or_default());
        let document = execution.job_document.clone().unwrap_or_default();
        let member = |name: &str| document.get(name).and_then(Document::as_str);
        match member("operation") {
            Some("fail") => Err(member("reason").unwrap_or("failed").to_string()),
            _ => Ok(()),
        }
    });
    let finished = agent
        .with_rewrite(rewrite())
        .run(2, Duration::from_secs(30));
    stop.store(true, Ordering::Relaxed);
    service.join().expect("the service ran without panicking");
    let finished = finished.unwrap();

    assert_eq!(ran, ["firmware-1", "reboot-2"]);
    assert_eq!(
        finished,
        [
            Finished {
                job_id: "firmware-1".into(),
                status: JobExecutionStatus::Succeeded
            },
            Finished {
                job_id: "reboot-2".into(),
                status: JobExecutionStatus::Failed
            },
        ]
    );
    let store = store.lock().unwrap();
    let by_id = |id: &str| store.iter().find(|e| e.job_id == id).unwrap().clone();
    // QUEUED v1 -> start-next IN_PROGRESS v2 -> progress v3 -> SUCCEEDED v4.
    let first = by_id("firmware-1");
    assert_eq!(
        (first.status, first.version),
        (JobExecutionStatus::Succeeded, 4)
    );
    assert_eq!(first.details["step"], "done");
    // ... and one more: the version moved to v3 behind the agent, whose
    // update was rejected (VersionMismatch) and sent again with v3.
    let second = by_id("reboot-2");
    assert_eq!(
        (second.status, second.version),
        (JobExecutionStatus::Failed, 5)
    );
    assert_eq!(second.details["reason"], "disk full");
}
