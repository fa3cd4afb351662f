//! The server side of operations, shared by every operation: requests read
//! and checked, rejections and responses written, by the rules of restJson1
//! and awsJson. Operations say where each member comes from; this module
//! knows how to read it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use percent_encoding::percent_decode_str;

use crate::protocol::ResponseParseError;
use crate::validation::ValidationErrors;

/// The protocol a request was read with: it decides how a rejection is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    RestJson1,
    AwsJson1_0,
    AwsJson1_1,
}

impl Protocol {
    fn content_type(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "application/json",
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        }
    }
}

/// Bounds on the work one request may cause. Each exceeded bound is a
/// clean rejection; the defaults suit an API whose bodies are JSON documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Body bytes (default 1 MiB): 413 beyond.
    pub max_body_bytes: usize,
    /// Header lines (default 100): 400 beyond.
    pub max_headers: usize,
    /// Bytes of one header's name and value (default 8 KiB): 400 beyond.
    pub max_header_bytes: usize,
    /// Bytes of the request target, path and query (default 8 KiB): 400 beyond.
    pub max_uri_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1 << 20,
            max_headers: 100,
            max_header_bytes: 8 << 10,
            max_uri_bytes: 8 << 10,
        }
    }
}

/// Why a request was refused before it reached the handler.
#[derive(Debug)]
#[non_exhaustive]
pub enum Rejection {
    /// No operation claims the method and path (or `X-Amz-Target`).
    UnknownOperation,
    /// The path is an operation's, the method is not.
    MethodNotAllowed,
    /// A `Content-Type` the operation does not take.
    UnsupportedMediaType,
    /// An `Accept` the operation's response cannot satisfy.
    NotAcceptable,
    /// A body, header, query value or label that does not parse.
    Serialization {
        /// Where: `body`, `header x`, `query x`, `label x`.
        location: String,
        message: String,
    },
    /// Constraint violations, every one found.
    Validation(ValidationErrors),
    /// An operation this crate cannot read (a stream): the reason.
    Unsupported(&'static str),
    /// A request beyond a bound of [`Limits`] (or the JSON nesting bound).
    TooLarge {
        /// What was too large: `body`, `headers`, `header`, `uri`.
        what: &'static str,
        limit: usize,
    },
}

/// A refused request, and how the protocol answers it.
#[derive(Debug)]
pub struct RequestRejection {
    rejection: Rejection,
    protocol: Protocol,
}

impl RequestRejection {
    pub fn new(protocol: Protocol, rejection: Rejection) -> Self {
        RequestRejection {
            rejection,
            protocol,
        }
    }

    pub fn rejection(&self) -> &Rejection {
        &self.rejection
    }

    /// The HTTP status the protocol prescribes.
    pub fn status(&self) -> u16 {
        match &self.rejection {
            Rejection::UnknownOperation => 404,
            Rejection::MethodNotAllowed => 405,
            Rejection::NotAcceptable => 406,
            Rejection::UnsupportedMediaType if self.protocol == Protocol::RestJson1 => 415,
            Rejection::TooLarge { what: "body", .. } => 413,
            Rejection::Unsupported(_) => 501,
            _ => 400,
        }
    }

    /// The error type the response names.
    pub fn error_type(&self) -> &'static str {
        match &self.rejection {
            Rejection::UnknownOperation => "UnknownOperationException",
            Rejection::MethodNotAllowed => "MethodNotAllowedException",
            Rejection::NotAcceptable => "NotAcceptableException",
            Rejection::UnsupportedMediaType if self.protocol == Protocol::RestJson1 => {
                "UnsupportedMediaTypeException"
            }
            Rejection::Validation(_) => "ValidationException",
            Rejection::TooLarge { what: "body", .. } => "RequestEntityTooLargeException",
            Rejection::Unsupported(_) => "NotImplementedException",
            _ => "SerializationException",
        }
    }

    /// The JSON body: Smithy's `ValidationException` (every violation in
    /// `fieldList`), or a message; awsJson adds the error type as `__type`.
    fn body(&self) -> String {
        use crate::codec::WriteJson as _;
        let message = match &self.rejection {
            Rejection::Validation(errors) => {
                let mut writer = crate::json_write::Writer::new();
                errors.write_json(&mut writer);
                writer.finish().unwrap_or_default()
            }
            Rejection::Serialization { location, message } => {
                message_body(&format!("{location}: {message}"))
            }
            Rejection::TooLarge { what, limit } => {
                message_body(&format!("the {what} exceeds the limit of {limit}"))
            }
            Rejection::Unsupported(why) => message_body(why),
            _ => "{}".to_string(),
        };
        if self.protocol == Protocol::RestJson1 {
            return message;
        }
        String::from_utf8(with_type(message.as_bytes(), self.error_type())).unwrap_or_default()
    }

