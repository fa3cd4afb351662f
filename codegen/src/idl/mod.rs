//! Smithy IDL (`.smithy`) files, parsed into the same AST that the JSON
//! loader decodes (or, by [`parse`], the same JSON AST value), so later
//! stages cannot tell the two apart.

mod body;
mod checks;
mod cursor;
mod early;
mod fast;
mod ids;
mod lexer;
mod lines;
mod marks;
mod node;
mod parser;
mod prelude;
mod resolve;
mod scan;
mod shapes;
mod text;
mod to_ast;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

pub use to_ast::Decoded;

/// A syntax (or IDL-level) error at a line and column of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Syntax error at line {}, column {}: {}",
            self.line, self.col, self.message
        )
    }
}

/// Parses one IDL file into a JSON AST object
/// (`{"smithy": "2.0", "metadata": {...}, "shapes": {...}}`), resolving
/// relative shape ids as if the file were the whole model.
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    parse_file(text)?.into_json(&Others::default())
}

/// What the other files of a model define, for resolving an IDL file.
#[derive(Clone, Debug, Default)]
pub struct Others {
    /// Absolute ids of their shapes. Only those with the name of a prelude
    /// shape are looked up (a relative id names the namespace's shape
    /// rather than the prelude's): [`Parsed::add_ids`] adds only those.
    pub ids: BTreeSet<String>,
    /// Resource id to the targets of its identifiers and properties, by name.
    pub resource_members: BTreeMap<String, BTreeMap<String, String>>,
}

impl Others {
    /// Adds the shape ids and resources of a JSON AST value.
    pub fn add_json(&mut self, root: &Value) {
        let Some(shapes) = root.get("shapes").and_then(Value::as_object) else {
            return;
        };
        for (id, shape) in shapes {
            if id.contains('$') || shape.get("type").and_then(Value::as_str) == Some("apply") {
                continue;
            }
            self.ids.insert(id.clone());
            if shape.get("type").and_then(Value::as_str) != Some("resource") {
                continue;
            }
            let members = self.resource_members.entry(id.clone()).or_default();
            for slot in ["identifiers", "properties"] {
                let Some(map) = shape.get(slot).and_then(Value::as_object) else {
                    continue;
                };
                for (name, m) in map {
                    if let Some(t) = m.get("target").and_then(Value::as_str) {
                        members.entry(name.clone()).or_insert_with(|| t.to_string());
                    }
                }
            }
        }
    }
}

/// Parses one IDL file. Its relative shape ids may name shapes of the other
/// files of the model, known later (see [`Parsed::into_json`]).
pub fn parse_file(text: &str) -> Result<Parsed<'static>, SyntaxError> {
    let parsed = read(text, prelude::Names::default())?;
    Ok(Parsed {
        file: parsed.file,
        text: Cow::Owned(parsed.text.into_owned()),
    })
}

/// [`parse_file`] keeping the text borrowed, as a model's loader can.
pub fn parse_file_borrowed(text: &str) -> Result<Parsed<'_>, SyntaxError> {
    read(text, prelude::Names::default())
}

/// Parses a file, resolving ids as they are read with the `shadowed`
/// prelude names naming shapes of the namespace, and those the file defines
/// (read again if need be); or, where resolving early could go wrong, with
/// ids marked and resolved at the end.
fn read(text: &str, shadowed: prelude::Names) -> Result<Parsed<'_>, SyntaxError> {
    let mut file = parser::Parser::new(text, Some(shadowed)).file()?;
    if file.early && file.unsure {
        file = parser::Parser::new(text, None).file()?;
    } else if file.early {
        // A name read as the prelude's before the file defined it.
        let misread = file.read_as_prelude.and(file.defines_prelude);
        if !misread.is_empty() {
            return read(text, shadowed.or(file.defines_prelude));
        }
    }
    Ok(Parsed {
        file,
        text: Cow::Borrowed(text),
    })
}

/// A parsed IDL file, its ids resolved as if the other files of the model
/// defined no prelude name in its namespace, or else not resolved yet.
#[derive(Clone, Debug)]
pub struct Parsed<'a> {
    file: parser::File,
    /// The text: to read again if another file does define such a name, and
    /// for the lines and columns of errors.
    text: Cow<'a, str>,
}

impl<'t> Parsed<'t> {
    /// Absolute ids of the shapes the file defines.
    pub fn shape_ids(&self) -> Vec<String> {
        let ns = self.file.namespace.as_deref().unwrap_or_default();
        self.file
            .shapes
            .iter()
            .map(|s| {
                let mut id = String::with_capacity(ns.len() + 1 + s.name.len());
                id.push_str(ns);
                id.push('#');
                id.push_str(&s.name);
                id
            })
            .collect()
    }

    /// Adds the ids of its shapes that [`Others::ids`] is looked up for.
    pub fn add_ids(&self, others: &mut Others) {
        let ns = self.file.namespace.as_deref().unwrap_or_default();
        for s in &self.file.shapes {
            if prelude::index(&s.name).is_some() {
                others.ids.insert([ns, "#", &s.name].concat());
            }
        }
    }

