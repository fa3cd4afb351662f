//! A blocking client for an endpoint without signing (the local one): the
//! generated operations build each request and read each response, ureq
//! carries them.

use std::fmt;
use std::time::Duration;

use iot_jobs_data_plane::operation::{Operation, ResponseError, SerializeError};

/// Responses larger than this are an error (the endpoint's are small).
const MAX_RESPONSE_BYTES: u64 = 4 << 20;

/// Why a call did not give the operation's output.
#[derive(Debug)]
pub enum CallError<E> {
    /// The input could not become a request (a label missing, say).
    Serialize(SerializeError),
    /// No response: connection refused, timed out...
    Transport(ureq::Error),
    /// The response is an error, modelled or not, or does not parse.
    Response(ResponseError<E>),
}

impl<E: fmt::Debug> fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Serialize(e) => write!(f, "serialize: {e}"),
            CallError::Transport(e) => write!(f, "transport: {e}"),
            CallError::Response(e) => write!(f, "response: {e:?}"),
        }
    }
}

/// One endpoint, one connection pool.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    base: String,
}

impl Client {
    /// A client of `base_url` (`http://127.0.0.1:PORT`, no trailing `/`);
    /// each call gives up after `timeout`.
    pub fn new(base_url: &str, timeout: Duration) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build()
            .into();
        Client {
            agent,
            base: base_url.trim_end_matches('/').to_owned(),
        }
    }

    /// Calls operation `O` with `input`.
    pub fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, CallError<O::Error>> {
        let request = O::serialize_request(input).map_err(CallError::Serialize)?;
        let response = self.send(request).map_err(CallError::Transport)?;
        O::parse_response(&response).map_err(CallError::Response)
    }

    /// Sends `request`, whose URI is origin-form (`/things/...`), as it is.
    pub fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, ureq::Error> {
        let (mut parts, body) = request.into_parts();
        parts.uri = format!("{}{}", self.base, parts.uri)
            .parse()
            .map_err(|e: http::uri::InvalidUri| ureq::Error::BadUri(e.to_string()))?;
        let response = if body.is_empty() {
            self.agent.run(http::Request::from_parts(parts, ()))?
        } else {
            self.agent.run(http::Request::from_parts(parts, body))?
        };
        let (parts, body) = response.into_parts();
        let body = body
            .into_with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()?;
        Ok(http::Response::from_parts(parts, body))
    }
}