    /// The response: the status, the error type in `X-Amzn-Errortype` (and
    /// awsJson's `__type`), and for validation Smithy's
    /// `ValidationException` body with every violation in `fieldList`.
    pub fn to_response(&self) -> ::http::Response<Vec<u8>> {
        let body = if self.status() == 405 {
            Vec::new()
        } else {
            self.body().into_bytes()
        };
        ::http::Response::builder()
            .status(self.status())
            .header("content-type", self.protocol.content_type())
            .header("x-amzn-errortype", self.error_type())
            .header("content-length", body.len())
            .body(body)
            .expect("a valid response")
    }
}

impl fmt::Display for RequestRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status(), self.error_type())?;
        match &self.rejection {
            Rejection::Serialization { location, message } => write!(f, ": {location}: {message}"),
            Rejection::Validation(errors) => write!(f, ": {errors}"),
            Rejection::TooLarge { what, limit } => write!(f, ": {what} beyond {limit}"),
            Rejection::Unsupported(why) => write!(f, ": {why}"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for RequestRejection {}

/// How an operation reads a request routed to it (the path's label values
/// given, in pattern order).
pub type ReadRequest<B, T> = fn(&::http::Request<B>, &[String]) -> Result<T, Rejection>;

/// A restJson1 operation's own `parse_request_with`: the limits, its
/// route, then its reader.
pub fn parse_routed<B: AsRef<[u8]>, T>(
    request: &::http::Request<B>,
    limits: &Limits,
    route: &Route,
    read: ReadRequest<B, T>,
) -> Result<T, RequestRejection> {
    let reject = |r| RequestRejection::new(Protocol::RestJson1, r);
    check_limits(request, limits).map_err(reject)?;
    match route.matches(request) {
        Matched::Yes(labels) => read(request, &labels).map_err(reject),
        Matched::OtherMethod => Err(reject(Rejection::MethodNotAllowed)),
        Matched::No => Err(reject(Rejection::UnknownOperation)),
    }
}

/// An awsJson operation's own `parse_request_with`: the limits, its
/// `X-Amz-Target`, then its reader.
pub fn parse_targeted<B: AsRef<[u8]>, T>(
    request: &::http::Request<B>,
    limits: &Limits,
    protocol: Protocol,
    target: &str,
    read: ReadRequest<B, T>,
) -> Result<T, RequestRejection> {
    let reject = |r| RequestRejection::new(protocol, r);
    check_limits(request, limits).map_err(reject)?;
    if self::target(request) != Some(target) {
        return Err(reject(Rejection::UnknownOperation));
    }
    read(request, &[]).map_err(reject)
}

/// A path pattern segment.
#[derive(Clone, Copy, Debug)]
pub enum Seg {
    Literal(&'static str),
    Label,
    Greedy,
}

/// A restJson1 route: method, path pattern and literal query parts.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static [Seg],
    /// `?k` (any value) or `?k=v`.
    pub query: &'static [(&'static str, Option<&'static str>)],
}

/// How a request matched a route.
pub enum Matched {
    /// The labels' values, percent-decoded, in pattern order.
    Yes(Vec<String>),
    /// The path and query match, the method does not.
    OtherMethod,
    No,
}

impl Route {
    pub fn matches<B>(&self, request: &::http::Request<B>) -> Matched {
        let uri = request.uri();
        let Some(labels) = match_path(self.path, uri.path()) else {
            return Matched::No;
        };
        let query = uri.query().unwrap_or("");
        let has = |key: &str, value: Option<&str>| {
            query_pairs(query).any(|(k, v)| k == key && value.is_none_or(|want| v == want))
        };
        if !self.query.iter().all(|(k, v)| has(k, *v)) {
            return Matched::No;
        }
        if !request.method().as_str().eq_ignore_ascii_case(self.method) {
            return Matched::OtherMethod;
        }
        Matched::Yes(labels)
    }
}

/// Matches a raw (encoded) path to a pattern; a trailing `/` is optional.
fn match_path(pattern: &[Seg], path: &str) -> Option<Vec<String>> {
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    let segments: Vec<&str> = if path.is_empty() {
        Vec::new()
    } else {
        path.split('/').collect()
    };
    let mut labels = Vec::new();
    matches_from(pattern, &segments, &mut labels).then_some(labels)
}

fn matches_from(pattern: &[Seg], segments: &[&str], labels: &mut Vec<String>) -> bool {
    let Some((first, rest)) = pattern.split_first() else {
        return segments.is_empty();
    };
    match first {
        Seg::Literal(text) => {
            segments.first() == Some(text) && matches_from(rest, &segments[1..], labels)
        }
        Seg::Label => match segments.first() {
            Some(s) if !s.is_empty() => {
                labels.push(decode(s));
                if matches_from(rest, &segments[1..], labels) {
                    return true;
                }
                labels.pop();
                false
            }
            _ => false,
        },
        Seg::Greedy => {
            // The longest run of one or more segments that lets the rest match.
            for end in (1..=segments.len()).rev() {
                let mark = labels.len();
                labels.push(decode(&segments[..end].join("/")));
                if matches_from(rest, &segments[end..], labels) {
                    return true;
                }
                labels.truncate(mark);
            }
            false
        }
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The decoded `key=value` pairs of a query string (`key` alone is `""`).
pub fn query_pairs(query: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    query.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_query(k), decode_query(v))
    })
}

fn decode_query(text: &str) -> Cow<'_, str> {
    if text.contains(['%', '+']) {
        Cow::Owned(decode(&text.replace('+', " ")))
    } else {
        Cow::Borrowed(text)
    }
}

