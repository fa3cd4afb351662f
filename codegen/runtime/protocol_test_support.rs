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

/// xorshift64*: small and deterministic, to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const HOSTILE: &[&str] = &[
    "",
    "%",
    "%zz",
    "%00",
    "%ff%fe",
    "/",
    "//",
    "..",
    "?",
    "&",
    "=",
    "&&==",
    "+",
    ",",
    "\"",
    "\\",
    "null",
    "true",
    "1e400",
    "-0",
    "NaN",
    "-Infinity",
    "9223372036854775808",
    "[]",
    "{}",
    "{\"\":",
    "[[[[[[[[[[[[[[[[",
    "\"\\ud800\"",
    "====",
    "YmxvYg=",
    "2023-02-30T00:00:00Z",
    "Tue, 29 Apr 2014 18:30:38 GMT",
    "1996-12-19T16:39:57-08:00",
    "\u{1F600}",
    "\u{0}",
];

/// Mutations of a request: its method, path, query, headers or body.
fn mutate(rng: &mut Rng, seed: &::http::Request<Vec<u8>>) -> Option<::http::Request<Vec<u8>>> {
    let mut method = seed.method().as_str().to_string();
    let mut target = seed.uri().to_string();
    let mut headers: Vec<(String, Vec<u8>)> = seed
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), v.as_bytes().to_vec()))
        .collect();
    let mut body = seed.body().clone();
    let splice = |rng: &mut Rng, text: &mut Vec<u8>| {
        let at = rng.below(text.len() + 1);
        match rng.below(4) {
            0 if !text.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(text.len());
                text.drain(at.min(end)..end);
            }
            1 if !text.is_empty() => {
                let i = rng.below(text.len());
                text[i] = rng.next() as u8;
            }
            2 => {
                let depth = 1 + rng.below(300);
                let mut nested = b"{\"a\":[".repeat(depth);
                nested.extend(b"]}".repeat(depth));
                text.splice(at..at, nested);
            }
            _ => {
                let token = rng.pick(HOSTILE).as_bytes().to_vec();
                text.splice(at..at, token);
            }
        }
    };
    for _ in 0..=rng.below(3) {
        match rng.below(5) {
            0 => {
                method = rng
                    .pick(&["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"])
                    .into()
            }
            1 => {
                let mut bytes = target.into_bytes();
                splice(rng, &mut bytes);
                target = String::from_utf8_lossy(&bytes).into_owned();
            }
            2 if !headers.is_empty() => {
                let i = rng.below(headers.len());
                if rng.below(4) == 0 {
                    headers.remove(i);
                } else {
                    splice(rng, &mut headers[i].1);
                }
            }
            3 => headers.push((
                rng.pick(&["content-type", "accept", "x-amz-target", "x-amzn-errortype"])
                    .into(),
                rng.pick(HOSTILE).as_bytes().to_vec(),
            )),
            _ => splice(rng, &mut body),
        }
    }
    let mut builder = ::http::Request::builder()
        .method(method.as_str())
        .uri(target);
    for (name, value) in &headers {
        builder = builder.header(name.as_str(), value.as_slice());
    }
    builder.body(body).ok()
}

/// Feeds `rounds` mutations of every seed request to `serve`; a panic is
/// reported with the request that caused it.
pub fn fuzz_requests(
    seeds: &[::http::Request<Vec<u8>>],
    rounds: usize,
    serve: impl Fn(&::http::Request<Vec<u8>>),
) -> usize {
    let mut rng = Rng(0x5EED_F00D);
    let mut runs = 0;
    for seed in seeds {
        serve(seed);
        for _ in 0..rounds {
            let Some(request) = mutate(&mut rng, seed) else {
                continue;
            };
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| serve(&request)));
            if let Err(e) = outcome {
                eprintln!("panic on {request:?}");
                std::panic::resume_unwind(e);
            }
            runs += 1;
        }
    }
    runs
}
