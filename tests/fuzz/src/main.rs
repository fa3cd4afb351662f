//! Fuzzes parse + `validate()` + write of the fixture crate (every shape type
//! and trait) on the stable toolchain: mutation-based, seeded from valid
//! payloads, for a bounded time. Any panic is a finding: it is printed with the
//! input and the process exits 1.
//!
//! `cargo run --release -p fuzz -- --seconds 600 [--seed N]` runs it longer;
//! `--models` fuzzes the generator instead: mutated models must give errors,
//! never a panic; `--idl` does the same with models in the Smithy IDL;
//! `--requests` fuzzes the IoT Jobs crate's server side: mutated HTTP
//! requests (method, path, query, headers, body) through the router and
//! every operation's `parse_request`, each answered without a panic. (The
//! crates generated with `--protocol-tests` run the same kind of test on
//! every protocol test's request.)

use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use smithy_fixtures::types::{Everything, Limits, Shape, Tree};
use smithy_fixtures::{json, Validate};

const SEEDS: &[&str] = &[
    r#"{"blob":"aGVsbG8=","boolean":true,"STRING":"s","byte":-8,"short":300,"integer":70000,"long":9007199254740993,"float":"NaN","double":"-Infinity","bigInteger":123456789012345678901234567890,"bigDecimal":0.1000000000000000000000000001,"epoch":1700000000.123,"dateTime":"2023-11-14T22:13:20Z","httpDate":"Tue, 14 Nov 2023 22:13:20 GMT","document":{"a":[1,"two",null,{"b":false}]},"color":"green","level":10,"legacy":"t2.micro","strings":["a","b"],"uniqueStrings":["x"],"sparseStrings":["a",null],"stamps":["2023-11-14T22:13:20.5Z"],"blobs":["","AAE="],"doubles":{"pi":3.25},"sparseMap":{"k":null,"v":1},"colorCounts":{"red":1},"shape":{"circle":{"radius":3.0}},"tree":{"value":1,"left":{"value":2},"children":[{"value":3}]},"secret":"1234","type":"t","self":"me","stringShape":{"value":"v"}}"#,
    r#"{"name":"abc","shortName":"ab","emoji":"👍","bytes":"YQ==","tags":["a"],"scores":{"a":1.5},"percent":50,"atLeast":-5,"ratio":8.8,"big":100,"circles":[{"radius":3}],"word":"hi","legacy":"m5.large","color":"red"}"#,
    r#"{"nested":{"group":[{"empty":{}},{"label":"abc"},{"square":"Infinity"}]}}"#,
];

/// xorshift64*: small, deterministic, good enough to pick mutations.
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
}

const TOKENS: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1e400",
    "-1e-400",
    "1.5",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "\"NaN\"",
    "\"Infinity\"",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "\"👍\"",
    "{}",
    "[]",
    "[null]",
    "{\"\":null}",
    "\"\"",
    "\"2023-02-30T00:00:00Z\"",
    "\"====\"",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "{\"left\":{\"left\":{\"left\":",
    "\"__type\"",
    ",",
    ":",
    "\"",
    "\\",
];

/// Pieces of HTTP requests for `--requests` (with the JSON ones).
const REQUEST_TOKENS: &[&str] = &[
    "%",
    "%zz",
    "%00",
    "%2F",
    "%24",
    "/",
    "//",
    "/..",
    "?",
    "&",
    "=",
    "&&==",
    "+",
    "\n",
    "\n\n",
    ": ",
    "content-type: text/plain\n",
    "accept: application/xml\n",
    "content-type: application/json\n",
    "x-amz-target: JobsService.Nothing\n",
    "{\"status\":null}",
    "{\"status\":\"QUEUED\",\"expectedVersion\":\"x\"}",
    "1996-12-19T16:39:57-08:00",
    "Tue, 29 Apr 2014 18:30:38 GMT",
    "$next",
    "null",
    "[]",
    "{}",
];

/// Pieces of IDL syntax for `--idl`.
const IDL_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "@",
    "$",
    ":",
    ":=",
    "=",
    ",",
    "\"\"\"",
    "\"",
    "///",
    "//",
    "\n",
    "with [",
    "for ",
    "apply ",
    "use ",
    "namespace ",
    "$version: \"1.0\"",
    "$version: \"2\"",
    "structure X {}",
    "enum E { A }",
    "@required",
    "smithy.api#",
    "#",
    "null",
    "-1e400",
];

