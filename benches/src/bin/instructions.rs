//! One benchmark operation run N times, for counting instructions under
//! `valgrind --tool=callgrind` (repeatable where wall-clock time is noisy):
//! `instructions <parse|write>-<one|list100>-<generated|derive>|validate-<generated|hand-written> N`.
//! The generated crate reads and writes through its own `json` module; the
//! baseline is serde's derive read and written by serde_json.

use std::hint::black_box;

use benchmarks::{hand_validate, list_payload, payload, HandJob};
use iot_jobs_data_plane::json;
use iot_jobs_data_plane::types::JobExecution;
use iot_jobs_data_plane::Validate;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(op), Some(n)) = (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: instructions OPERATION N");
        std::process::exit(2);
    };
    let one = payload();
    let list = list_payload(100);
    let gen_one: JobExecution = json::from_str(&one).unwrap();
    let hand_one: HandJob = serde_json::from_str(&one).unwrap();
    let gen_list: Vec<JobExecution> = json::from_str(&list).unwrap();
    let hand_list: Vec<HandJob> = serde_json::from_str(&list).unwrap();
    // The operation is chosen once, so that every one pays the same call per
    // iteration and nothing else.
    let run: Box<dyn Fn()> = match op.as_str() {
        "parse-one-generated" => Box::new(|| {
            drop(black_box(
                json::from_str::<JobExecution>(black_box(&one)).unwrap(),
            ))
        }),
        "parse-one-derive" => Box::new(|| {
            drop(black_box(
                serde_json::from_str::<HandJob>(black_box(&one)).unwrap(),
            ))
        }),
        "parse-list100-generated" => Box::new(|| {
            drop(black_box(
                json::from_str::<Vec<JobExecution>>(black_box(&list)).unwrap(),
            ))
        }),
        "parse-list100-derive" => Box::new(|| {
            drop(black_box(
                serde_json::from_str::<Vec<HandJob>>(black_box(&list)).unwrap(),
            ))
        }),
        "write-one-generated" => {
            Box::new(|| drop(black_box(json::to_string(black_box(&gen_one)).unwrap())))
        }
        "write-one-derive" => Box::new(|| {
            drop(black_box(
                serde_json::to_string(black_box(&hand_one)).unwrap(),
            ))
        }),
        "write-list100-generated" => {
            Box::new(|| drop(black_box(json::to_string(black_box(&gen_list)).unwrap())))
        }
        "write-list100-derive" => Box::new(|| {
            drop(black_box(
                serde_json::to_string(black_box(&hand_list)).unwrap(),
            ))
        }),
        "validate-generated" => Box::new(|| drop(black_box(black_box(&gen_one).validate()))),
        "validate-hand-written" => Box::new(|| {
            black_box(hand_validate(black_box(&hand_one)));
        }),
        other => {
            eprintln!("unknown operation {other}");
            std::process::exit(2);
        }
    };
    for _ in 0..n {
        run();
    }
}
