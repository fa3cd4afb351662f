//! A local IoT Jobs data plane endpoint to test devices against: job
//! executions in memory ([`Jobs`]), served over HTTP/1.1 on 127.0.0.1
//! ([`Server`]). The generated crate does all the wire work: it routes,
//! parses and validates each request (or says how to reject it) and writes
//! each response and modelled error.

mod commands;
mod execution;
pub mod seed;
mod serve;
mod store;

pub use serve::{Options, Server};
pub use store::{system_clock, Clock, Jobs, NEXT};

use iot_jobs_data_plane::operation::{
    DescribeJobExecution, GetPendingJobExecutions, Operation, StartCommandExecution,
    StartNextPendingJobExecution, UpdateJobExecution,
};
use iot_jobs_data_plane::server::{self, Request};

/// The answer to one HTTP request, whose body is complete (and was cut
/// just past [`server::Limits::max_body_bytes`] if longer, so that the
/// generated check rejects it with 413).
pub fn handle<B: AsRef<[u8]>>(jobs: &Jobs, request: &http::Request<B>) -> http::Response<Vec<u8>> {
    let request = match server::parse_request(request) {
        Ok(request) => request,
        Err(rejection) => return rejection.to_response(),
    };
    match request {
        Request::DescribeJobExecution(input) => {
            reply::<DescribeJobExecution>(jobs.describe(&input))
        }
        Request::GetPendingJobExecutions(input) => {
            reply::<GetPendingJobExecutions>(jobs.pending(&input))
        }
        Request::StartNextPendingJobExecution(input) => {
            reply::<StartNextPendingJobExecution>(jobs.start_next(&input))
        }
        Request::UpdateJobExecution(input) => reply::<UpdateJobExecution>(jobs.update(&input)),
        Request::StartCommandExecution(input) => {
            reply::<StartCommandExecution>(jobs.start_command(&input))
        }
        // The enum is non_exhaustive: an operation added to the model later.
        _ => bare(501),
    }
}

fn reply<O: Operation>(result: Result<O::Output, O::Error>) -> http::Response<Vec<u8>> {
    let written = match &result {
        Ok(output) => O::serialize_response(output),
        Err(error) => O::serialize_error(error),
    };
    // Our own outputs always serialize; if one did not, say so plainly.
    written.unwrap_or_else(|_| bare(500))
}

fn bare(status: u16) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(Vec::new());
    *response.status_mut() = http::StatusCode::from_u16(status).expect("a valid status");
    response
}