fn mutate(rng: &mut Rng, input: &[u8], tokens: &[&str]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = rng.next() as u8;
            }
            1 => {
                let token = tokens[rng.below(tokens.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            2 if !out.is_empty() => {
                let end = (at + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + rng.below(64)).min(out.len());
                let piece: Vec<u8> = out[start..end].to_vec();
                out.splice(at..at, piece);
            }
            4 => {
                // Replace a value after a colon with a hostile token.
                if let Some(colon) = out.iter().skip(at).position(|&b| b == b':') {
                    let start = at + colon + 1;
                    let end = out[start..]
                        .iter()
                        .position(|&b| b == b',' || b == b'}')
                        .map_or(out.len(), |e| start + e);
                    let token = tokens[rng.below(tokens.len())].as_bytes();
                    out.splice(start..end, token.iter().copied());
                }
            }
            _ => {
                let depth = 1 + rng.below(200);
                let mut nested = b"{\"nested\":".repeat(depth);
                nested.extend_from_slice(b"{\"empty\":{}}");
                nested.extend(std::iter::repeat_n(b'}', depth));
                out.splice(at..at, nested);
            }
        }
    }
    out
}

/// The crate's own reader and its serde impls (read by serde_json) agree
/// on whether `text` is a `T`, and on the value (compared as written).
fn same_as_serde<T>(text: &str)
where
    T: smithy_fixtures::codec::ReadJson + smithy_fixtures::codec::WriteJson,
    T: serde::de::DeserializeOwned,
{
    let ours = json::from_str::<T>(text);
    let theirs = serde_json::from_str::<T>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(json::to_string(a).ok(), json::to_string(b).ok(), "{text}"),
        (Err(_), Err(_)) => {}
        _ => panic!(
            "{text}: ours {:?}, serde {:?}",
            ours.err().map(|e| e.to_string()),
            theirs.err().map(|e| e.to_string())
        ),
    }
}

/// Parses, validates and writes back as every fixture type; returns how many parsed.
fn exercise(input: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(input) else {
        return 0;
    };
    same_as_serde::<Everything>(text);
    same_as_serde::<Limits>(text);
    same_as_serde::<Shape>(text);
    same_as_serde::<Tree>(text);
    let mut parsed = 0;
    if let Ok(v) = json::from_str::<Everything>(text) {
        parsed += 1;
        let _ = v.validate();
        if let Ok(written) = json::to_string(&v) {
            let again: Everything = json::from_str(&written).expect("what we write, we read");
            let rewritten = json::to_string(&again).expect("written once, written twice");
            assert_eq!(written, rewritten, "writing is stable");
        }
    }
    if let Ok(v) = json::from_str::<Limits>(text) {
        parsed += 1;
        let _ = v.validate().map_err(|e| e.to_string());
    }
    if let Ok(v) = json::from_str::<Shape>(text) {
        parsed += 1;
        let _ = v.validate();
        let _ = json::to_string(&v);
    }
    if let Ok(v) = json::from_str::<Tree>(text) {
        parsed += 1;
        let _ = v.validate();
    }
    let _ = json::from_str_validated::<Limits>(text);
    parsed
}

const MODEL: &str = include_str!("../../fixtures/model/fixtures.json");

/// The seed of `--idl`: the IDL example model.
const IDL_MODEL: &str = include_str!("../../../examples/models/devices.smithy");

/// Loads and generates a mutated model (`file` names its format); errors are
/// fine, panics are findings.
fn generate(file: &str, input: &[u8]) -> usize {
    let sources = vec![(std::path::PathBuf::from(file), input.to_vec())];
    match codegen::load::load_sources(&sources)
        .and_then(|m| codegen::generate_from(&m, Some("fuzz")))
    {
        Ok(files) => files.len(),
        Err(_) => 0,
    }
}

/// The requests `--requests` starts from: one per IoT Jobs operation, as
/// the generated client writes them.
fn request_seeds() -> Vec<Vec<u8>> {
    use iot_jobs_data_plane::operation::*;
    use iot_jobs_data_plane::types::*;
    let thing = "thing-1";
    let requests = [
        DescribeJobExecution::serialize_request(
            &DescribeJobExecutionRequest::builder()
                .thing_name(thing)
                .job_id("$next")
                .execution_number(3i64)
                .include_job_document(true)
                .build(),
        ),
        GetPendingJobExecutions::serialize_request(
            &GetPendingJobExecutionsRequest::builder()
                .thing_name(thing)
                .build(),
        ),
        StartNextPendingJobExecution::serialize_request(
            &StartNextPendingJobExecutionRequest::builder()
                .thing_name(thing)
                .step_timeout_in_minutes(10i64)
                .status_details(std::collections::BTreeMap::from([(
                    "step".into(),
                    "1".into(),
                )]))
                .build(),
        ),
        UpdateJobExecution::serialize_request(
            &UpdateJobExecutionRequest::builder()
                .thing_name(thing)
                .job_id("job-1")
                .status(JobExecutionStatus::InProgress)
                .expected_version(2i64)
                .build(),
        ),
    ];
    requests
        .into_iter()
        .map(|r| to_wire(&r.expect("the seed serializes")))
        .collect()
}

