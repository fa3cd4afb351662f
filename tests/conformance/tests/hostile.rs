//! Hostile payloads return errors (or documented values), never a panic, a
//! stack overflow or a hang.

use iot_jobs_data_plane::types::JobExecution;
use smithy_fixtures::json;
use smithy_fixtures::types::{Everything, Shape, Tree};

#[test]
fn deep_nesting_through_a_recursive_shape_is_an_error() {
    let depth = 10_000;
    let tree = format!(
        "{}{{\"value\":1}}{}",
        "{\"left\":".repeat(depth),
        "}".repeat(depth)
    );
    let err = json::from_str::<Tree>(&tree).unwrap_err();
    assert!(
        err.to_string().contains("recursion limit exceeded"),
        "{err}"
    );
    let union = format!(
        "{}{{\"empty\":{{}}}}{}",
        "{\"nested\":".repeat(depth),
        "}".repeat(depth)
    );
    assert!(json::from_str::<Shape>(&union).is_err());
    let list = format!("{{\"strings\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
    assert!(json::from_str::<Everything>(&list).is_err());
}

#[test]
fn moderate_nesting_is_fine() {
    let depth = 60;
    let tree = format!(
        "{}{{\"value\":1}}{}",
        "{\"left\":".repeat(depth),
        "}".repeat(depth)
    );
    let mut t: Tree = json::from_str(&tree).unwrap();
    let mut seen = 0;
    while let Some(left) = t.left.take() {
        t = *left;
        seen += 1;
    }
    assert_eq!(seen, depth);
}

#[test]
fn numbers_out_of_range_are_errors() {
    for bad in [
        r#"{"long": 9223372036854775808}"#,
        r#"{"long": -9223372036854775809}"#,
        r#"{"byte": 300}"#,
        r#"{"short": 1.5}"#,
        r#"{"integer": 1e300}"#,
        r#"{"epoch": 1e300}"#,
    ] {
        let err = json::from_str::<Everything>(bad).unwrap_err();
        assert!(!err.pointer().is_empty(), "{bad}: {err}");
    }
    // A huge exponent into a double is an error (serde_json refuses numbers beyond
    // f64), documented; infinity must be written as "Infinity".
    let err = json::from_str::<Everything>(r#"{"double": 1e400}"#).unwrap_err();
    assert_eq!(err.pointer(), "/double", "{err}");
    let e: Everything = json::from_str(r#"{"double": 1e-400}"#).unwrap();
    assert_eq!(e.double, Some(0.0), "underflow rounds to zero");
    // A float out of f32 range is an error, not infinity.
    assert!(json::from_str::<Everything>(r#"{"float": 1e39}"#).is_err());
}

#[test]
fn bad_strings_are_errors() {
    for bad in [
        r#"{"STRING": "\x"}"#,
        r#"{"STRING": "\ud800"}"#,
        r#"{"STRING": "a"#,
        "{\"STRING\": \"\u{1}\"}",
    ] {
        assert!(json::from_str::<Everything>(bad).is_err(), "{bad}");
    }
    let ok: Everything = json::from_str(r#"{"STRING": "\ud83d\udc4d"}"#).unwrap();
    assert_eq!(ok.string.as_deref(), Some("👍"));
}

#[test]
fn duplicate_keys_are_refused() {
    // Documented rule: a member given twice is an error (as serde's derive does), not "last wins".
    let err = json::from_str::<Everything>(r#"{"boolean": true, "boolean": false}"#).unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `boolean`"),
        "{err}"
    );
}

#[test]
fn a_large_escaped_string_is_read_whole() {
    // Memory use of a 100 MB value is measured in `allocations.rs`; this value
    // has escapes, which take serde_json's slower, copying path.
    let pieces = 2 * 1024 * 1024;
    let payload = format!("{{\"jobDocument\":\"{}\"}}", "x\\n".repeat(pieces));
    let job: JobExecution = iot_jobs_data_plane::json::from_str(&payload).unwrap();
    assert_eq!(job.job_document.map(|d| d.len()), Some(2 * pieces));
}
