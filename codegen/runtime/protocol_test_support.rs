//! Comparisons for Smithy's protocol tests, as the "HTTP protocol compliance
//! tests" chapter says: query parameters and headers by presence and value,
//! JSON bodies as JSON, other bodies byte for byte.

/// What a request test expects.
pub struct ExpectedRequest<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    /// The endpoint the test names, which may carry a base path.
    pub host: Option<&'a str>,
    pub query_params: &'a [&'a str],
    pub forbid_query_params: &'a [&'a str],
    pub require_query_params: &'a [&'a str],
    pub headers: &'a [(&'a str, &'a str)],
    pub forbid_headers: &'a [&'a str],
    pub require_headers: &'a [&'a str],
    pub body: Option<&'a str>,
    pub body_media_type: Option<&'a str>,
}

pub fn check_request(request: &::http::Request<Vec<u8>>, expected: &ExpectedRequest<'_>) {
    assert_eq!(request.method().as_str(), expected.method, "method");
    let uri = request.uri().to_string();
    let (path, query) = uri.split_once('?').unwrap_or((&uri, ""));
    // A client joins the endpoint's base path and the operation's path.
    let base = expected
        .host
        .and_then(|h| h.find('/').map(|i| h[i..].trim_end_matches('/')))
        .unwrap_or("");
    assert_eq!(format!("{base}{path}"), expected.uri, "path");
    let tokens: Vec<&str> = query.split('&').filter(|t| !t.is_empty()).collect();
    for want in expected.query_params {
        assert!(
            tokens.contains(want),
            "query parameter {want:?} missing from {query:?}"
        );
    }
    let key = |t: &&str| t.split('=').next().unwrap_or("").to_string();
    for forbidden in expected.forbid_query_params {
        assert!(
            !tokens.iter().any(|t| key(t) == *forbidden),
            "query parameter {forbidden:?} must not be in {query:?}"
        );
    }
    for required in expected.require_query_params {
        assert!(
            tokens.iter().any(|t| key(t) == *required),
            "query parameter {required:?} missing from {query:?}"
        );
    }
    check_headers(
        request.headers(),
        expected.headers,
        expected.forbid_headers,
        expected.require_headers,
    );
    if let Some(body) = expected.body {
        check_body(request.body(), body, expected.body_media_type);
    }
}

pub fn check_headers(
    headers: &::http::HeaderMap,
    expected: &[(&str, &str)],
    forbid: &[&str],
    require: &[&str],
) {
    for (name, value) in expected {
        let values: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .map(|v| v.to_str().expect("header values are text"))
            .collect();
        assert!(!values.is_empty(), "header {name:?} missing");
        assert_eq!(values.join(", "), *value, "header {name:?}");
    }
    for name in forbid {
        assert!(
            !headers.contains_key(*name),
            "header {name:?} must not be sent"
        );
    }
    for name in require {
        assert!(headers.contains_key(*name), "header {name:?} missing");
    }
}

pub fn check_body(actual: &[u8], expected: &str, media_type: Option<&str>) {
    if expected.is_empty() {
        assert!(
            actual.is_empty(),
            "body must be empty, got {:?}",
            String::from_utf8_lossy(actual)
        );
        return;
    }
    if media_type == Some("application/json") {
        let actual: serde_json::Value = serde_json::from_slice(actual).expect("the body is JSON");
        let expected: serde_json::Value =
            serde_json::from_str(expected).expect("the test's body is JSON");
        assert_eq!(normalize(actual), normalize(expected), "JSON body");
    } else {
        assert_eq!(String::from_utf8_lossy(actual), expected, "body");
    }
}

/// Numbers compared by value: `1` equals `1.0`.
fn normalize(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, normalize(v))).collect())
        }
        other => other,
    }
}

/// A response as a test describes it.
pub fn response(code: u16, headers: &[(&str, &str)], body: &str) -> ::http::Response<Vec<u8>> {
    let mut builder = ::http::Response::builder().status(code);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body.as_bytes().to_vec())
        .expect("the test's response is valid")
}

/// The fixed token protocol tests expect (the specification's MUST).
pub fn fixed_token() -> String {
    "00000000-0000-4000-8000-000000000000".to_string()
}

/// A request as a server test sends it: `query` entries are already encoded.
pub fn request(
    method: &str,
    uri: &str,
    query: &[&str],
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> ::http::Request<Vec<u8>> {
    let mut target = uri.to_string();
    for (i, q) in query.iter().enumerate() {
        target.push(if i == 0 && !uri.contains('?') {
            '?'
        } else {
            '&'
        });
        target.push_str(q);
    }
    let mut builder = ::http::Request::builder().method(method).uri(target);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body.unwrap_or("").as_bytes().to_vec())
        .expect("the test's request is valid")
}

/// What a server response test or a malformed-request test expects.
pub fn check_response(
    response: &::http::Response<Vec<u8>>,
    code: u16,
    headers: &[(&str, &str)],
    body: Option<&str>,
    media_type: Option<&str>,
) {
    assert_eq!(response.status().as_u16(), code, "status");
    check_headers(response.headers(), headers, &[], &[]);
    if let Some(body) = body {
        check_body(response.body(), body, media_type);
    }
}
