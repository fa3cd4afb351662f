//! Reads model files (or folders of `*.json` and `*.smithy`) and merges them
//! into one set of shapes, as Smithy assembles a model from several files.
//! IDL files are parsed into the same AST (see [`crate::idl`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::ast::{self, Apply, Shape};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// All shapes of all model files, before resolution.
#[derive(Clone, Debug, Default)]
pub struct LoadedModel {
    /// Model files in the order they were read (sorted by path).
    pub files: Vec<PathBuf>,
    pub shapes: BTreeMap<String, Shape>,
    pub applies: Vec<Apply>,
    /// Shapes that could not be decoded; references to them are not reported again.
    pub broken: std::collections::BTreeSet<String>,
    /// Problems found while decoding, reported together with those of later stages.
    pub problems: Diagnostics,
}

impl LoadedModel {
    pub fn file_of(&self, shape: &Shape) -> &Path {
        &self.files[shape.file]
    }
}

/// Expands folders into their `*.json` and `*.smithy` files, sorted so that the order of
/// the arguments and of the directory listing does not matter.
pub fn model_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    for input in inputs {
        if input.is_dir() {
            match std::fs::read_dir(input) {
                Ok(entries) => {
                    let before = files.len();
                    for entry in entries.flatten() {
                        let path = entry.path();
                        if path.is_file() && is_model_file(&path) {
                            files.push(path);
                        }
                    }
                    if files.len() == before {
                        diags.push(
                            Diagnostic::new(
                                "the folder holds no `*.json` or `*.smithy` model file",
                            )
                            .in_file(input),
                        );
                    }
                }
                Err(e) => diags
                    .push(Diagnostic::new(format!("cannot read the folder: {e}")).in_file(input)),
            }
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            diags.push(Diagnostic::new("no such file or folder").in_file(input));
        }
    }
    files.sort();
    files.dedup();
    diags.into_result(files)
}

fn is_model_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "json" || e == "smithy")
}

fn is_idl(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "smithy")
}

/// Loads model files from bytes already read, for tests and for `load_paths`.
/// Files ending in `.smithy` are read as IDL, others as JSON AST. Files that
/// do not parse fail here; problems inside the files are kept in
/// `problems` so that resolution can report its own alongside them.
pub fn load_sources(sources: &[(PathBuf, Vec<u8>)]) -> Result<LoadedModel, Diagnostics> {
    let (model, file_errors) = load_sources_partial(sources);
    file_errors.into_result(model)
}

fn load_sources_partial(sources: &[(PathBuf, Vec<u8>)]) -> (LoadedModel, Diagnostics) {
    let mut file_errors = Diagnostics::default();
    let mut diags = Diagnostics::default();
    let mut model = LoadedModel::default();
    // Sort by path so that the argument order never changes the result.
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by(|&a, &b| sources[a].0.cmp(&sources[b].0));
    // IDL files resolve relative ids against the shapes of every file, so
    // all files are parsed before any is turned into the AST.
    let parsed: Vec<Option<Parsed>> = order
        .iter()
        .map(|&i| parse_file(&sources[i].0, &sources[i].1, &mut file_errors))
        .collect();
    let mut others = crate::idl::Others::default();
    for p in parsed.iter().flatten() {
        match p {
            Parsed::Json(root) => others.add_json(root),
            Parsed::Idl(idl) => idl.add_ids(&mut others),
        }
    }
    // Resources of IDL files, for members elided with `for` in other files.
    for p in parsed.iter().flatten() {
        if let Parsed::Idl(idl) = p {
            idl.add_to(&mut others);
        }
    }
    for (&i, parsed) in order.iter().zip(parsed) {
        let (path, _) = &sources[i];
        let file = model.files.len();
        model.files.push(path.clone());
        match parsed {
            None => continue,
            Some(Parsed::Json(root)) => {
                let decoded = ast::decode_file(file, path, &root, &mut diags);
                model.broken.extend(decoded.broken);
                add_shapes(&mut model, decoded.shapes, path, &mut diags);
                model.applies.extend(decoded.applies);
            }
            // IDL shapes move into the AST, with no JSON value between.
            Some(Parsed::Idl(idl)) => match idl.into_ast(&others, file, path, &mut diags) {
                Ok(decoded) => {
                    add_shapes(&mut model, decoded.shapes, path, &mut diags);
                    model.applies.extend(decoded.applies);
                }
                Err(e) => file_errors.push(Diagnostic::new(e.to_string()).in_file(path)),
            },
        }
    }
    model.problems = diags;
    (model, file_errors)
}

