//! The server side of the IoT Jobs crate: requests routed, parsed and
//! validated, or rejected as restJson1 says, within the configured limits.

use iot_jobs_data_plane::operation::{Operation, UpdateJobExecution};
use iot_jobs_data_plane::server::{self, Limits, Rejection, Request};
use iot_jobs_data_plane::types::{JobExecutionStatus, UpdateJobExecutionRequest};
use serde_json::Value;

fn post(uri: &str, body: &str) -> http::Request<Vec<u8>> {
    http::Request::post(uri)
        .header("content-type", "application/json")
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn rejected(request: &http::Request<Vec<u8>>) -> (u16, String, Value) {
    let rejection = server::parse_request(request).expect_err("the request is rejected");
    let response = rejection.to_response();
    let kind = response.headers()["x-amzn-errortype"]
        .to_str()
        .unwrap()
        .to_string();
    let body = serde_json::from_slice(response.body()).unwrap_or(Value::Null);
    (response.status().as_u16(), kind, body)
}

#[test]
fn a_client_request_reads_back_as_its_input() {
    let input = UpdateJobExecutionRequest::builder()
        .thing_name("thing:1")
        .job_id("job_7")
        .status(JobExecutionStatus::InProgress)
        .expected_version(3i64)
        .status_details(std::collections::BTreeMap::from([(
            "step".into(),
            "2".into(),
        )]))
        .build();
    let request = UpdateJobExecution::serialize_request(&input).unwrap();
    assert_eq!(request.uri(), "/things/thing%3A1/jobs/job_7");
    match server::parse_request(&request).unwrap() {
        Request::UpdateJobExecution(read) => assert_eq!(read, input),
        other => panic!("routed to {}", other.operation_name()),
    }
    assert_eq!(UpdateJobExecution::parse_request(&request).unwrap(), input);
}

#[test]
fn every_violation_is_listed_with_missing_members() {
    // `status` is required; the thing name is too long; a detail value is empty.
    let long = "x".repeat(200);
    let details = r#"{"statusDetails": {"k": ""}}"#;
    let (status, kind, body) = rejected(&post(&format!("/things/{long}/jobs/j1"), details));
    assert_eq!((status, kind.as_str()), (400, "ValidationException"));
    let mut paths: Vec<&str> = body["fieldList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    paths.sort();
    // The empty value fails both its length and its pattern.
    assert_eq!(
        paths,
        [
            "/status",
            "/statusDetails/k",
            "/statusDetails/k",
            "/thingName"
        ]
    );
    assert!(body["message"]
        .as_str()
        .unwrap()
        .starts_with("4 validation errors detected. "));
}

#[test]
fn the_protocol_answers_what_does_not_parse_or_route() {
    let uri = "/things/t/jobs/j";
    let (status, kind, _) = rejected(&post(uri, "{\"status\": "));
    assert_eq!((status, kind.as_str()), (400, "SerializationException"));
    let (status, kind, _) = rejected(&post(uri, "[]"));
    assert_eq!((status, kind.as_str()), (400, "SerializationException"));
    let (status, kind, _) = rejected(&post("/nowhere", "{}"));
    assert_eq!((status, kind.as_str()), (404, "UnknownOperationException"));
    let mut wrong_type = post(uri, r#"{"status": "QUEUED"}"#);
    wrong_type
        .headers_mut()
        .insert("content-type", "text/plain".parse().unwrap());
    let (status, kind, _) = rejected(&wrong_type);
    assert_eq!(
        (status, kind.as_str()),
        (415, "UnsupportedMediaTypeException")
    );
    let mut accept = post(uri, r#"{"status": "QUEUED"}"#);
    accept
        .headers_mut()
        .insert("accept", "application/xml".parse().unwrap());
    let (status, kind, _) = rejected(&accept);
    assert_eq!((status, kind.as_str()), (406, "NotAcceptableException"));
    let delete = http::Request::delete(uri).body(Vec::new()).unwrap();
    let rejection = server::parse_request(&delete).unwrap_err();
    assert!(matches!(rejection.rejection(), Rejection::MethodNotAllowed));
    assert_eq!(rejection.to_response().status(), 405);
}

#[test]
fn limits_are_clean_rejections() {
    let uri = "/things/t/jobs/j";
    // JSON nesting beyond serde_json's 128 levels in a member, and an
    // unknown member nested 100,000 deep, skipped without recursion.
    let deep = format!(
        r#"{{"status": "QUEUED", "statusDetails": {}{}}}"#,
        "{\"k\":".repeat(200),
        "}".repeat(200)
    );
    let (status, kind, _) = rejected(&post(uri, &deep));
    assert_eq!((status, kind.as_str()), (400, "SerializationException"));
    let skipped = format!(
        r#"{{"status": "QUEUED", "x": {}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(server::parse_request(&post(uri, &skipped)).is_ok());
    let small = Limits {
        max_body_bytes: 16,
        ..Limits::default()
    };
    let body = post(uri, r#"{"status": "IN_PROGRESS"}"#);
    let rejection = server::parse_request_with(&body, &small).unwrap_err();
    assert!(matches!(
        rejection.rejection(),
        Rejection::TooLarge { what: "body", .. }
    ));
    assert_eq!(rejection.to_response().status(), 413);
    let long_uri = format!("/things/{}/jobs/j", "t".repeat(9000));
    let (status, _, _) = rejected(&post(&long_uri, "{}"));
    assert_eq!(status, 400);
    let mut many = post(uri, "{}");
    for i in 0..101 {
        many.headers_mut()
            .append("x-extra", i.to_string().parse().unwrap());
    }
    let rejection = server::parse_request(&many).unwrap_err();
    assert!(matches!(
        rejection.rejection(),
        Rejection::TooLarge {
            what: "headers",
            ..
        }
    ));
}

#[test]
fn outputs_and_errors_are_written_as_the_protocol_says() {
    use iot_jobs_data_plane::operation::UpdateJobExecutionError;
    use iot_jobs_data_plane::types::{InvalidStateTransitionException, UpdateJobExecutionResponse};
    let output = UpdateJobExecutionResponse::builder().build();
    let response = UpdateJobExecution::serialize_response(&output).unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.body(), b"{}");
    let error = UpdateJobExecutionError::InvalidStateTransitionException(
        InvalidStateTransitionException::builder()
            .message("not from SUCCEEDED")
            .build(),
    );
    let response = UpdateJobExecution::serialize_error(&error).unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.headers()["x-amzn-errortype"],
        "InvalidStateTransitionException"
    );
    // The client reads back what the server wrote.
    match UpdateJobExecution::parse_response(&response) {
        Err(iot_jobs_data_plane::operation::ResponseError::Modeled(e)) => assert_eq!(e, error),
        other => panic!("{other:?}"),
    }
}
