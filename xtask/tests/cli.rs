//! The command line as a user runs it: help, a broken model (non-zero exit,
//! one line per problem, the output folder untouched), `--check`.

use std::path::PathBuf;
use std::process::Command;

fn xtask(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn help_documents_every_option() {
    let (code, out, _) = xtask(&["codegen", "--help"]);
    assert_eq!(code, 0);
    for option in [
        "--model",
        "--out",
        "--crate-name",
        "--check",
        "--quiet",
        "--verbose",
    ] {
        assert!(out.contains(option), "{option} missing from:\n{out}");
    }
    let (code, _, err) = xtask(&["codegen", "--frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown option `--frobnicate`"), "{err}");
}

#[test]
fn a_broken_model_fails_clearly_and_changes_nothing() {
    let dir = temp("broken");
    let model = dir.join("model.json");
    std::fs::write(&model, r#"{"smithy":"2.0","shapes":{"ns#A":{"type":"structure","members":{"b":{"target":"ns#Nope"}}},"ns#L":{"type":"string","traits":{"smithy.api#length":{"min":3,"max":1}}}}}"#).unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "old").unwrap();
    let (code, stdout, stderr) = xtask(&[
        "codegen",
        "--model",
        model.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: ") && l.contains("shape `"))
        .collect();
    assert_eq!(problems.len(), 2, "{stderr}");
    assert!(
        problems.iter().all(|l| l.contains("model.json")),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).unwrap(),
        "old"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_reports_stale_files_and_changes_nothing() {
    let dir = temp("check");
    let model = dir.join("model.json");
    std::fs::write(&model, r#"{"smithy":"2.0","shapes":{"ns#A":{"type":"structure","members":{"b":{"target":"smithy.api#String"}}}}}"#).unwrap();
    let out = dir.join("out");
    let args = [
        "codegen",
        "--model",
        model.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    assert_eq!(xtask(&args).0, 0);
    let (code, _, _) = xtask(&[&args[..], &["--check"]].concat());
    assert_eq!(code, 0, "fresh output passes --check");
    std::fs::write(out.join("src/lib.rs"), "// edited").unwrap();
    std::fs::write(out.join("stray.rs"), "").unwrap();
    let (code, _, err) = xtask(&[&args[..], &["--check"]].concat());
    assert_eq!(code, 1);
    assert!(
        err.contains("src/lib.rs") && err.contains("stray.rs"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        "// edited",
        "--check writes nothing"
    );
    assert_eq!(xtask(&args).0, 0);
    assert!(
        !out.join("stray.rs").exists(),
        "a regeneration removes files the model no longer produces"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
