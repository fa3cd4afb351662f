//! Smithy IDL files load to the same model as the JSON AST Smithy produces
//! from them (fixtures of the Smithy project in `../shared/idl`, skipped when
//! that folder is absent), invalid files are rejected at the right line, and
//! no input makes the parser panic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::load::{load_sources, LoadedModel};
use serde_json::{Map, Value};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/idl");
    dir.is_dir().then_some(dir)
}

fn files_with(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_with(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
}

fn read(path: &Path) -> (PathBuf, Vec<u8>) {
    (path.to_path_buf(), std::fs::read(path).unwrap())
}

/// Valid fixtures that do not load to their JSON twin yet, with the reason.
const SKIP: &[(&str, &str)] = &[];

/// Text replaced in both files of a fixture before comparing, with the reason.
const PATCH: &[(&str, &str, &str, &str)] = &[
    (
        "traits.smithy",
        "1.7976931348623157E+309",
        "1.5E+300",
        BEYOND_F64,
    ),
    ("traits.smithy", "2e+308", "2e+300", BEYOND_F64),
    ("traits.smithy", "2E+308", "2E+300", BEYOND_F64),
];

const BEYOND_F64: &str = "beyond f64: serde_json (without arbitrary_precision) cannot hold it, the JSON twin does not load either";

fn patched(rel: &str, path: &Path) -> (PathBuf, Vec<u8>) {
    let mut text = std::fs::read_to_string(path).unwrap();
    for (file, from, to, _) in PATCH {
        if *file == rel {
            text = text.replace(from, to);
        }
    }
    (path.to_path_buf(), text.into_bytes())
}

/// Shapes with `apply` entries folded into the shape or member they target,
/// and file indexes cleared; what is left of `apply` is returned beside them.
type Folded = (
    BTreeMap<String, codegen::ast::Shape>,
    BTreeMap<String, codegen::ast::Traits>,
);

fn fold(model: &LoadedModel) -> Folded {
    let mut shapes = model.shapes.clone();
    for s in shapes.values_mut() {
        s.file = 0;
    }
    let mut left: BTreeMap<String, codegen::ast::Traits> = BTreeMap::new();
    for a in &model.applies {
        let (base, member) = match a.target.split_once('$') {
            Some((b, m)) => (b.to_string(), Some(m.to_string())),
            None => (a.target.clone(), None),
        };
        let slot = shapes.get_mut(&base).and_then(|s| match &member {
            None => Some(&mut s.traits),
            Some(m) => match m.as_str() {
                "member" if s.member.is_some() => s.member.as_mut().map(|m| &mut m.traits),
                "key" if s.key.is_some() => s.key.as_mut().map(|m| &mut m.traits),
                "value" if s.value.is_some() => s.value.as_mut().map(|m| &mut m.traits),
                _ => s.members.get_mut(m).map(|m| &mut m.traits),
            },
        });
        match slot {
            Some(traits) => traits.extend(a.traits.clone()),
            None => left
                .entry(a.target.clone())
                .or_default()
                .extend(a.traits.clone()),
        }
    }
    (shapes, left)
}

/// The JSON AST of one file with the spellings that mean the same model
/// made equal: applies folded in, empty `members`/`traits` and Unit
/// operation input/output left out.
fn normalize(root: &Value) -> Value {
    let mut shapes = Map::new();
    let mut applies: Vec<(String, Value)> = Vec::new();
    if let Some(Value::Object(all)) = root.get("shapes") {
        for (id, s) in all {
            if s.get("type").and_then(Value::as_str) == Some("apply") {
                applies.push((id.clone(), s.get("traits").cloned().unwrap_or(Value::Null)));
                continue;
            }
            let mut s = s.as_object().cloned().unwrap_or_default();
            if s.get("members")
                .is_some_and(|m| m.as_object().is_some_and(Map::is_empty))
            {
                s.remove("members");
            }
            for list in ["errors", "operations", "resources", "collectionOperations"] {
                if s.get(list)
                    .is_some_and(|l| l.as_array().is_some_and(Vec::is_empty))
                {
                    s.remove(list);
                }
            }
            for io in ["input", "output"] {
                if s.get(io)
                    .and_then(|t| t.get("target"))
                    .and_then(Value::as_str)
                    == Some("smithy.api#Unit")
                {
                    s.remove(io);
                }
            }
            shapes.insert(id.clone(), Value::Object(s));
        }
    }
    let mut left = Map::new();
    for (target, traits) in applies {
        let Value::Object(traits) = traits else {
            continue;
        };
        let (base, member) = match target.split_once('$') {
            Some((b, m)) => (b.to_string(), Some(m.to_string())),
            None => (target.clone(), None),
        };
        let holder = shapes.get_mut(&base).and_then(|s| match &member {
            None => Some(s),
            Some(m) => {
                let s = s.as_object_mut()?;
                if s.contains_key(m) && matches!(m.as_str(), "member" | "key" | "value") {
                    s.get_mut(m)
                } else {
                    s.get_mut("members")?.get_mut(m)
                }
            }
        });
        match holder.and_then(Value::as_object_mut) {
            Some(h) => {
                let t = h
                    .entry("traits")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(t) = t {
                    t.extend(traits);
                }
            }
            None => {
                let e = left
                    .entry(target)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(e) = e {
                    e.extend(traits);
                }
            }
        }
    }
    // Empty trait maps after folding.
    for s in shapes.values_mut() {
        strip_empty_traits(s);
    }
    serde_json::json!({
        "metadata": root.get("metadata").cloned().unwrap_or(Value::Object(Map::new())),
        "shapes": shapes,
        "apply": left,
    })
}

fn strip_empty_traits(v: &mut Value) {
    if let Value::Object(m) = v {
        if m.get("traits")
            .is_some_and(|t| t.as_object().is_some_and(Map::is_empty))
        {
            m.remove("traits");
        }
        for k in ["member", "key", "value"] {
            if let Some(x) = m.get_mut(k) {
                strip_empty_traits(x);
            }
        }
        if let Some(Value::Object(ms)) = m.get_mut("members") {
            for x in ms.values_mut() {
                strip_empty_traits(x);
            }
        }
    }
}

/// Why the IDL file does not give the model of its JSON twin, if it does not.
fn compare(rel: &str, idl: &Path, json: &Path, shared: &Path) -> Result<(), String> {
    let (idl_source, json_source) = (patched(rel, idl), patched(rel, json));
    let text = String::from_utf8(idl_source.1.clone()).map_err(|e| e.to_string())?;
    let ours = codegen::idl::parse(&text).map_err(|e| e.to_string())?;
    let theirs: Value = serde_json::from_slice(&json_source.1).map_err(|e| e.to_string())?;
    let (a, b) = (normalize(&ours), normalize(&theirs));
    if a != b {
        return Err(format!(
            "JSON differs:\n ours:   {}\n theirs: {}",
            diff_hint(&a, &b),
            diff_hint(&b, &a)
        ));
    }
    let from_idl = load_sources(&[idl_source, read(shared)]).map_err(|e| e.to_string())?;
    let from_json = load_sources(&[json_source, read(shared)]).map_err(|e| e.to_string())?;
    // The loader's own problems (e.g. a list whose member comes from a
    // mixin) must be the same for both spellings.
    let problems = |m: &LoadedModel| -> Vec<(Option<String>, Option<String>, String)> {
        m.problems
            .0
            .iter()
            .map(|d| (d.shape.clone(), d.json_path.clone(), d.message.clone()))
            .collect()
    };
    if problems(&from_idl) != problems(&from_json) {
        return Err(format!("problems: {}", from_idl.problems));
    }
    if fold(&from_idl) != fold(&from_json) {
        return Err("loaded shapes differ".into());
    }
    Ok(())
}

/// The first shape (or section) that differs, for the failure message.
fn diff_hint(a: &Value, b: &Value) -> String {
    for section in ["metadata", "shapes", "apply"] {
        let (Some(Value::Object(x)), Some(Value::Object(y))) = (a.get(section), b.get(section))
        else {
            continue;
        };
        for (k, v) in x {
            if y.get(k) != Some(v) {
                return format!("{section}/{k}: {v}");
            }
        }
    }
    "(nothing more)".into()
}

#[test]
fn valid_fixtures_load_like_their_json_twins() {
    let Some(dir) = shared() else {
        println!("../shared/idl is absent: skipped");
        return;
    };
    let valid = dir.join("loader/valid");
    let mut idl = Vec::new();
    files_with(&valid, "smithy", &mut idl);
    let (mut pass, mut skipped, mut failures) = (0, 0, Vec::new());
    for path in &idl {
        let json = path.with_extension("json");
        if !json.is_file() {
            continue;
        }
        let rel = path.strip_prefix(&valid).unwrap().display().to_string();
        if SKIP.iter().any(|(name, _)| *name == rel) {
            skipped += 1;
            continue;
        }
        match compare(&rel, path, &json, &valid.join("__shared.json")) {
            Ok(()) => pass += 1,
            Err(e) => failures.push(format!("{rel}: {e}")),
        }
    }
    println!(
        "valid IDL fixtures: {pass} load like their JSON twin, {skipped} skipped, {} fail",
        failures.len()
    );
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} valid fixtures fail",
        failures.len()
    );
}

