//! Operations and their HTTP binding plans: what goes in the path, query,
//! headers and body is decided here once, so the emitters only print.

use super::{Deprecation, TimestampFormat, TypeIdx};

/// The services of the model that speak a protocol this generator knows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Operations {
    /// Every operation of those services, sorted by `name`.
    pub operations: Vec<Operation>,
    /// Error structures that some operation can return, sorted by type index.
    pub errors: Vec<ErrorShape>,
    /// restJson1 operations (indices into `operations`) in the order a
    /// server tries their routes: the most specific pattern first.
    pub routes: Vec<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protocol {
    RestJson1,
    AwsJson1_0,
    AwsJson1_1,
}

impl Protocol {
    pub fn from_trait(id: &str) -> Option<Protocol> {
        Some(match id {
            "aws.protocols#restJson1" => Protocol::RestJson1,
            "aws.protocols#awsJson1_0" => Protocol::AwsJson1_0,
            "aws.protocols#awsJson1_1" => Protocol::AwsJson1_1,
            _ => return None,
        })
    }

    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "aws.protocols#restJson1",
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub shape_id: String,
    /// The Smithy shape name, also the Rust unit struct's name.
    pub name: String,
    /// Private module (file stem) that holds it.
    pub module: String,
    pub docs: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub protocol: Protocol,
    /// awsJson's `X-Amz-Target` (`Service.Operation`).
    pub target: String,
    pub input: Option<TypeIdx>,
    pub output: Option<TypeIdx>,
    /// Indices into `Operations::errors`: the operation's and its service's.
    pub errors: Vec<usize>,
    pub http: Http,
    /// Where each input member goes (restJson1; awsJson sends all in the body).
    pub request: Vec<Binding>,
    /// Where each output member comes from.
    pub response: Vec<Binding>,
    /// `@endpoint(hostPrefix)`, split into literal text and input member labels.
    pub host_prefix: Option<Vec<HostPart>>,
    /// Input member filled with a UUID v4 when unset (`@idempotencyToken`).
    pub idempotency_token: Option<usize>,
    /// Why requests of this operation cannot be written (streams, event
    /// streams): `serialize_request` returns this error rather than a wrong request.
    pub unsupported: Option<String>,
    /// `@httpChecksumRequired`: send `Content-MD5`.
    pub checksum_required: bool,
    /// Client-side `smithy.test#httpRequestTests` cases of this protocol.
    pub request_tests: Vec<serde_json::Value>,
    /// Client-side `smithy.test#httpResponseTests` cases of this protocol.
    pub response_tests: Vec<serde_json::Value>,
    /// Server-side `httpRequestTests` cases.
    pub server_request_tests: Vec<serde_json::Value>,
    /// Server-side `httpResponseTests` cases.
    pub server_response_tests: Vec<serde_json::Value>,
    /// `smithy.test#httpMalformedRequestTests` cases.
    pub malformed_tests: Vec<serde_json::Value>,
}

/// `@http`, or awsJson's fixed `POST /`.
#[derive(Clone, Debug, PartialEq)]
pub struct Http {
    pub method: String,
    pub path: Vec<PathPart>,
    /// Literal query parts of the URI pattern: `?k=v` or `?k`.
    pub query: Vec<(String, Option<String>)>,
    pub code: u16,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PathPart {
    /// Verbatim text, slashes included.
    Literal(String),
    /// A label bound to an input member (index into its members).
    Label { member: usize, greedy: bool },
}

#[derive(Clone, Debug, PartialEq)]
pub enum HostPart {
    Literal(String),
    Label(usize),
}

/// Where one member of an input, output or error structure travels.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    /// Index into the structure's members.
    pub member: usize,
    pub location: Location,
    /// `@timestampFormat` on the member or its target (or, for a list, its
    /// element); `None` takes the location's default.
    pub timestamp_format: Option<TimestampFormat>,
    /// A string with `@mediaType`: base64 in a header.
    pub media_type: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Location {
    Label,
    Query(String),
    QueryParams,
    Header(String),
    PrefixHeaders(String),
    /// `@httpPayload`: the member is the whole body.
    Payload(Payload),
    ResponseCode,
    /// A key of the JSON body.
    Body,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// A structure, union or document, as JSON.
    Json,
    Blob {
        media_type: Option<String>,
    },
    Text {
        media_type: Option<String>,
    },
}

/// An error structure as the protocol reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorShape {
    pub ty: TypeIdx,
    /// The shape name that identifies it on the wire.
    pub code: String,
    /// `@httpError`, else 400 for `client` and 500 for `server`.
    pub status: u16,
    /// Members outside the body (restJson1 headers).
    pub bindings: Vec<Binding>,
    /// Client-side `smithy.test#httpResponseTests` cases on the error structure.
    pub response_tests: Vec<serde_json::Value>,
    /// Server-side `httpResponseTests` cases on the error structure.
    pub server_response_tests: Vec<serde_json::Value>,
}
