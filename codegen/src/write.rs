//! Writes the generated crate so that a failure or a kill never leaves a mix
//! of old and new files: everything is written to a sibling folder, which then
//! replaces the output folder. `--check` compares instead of writing.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// What a write changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

/// Files (relative path -> contents) under `dir`, excluding `target/` and hidden entries.
pub fn read_tree(dir: &Path) -> io::Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out)?;
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || (dir == root && (name == "target" || name == "Cargo.lock")) {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(root, &path, out)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .expect("walked from root")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(&path)?);
        }
    }
    Ok(())
}

/// Paths whose contents differ between `files` and `dir` (added, changed or stale).
pub fn diff(dir: &Path, files: &BTreeMap<String, String>) -> io::Result<Vec<String>> {
    let existing = read_tree(dir)?;
    let mut differ: Vec<String> = files
        .iter()
        .filter(|(p, c)| existing.get(*p).map(Vec::as_slice) != Some(c.as_bytes()))
        .map(|(p, _)| p.clone())
        .collect();
    differ.extend(existing.keys().filter(|p| !files.contains_key(*p)).cloned());
    differ.sort();
    Ok(differ)
}

/// Replaces `dir` with exactly `files`, keeping `dir/target` and `dir/Cargo.lock`.
pub fn write_atomically(dir: &Path, files: &BTreeMap<String, String>) -> io::Result<WriteSummary> {
    let existing = read_tree(dir)?;
    let mut summary = WriteSummary::default();
    for (path, contents) in files {
        if existing.get(path).map(Vec::as_slice) == Some(contents.as_bytes()) {
            summary.unchanged.push(path.clone());
        } else {
            summary.written.push(path.clone());
        }
    }
    summary.removed = existing
        .keys()
        .filter(|p| !files.contains_key(*p))
        .cloned()
        .collect();
    if summary.written.is_empty() && summary.removed.is_empty() {
        return Ok(summary);
    }

    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".into());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| {
        for (path, contents) in files {
            let target = staging.join(path);
            std::fs::create_dir_all(target.parent().expect("files have a parent"))?;
            std::fs::write(&target, contents)?;
        }
        // Keep build output and the lockfile of a crate that is built in place.
        for keep in ["target", "Cargo.lock"] {
            if dir.join(keep).exists() {
                std::fs::rename(dir.join(keep), staging.join(keep))?;
            }
        }
        if dir.exists() {
            std::fs::rename(dir, &old)?;
        }
        std::fs::rename(&staging, dir)?;
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        // Put back what was moved, so the output folder stays as it was.
        if !dir.exists() && old.exists() {
            let _ = std::fs::rename(&old, dir);
        }
        for keep in ["target", "Cargo.lock"] {
            if staging.join(keep).exists() && !dir.join(keep).exists() {
                let _ = std::fs::rename(staging.join(keep), dir.join(keep));
            }
        }
        let _ = std::fs::remove_dir_all(&staging);
    }
    result.map(|()| summary)
}

/// A folder path for tests.
pub fn temp_dir(label: &str) -> PathBuf {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    std::env::temp_dir().join(format!("smithy-codegen-{label}-{}-{n}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn writes_replaces_and_removes_stale_files() {
        let dir = temp_dir("write");
        let first = write_atomically(&dir, &files(&[("a.rs", "1"), ("src/b.rs", "2")])).unwrap();
        assert_eq!(first.written, vec!["a.rs", "src/b.rs"]);
        std::fs::create_dir_all(dir.join("target")).unwrap();
        std::fs::write(dir.join("target/keep"), "x").unwrap();
        let second = write_atomically(&dir, &files(&[("a.rs", "1"), ("src/c.rs", "3")])).unwrap();
        assert_eq!(second.unchanged, vec!["a.rs"]);
        assert_eq!(second.written, vec!["src/c.rs"]);
        assert_eq!(second.removed, vec!["src/b.rs"]);
        assert!(!dir.join("src/b.rs").exists());
        assert!(dir.join("target/keep").exists(), "build output survives");
        assert!(diff(&dir, &files(&[("a.rs", "1"), ("src/c.rs", "3")]))
            .unwrap()
            .is_empty());
        assert_eq!(
            diff(&dir, &files(&[("a.rs", "9")])).unwrap(),
            vec!["a.rs", "src/c.rs"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