/// The line of `// Syntax error at line N, ...` on the first line, if any.
fn expected_line(text: &str) -> Option<usize> {
    let first = text.lines().next()?;
    let rest = first.split("at line ").nth(1)?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The column of `// Syntax error at line N, column M` on the first line, if any.
fn expected_column(text: &str) -> Option<usize> {
    let first = text.lines().next()?;
    let rest = first.split(", column ").nth(1)?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[test]
fn invalid_fixtures_are_rejected() {
    let Some(dir) = shared() else {
        println!("../shared/idl is absent: skipped");
        return;
    };
    let mut files = Vec::new();
    files_with(&dir.join("loader/invalid"), "smithy", &mut files);
    let (mut rejected, mut at_line, mut with_line, mut at_column) = (0, 0, 0, 0);
    let mut accepted = Vec::new();
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let want = expected_line(&text);
        with_line += usize::from(want.is_some());
        let error = match load_sources(&[read(path)]) {
            Err(e) => Some(e.to_string()),
            Ok(m) if !m.problems.is_empty() => Some(m.problems.to_string()),
            Ok(m) => codegen::resolve::resolve(&m, "x")
                .err()
                .map(|e| e.to_string()),
        };
        match error {
            Some(e) => {
                rejected += 1;
                if let Some(line) = want {
                    if e.contains(&format!("at line {line},")) {
                        at_line += 1;
                        let col = expected_column(&text);
                        if col.is_some_and(|c| e.contains(&format!("at line {line}, column {c}:")))
                        {
                            at_column += 1;
                        } else if std::env::var_os("IDL_SHOW_COLUMNS").is_some() {
                            println!("COLUMN {}: want {col:?}: {e}", path.display());
                        }
                    } else {
                        println!("WRONG LINE {}: want {line}: {e}", path.display());
                    }
                }
            }
            None => accepted.push(path.display().to_string()),
        }
    }
    println!(
        "invalid IDL fixtures: {rejected} of {} rejected; {at_line} of {with_line} with a syntax error line rejected at that line ({at_column} at that column too)",
        files.len()
    );
    for a in &accepted {
        println!("ACCEPTED {a}");
    }
}

#[test]
fn protocol_test_sources_give_the_shapes_of_the_json_models() {
    let Some(dir) = shared() else {
        println!("../shared/idl is absent: skipped");
        return;
    };
    let root = dir.join("protocol-tests");
    for name in ["restJson1", "awsJson1_1"] {
        let mut files = Vec::new();
        files_with(&root.join(name), "smithy", &mut files);
        files.push(root.join("shared-types.smithy"));
        let sources: Vec<_> = files.iter().map(|p| read(p)).collect();
        let ours = load_sources(&sources).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(ours.problems.is_empty(), "{name}: {}", ours.problems);
        // The JSON AST Smithy builds from them: `shared/protocol-tests/`.
        let json = dir.join(format!("../protocol-tests/{name}.json"));
        if !json.is_file() {
            continue;
        }
        let theirs = load_sources(&[read(&json)]).unwrap();
        let (ours, theirs) = (fold(&ours), fold(&theirs));
        let mut same = 0;
        let mut differ = Vec::new();
        for (id, shape) in &theirs.0 {
            match ours.0.get(id) {
                Some(s) if s == shape => same += 1,
                Some(s) => {
                    let mut what = format!("{id} differs");
                    for (m, theirs_m) in &shape.members {
                        if s.members.get(m) != Some(theirs_m) {
                            what += &format!(
                                "\n    member {m}: ours {:?}\n    theirs {theirs_m:?}",
                                s.members.get(m)
                            );
                        }
                    }
                    if s.traits != shape.traits {
                        what += &format!(
                            "\n    traits: ours {:?}\n    theirs {:?}",
                            s.traits, shape.traits
                        );
                    }
                    differ.push(what)
                }
                None => differ.push(format!("{id} missing")),
            }
        }
        println!(
            "{name}: {same} of {} shapes of the JSON model identical",
            theirs.0.len()
        );
        for d in differ.iter().take(20) {
            println!("  {d}");
        }
        assert!(differ.is_empty(), "{name}: {} shapes differ", differ.len());
        // The JSON values too, which also hold operation, resource and
        // service properties that `ast::Shape` does not keep.
        let parsed: Vec<_> = files
            .iter()
            .map(|p| codegen::idl::parse_file(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect();
        let known = codegen::idl::Others {
            ids: parsed.iter().flat_map(|p| p.shape_ids()).collect(),
            ..Default::default()
        };
        let mut all = Map::new();
        for p in parsed {
            let v = p.into_json(&known).unwrap();
            if let Some(Value::Object(shapes)) = v.get("shapes") {
                all.extend(shapes.clone());
            }
        }
        let ours = normalize(&serde_json::json!({ "shapes": all }));
        let theirs: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let theirs = normalize(&theirs);
        let theirs_shapes = theirs["shapes"].as_object().unwrap();
        let mut json_differ = Vec::new();
        for (id, shape) in theirs_shapes {
            if ours["shapes"].get(id) != Some(shape) {
                json_differ.push(format!(
                    "{id}:\n    ours   {}\n    theirs {shape}",
                    ours["shapes"].get(id).unwrap_or(&Value::Null)
                ));
            }
        }
        println!(
            "{name}: {} of {} JSON shapes identical",
            theirs_shapes.len() - json_differ.len(),
            theirs_shapes.len()
        );
        for d in json_differ.iter().take(10) {
            println!("  {d}");
        }
        assert!(
            json_differ.is_empty(),
            "{name}: {} JSON shapes differ",
            json_differ.len()
        );
    }
}

/// Truncated and mutated versions of the fixtures (or of a built-in model
/// when they are absent) are rejected or accepted, never a panic.
#[test]
fn no_input_makes_the_parser_panic() {
    let deep = format!(
        "$version: \"2\"\nnamespace a\n@t({})\nstring S\n",
        "[".repeat(100_000)
    );
    assert!(codegen::idl::parse(&deep).is_err());
    let mut texts = vec![BUILTIN.to_string()];
    if let Some(dir) = shared() {
        let mut files = Vec::new();
        files_with(&dir.join("loader"), "smithy", &mut files);
        for f in files {
            if let Ok(t) = std::fs::read_to_string(f) {
                texts.push(t);
            }
        }
    }
    let mut runs = 0;
    for text in &texts {
        let chars: Vec<char> = text.chars().collect();
        let step = (chars.len() / 40).max(1);
        for cut in (0..chars.len()).step_by(step) {
            let truncated: String = chars[..cut].iter().collect();
            let _ = codegen::idl::parse(&truncated);
            for replacement in [
                "", "{", "}", "\"", "\"\"\"", "@", "$", ":=", "\\", "\n", "#", "-",
            ] {
                let mut mutated: String = chars[..cut].iter().collect();
                mutated.push_str(replacement);
                mutated.extend(&chars[(cut + 1).min(chars.len())..]);
                let _ = codegen::idl::parse(&mutated);
                runs += 1;
            }
        }
    }
    println!("parsed {runs} mutated IDL texts without a panic");
}

const BUILTIN: &str = r#"$version: "2"
metadata tags = ["a", 1, true, null, {k: "v"}]
namespace example.weather
use smithy.api#String

/// Docs
@documentation("x") @length(min: 1)
string City

enum Kind { A = "a"
  B }
intEnum Num { ONE = 1 }
list Cities { member: City }
map Lookup { key: String, value: City }
structure Forecast for Weather with [Mixin] { @required $id
  chance: Float = 0.5
  text: String = """
      hello
        world
      """
}
@mixin structure Mixin { id: String }
union U { a: String, b: Integer }
resource Weather { identifiers: { id: String } read: GetForecast }
@readonly
operation GetForecast { input := { @required id: String } output := @sensitive { f: Forecast } errors: [] }
service S { version: "1", operations: [GetForecast], rename: { "example.weather#City": "Town" } }
apply City @pattern("^a")
apply Cities { @length(max: 3) }
"#;

/// `forwardrefs/`: files that refer to shapes defined later or elsewhere
/// load to `result.json` (with `valid/__shared.json` beside them).
#[test]
fn forward_references_resolve() {
    let Some(dir) = shared() else {
        println!("../shared/idl is absent: skipped");
        return;
    };
    let root = dir.join("loader/forwardrefs");
    let shared_json = dir.join("loader/valid/__shared.json");
    // `use/`: each file alone; `resource/`: both files together.
    let cases: Vec<Vec<PathBuf>> = vec![
        vec![root.join("use/use.smithy")],
        vec![root.join("use/no-use.smithy")],
        vec![
            root.join("resource/operation.smithy"),
            root.join("resource/resource.smithy"),
        ],
    ];
    let mut pass = 0;
    for files in &cases {
        if !files.iter().all(|f| f.is_file()) {
            continue;
        }
        let result = files[0].with_file_name("result.json");
        let mut sources: Vec<_> = files.iter().map(|p| read(p)).collect();
        let mut expected = vec![read(&result)];
        if std::fs::read_to_string(&result)
            .unwrap()
            .contains("foo.example#Widget")
        {
            sources.push(read(&shared_json));
            expected.push(read(&shared_json));
        }
        let ours = load_sources(&sources).unwrap_or_else(|e| panic!("{files:?}: {e}"));
        let theirs = load_sources(&expected).unwrap();
        assert!(ours.problems.is_empty(), "{files:?}: {}", ours.problems);
        assert_eq!(fold(&ours), fold(&theirs), "{files:?}");
        pass += 1;
    }
    println!("forward reference cases: {pass} load like result.json");
}

/// An IDL model goes through the whole pipeline like a JSON one.
#[test]
fn an_idl_model_generates_a_crate() {
    let sources = vec![(PathBuf::from("weather.smithy"), BUILTIN.as_bytes().to_vec())];
    let loaded = load_sources(&sources).unwrap();
    assert!(loaded.problems.is_empty(), "{}", loaded.problems);
    let files = codegen::generate_from(&loaded, Some("weather")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        files.keys().any(|k| k.contains("forecast")),
        "{:?}",
        files.keys().collect::<Vec<_>>()
    );
}

/// The restJson1 protocol tests written in IDL generate the same crate files
/// as their JSON AST, except those of the shapes only the IDL folder holds.
#[test]
fn protocol_tests_in_idl_generate_like_their_json() {
    let Some(dir) = shared() else {
        println!("../shared/idl is absent: skipped");
        return;
    };
    let root = dir.join("protocol-tests");
    let json = dir.join("../protocol-tests/awsJson1_1.json");
    if !json.is_file() {
        return;
    }
    let mut files = Vec::new();
    files_with(&root.join("awsJson1_1"), "smithy", &mut files);
    files.push(root.join("shared-types.smithy"));
    let sources: Vec<_> = files.iter().map(|p| read(p)).collect();
    let from_idl = load_sources(&sources).unwrap();
    let from_json = load_sources(&[read(&json)]).unwrap();
    let ours = codegen::generate_from(&from_idl, Some("p")).unwrap_or_else(|e| panic!("{e}"));
    let theirs = codegen::generate_from(&from_json, Some("p")).unwrap_or_else(|e| panic!("{e}"));
    let same = theirs
        .iter()
        .filter(|(k, v)| ours.get(*k) == Some(v))
        .count();
    println!(
        "awsJson1_1 generated from IDL: {same} of {} files of the JSON crate identical",
        theirs.len()
    );
    // The IDL folder holds one more (unused) shared type: the type list and
    // the README count differ, every generated file of the JSON crate is the same.
    let listing = ["README.md", "src/types/mod.rs"];
    assert_eq!(same + listing.len(), theirs.len(), "files differ");
    for (k, v) in &theirs {
        if ours.get(k) != Some(v) && !listing.contains(&k.as_str()) {
            println!("  differs: {k}");
            let o = ours.get(k).map(String::as_str).unwrap_or("");
            for (a, b) in o.lines().zip(v.lines()).filter(|(a, b)| a != b).take(3) {
                println!("    ours:   {a}\n    theirs: {b}");
            }
        }
    }
}

/// `loader/mixins/`: IDL files Smithy's mixin tests load alone or together.
#[test]
fn mixin_files_load_and_conflicting_copies_are_reported() {
    let Some(dir) = shared() else {
        println!("../shared/idl is absent: skipped");
        return;
    };
    let m = dir.join("loader/mixins");
    if !m.is_dir() {
        return;
    }
    for group in [
        vec![
            "mixin-conflict-acceptable-1.smithy",
            "mixin-conflict-acceptable-2.smithy",
        ],
        vec!["mixed-member.smithy"],
        vec!["mixins-can-override-traits.smithy"],
        vec!["multiple-inheritance-with-introduction.smithy"],
        vec!["member-apply-other-namespace.smithy"],
    ] {
        let sources: Vec<_> = group.iter().map(|f| read(&m.join(f))).collect();
        let model = load_sources(&sources).unwrap_or_else(|e| panic!("{group:?}: {e}"));
        assert!(model.problems.is_empty(), "{group:?}: {}", model.problems);
    }
    let sources = vec![
        read(&m.join("mixin-conflict-acceptable-1.smithy")),
        read(&m.join("mixin-conflict-error.smithy")),
    ];
    let model = load_sources(&sources).unwrap();
    let problems = model.problems.to_string();
    assert!(problems.contains("defined differently"), "{problems}");
}
