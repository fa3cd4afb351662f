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

/// Files (relative path -> full path) under `dir`, excluding `target/` and hidden entries.
fn list_tree(dir: &Path) -> io::Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out)?;
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
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
            out.insert(rel, path);
        }
    }
    Ok(())
}

/// Whether the file at `path` holds exactly `contents`; the size is compared
/// first, so most changed files are not read.
fn same_contents(path: &Path, contents: &[u8]) -> io::Result<bool> {
    if std::fs::metadata(path)?.len() != contents.len() as u64 {
        return Ok(false);
    }
    Ok(std::fs::read(path)? == contents)
}

/// Paths whose contents differ between `files` and `dir` (added, changed or stale).
pub fn diff(dir: &Path, files: &BTreeMap<String, String>) -> io::Result<Vec<String>> {
    let (changed, removed) = compare(dir, files)?;
    let mut differ = changed;
    differ.extend(removed);
    differ.sort();
    Ok(differ)
}

/// The paths of `files` that `dir` lacks or holds otherwise, and the paths
/// of `dir` that `files` lacks.
fn compare(dir: &Path, files: &BTreeMap<String, String>) -> io::Result<(Vec<String>, Vec<String>)> {
    let existing = list_tree(dir)?;
    let entries: Vec<(&String, &String)> = files.iter().collect();
    // Comparing thousands of files is mostly reading them, which runs in parallel.
    let same = crate::parallel::map(&entries, |(path, contents)| match existing.get(*path) {
        Some(full) => same_contents(full, contents.as_bytes()),
        None => Ok(false),
    })
    .into_iter()
    .collect::<io::Result<Vec<bool>>>()?;
    let changed = entries
        .iter()
        .zip(same)
        .filter(|(_, same)| !same)
        .map(|((p, _), _)| (*p).clone())
        .collect();
    let removed = existing
        .keys()
        .filter(|p| !files.contains_key(*p))
        .cloned()
        .collect();
    Ok((changed, removed))
}

/// Replaces `dir` with exactly `files`, keeping `dir/target` and `dir/Cargo.lock`.
pub fn write_atomically(dir: &Path, files: &BTreeMap<String, String>) -> io::Result<WriteSummary> {
    let (written, removed) = compare(dir, files)?;
    let unchanged = files
        .keys()
        .filter(|p| written.binary_search(p).is_err())
        .cloned()
        .collect();
    let summary = WriteSummary {
        written,
        unchanged,
        removed,
    };
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
        let folders: std::collections::BTreeSet<PathBuf> = files
            .keys()
            .filter_map(|p| staging.join(p).parent().map(Path::to_path_buf))
            .collect();
        for folder in &folders {
            std::fs::create_dir_all(folder)?;
        }
        // One thread: files of one folder contend for its lock, and writing
        // them in parallel took three times the system time.
        for (path, contents) in files {
            std::fs::write(staging.join(path), contents)?;
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
