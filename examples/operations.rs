//! The IoT Jobs data plane over HTTPS, sans-IO: build each operation's
//! request, hand it to your signer and HTTP client, and read the response.
//!
//! `cargo run -p examples --example operations` prints every request and
//! parses a recorded response and each kind of error response.

use iot_jobs_data_plane::operation::{
    self, DescribeJobExecution, GetPendingJobExecutions, Operation, ResponseError,
    StartCommandExecution, StartNextPendingJobExecution, UpdateJobExecution,
};
use iot_jobs_data_plane::types::{
    DescribeJobExecutionRequest, GetPendingJobExecutionsRequest, JobExecutionStatus,
    StartCommandExecutionRequest, StartNextPendingJobExecutionRequest, UpdateJobExecutionRequest,
};

const ENDPOINT: &str = "https://data.jobs.iot.us-east-1.amazonaws.com";

/// Where a real client signs (for example with `aws-sigv4`) and sends the
/// request (with `reqwest`, `ureq` or `hyper`): the request is complete but
/// for scheme and host.
fn send<O: Operation>(input: &O::Input) -> http::Request<Vec<u8>> {
    let request = O::serialize_request(input).expect("the input has every label");
    let host_prefix = O::host_prefix(input).expect("host labels are set");
    println!(
        "{} {}{}{}",
        request.method(),
        host_prefix.unwrap_or_default(),
        ENDPOINT,
        request.uri()
    );
    for (name, value) in request.headers() {
        println!("  {name}: {}", value.to_str().unwrap_or("<binary>"));
    }
    if !request.body().is_empty() {
        println!("  {}", String::from_utf8_lossy(request.body()));
    }
    // let request = sign(request, credentials, "iot-jobs-data", region)?;
    // let response = client.execute(request)?;
    request
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body.as_bytes().to_vec())
        .expect("a valid response")
}

fn main() {
    let describe = DescribeJobExecutionRequest::builder()
        .thing_name("MyThing")
        .job_id("job 1/a")
        .include_job_document(true)
        .build();
    send::<DescribeJobExecution>(&describe);
    send::<GetPendingJobExecutions>(
        &GetPendingJobExecutionsRequest::builder()
            .thing_name("MyThing")
            .build(),
    );
    send::<StartNextPendingJobExecution>(
        &StartNextPendingJobExecutionRequest::builder()
            .thing_name("MyThing")
            .step_timeout_in_minutes(10)
            .build(),
    );
    send::<UpdateJobExecution>(
        &UpdateJobExecutionRequest::builder()
            .thing_name("MyThing")
            .job_id("job-1")
            .status(JobExecutionStatus::InProgress)
            .expected_version(3)
            .build(),
    );
    // The client token is an idempotency token: a UUID v4 when unset.
    send::<StartCommandExecution>(
        &StartCommandExecutionRequest::builder()
            .target_arn("arn:aws:iot:us-east-1:123456789012:thing/MyThing")
            .command_arn("arn:aws:iot:us-east-1:123456789012:command/reboot")
            .build(),
    );

    // A recorded success.
    let ok = response(
        200,
        &[("content-type", "application/json")],
        r#"{"execution":{"jobId":"job-1","thingName":"MyThing","status":"QUEUED","versionNumber":1,"executionNumber":1,"queuedAt":1700000000}}"#,
    );
    let output = DescribeJobExecution::parse_response(&ok).expect("a valid response");
    let execution = output.execution.expect("the execution");
    println!(
        "parsed: {} is {}",
        execution.job_id.unwrap_or_default(),
        execution.status.map(|s| s.to_string()).unwrap_or_default()
    );

    // A modelled error, named by the header.
    let not_found = response(
        404,
        &[(
            "x-amzn-errortype",
            "ResourceNotFoundException:http://internal.amazon.com/",
        )],
        r#"{"message":"No job execution job-1 for MyThing"}"#,
    );
    match DescribeJobExecution::parse_response(&not_found) {
        Err(ResponseError::Modeled(
            operation::DescribeJobExecutionError::ResourceNotFoundException(e),
        )) => {
            println!(
                "modelled error: ResourceNotFoundException: {}",
                e.message.unwrap_or_default()
            )
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    // An error the model does not describe: status, code and body are kept.
    let unknown = response(
        503,
        &[],
        r#"{"__type":"InternalFailure","message":"try later"}"#,
    );
    match DescribeJobExecution::parse_response(&unknown) {
        Err(ResponseError::Unmodeled(e)) => println!("unmodelled error: {e}"),
        other => panic!("expected an unmodelled error, got {other:?}"),
    }

    // A success that does not parse: the JSON pointer says where.
    let broken = response(200, &[], r#"{"execution":{"versionNumber":"three"}}"#);
    match DescribeJobExecution::parse_response(&broken) {
        Err(ResponseError::Parse(e)) => println!("unparsable response: {e}"),
        other => panic!("expected a parse error, got {other:?}"),
    }
}
