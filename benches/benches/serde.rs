//! Parsing and writing a realistic JobExecution and a list of 100, with the
//! generated crate's own JSON (`json::from_str`, `json::to_string`), a
//! hand-written `#[derive]` struct read by serde_json (the practical limit)
//! and `serde_json::Value`, in the same run.

use benchmarks as common;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use iot_jobs_data_plane::json;
use iot_jobs_data_plane::types::JobExecution;
use serde_json::Value;

fn parse(c: &mut Criterion) {
    for (label, text) in [
        ("one", common::payload()),
        ("list100", common::list_payload(100)),
    ] {
        let mut group = c.benchmark_group(format!("parse-{label}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        if label == "one" {
            group.bench_function("generated", |b| {
                b.iter(|| json::from_str::<JobExecution>(black_box(&text)).unwrap())
            });
            group.bench_function("derive", |b| {
                b.iter(|| serde_json::from_str::<common::HandJob>(black_box(&text)).unwrap())
            });
        } else {
            group.bench_function("generated", |b| {
                b.iter(|| json::from_str::<Vec<JobExecution>>(black_box(&text)).unwrap())
            });
            group.bench_function("derive", |b| {
                b.iter(|| serde_json::from_str::<Vec<common::HandJob>>(black_box(&text)).unwrap())
            });
        }
        group.bench_function("value", |b| {
            b.iter(|| serde_json::from_str::<Value>(black_box(&text)).unwrap())
        });
        group.finish();
    }
}

fn write(c: &mut Criterion) {
    for (label, text) in [
        ("one", common::payload()),
        ("list100", common::list_payload(100)),
    ] {
        let generated: Vec<JobExecution> = json::from_str(&format!(
            "[{}]",
            text.trim_start_matches('[').trim_end_matches(']')
        ))
        .unwrap();
        let hand: Vec<common::HandJob> = serde_json::from_str(&format!(
            "[{}]",
            text.trim_start_matches('[').trim_end_matches(']')
        ))
        .unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let mut group = c.benchmark_group(format!("write-{label}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        if label == "one" {
            group.bench_function("generated", |b| {
                b.iter(|| json::to_string(black_box(&generated[0])).unwrap())
            });
            group.bench_function("derive", |b| {
                b.iter(|| serde_json::to_string(black_box(&hand[0])).unwrap())
            });
        } else {
            group.bench_function("generated", |b| {
                b.iter(|| json::to_string(black_box(&generated)).unwrap())
            });
            group.bench_function("derive", |b| {
                b.iter(|| serde_json::to_string(black_box(&hand)).unwrap())
            });
        }
        group.bench_function("value", |b| {
            b.iter(|| serde_json::to_string(black_box(&value)).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, parse, write);
criterion_main!(benches);