/// Adds the shapes of a file; one that another file defines must be the same.
fn add_shapes(
    model: &mut LoadedModel,
    shapes: impl IntoIterator<Item = (String, Shape)>,
    path: &Path,
    diags: &mut Diagnostics,
) {
    for (id, shape) in shapes {
        match model.shapes.get(&id) {
            Some(existing) if same_definition(existing, &shape) => {}
            Some(existing) => diags.push(
                Diagnostic::new(format!(
                    "defined differently in {} and {}; a shape defined in two files must be identical",
                    model.files[existing.file].display(),
                    path.display()
                ))
                .in_file(path)
                .at_shape(&id),
            ),
            None => {
                model.shapes.insert(id, shape);
            }
        }
    }
}

/// Reads and loads model files and folders.
pub fn load_paths(inputs: &[PathBuf]) -> Result<LoadedModel, Diagnostics> {
    let files = model_files(inputs)?;
    let mut sources = Vec::with_capacity(files.len());
    let mut diags = Diagnostics::default();
    for path in files {
        match std::fs::read(&path) {
            Ok(bytes) => sources.push((path, bytes)),
            Err(e) => {
                diags.push(Diagnostic::new(format!("cannot read the file: {e}")).in_file(&path))
            }
        }
    }
    diags.into_result(())?;
    load_sources(&sources)
}

fn same_definition(a: &Shape, b: &Shape) -> bool {
    let mut b = b.clone();
    b.file = a.file;
    *a == b
}

/// A model file read but not decoded yet.
enum Parsed<'a> {
    Json(Value),
    Idl(Box<crate::idl::Parsed<'a>>),
}

fn parse_file<'a>(path: &Path, bytes: &'a [u8], diags: &mut Diagnostics) -> Option<Parsed<'a>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            diags.push(
                Diagnostic::new(format!(
                    "line {line}: the file is not UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ))
                .in_file(path),
            );
            return None;
        }
    };
    if is_idl(path) {
        return match crate::idl::parse_file_borrowed(text) {
            Ok(parsed) => Some(Parsed::Idl(Box::new(parsed))),
            Err(e) => {
                diags.push(Diagnostic::new(e.to_string()).in_file(path));
                None
            }
        };
    }
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::new("the file is empty; expected a Smithy JSON AST object").in_file(path),
        );
        return None;
    }
    match serde_json::from_str(text) {
        Ok(value) => Some(Parsed::Json(value)),
        Err(e) => {
            diags.push(
                Diagnostic::new(format!(
                    "line {} column {}: not valid JSON: {}",
                    e.line(),
                    e.column(),
                    json_error_text(&e)
                ))
                .in_file(path),
            );
            None
        }
    }
}