/// A request as text: `METHOD target`, header lines, a blank line, the body.
fn to_wire(request: &http::Request<Vec<u8>>) -> Vec<u8> {
    let mut out = format!("{} {}\n", request.method(), request.uri()).into_bytes();
    for (name, value) in request.headers() {
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(request.body());
    out
}

/// The request a mutated text stands for, if HTTP can carry it.
fn from_wire(text: &[u8]) -> Option<http::Request<Vec<u8>>> {
    let split = text.windows(2).position(|w| w == b"\n\n")?;
    let head = std::str::from_utf8(&text[..split]).ok()?;
    let body = text[split + 2..].to_vec();
    let mut lines = head.lines();
    let (method, target) = lines.next()?.split_once(' ')?;
    let mut builder = http::Request::builder().method(method).uri(target);
    for line in lines {
        let (name, value) = line.split_once(": ")?;
        builder = builder.header(name, value);
    }
    builder.body(body).ok()
}

/// Routes and reads a mutated request; returns 1 if it was accepted.
fn serve(input: &[u8]) -> usize {
    use iot_jobs_data_plane::operation::*;
    let Some(request) = from_wire(input) else {
        return 0;
    };
    let _ = DescribeJobExecution::parse_request(&request);
    let _ = GetPendingJobExecutions::parse_request(&request);
    let _ = StartNextPendingJobExecution::parse_request(&request);
    let _ = UpdateJobExecution::parse_request(&request);
    let _ = StartCommandExecution::parse_request(&request);
    match iot_jobs_data_plane::server::parse_request(&request) {
        Ok(_) => 1,
        Err(rejection) => {
            let _ = rejection.to_response();
            0
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let requests = args.iter().any(|a| a == "--requests");
    let idl = args.iter().any(|a| a == "--idl");
    let models = idl || args.iter().any(|a| a == "--models");
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let seconds = arg("--seconds").unwrap_or(10);
    let seed = arg("--seed").unwrap_or(0x5EED_CAFE);
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut parsed) = (0u64, 0u64);
    // Inputs that parsed are kept as further seeds, as coverage-guided fuzzers do.
    let mut corpus: Vec<Vec<u8>> = if requests {
        request_seeds()
    } else if idl {
        vec![IDL_MODEL.as_bytes().to_vec()]
    } else if models {
        vec![MODEL.as_bytes().to_vec()]
    } else {
        SEEDS.iter().map(|s| s.as_bytes().to_vec()).collect()
    };
    panic::set_hook(Box::new(|_| {}));
    while Instant::now() < deadline {
        let base = &corpus[rng.below(corpus.len())];
        let tokens = if idl {
            IDL_TOKENS
        } else if requests && rng.below(2) == 0 {
            REQUEST_TOKENS
        } else {
            TOKENS
        };
        let input = mutate(&mut rng, base, tokens);
        let run = |input: &[u8]| {
            if requests {
                serve(input)
            } else if idl {
                generate("fuzz.smithy", input)
            } else if models {
                generate("fuzz.json", input)
            } else {
                exercise(input)
            }
        };
        match panic::catch_unwind(AssertUnwindSafe(|| run(&input))) {
            Ok(n) => {
                if n > 0 {
                    parsed += 1;
                    if corpus.len() < 4096 && rng.below(8) == 0 {
                        corpus.push(input);
                    }
                }
            }
            Err(e) => {
                let _ = panic::take_hook();
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
                eprintln!(
                    "fuzz: PANIC after {runs} runs (seed {seed}): {}",
                    msg.unwrap_or_default()
                );
                eprintln!("input: {}", String::from_utf8_lossy(&input));
                std::process::exit(1);
            }
        }
        runs += 1;
    }
    let what = if requests {
        "requests accepted by the router"
    } else if idl {
        "IDL models generated a crate"
    } else if models {
        "models generated a crate"
    } else {
        "parsed as a fixture type"
    };
    println!(
        "fuzz: {runs} inputs in {seconds}s (seed {seed}), {parsed} {what}, corpus {}, no panic",
        corpus.len()
    );
}
