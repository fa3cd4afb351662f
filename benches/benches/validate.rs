//! `validate()` of a valid JobExecution with ten statusDetails entries, against
//! a hand-written validator of the same struct in the same run.

use benchmarks as common;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use iot_jobs_data_plane::types::JobExecution;
use iot_jobs_data_plane::Validate;

fn validate(c: &mut Criterion) {
    let text = common::payload();
    let generated: JobExecution = iot_jobs_data_plane::json::from_str(&text).unwrap();
    let hand: common::HandJob = serde_json::from_str(&text).unwrap();
    assert!(generated.validate().is_ok());
    assert_eq!(common::hand_validate(&hand), 0);
    let mut group = c.benchmark_group("validate");
    group.bench_function("generated", |b| b.iter(|| black_box(&generated).validate()));
    group.bench_function("hand-written", |b| {
        b.iter(|| common::hand_validate(black_box(&hand)))
    });
    group.finish();
}

criterion_group!(benches, validate);
criterion_main!(benches);
