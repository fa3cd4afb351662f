//! The HTTP side of operations, shared by every operation: requests written
//! and responses read by the rules of restJson1 and awsJson. Operations say
//! where each member goes; this module knows how.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::json::JsonError;
use crate::primitives::{BigDecimal, BigInteger, DateTime};

/// Everything but RFC 3986 unreserved characters is encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// A greedy label keeps its slashes.
const GREEDY: &AsciiSet = &UNRESERVED.remove(b'/');

/// Why a request could not be written.
#[derive(Debug)]
#[non_exhaustive]
pub enum SerializeError {
    /// A member bound to the URI (a label or host label) is unset or empty.
    MissingLabel(&'static str),
    /// A header name or value that HTTP cannot carry.
    InvalidHeader(String),
    /// The body could not be written as JSON.
    Json(JsonError),
    /// The operation cannot be written by this crate (for example a stream).
    Unsupported(&'static str),
}

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SerializeError::MissingLabel(m) => {
                write!(
                    f,
                    "`{m}` is bound to the URI, so it must be set and not empty"
                )
            }
            SerializeError::InvalidHeader(h) => write!(f, "header `{h}` cannot be sent"),
            SerializeError::Json(e) => write!(f, "the body cannot be written: {e}"),
            SerializeError::Unsupported(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for SerializeError {}

/// Why a response was not the operation's output.
#[derive(Debug)]
pub enum ResponseError<E> {
    /// An error the operation models.
    Modeled(E),
    /// An error response the model does not describe.
    Unmodeled(UnmodeledError),
    /// A response that does not parse.
    Parse(ResponseParseError),
}

impl<E: fmt::Debug> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Modeled(e) => write!(f, "modeled error: {e:?}"),
            ResponseError::Unmodeled(e) => e.fmt(f),
            ResponseError::Parse(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for ResponseError<E> {}

impl<E> From<ResponseParseError> for ResponseError<E> {
    fn from(e: ResponseParseError) -> Self {
        ResponseError::Parse(e)
    }
}

/// An error response that matches none of the operation's errors.
#[derive(Clone, Debug, PartialEq)]
pub struct UnmodeledError {
    pub status: u16,
    /// The error type, sanitised (`FooError`), when the response names one.
    pub code: Option<String>,
    pub message: Option<String>,
    /// The body as received.
    pub body: Vec<u8>,
}

impl fmt::Display for UnmodeledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

/// A part of a response that does not parse.
#[derive(Debug)]
pub enum ResponseParseError {
    /// A header value that is not the member's type.
    Header { name: String, value: String },
    /// A body that is not the JSON the operation expects.
    Body(JsonError),
    /// A text payload that is not UTF-8.
    NotUtf8,
    /// The body lacks a member the output requires.
    Missing(&'static str),
}

impl fmt::Display for ResponseParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseParseError::Header { name, value } => {
                write!(f, "header `{name}` has an invalid value {value:?}")
            }
            ResponseParseError::Body(e) => e.fmt(f),
            ResponseParseError::NotUtf8 => f.write_str("the text payload is not UTF-8"),
            ResponseParseError::Missing(m) => write!(f, "the response lacks `{m}`"),
        }
    }
}

impl std::error::Error for ResponseParseError {}

impl From<crate::primitives::BuildError> for ResponseParseError {
    fn from(e: crate::primitives::BuildError) -> Self {
        ResponseParseError::Missing(e.member())
    }
}

/// How a timestamp is written outside JSON.
#[derive(Clone, Copy, Debug)]
pub enum Format {
    EpochSeconds,
    DateTime,
    HttpDate,
}

/// The text of a timestamp in a label, query value or header.
pub fn timestamp(t: &DateTime, format: Format) -> String {
    match format {
        Format::EpochSeconds => epoch_seconds(t),
        Format::DateTime => t.to_rfc3339(),
        Format::HttpDate => t.to_http_date(),
    }
}

/// Whole seconds, or seconds with up to three fraction digits (milliseconds, truncated).
fn epoch_seconds(t: &DateTime) -> String {
    let millis = t.subsec_nanos() / 1_000_000;
    if millis == 0 {
        return t.secs().to_string();
    }
    let text = if t.secs() >= 0 {
        format!("{}.{millis:03}", t.secs())
    } else {
        format!("{:.3}", t.as_secs_f64())
    };
    text.trim_end_matches('0').to_string()
}

/// Reads a timestamp written in `format`.
pub fn parse_timestamp(text: &str, format: Format) -> Option<DateTime> {
    match format {
        Format::EpochSeconds => {
            let ok = !text.is_empty()
                && text
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
            ok.then(|| text.parse::<f64>().ok())
                .flatten()
                .and_then(DateTime::from_secs_f64)
        }
        Format::DateTime => crate::lenient::parse_date_time(text),
        Format::HttpDate => DateTime::parse_http_date(text),
    }
}

/// Scalars as text in labels, query values and headers.
pub trait Text {
    fn text(&self) -> Cow<'_, str>;
}

impl Text for String {
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl Text for bool {
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! text_by_display {
    ($($t:ty),*) => {$(
        impl Text for $t {
            fn text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
text_by_display!(i8, i16, i32, i64, BigInteger, BigDecimal);

macro_rules! text_of_float {
    ($($t:ty),*) => {$(
        impl Text for $t {
            fn text(&self) -> Cow<'_, str> {
                Cow::Owned(if self.is_nan() {
                    "NaN".into()
                } else if self.is_infinite() {
                    if *self > 0.0 { "Infinity".into() } else { "-Infinity".into() }
                } else {
                    self.to_string()
                })
            }
        }
    )*};
}
text_of_float!(f32, f64);

/// Scalars read from labels, query values and headers.
pub trait FromText: Sized {
    fn from_text(text: &str) -> Option<Self>;
}

impl FromText for String {
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

impl FromText for bool {
    fn from_text(text: &str) -> Option<Self> {
        match text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

macro_rules! from_text_by_parse {
    ($($t:ty),*) => {$(
        impl FromText for $t {
            fn from_text(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}
from_text_by_parse!(i8, i16, i32, i64);

macro_rules! from_text_of_float {
    ($($t:ty),*) => {$(
        impl FromText for $t {
            fn from_text(text: &str) -> Option<Self> {
                match text {
                    "NaN" => Some(<$t>::NAN),
                    "Infinity" => Some(<$t>::INFINITY),
                    "-Infinity" => Some(<$t>::NEG_INFINITY),
                    t if t.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) => {
                        t.parse().ok()
                    }
                    _ => None,
                }
            }
        }
    )*};
}
from_text_of_float!(f32, f64);

impl FromText for BigInteger {
    fn from_text(text: &str) -> Option<Self> {
        BigInteger::new(text)
    }
}

impl FromText for BigDecimal {
    fn from_text(text: &str) -> Option<Self> {
        BigDecimal::new(text)
    }
}

/// A request or response being written: the operation adds its parts in
/// binding order.
#[derive(Debug)]
pub struct MessageBuilder {
    method: &'static str,
    uri: String,
    has_query: bool,
    headers: Vec<(Cow<'static, str>, String)>,
    body: Vec<u8>,
}

impl MessageBuilder {
    pub fn new(method: &'static str) -> Self {
        MessageBuilder {
            method,
            uri: String::new(),
            has_query: false,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Literal text of the URI pattern, written as it is.
    pub fn path(&mut self, literal: &str) {
        self.uri.push_str(literal);
    }

    /// A label's value, percent-encoded; a greedy label keeps its slashes.
    pub fn label(
        &mut self,
        member: &'static str,
        value: Option<&str>,
        greedy: bool,
    ) -> Result<(), SerializeError> {
        let value = value
            .filter(|v| !v.is_empty())
            .ok_or(SerializeError::MissingLabel(member))?;
        let set = if greedy { GREEDY } else { UNRESERVED };
        self.uri.extend(utf8_percent_encode(value, set));
        Ok(())
    }

    /// A literal query part of the URI pattern (`?k=v` or `?k`).
    pub fn query_literal(&mut self, key: &str, value: Option<&str>) {
        self.query_separator();
        self.uri.push_str(key);
        if let Some(value) = value {
            self.uri.push('=');
            self.uri.push_str(value);
        }
    }

    /// One `key=value` query parameter, both percent-encoded.
    pub fn query(&mut self, key: &str, value: &str) {
        self.query_separator();
        self.uri.extend(utf8_percent_encode(key, UNRESERVED));
        self.uri.push('=');
        self.uri.extend(utf8_percent_encode(value, UNRESERVED));
    }

    fn query_separator(&mut self) {
        self.uri.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
    }

    /// A header; a later value for the same name replaces an earlier one,
    /// so bound headers (written last) win over prefix headers.
    pub fn header(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
    }

    /// Sets the header only when no member set it (`Content-Type`).
    pub fn default_header(&mut self, name: &'static str, value: &str) {
        if !self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            self.headers.push((Cow::Borrowed(name), value.to_string()));
        }
    }

    /// A JSON body.
    pub fn json<T: crate::codec::WriteJson + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), SerializeError> {
        let mut writer = crate::json_write::Writer::new();
        value.write_json(&mut writer);
        self.json_text(writer.finish())
    }

    fn json_text(&mut self, written: Result<String, String>) -> Result<(), SerializeError> {
        match written {
            Ok(text) => {
                self.body = text.into_bytes();
                Ok(())
            }
            Err(e) => Err(SerializeError::Json(JsonError::without_pointer(e))),
        }
    }

    /// The body written so far.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// A body of raw bytes.
    pub fn bytes(&mut self, body: Vec<u8>) {
        self.body = body;
    }

    /// A response: only headers and body count.
    pub fn response() -> Self {
        MessageBuilder::new("")
    }

    /// The response with `status`.
    pub fn finish_response(self, status: u16) -> Result<::http::Response<Vec<u8>>, SerializeError> {
        let mut response = ::http::Response::builder().status(status);
        for (name, value) in &self.headers {
            let header_name = ::http::HeaderName::try_from(name.as_ref())
                .map_err(|_| SerializeError::InvalidHeader(name.to_string()))?;
            let header_value = ::http::HeaderValue::try_from(value.as_str())
                .map_err(|_| SerializeError::InvalidHeader(name.to_string()))?;
            response = response.header(header_name, header_value);
        }
        response = response.header("content-length", self.body.len());
        response
            .body(self.body)
            .map_err(|e| SerializeError::InvalidHeader(e.to_string()))
    }

    pub fn finish(self) -> Result<::http::Request<Vec<u8>>, SerializeError> {
        let mut request = ::http::Request::builder().method(self.method);
        let uri = if self.uri.is_empty() {
            "/".to_string()
        } else {
            self.uri
        };
        request = request.uri(uri);
        for (name, value) in &self.headers {
            let header_name = ::http::HeaderName::try_from(name.as_ref())
                .map_err(|_| SerializeError::InvalidHeader(name.to_string()))?;
            let header_value = ::http::HeaderValue::try_from(value.as_str())
                .map_err(|_| SerializeError::InvalidHeader(name.to_string()))?;
            request = request.header(header_name, header_value);
        }
        if !self.body.is_empty() || self.method != "GET" {
            request = request.header("content-length", self.body.len());
        }
        request
            .body(self.body)
            .map_err(|e| SerializeError::InvalidHeader(e.to_string()))
    }
}

/// Header list items, comma-joined; items with a comma or quote are quoted.
pub fn header_list<'a>(items: impl IntoIterator<Item = Cow<'a, str>>, quote: bool) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let needs_quotes = quote
            && (item.contains(',')
                || item.contains('"')
                || item.starts_with(char::is_whitespace)
                || item.ends_with(char::is_whitespace));
        if needs_quotes {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(&item);
        }
    }
    out
}

/// Whether a status is the operation's success: 2xx, or its `@http` code.
pub fn is_success(status: ::http::StatusCode, code: u16) -> bool {
    status.is_success() || status.as_u16() == code
}

/// The string members of an error body that name its type and message; an
/// unreadable body names none.
fn error_fields(body: &[u8]) -> BTreeMap<String, String> {
    const NAMES: [&str; 5] = ["code", "__type", "message", "Message", "errorMessage"];
    let mut fields = BTreeMap::new();
    let Ok(text) = std::str::from_utf8(body) else {
        return fields;
    };
    let mut reader = crate::json_read::Reader::new(text);
    let read = reader.object("an error body", |reader, key| {
        if NAMES.contains(&key) && reader.peek()? == crate::json_read::Next::String {
            let value = reader.string("a string")?;
            fields.insert(key.to_string(), value.into_owned());
            return Ok(());
        }
        reader.skip()
    });
    match read {
        Ok(()) => fields,
        Err(_) => BTreeMap::new(),
    }
}

/// The error type and message an error response names.
#[derive(Debug, Default)]
pub struct ErrorInfo {
    code: Option<String>,
    message: Option<String>,
}

impl ErrorInfo {
    /// `X-Amzn-Errortype`, else the body's `code`, else its `__type`; sanitised.
    pub fn read(headers: &::http::HeaderMap, body: &[u8]) -> Self {
        let mut fields = error_fields(body);
        let mut text = |key: &str| fields.remove(key);
        let header = headers
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let code = header
            .or_else(|| text("code"))
            .or_else(|| text("__type"))
            .map(|c| sanitize_error_code(&c).to_string());
        let message = text("message")
            .or_else(|| text("Message"))
            .or_else(|| text("errorMessage"));
        ErrorInfo { code, message }
    }

    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    pub fn unmodeled(self, status: ::http::StatusCode, body: &[u8]) -> UnmodeledError {
        UnmodeledError {
            status: status.as_u16(),
            code: self.code,
            message: self.message,
            body: body.to_vec(),
        }
    }
}

/// Drops what follows a `:`, then what precedes a `#` (the protocols' rule).
pub fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    match code.split_once('#') {
        Some((_, name)) => name,
        None => code,
    }
}

/// All values of a header, joined as one comma-separated line.
fn header_text(
    headers: &::http::HeaderMap,
    name: &str,
) -> Result<Option<String>, ResponseParseError> {
    let mut out: Option<String> = None;
    for value in headers.get_all(name) {
        let text = value.to_str().map_err(|_| ResponseParseError::Header {
            name: name.to_string(),
            value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
        })?;
        match &mut out {
            Some(joined) => {
                joined.push_str(", ");
                joined.push_str(text);
            }
            None => out = Some(text.to_string()),
        }
    }
    Ok(out)
}

fn invalid(name: &str, value: &str) -> ResponseParseError {
    ResponseParseError::Header {
        name: name.to_string(),
        value: value.to_string(),
    }
}

/// A scalar header read with `parse`.
pub fn header<T>(
    headers: &::http::HeaderMap,
    name: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, ResponseParseError> {
    match header_text(headers, name)? {
        None => Ok(None),
        Some(text) => parse(text.trim())
            .map(Some)
            .ok_or_else(|| invalid(name, &text)),
    }
}

/// A list header: items split at commas outside quotes, or, for http-dates
/// (which hold a comma each), at every second comma.
pub fn header_list_of<T>(
    headers: &::http::HeaderMap,
    name: &str,
    http_dates: bool,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<Vec<T>>, ResponseParseError> {
    let Some(text) = header_text(headers, name)? else {
        return Ok(None);
    };
    let items = if http_dates {
        let parts: Vec<&str> = text.split(',').collect();
        parts
            .chunks(2)
            .map(|pair| pair.join(",").trim().to_string())
            .collect()
    } else {
        split_quoted(&text)
    };
    items
        .iter()
        .filter(|item| !(item.is_empty() && text.trim().is_empty()))
        .map(|item| parse(item).ok_or_else(|| invalid(name, &text)))
        .collect::<Result<Vec<T>, _>>()
        .map(Some)
}

/// Splits a header line at commas outside double quotes, unquoting items.
fn split_quoted(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                if !quoted && current.trim().is_empty() {
                    // Whitespace before an opening quote is not part of the item.
                    current.clear();
                }
                quoted = !quoted;
                was_quoted = true;
            }
            '\\' if quoted => current.extend(chars.next()),
            ',' if !quoted => {
                items.push(finish_item(&mut current, was_quoted));
                was_quoted = false;
            }
            c => current.push(c),
        }
    }
    items.push(finish_item(&mut current, was_quoted));
    items
}

fn finish_item(current: &mut String, was_quoted: bool) -> String {
    let item = std::mem::take(current);
    if was_quoted {
        item
    } else {
        item.trim().to_string()
    }
}

/// Headers whose names start with `prefix` (case-insensitively), keyed by the rest.
pub fn prefix_headers(
    headers: &::http::HeaderMap,
    prefix: &str,
) -> Result<Option<BTreeMap<String, String>>, ResponseParseError> {
    let mut out = BTreeMap::new();
    for name in headers.keys() {
        let lower = name.as_str();
        if lower.len() >= prefix.len() && lower[..prefix.len()].eq_ignore_ascii_case(prefix) {
            if let Some(value) = header_text(headers, lower)? {
                out.insert(lower[prefix.len()..].to_string(), value);
            }
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

/// A JSON body; an empty body reads as `{}`.
pub fn json_body<T: crate::codec::ReadJson>(body: &[u8]) -> Result<T, ResponseParseError> {
    crate::json::from_str(body_text(body)?).map_err(ResponseParseError::Body)
}

fn body_text(body: &[u8]) -> Result<&str, ResponseParseError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok("{}");
    }
    std::str::from_utf8(body).map_err(|_| ResponseParseError::NotUtf8)
}

/// A JSON payload member; an empty body is no value.
pub fn json_payload<T: crate::codec::ReadJson>(
    body: &[u8],
) -> Result<Option<T>, ResponseParseError> {
    if body.is_empty() {
        return Ok(None);
    }
    let text = std::str::from_utf8(body).map_err(|_| ResponseParseError::NotUtf8)?;
    crate::json::from_str(text)
        .map(Some)
        .map_err(ResponseParseError::Body)
}

/// A text payload member; an empty body is no value.
pub fn text_payload(body: &[u8]) -> Result<Option<String>, ResponseParseError> {
    if body.is_empty() {
        return Ok(None);
    }
    String::from_utf8(body.to_vec())
        .map(Some)
        .map_err(|_| ResponseParseError::NotUtf8)
}

/// A blob payload member; an empty body is no value.
pub fn blob_payload(body: &[u8]) -> Option<Vec<u8>> {
    (!body.is_empty()).then(|| body.to_vec())
}

/// Base64 of a `@mediaType` string header.
pub fn base64_text(text: &str) -> String {
    crate::codec::base64_encode(text.as_bytes())
}

/// A `@mediaType` string header, base64-decoded.
pub fn from_base64_text(text: &str) -> Option<String> {
    String::from_utf8(crate::codec::base64_decode(text)?).ok()
}

/// A JSON body made of the members a structure's body holds (the others
/// travel in the URI or headers).
pub struct Body<'a, T>(pub &'a T);

/// Writes the members of a structure that belong in the HTTP body.
pub trait WriteBody {
    fn write_body(&self, writer: &mut crate::json_write::Writer);
}

impl<T: WriteBody> crate::codec::WriteJson for Body<'_, T> {
    fn write_json(&self, writer: &mut crate::json_write::Writer) {
        self.0.write_body(writer)
    }
}

/// Reads the body members of a structure into its builder.
pub trait ReadBody: Sized {
    fn read_body(
        reader: &mut crate::json_read::Reader<'_>,
    ) -> Result<Self, crate::json_read::ReadError>;
}

/// A builder filled from a JSON body.
pub struct BodyOf<B>(pub B);

impl<B: ReadBody> crate::codec::ReadJson for BodyOf<B> {
    fn read_json(
        reader: &mut crate::json_read::Reader<'_>,
    ) -> Result<Self, crate::json_read::ReadError> {
        B::read_body(reader).map(BodyOf)
    }
}

// Idempotency tokens are filled in by clients only (`fastrand` comes with
// the `client` feature).
#[cfg(feature = "client")]
thread_local! {
    static TOKEN_SOURCE: std::cell::Cell<Option<fn() -> String>> = const { std::cell::Cell::new(None) };
}

/// A fresh idempotency token: a random UUID v4. Its randomness need not be
/// cryptographic (a token only tells retries apart), so it comes from
/// `fastrand`, as smithy-rs's does.
#[cfg(feature = "client")]
pub fn idempotency_token() -> String {
    if let Some(source) = TOKEN_SOURCE.with(std::cell::Cell::get) {
        return source();
    }
    uuid_v4(fastrand::u128(..))
}

/// `bits` as a UUID v4: version 4, variant RFC 4122, lower-case hex.
#[cfg(feature = "client")]
fn uuid_v4(bits: u128) -> String {
    let bits = (bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        bits >> 96,
        (bits >> 80) & 0xffff,
        (bits >> 64) & 0xffff,
        (bits >> 48) & 0xffff,
        bits & 0xffff_ffff_ffff
    )
}

/// Replaces the token source on this thread (protocol tests need a fixed one).
#[cfg(feature = "client")]
#[doc(hidden)]
pub fn set_idempotency_token_source(source: Option<fn() -> String>) {
    TOKEN_SOURCE.with(|s| s.set(source));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_keep_milliseconds_without_trailing_zeros() {
        let text = |secs, nanos| {
            timestamp(
                &DateTime::from_parts(secs, nanos).unwrap(),
                Format::EpochSeconds,
            )
        };
        assert_eq!(text(1515531081, 0), "1515531081");
        assert_eq!(text(1515531081, 123_000_000), "1515531081.123");
        assert_eq!(text(1515531081, 500_000_000), "1515531081.5");
        // Below a millisecond is truncated, and leaves no dangling point.
        assert_eq!(text(1515531081, 999_999), "1515531081");
        assert_eq!(text(1515531081, 120_900_000), "1515531081.12");
    }

    #[cfg(feature = "client")]
    #[test]
    fn idempotency_tokens_are_uuid_v4() {
        assert_eq!(uuid_v4(0), "00000000-0000-4000-8000-000000000000");
        assert_eq!(uuid_v4(u128::MAX), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(
            uuid_v4(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
            "01234567-89ab-4def-8123-456789abcdef"
        );
        let (a, b) = (idempotency_token(), idempotency_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
    }

    #[test]
    fn error_codes_are_sanitised() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("aws.different.namespace#FooError:http://internal.amazon.com/"),
            "FooError"
        );
    }

    #[test]
    fn header_lists_round_trip_through_quoting() {
        let items = ["b,c", "\"def\"", "a", " x"];
        let line = header_list(items.iter().map(|s| Cow::Borrowed(*s)), true);
        assert_eq!(line, "\"b,c\", \"\\\"def\\\"\", a, \" x\"");
        assert_eq!(split_quoted(&line), items);
    }

    #[test]
    fn labels_encode_all_but_unreserved_and_greedy_keeps_slashes() {
        let mut request = MessageBuilder::new("GET");
        request.path("/");
        request
            .label("a", Some(" %:/?#[]@!$&'()*+,;=\u{1F639}"), false)
            .unwrap();
        request.path("/");
        request.label("b", Some("there/guy"), true).unwrap();
        assert_eq!(
            request.finish().unwrap().uri(),
            "/%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9/there/guy"
        );
        let mut request = MessageBuilder::new("GET");
        assert!(request.label("c", Some(""), false).is_err());
    }
}
