//! A synthetic Smithy model of any size, in the proportions of published AWS
//! models (structures, constrained strings, enums, lists, maps, numbers,
//! timestamps, a few unions and recursive shapes), for scaling benchmarks.
//! Deterministic: the same size gives the same model.

use serde_json::{json, Map, Value};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A model with `count` shapes in namespace `synthetic`.
pub fn model(count: usize) -> Value {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut shapes = Map::new();
    // Targets a member can use: prelude shapes, then every shape made so far.
    let mut targets: Vec<String> = [
        "String",
        "Integer",
        "Long",
        "Boolean",
        "Double",
        "Timestamp",
        "Blob",
    ]
    .iter()
    .map(|s| format!("smithy.api#{s}"))
    .collect();
    let mut structures: Vec<String> = Vec::new();
    for i in 0..count {
        let roll = rng.below(100);
        let id = format!("synthetic#Shape{i}");
        let doc = json!(format!("<p>Synthetic shape number <code>{i}</code>.</p>"));
        let shape = match roll {
            0..=44 => {
                let mut members = Map::new();
                for m in 0..3 + rng.below(10) {
                    let target = if !structures.is_empty() && rng.below(20) == 0 {
                        // Occasionally a structure that may reach back to this one.
                        structures[rng.below(structures.len())].clone()
                    } else {
                        targets[rng.below(targets.len())].clone()
                    };
                    let mut traits = Map::new();
                    traits.insert(
                        "smithy.api#documentation".into(),
                        json!(format!("Member {m} of shape {i}.")),
                    );
                    if rng.below(5) == 0 {
                        traits.insert("smithy.api#required".into(), json!({}));
                    }
                    members.insert(
                        format!("member{m}"),
                        json!({"target": target, "traits": traits}),
                    );
                }
                structures.push(id.clone());
                json!({"type": "structure", "members": members, "traits": {"smithy.api#documentation": doc}})
            }
            45..=59 => {
                let mut traits = Map::new();
                if rng.below(2) == 0 {
                    traits.insert(
                        "smithy.api#length".into(),
                        json!({"min": 1, "max": 1 + rng.below(256)}),
                    );
                }
                if rng.below(3) == 0 {
                    let pattern = [
                        "^[a-zA-Z0-9_-]+$",
                        "^[a-z]+$",
                        "^arn:aws:[a-z]+:[0-9]{12}$",
                        "^[^\\p{C}]*$",
                    ][rng.below(4)];
                    traits.insert("smithy.api#pattern".into(), json!(pattern));
                }
                json!({"type": "string", "traits": traits})
            }
            60..=67 => {
                let mut members = Map::new();
                for v in 0..2 + rng.below(8) {
                    members.insert(format!("VALUE_{v}"), json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": format!("value-{v}")}}));
                }
                json!({"type": "enum", "members": members})
            }
            68..=77 => {
                json!({"type": "list", "member": {"target": targets[rng.below(targets.len())]}})
            }
            78..=80 => {
                json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": targets[rng.below(targets.len())]}})
            }
            81..=88 => {
                let mut traits = Map::new();
                if rng.below(2) == 0 {
                    traits.insert("smithy.api#range".into(), json!({"min": 0, "max": 1000}));
                }
                let ty = ["integer", "long"][rng.below(2)];
                json!({"type": ty, "traits": traits})
            }
            89..=93 => json!({"type": "timestamp"}),
            94..=95 if !structures.is_empty() => {
                let mut members = Map::new();
                for m in 0..2 + rng.below(3) {
                    members.insert(
                        format!("option{m}"),
                        json!({"target": structures[rng.below(structures.len())]}),
                    );
                }
                json!({"type": "union", "members": members})
            }
            _ => json!({"type": "boolean"}),
        };
        shapes.insert(id.clone(), shape);
        targets.push(id);
    }
    json!({"smithy": "2.0", "shapes": shapes})
}
