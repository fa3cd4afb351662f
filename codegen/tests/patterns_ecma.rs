//! Every pattern plan against an independent ECMA 262 engine (`regress`),
//! on strings built from each pattern's own characters and edge cases:
//! line terminators, non-ASCII digits and letters, combining marks,
//! characters beside the surrogate range. Patterns come from the fixtures,
//! a list of forms, and `../shared/models` when present (and all of
//! `../shared/aws-models` with `PATTERNS_CORPUS=1`).

use codegen::pattern::compile;

/// Forms found in the AWS models (see the README's table).
const FORMS: &[&str] = &[
    "^[a-zA-Z0-9_-]+$",
    "^[^\\p{C}]+$",
    "^arn:aws:iot:[a-z0-9-]+:\\d{12}:thing/.+$",
    "^\\w+$",
    "^\\d{1,3}$",
    "^\\s*$",
    "\\w+",
    "^.$",
    "^[\\w\\W\\s\\S]*$",
    "^[^\\W]+$",
    "^[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*$",
    "^[^\\x00-\\x1F]+$",
    "^\\cJ?a$",
    "^(?!\\s*$).+",
    "^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$",
    "^[0-9A-Za-z\\.\\-_]*(?<!\\.)$",
    "^(a)\\1$",
    "^(?!.*?(.)\\1{2})[a-c]*$",
    "^([a-z]+\\.)*[a-z]+$",
    "^(ENABLED|DISABLED)$",
    "^[a-z]+|^\\$next$",
    "(^$)|^[0-9A-Za-z]+$",
    "^arn:(aws|aws-cn):iam::\\d{3}:role(/[a-z]+)?$",
    "^\\bab\\b",
    "a\\B",
    "^[\\p{L}\\p{N}]+$",
    "^\\P{L}*$",
    "^[a-z]{2,4}[0-9]?$",
    "^.{1,5}$",
];

/// A small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const EDGES: &[char] = &[
    '\n',
    '\r',
    '\t',
    ' ',
    '\u{2028}',
    '\u{2029}',
    '\u{a0}',
    '\u{feff}',
    '\u{85}',
    '٣',
    'é',
    'ß',
    'Ж',
    '\u{301}',
    '\u{d7ff}',
    '\u{e000}',
    '\u{fffd}',
    '\u{10000}',
    '😀',
    '_',
    '-',
    '.',
    '/',
    '$',
    ':',
    '0',
    '9',
    'a',
    'z',
    'A',
    'Z',
    '\u{0}',
    '\u{1f}',
];

fn samples(pattern: &str, seed: u64) -> Vec<String> {
    let mut alphabet: Vec<char> = pattern.chars().filter(|c| *c != '\\').collect();
    alphabet.extend_from_slice(EDGES);
    let mut rng = Rng(seed | 1);
    let mut out = vec![String::new()];
    for _ in 0..400 {
        let len = (rng.next() % 16) as usize;
        out.push(
            (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect(),
        );
    }
    out
}

/// Compares one pattern; `None` when regress does not take it as ECMA 262
/// (Java-only syntax, which the compiler reads with Java's meaning).
fn compare(pattern: &str) -> Option<Vec<String>> {
    // Java's property names mean something else to an ECMA engine.
    let java = [
        "Punct", "Print", "Alpha", "Alnum", "all}", "LD}", "{Is", "ASCII", "Lower", "Upper",
        "Digit", "Space", "Graph", "Cntrl", "XDigit", "Blank", "L1}",
    ];
    if java.iter().any(|j| pattern.contains(j)) {
        return None;
    }
    let reference = regress::Regex::with_flags(pattern, "u")
        .or_else(|_| {
            // Annex B syntax without the `u` flag; surrogate escapes mean
            // code units there, so those are not compared.
            if pattern.contains("\\uD") || pattern.contains("\\p{") {
                Err(())
            } else {
                regress::Regex::with_flags(pattern, "").map_err(|_| ())
            }
        })
        .ok()?;
    let plan = compile(pattern).unwrap_or_else(|e| panic!("{pattern:?}: {e}"));
    let matcher = plan
        .matcher()
        .unwrap_or_else(|e| panic!("{pattern:?}: {e}"));
    let seed = pattern
        .bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64));
    let mut wrong = Vec::new();
    for s in samples(pattern, seed) {
        let expected = reference.find(&s).is_some();
        if let Some(got) = matcher.matches(&s) {
            if got != expected {
                wrong.push(format!("{pattern:?} on {s:?}: ECMA {expected}, plan {got}"));
            }
        }
    }
    Some(wrong)
}

fn patterns_of(model: &serde_json::Value, out: &mut Vec<String>) {
    match model {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("smithy.api#pattern", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => patterns_of(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| patterns_of(v, out)),
        _ => {}
    }
}

fn check_all(patterns: &[String]) -> (usize, usize) {
    let (mut compared, mut skipped) = (0, 0);
    let mut wrong = Vec::new();
    for p in patterns {
        match compare(p) {
            Some(w) => {
                compared += 1;
                wrong.extend(w);
            }
            None => skipped += 1,
        }
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(20)].join("\n")
    );
    (compared, skipped)
}

#[test]
fn forms_agree_with_an_ecma_engine() {
    let forms: Vec<String> = FORMS.iter().map(|s| s.to_string()).collect();
    let (compared, _) = check_all(&forms);
    assert_eq!(compared, FORMS.len(), "every form is valid ECMA 262");
}

#[test]
fn model_patterns_agree_with_an_ecma_engine() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut dirs = vec![root.join("tests/fixtures/model"), root.join("model")];
    dirs.push(root.join("../shared/models"));
    // The whole published corpus on request (slower): PATTERNS_CORPUS=1.
    if std::env::var_os("PATTERNS_CORPUS").is_some() {
        dirs.push(root.join("../shared/aws-models"));
    }
    let mut patterns = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(text) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            if let Ok(v) = serde_json::from_str(&text) {
                patterns_of(&v, &mut patterns);
            }
        }
    }
    patterns.sort();
    patterns.dedup();
    let (compared, skipped) = check_all(&patterns);
    println!("{compared} patterns compared with regress, {skipped} not ECMA 262 for it");
}