/// A request's query parameters, decoded, each key with its values in order.
pub struct Query(BTreeMap<String, Vec<String>>);

impl Query {
    pub fn of<B>(request: &::http::Request<B>) -> Query {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in query_pairs(request.uri().query().unwrap_or("")) {
            map.entry(k.into_owned()).or_default().push(v.into_owned());
        }
        Query(map)
    }

    /// A scalar parameter: its first value.
    pub fn one<T>(
        &self,
        key: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, Rejection> {
        match self.0.get(key).and_then(|v| v.first()) {
            None => Ok(None),
            Some(text) => parse(text).map(Some).ok_or_else(|| malformed("query", key)),
        }
    }

    /// A list parameter: every value.
    pub fn all<T>(
        &self,
        key: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<Vec<T>>, Rejection> {
        match self.0.get(key) {
            None => Ok(None),
            Some(values) => values
                .iter()
                .map(|v| parse(v).ok_or_else(|| malformed("query", key)))
                .collect::<Result<Vec<T>, _>>()
                .map(Some),
        }
    }

    /// `@httpQueryParams` of strings: every parameter, its first value.
    pub fn map_first<T>(
        &self,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<BTreeMap<String, T>>, Rejection> {
        let mut out = BTreeMap::new();
        for (k, values) in &self.0 {
            if let Some(v) = values.first() {
                out.insert(k.clone(), parse(v).ok_or_else(|| malformed("query", k))?);
            }
        }
        Ok((!out.is_empty()).then_some(out))
    }

    /// `@httpQueryParams` of lists: every parameter with all its values.
    pub fn map_all<T>(
        &self,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<BTreeMap<String, Vec<T>>>, Rejection> {
        let mut out = BTreeMap::new();
        for (k, values) in &self.0 {
            let parsed = values
                .iter()
                .map(|v| parse(v).ok_or_else(|| malformed("query", k)))
                .collect::<Result<Vec<T>, _>>()?;
            out.insert(k.clone(), parsed);
        }
        Ok((!out.is_empty()).then_some(out))
    }
}

fn malformed(place: &str, name: &str) -> Rejection {
    Rejection::Serialization {
        location: format!("{place} {name}"),
        message: "the value does not parse as the member's type".into(),
    }
}

/// A label's value parsed; labels are always present once a route matched.
pub fn label<T>(
    labels: &[String],
    index: usize,
    name: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, Rejection> {
    let text = labels.get(index).ok_or_else(|| malformed("label", name))?;
    parse(text)
        .map(Some)
        .ok_or_else(|| malformed("label", name))
}

/// A header reader's failure as a rejection.
pub fn header_rejection(e: ResponseParseError) -> Rejection {
    match e {
        ResponseParseError::Header { name, .. } => malformed("header", &name),
        other => Rejection::Serialization {
            location: "headers".into(),
            message: other.to_string(),
        },
    }
}

/// The media type of a `Content-Type` or `Accept` item, without parameters.
fn media_type(text: &str) -> &str {
    text.split(';').next().unwrap_or("").trim()
}

/// Checks the bounds of `limits` that do not need the body read.
pub fn check_limits<B: AsRef<[u8]>>(
    request: &::http::Request<B>,
    limits: &Limits,
) -> Result<(), Rejection> {
    let too_large = |what, limit| Err(Rejection::TooLarge { what, limit });
    let uri = request.uri();
    let uri_len = uri.path().len() + uri.query().map_or(0, |q| q.len() + 1);
    if uri_len > limits.max_uri_bytes {
        return too_large("uri", limits.max_uri_bytes);
    }
    if request.headers().len() > limits.max_headers {
        return too_large("headers", limits.max_headers);
    }
    if request
        .headers()
        .iter()
        .any(|(n, v)| n.as_str().len() + v.len() > limits.max_header_bytes)
    {
        return too_large("header", limits.max_header_bytes);
    }
    if request.body().as_ref().len() > limits.max_body_bytes {
        return too_large("body", limits.max_body_bytes);
    }
    Ok(())
}

/// What a body may be, for the `Content-Type` check.
#[derive(Clone, Copy, Debug)]
pub enum Expects {
    /// The operation has no input: no `Content-Type` at all.
    Nothing,
    /// A body of this media type (or none).
    Body(&'static str),
    /// Any `Content-Type`: a blob payload without `@mediaType`, or an input
    /// without body members (as smithy-rs servers take it; Smithy's tests
    /// disagree with each other here).
    Anything,
}

/// The `Content-Type` check (restJson1).
pub fn check_content_type<B: AsRef<[u8]>>(
    request: &::http::Request<B>,
    expects: Expects,
) -> Result<(), Rejection> {
    let content_type = request
        .headers()
        .get("content-type")
        .map(|v| v.to_str().map(media_type).unwrap_or("?"));
    let body = !request.body().as_ref().is_empty();
    let ok = match expects {
        Expects::Anything => true,
        Expects::Nothing => content_type.is_none(),
        Expects::Body(want) => !body || content_type.is_some_and(|c| c.eq_ignore_ascii_case(want)),
    };
    if ok {
        Ok(())
    } else {
        Err(Rejection::UnsupportedMediaType)
    }
}

/// The `Accept` check: absent, or some range covers `produces`.
pub fn check_accept<B>(request: &::http::Request<B>, produces: &str) -> Result<(), Rejection> {
    let mut ranges = request
        .headers()
        .get_all("accept")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(media_type)
        .peekable();
    if ranges.peek().is_none() {
        return Ok(());
    }
    let (kind, _) = produces.split_once('/').unwrap_or((produces, ""));
    let covers = |range: &str| {
        range == "*/*"
            || range.eq_ignore_ascii_case(produces)
            || range
                .strip_suffix("/*")
                .is_some_and(|k| k.eq_ignore_ascii_case(kind))
    };
    if ranges.any(covers) {
        Ok(())
    } else {
        Err(Rejection::NotAcceptable)
    }
}

/// awsJson: `POST /` with the protocol's `Content-Type`.
pub fn check_aws_json<B: AsRef<[u8]>>(
    request: &::http::Request<B>,
    protocol: Protocol,
) -> Result<(), Rejection> {
    if request.method() != ::http::Method::POST {
        return Err(Rejection::MethodNotAllowed);
    }
    let path = request.uri().path();
    if path != "/" && !path.is_empty() {
        return Err(Rejection::UnknownOperation);
    }
    let content_type = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(media_type);
    if content_type.is_some_and(|c| !c.eq_ignore_ascii_case(protocol.content_type())) {
        return Err(Rejection::UnsupportedMediaType);
    }
    Ok(())
}

/// awsJson: the operation an `X-Amz-Target` names.
pub fn target<B>(request: &::http::Request<B>) -> Option<&str> {
    request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
}

/// Reads a JSON body leniently (`lenient`): the value with placeholders for
/// missing `@required` members, and their pointers. An empty body is `{}`;
/// anything else must be a JSON object.
pub fn read_json<T: crate::codec::ReadJson>(body: &[u8]) -> Result<(T, Vec<String>), Rejection> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return read_json_value(b"{}");
    }
    if body.trim_ascii_start().first() != Some(&b'{') {
        return Err(Rejection::Serialization {
            location: "body".into(),
            message: "the body must be a JSON object".into(),
        });
    }
    read_json_value(body)
}

/// A JSON payload member (`@httpPayload`): an empty body is no value.
pub fn read_json_payload<T: crate::codec::ReadJson>(
    body: &[u8],
) -> Result<(Option<T>, Vec<String>), Rejection> {
    if body.is_empty() {
        return Ok((None, Vec::new()));
    }
    let (value, missing) = read_json_value::<T>(body)?;
    Ok((Some(value), missing))
}

fn read_json_value<T: crate::codec::ReadJson>(body: &[u8]) -> Result<(T, Vec<String>), Rejection> {
    let text = std::str::from_utf8(body).map_err(|_| Rejection::Serialization {
        location: "body".into(),
        message: "not UTF-8".into(),
    })?;
    crate::json::from_str_lenient::<T>(text).map_err(|e| Rejection::Serialization {
        location: "body".into(),
        message: e.to_string(),
    })
}

/// A text payload member: an empty body is no value.
pub fn read_text_payload(body: &[u8]) -> Result<Option<String>, Rejection> {
    crate::protocol::text_payload(body).map_err(|e| Rejection::Serialization {
        location: "body".into(),
        message: e.to_string(),
    })
}

/// The input, validated: the missing members found while reading the body
/// and every other violation.
pub fn validated<T: crate::validation::Validate>(
    input: T,
    missing: Vec<String>,
) -> Result<T, Rejection> {
    if missing.is_empty() {
        return match input.validate() {
            Ok(()) => Ok(input),
            Err(e) => Err(Rejection::Validation(e)),
        };
    }
    Err(Rejection::Validation(crate::json::with_missing(
        &input, missing,
    )))
}

/// Writes a modelled error's body: restJson1 names the error only in
/// `X-Amzn-Errortype`; awsJson also in the body's `__type`.
pub fn write_error_body<T: crate::codec::WriteJson>(
    message: &mut crate::protocol::MessageBuilder,
    protocol: Protocol,
    code: &str,
    body: &T,
) -> Result<(), crate::protocol::SerializeError> {
    message.header("content-type", protocol.content_type());
    message.json(body)?;
    if protocol != Protocol::RestJson1 {
        let body = with_type(message.body(), code);
        message.bytes(body);
    }
    Ok(())
}

/// `{"message": text}`.
fn message_body(text: &str) -> String {
    let mut writer = crate::json_write::Writer::new();
    let mut object = writer.object();
    object.key("message").string(text);
    object.end();
    writer.finish().unwrap_or_default()
}

/// A JSON object's text with `"__type": code` first among its members
/// (spliced in, so that no error type is written twice over).
fn with_type(object: &[u8], code: &str) -> Vec<u8> {
    let Some(members) = object.strip_prefix(b"{") else {
        return object.to_vec();
    };
    let mut out = Vec::with_capacity(object.len() + code.len() + 12);
    out.extend_from_slice(b"{\"__type\":");
    let mut name = crate::json_write::Writer::new();
    name.string(code);
    out.extend_from_slice(name.finish().unwrap_or_default().as_bytes());
    if members != b"}" {
        out.push(b',');
    }
    out.extend_from_slice(members);
    out
}

/// Pointers of a payload member's missing members, under the member's name.
pub fn under(member: &str, missing: Vec<String>) -> Vec<String> {
    missing
        .into_iter()
        .map(|p| crate::json_read::pointer_segment(member) + &p)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Violation;

    #[test]
    fn an_error_type_is_spliced_into_the_body() {
        assert_eq!(with_type(b"{}", "Foo"), br#"{"__type":"Foo"}"#);
        assert_eq!(
            with_type(br#"{"message":"m"}"#, "a\"b"),
            br#"{"__type":"a\"b","message":"m"}"#
        );
    }

    fn get(uri: &str) -> ::http::Request<Vec<u8>> {
        ::http::Request::get(uri).body(Vec::new()).unwrap()
    }

    #[test]
    fn routes_match_labels_greedy_labels_and_query_literals() {
        const GREEDY: Route = Route {
            method: "GET",
            path: &[Seg::Literal("prefix"), Seg::Greedy, Seg::Literal("suffix")],
            query: &[],
        };
        match GREEDY.matches(&get("/prefix/foo/suffix/bar/suffix")) {
            Matched::Yes(labels) => assert_eq!(labels, ["foo/suffix/bar"]),
            _ => panic!("no match"),
        }
        assert!(matches!(
            GREEDY.matches(&get("/prefix/suffix")),
            Matched::No
        ));
        const LABEL: Route = Route {
            method: "POST",
            path: &[Seg::Literal("a"), Seg::Label],
            query: &[("k", Some("v")), ("flag", None)],
        };
        assert!(matches!(
            LABEL.matches(&get("/a/x?k=v&flag")),
            Matched::OtherMethod
        ));
        let post = ::http::Request::post("/a/hello%2Fescape/?flag=1&k=v")
            .body(Vec::<u8>::new())
            .unwrap();
        match LABEL.matches(&post) {
            Matched::Yes(labels) => assert_eq!(labels, ["hello/escape"]),
            _ => panic!("no match"),
        }
        assert!(matches!(LABEL.matches(&get("/a/x?k=w&flag")), Matched::No));
    }

    #[test]
    fn accept_and_content_type_follow_the_rules() {
        let with = |name: &str, value: &str, body: &str| {
            ::http::Request::post("/")
                .header(name, value)
                .body(body.as_bytes().to_vec())
                .unwrap()
        };
        let r = with("accept", "application/hal+json", "");
        assert!(check_accept(&r, "application/json").is_err());
        let r = with("accept", "text/html, application/*;q=0.5", "");
        assert!(check_accept(&r, "application/json").is_ok());
        let r = with("content-type", "application/json; charset=utf-8", "{}");
        assert!(check_content_type(&r, Expects::Body("application/json")).is_ok());
        let r = with("content-type", "text/plain", "{}");
        assert!(check_content_type(&r, Expects::Body("application/json")).is_err());
        assert!(check_content_type(&r, Expects::Nothing).is_err());
        assert!(check_content_type(&r, Expects::Anything).is_ok());
    }

    #[test]
    fn rejections_name_their_type_and_list_every_violation() {
        let rejection = RequestRejection::new(
            Protocol::RestJson1,
            Rejection::Validation(ValidationErrors::new(vec![
                Violation::missing("/a".into()),
                Violation::missing("/b/0".into()),
            ])),
        );
        let response = rejection.to_response();
        assert_eq!(response.status(), 400);
        assert_eq!(
            response.headers()["x-amzn-errortype"],
            "ValidationException"
        );
        assert_eq!(
            std::str::from_utf8(response.body()).unwrap(),
            concat!(
                r#"{"message":"2 validation errors detected. "#,
                r#"Value at '/a' failed to satisfy constraint: Member must not be null; "#,
                r#"Value at '/b/0' failed to satisfy constraint: Member must not be null","#,
                r#""fieldList":[{"path":"/a","message":"Value at '/a' failed to satisfy constraint: "#,
                r#"Member must not be null"},{"path":"/b/0","message":"Value at '/b/0' failed to "#,
                r#"satisfy constraint: Member must not be null"}]}"#
            )
        );
        let unknown = RequestRejection::new(Protocol::AwsJson1_1, Rejection::UnknownOperation);
        let response = unknown.to_response();
        assert_eq!(response.status(), 404);
        assert_eq!(
            std::str::from_utf8(response.body()).unwrap(),
            r#"{"__type":"UnknownOperationException"}"#
        );
    }

    #[test]
    fn limits_reject_cleanly() {
        let limits = Limits {
            max_body_bytes: 4,
            max_headers: 1,
            max_header_bytes: 16,
            max_uri_bytes: 10,
        };
        let over = |r: ::http::Request<Vec<u8>>| check_limits(&r, &limits).unwrap_err();
        let body = ::http::Request::post("/").body(b"12345".to_vec()).unwrap();
        assert!(matches!(
            over(body),
            Rejection::TooLarge { what: "body", .. }
        ));
        assert!(matches!(
            over(get("/0123456789")),
            Rejection::TooLarge { what: "uri", .. }
        ));
        let headers = ::http::Request::get("/")
            .header("a", "1")
            .header("b", "2")
            .body(Vec::new())
            .unwrap();
        assert!(matches!(
            over(headers),
            Rejection::TooLarge {
                what: "headers",
                ..
            }
        ));
        let header = ::http::Request::get("/")
            .header("a", "0123456789abcdef")
            .body(Vec::new())
            .unwrap();
        assert!(matches!(
            over(header),
            Rejection::TooLarge { what: "header", .. }
        ));
    }
}
