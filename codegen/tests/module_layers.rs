//! Modules import in one direction: no two modules of the generator name
//! each other (`super::x` or `crate::dir::x`), so each can be read knowing
//! only what it builds on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[test]
fn no_two_modules_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let text = std::fs::read_to_string(file).unwrap();
        let parent = match module.rsplit_once('/') {
            Some((dir, _)) if !file.ends_with("mod.rs") => dir.to_string(),
            _ => module.clone(),
        };
        let mut named = BTreeSet::new();
        for (prefix, base) in [("super::", parent.as_str()), ("crate::", "")] {
            for (i, _) in text.match_indices(prefix) {
                let path: String = text[i + prefix.len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let mut target = base.to_string();
                for part in path.split("::").filter(|p| !p.is_empty()) {
                    let next = if target.is_empty() {
                        part.to_string()
                    } else {
                        format!("{target}/{part}")
                    };
                    if !modules.contains(&next) {
                        break;
                    }
                    target = next;
                }
                if !target.is_empty() && target != module && target != parent {
                    named.insert(target);
                }
            }
        }
        names.insert(module, named);
    }
    let mut cycles = Vec::new();
    for (a, targets) in &names {
        for b in targets {
            if a < b && names.get(b).is_some_and(|t| t.contains(a)) {
                cycles.push((a.as_str(), b.as_str()));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "modules that import each other: {cycles:?}"
    );
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `emit/server` for `src/emit/server.rs`, `emit` for `src/emit/mod.rs`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let rel = rel.to_string_lossy().replace('\\', "/");
    rel.strip_suffix("/mod").unwrap_or(&rel).to_string()
}
