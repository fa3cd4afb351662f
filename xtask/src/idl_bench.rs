//! `cargo xtask bench idl [SHARED DIR]`: how fast the IDL loader reads a
//! model against the JSON loader reading the same model, in one run: the
//! restJson1 and awsJson1_1 protocol-test models (the `.smithy` files of
//! `../shared/idl/protocol-tests/<protocol>`, its subfolders included, and
//! `shared-types.smithy`, against `../shared/protocol-tests/<protocol>.json`).
//! Release build recommended.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub fn run(args: &[String], root: &Path) -> ExitCode {
    let shared = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let idl = shared.join("idl/protocol-tests");
    for protocol in ["restJson1", "awsJson1_1"] {
        // The subfolders (`services`, `malformedRequests`) hold part of the
        // model: the JSON file has their shapes too.
        let mut idl_inputs = vec![idl.join("shared-types.smithy")];
        folders(&idl.join(protocol), &mut idl_inputs);
        let json_inputs = vec![shared.join(format!("protocol-tests/{protocol}.json"))];
        let (Some((idl_sources, idl_shapes)), Some((json_sources, _))) =
            (read(&idl_inputs), read(&json_inputs))
        else {
            eprintln!(
                "error: cannot load the {protocol} models under {}",
                shared.display()
            );
            return ExitCode::FAILURE;
        };
        // The IDL model has all of `shared-types.smithy`; the published JSON
        // model only the shared shapes its protocol uses. The JSON side gets
        // the others from the other protocol's JSON model, so that both
        // sides load the same shapes as far as the JSON models have them.
        let donors: Vec<PathBuf> = ["restJson1", "awsJson1_1"]
            .iter()
            .map(|p| shared.join(format!("protocol-tests/{p}.json")))
            .collect();
        let Some((json_sources, json_shapes)) = same_shapes(&json_sources, &idl_sources, &donors)
        else {
            eprintln!("error: cannot give the {protocol} JSON model the IDL model's shapes");
            return ExitCode::FAILURE;
        };
        let (t_idl, t_json) = time_loads(&idl_sources, &json_sources);
        println!(
            "{protocol}: IDL {t_idl:.2?} ({idl_shapes} shapes), JSON {t_json:.2?} ({json_shapes} of them) per load (median of 31): IDL/JSON {:.2}x",
            t_idl.as_secs_f64() / t_json.as_secs_f64()
        );
    }
    ExitCode::SUCCESS
}

/// The folder and the folders under it.
fn folders(dir: &Path, out: &mut Vec<PathBuf>) {
    out.push(dir.to_path_buf());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut subs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    subs.sort();
    for sub in subs {
        folders(&sub, out);
    }
}

/// Model files and their bytes.
type Sources = Vec<(PathBuf, Vec<u8>)>;

/// The model files of the inputs, read (the files of a folder of IDL
/// sources cost more to open than one JSON file; that is not the loader's
/// work), and the number of shapes they load to.
fn read(inputs: &[PathBuf]) -> Option<(Sources, usize)> {
    let files = codegen::load::model_files(inputs).ok()?;
    let sources: Sources = files
        .into_iter()
        .map(|f| std::fs::read(&f).map(|b| (f, b)))
        .collect::<Result<_, _>>()
        .ok()?;
    let shapes = codegen::load::load_sources(&sources).ok()?.shapes.len();
    Some((sources, shapes))
}

/// The JSON model with the shapes the IDL model has, as far as the donor
/// JSON models hold them (the IDL folders define a few shapes that no test
/// service uses, which the published JSON models leave out), and no others.
fn same_shapes(json: &Sources, idl: &Sources, donors: &[PathBuf]) -> Option<(Sources, usize)> {
    use serde_json::Value;
    let ids = codegen::load::load_sources(idl).ok()?.shapes;
    let (path, bytes) = json.first()?;
    let mut doc: Value = serde_json::from_slice(bytes).ok()?;
    let donors: Vec<Value> = donors
        .iter()
        .map(|d| serde_json::from_slice(&std::fs::read(d).ok()?).ok())
        .collect::<Option<_>>()?;
    let shapes = doc.get_mut("shapes")?.as_object_mut()?;
    shapes.retain(|id, _| ids.contains_key(id));
    for id in ids.keys() {
        if !shapes.contains_key(id) {
            if let Some(shape) = donors.iter().find_map(|d| d["shapes"].get(id)) {
                shapes.insert(id.clone(), shape.clone());
            }
        }
    }
    let bytes = serde_json::to_vec(&doc).ok()?;
    let sources = vec![(path.clone(), bytes)];
    let shapes = codegen::load::load_sources(&sources).ok()?.shapes.len();
    Some((sources, shapes))
}

/// Median times of loading each set of sources, the loads taking turns so
/// that other work on the machine slows both alike.
fn time_loads(a: &[(PathBuf, Vec<u8>)], b: &[(PathBuf, Vec<u8>)]) -> (Duration, Duration) {
    let time = |sources: &[(PathBuf, Vec<u8>)]| {
        let start = Instant::now();
        let model = codegen::load::load_sources(sources);
        let t = start.elapsed();
        std::hint::black_box(model.is_ok());
        t
    };
    let (mut ta, mut tb): (Vec<Duration>, Vec<Duration>) =
        (0..31).map(|_| (time(a), time(b))).unzip();
    ta.sort();
    tb.sort();
    (ta[ta.len() / 2], tb[tb.len() / 2])
}