/// serde_json's message without its trailing " at line L column C".
fn json_error_text(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(files: &[(&str, &str)]) -> Result<LoadedModel, Diagnostics> {
        let sources: Vec<_> = files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
            .collect();
        load_sources(&sources)
    }

    #[test]
    fn merges_files_and_accepts_identical_duplicates() {
        let a = r#"{"smithy":"2.0","shapes":{"ns#A":{"type":"string"},"ns#B":{"type":"long"}}}"#;
        let b = r#"{"smithy":"2.0","shapes":{"ns#A":{"type":"string"}}}"#;
        let model = load(&[("b.json", b), ("a.json", a)]).unwrap();
        assert_eq!(model.shapes.len(), 2);
        assert_eq!(
            model.files,
            vec![PathBuf::from("a.json"), PathBuf::from("b.json")]
        );
    }

    #[test]
    fn conflicting_duplicates_name_both_files() {
        let a = r#"{"smithy":"2.0","shapes":{"ns#A":{"type":"string"}}}"#;
        let b = r#"{"smithy":"2.0","shapes":{"ns#A":{"type":"long"}}}"#;
        let err = load(&[("a.json", a), ("b.json", b)])
            .unwrap()
            .problems
            .to_string();
        assert!(
            err.contains("shape `ns#A`") && err.contains("a.json and b.json"),
            "{err}"
        );
    }

    #[test]
    fn file_level_errors_name_file_line_and_column() {
        let err = load(&[("m.json", "{\n  \"smithy\": ")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("error: m.json: line 2 column"), "{err}");
        let err = load(&[("e.json", "  \n")]).unwrap_err().to_string();
        assert!(err.contains("e.json: the file is empty"), "{err}");
        let sources = vec![(PathBuf::from("u.json"), b"{\"a\": \"\xff\"}".to_vec())];
        let err = load_sources(&sources).unwrap_err().to_string();
        assert!(err.contains("not UTF-8"), "{err}");
    }

    #[test]
    fn structural_errors_are_all_reported_with_paths() {
        let m = r#"{"shapes":{"ns#A":{"type":"strang"},"ns#B":{"type":"list"},"ns#C":{"type":"structure","members":{"x":{"target":"ns#B"},"X":{"target":"ns#B"}}}}}"#;
        let model = load(&[("m.json", m)]).unwrap();
        let text = model.problems.to_string();
        assert!(text.contains("missing the `smithy` version"), "{text}");
        assert!(
            text.contains("shape `ns#A`: at /shapes/ns#A/type: unknown shape type \"strang\""),
            "{text}"
        );
        assert!(
            text.contains("at /shapes/ns#B/member: missing the `member` member"),
            "{text}"
        );
        assert!(text.contains("differ only by case"), "{text}");
        assert_eq!(model.problems.0.len(), 4);
        assert!(model.broken.contains("ns#A"));
    }

    #[test]
    fn idl_and_json_files_merge_and_idl_errors_name_the_position() {
        let idl = "$version: \"2\"\nnamespace ns\nstructure B { a: A }\n";
        let json = r#"{"smithy":"2.0","shapes":{"ns#A":{"type":"string"}}}"#;
        let model = load(&[("b.smithy", idl), ("a.json", json)]).unwrap();
        assert!(model.problems.is_empty(), "{}", model.problems);
        assert_eq!(model.shapes["ns#B"].members["a"].target, "ns#A");
        let err = load(&[("m.smithy", "namespace ns\nstring\n")])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("error: m.smithy: Syntax error at line 2, column 7"),
            "{err}"
        );
    }

    #[test]
    fn elided_members_find_resources_of_other_files() {
        let resource =
            "$version: \"2\"\nnamespace ns\nresource R { identifiers: { id: Id } }\nstring Id\n";
        let bound = "$version: \"2\"\nnamespace ns\nstructure S for R { $id }\n";
        let model = load(&[("r.smithy", resource), ("s.smithy", bound)]).unwrap();
        assert!(model.problems.is_empty(), "{}", model.problems);
        assert_eq!(model.shapes["ns#S"].members["id"].target, "ns#Id");
        let json = r#"{"smithy":"2.0","shapes":{"ns#R":{"type":"resource","identifiers":{"id":{"target":"smithy.api#String"}}}}}"#;
        let model = load(&[("r.json", json), ("s.smithy", bound)]).unwrap();
        assert_eq!(
            model.shapes["ns#S"].members["id"].target,
            "smithy.api#String"
        );
        let err = load(&[("s.smithy", bound)]).unwrap_err().to_string();
        assert!(err.contains("ns#S$id: Member target was elided"), "{err}");
    }

    #[test]
    fn folders_give_their_json_and_smithy_files() {
        let dir = std::env::temp_dir().join(format!("codegen-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["a.json", "b.smithy", "c.txt"] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        let files = model_files(std::slice::from_ref(&dir)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(files, vec![dir.join("a.json"), dir.join("b.smithy")]);
    }

    #[test]
    fn smithy_1_models_are_read_and_other_versions_refused() {
        assert!(load(&[("m.json", r#"{"smithy":"1.0","shapes":{}}"#)])
            .unwrap()
            .problems
            .is_empty());
        let err = load(&[("m.json", r#"{"smithy":"3","shapes":{}}"#)])
            .unwrap()
            .problems
            .to_string();
        assert!(err.contains("unsupported Smithy version \"3\""), "{err}");
    }
}