    /// The JSON AST value. A relative id names a shape of the file's
    /// namespace when the file or `others` defines it, else a prelude shape;
    /// members elided with `for Resource` may take their target from a
    /// resource of `others`.
    pub fn into_json(self, others: &Others) -> Result<Value, SyntaxError> {
        let (file, text) = self.for_model(others)?;
        Ok(resolve::resolve(file, &text, others, false)?.into_json())
    }

    /// The shapes of the file for the AST (see [`Parsed::into_json`]), moved
    /// in; `file` and `path` name the file in the shapes and in problems.
    pub fn into_ast(
        self,
        others: &Others,
        file: usize,
        path: &std::path::Path,
        diags: &mut crate::Diagnostics,
    ) -> Result<Decoded, SyntaxError> {
        let (parsed, text) = self.for_model(others)?;
        let resolved = resolve::resolve(parsed, &text, others, false)?;
        Ok(to_ast::to_ast(resolved, file, path, diags))
    }

    /// What the file contributes to [`Others`], its elided members left out
    /// when their resource is in another file.
    pub fn add_to(&self, others: &mut Others) {
        // Only resources contribute beyond their ids (added by `shape_ids`).
        if !self.file.has_resource {
            return;
        }
        let Ok((file, text)) = self.clone().for_model(others) else {
            return;
        };
        if let Ok(resolved) = resolve::resolve(file, &text, others, true) {
            others.add_json(&resolved.into_json());
        }
    }

    /// The file (and its text), read again if `others` defines a prelude
    /// name of its namespace that its ids were read as.
    fn for_model(self, others: &Others) -> Result<(parser::File, Cow<'t, str>), SyntaxError> {
        if !self.file.early {
            return Ok((self.file, self.text));
        }
        let mut id = self.file.namespace.clone().unwrap_or_default();
        id.push('#');
        let ns_len = id.len();
        let mut misread = prelude::Names::default();
        for name in self.file.read_as_prelude.iter() {
            id.truncate(ns_len);
            id.push_str(name);
            if others.ids.contains(&id) {
                misread.insert(prelude::index(name).expect("a prelude name"));
            }
        }
        if misread.is_empty() {
            return Ok((self.file, self.text));
        }
        let shadowed = self.file.shadowed.or(self.file.defines_prelude).or(misread);
        let file = read(&self.text, shadowed)?.file;
        Ok((file, self.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes_traits_and_ids_become_the_json_ast() {
        let v = parse(
            r#"$version: "2"
metadata m = [a.b#C, 1]
namespace ex
use other#Thing

/// Docs
@length(min: 1)
string Name

structure S {
    @required
    name: Name = "x"
    thing: Thing
    text: String
}

enum E { A, B = "b" }
intEnum I { ONE = 1 }

operation Op {
    input := { a: Integer }
    errors: [Thing]
}

apply S$text @documentation("t")
"#,
        )
        .unwrap();
        assert_eq!(v["metadata"]["m"], json!(["a.b#C", 1]));
        let s = &v["shapes"];
        assert_eq!(
            s["ex#Name"]["traits"],
            json!({"smithy.api#documentation": "Docs", "smithy.api#length": {"min": 1}})
        );
        assert_eq!(
            s["ex#S"]["members"]["name"],
            json!({"target": "ex#Name", "traits": {"smithy.api#required": {}, "smithy.api#default": "x"}})
        );
        assert_eq!(s["ex#S"]["members"]["thing"]["target"], "other#Thing");
        assert_eq!(s["ex#S"]["members"]["text"]["target"], "smithy.api#String");
        assert_eq!(
            s["ex#E"]["members"]["A"]["traits"]["smithy.api#enumValue"],
            "A"
        );
        assert_eq!(
            s["ex#I"]["members"]["ONE"]["traits"]["smithy.api#enumValue"],
            1
        );
        assert_eq!(s["ex#Op"]["input"]["target"], "ex#OpInput");
        assert_eq!(s["ex#Op"]["errors"], json!([{"target": "other#Thing"}]));
        assert_eq!(s["ex#OpInput"]["traits"], json!({"smithy.api#input": {}}));
        assert_eq!(
            s["ex#S$text"],
            json!({"type": "apply", "traits": {"smithy.api#documentation": "t"}})
        );
    }

    #[test]
    fn text_blocks_lose_incidental_whitespace() {
        let v = parse(
            "$version: \"2\"\nnamespace ex\n@documentation(\"\"\"\n    a\n      b\\n\n    \"\"\")\nstring S\n",
        )
        .unwrap();
        assert_eq!(
            v["shapes"]["ex#S"]["traits"]["smithy.api#documentation"],
            "a\n  b\n\n"
        );
    }

    #[test]
    fn errors_give_line_column_expected_and_found() {
        let e = parse("$version: \"2\"\nnamespace ex\nstructure S {\n  a String\n}\n").unwrap_err();
        assert_eq!((e.line, e.col), (4, 5));
        assert!(
            e.to_string()
                .contains("Expected COLON(':') but found IDENTIFIER('String')"),
            "{e}"
        );
        let e = parse("$version: \"2\"\nnamespace ex\nstring A string B\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 10));
        assert!(e.message.contains("line break"), "{e}");
        let e = parse("namespace ex\n@foo(\"").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
