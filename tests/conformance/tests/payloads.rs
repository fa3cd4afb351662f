//! The public JobExecution payloads in `../shared/payloads/` (test data kept
//! outside the repository): the generated crate accepts exactly those that the
//! AWS SDK for Rust accepts, and reads the same values from them. Skipped when
//! the folder is absent (a fresh clone without `../shared`).

use std::path::{Path, PathBuf};

use iot_jobs_data_plane::json;
use iot_jobs_data_plane::types::DescribeJobExecutionResponse;
use serde_json::Value;

fn payloads_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/payloads");
    dir.is_dir().then_some(dir)
}

#[test]
fn agrees_with_the_aws_sdk_on_every_public_payload() {
    let Some(dir) = payloads_dir() else {
        eprintln!("../shared/payloads is absent; skipped");
        return;
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.to_string_lossy().ends_with(".expected.json")
        })
        .collect();
    names.sort();
    assert!(
        names.len() >= 19,
        "expected the 19 published payloads, found {}",
        names.len()
    );
    let (mut accepted, mut refused) = (0, 0);
    for path in names {
        let payload = std::fs::read_to_string(&path).unwrap();
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("expected.json")).unwrap(),
        )
        .unwrap();
        // The SDK parsed `{"execution": <payload>}` as a DescribeJobExecution response.
        let wrapped = format!("{{\"execution\": {payload}}}");
        let ours = json::from_str::<DescribeJobExecutionResponse>(&wrapped);
        let name = path.file_name().unwrap().to_string_lossy();
        match (expected.get("error"), ours) {
            (Some(_), Err(_)) => refused += 1,
            (Some(sdk), Ok(value)) => {
                panic!("{name}: the SDK refused it ({sdk}) but we read {value:?}")
            }
            (None, Err(e)) => panic!("{name}: the SDK read it but we refused it: {e}"),
            (None, Ok(response)) => {
                let execution = response.execution.expect("the payload is an execution");
                let written: Value =
                    serde_json::from_str(&json::to_string(&execution).unwrap()).unwrap();
                assert_eq!(written, expected, "{name}");
                accepted += 1;
            }
        }
    }
    assert_eq!(
        (accepted, refused),
        (6, 13),
        "accepted and refused counts as the SDK's"
    );
}
