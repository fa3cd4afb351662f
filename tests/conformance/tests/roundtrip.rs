//! Property tests: every generated value survives JSON and CBOR round trips,
//! and wire-valid JSON survives a read and a write; constraint bounds hold
//! exactly at their edges.

use std::collections::BTreeMap;

use iot_jobs_data_plane::types::{JobExecution, JobExecutionStatus};
use proptest::prelude::*;
use serde_json::Value;
use smithy_fixtures::primitives::{BigDecimal, BigInteger, DateTime};
use smithy_fixtures::types::{Circle, Color, Everything, Level, Limits, Shape, Tree};
use smithy_fixtures::Validate;

fn status() -> impl Strategy<Value = JobExecutionStatus> {
    prop_oneof![
        proptest::sample::select(JobExecutionStatus::VALUES).prop_map(JobExecutionStatus::from),
        "[A-Z_]{1,12}".prop_map(|s| JobExecutionStatus::from(s.as_str())),
    ]
}

fn job() -> impl Strategy<Value = JobExecution> {
    (
        proptest::option::of("[a-zA-Z0-9_-]{1,64}"),
        proptest::option::of("\\PC{0,20}"),
        proptest::option::of(status()),
        proptest::option::of(proptest::collection::btree_map(
            "[a-z:]{1,8}",
            "\\PC{1,10}",
            0..4,
        )),
        any::<i64>(),
        proptest::option::of(any::<i64>()),
        proptest::option::of(any::<i64>()),
    )
        .prop_map(|(id, doc, status, details, queued, started, exec)| {
            JobExecution::builder()
                .set_job_id(id)
                .set_job_document(doc)
                .set_status(status)
                .set_status_details(details)
                .queued_at(queued)
                .set_started_at(started)
                .set_execution_number(exec)
                .build()
        })
}

fn shape() -> impl Strategy<Value = Shape> {
    let leaf = prop_oneof![
        Just(Shape::Empty),
        (2.2f64..8.8).prop_map(|r| Shape::Circle(Circle::builder().radius(r).build().unwrap())),
        any::<f64>()
            .prop_filter("NaN is not equal to itself", |f| !f.is_nan())
            .prop_map(Shape::Square),
        "[a-z]{1,8}".prop_map(Shape::Label),
    ];
    leaf.prop_recursive(4, 16, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|s| Shape::Nested(Box::new(s))),
            proptest::collection::vec(inner, 0..4).prop_map(Shape::Group),
        ]
    })
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = any::<i32>().prop_map(|v| Tree::builder().value(v).build());
    leaf.prop_recursive(4, 16, 3, |inner| {
        (
            any::<i32>(),
            proptest::option::of(inner.clone()),
            proptest::option::of(proptest::collection::vec(inner, 0..3)),
        )
            .prop_map(|(v, left, children)| {
                Tree::builder()
                    .value(v)
                    .set_left(left)
                    .set_children(children)
                    .build()
            })
    })
}

fn everything() -> impl Strategy<Value = Everything> {
    (
        (
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..16)),
            proptest::option::of(any::<i8>()),
            proptest::option::of(any::<i64>()),
            proptest::option::of(any::<f32>().prop_filter("not NaN", |f| !f.is_nan())),
            proptest::option::of(
                any::<i128>().prop_map(|i| BigInteger::new(i.to_string()).unwrap()),
            ),
            proptest::option::of(
                (any::<i64>(), 0u32..1000)
                    .prop_map(|(i, f)| BigDecimal::new(format!("{i}.{f:03}1")).unwrap()),
            ),
        ),
        (
            proptest::option::of(
                (-10_000_000_000i64..10_000_000_000, 0u32..1000)
                    .prop_map(|(s, ms)| DateTime::from_parts(s, ms * 1_000_000).unwrap()),
            ),
            proptest::option::of((0i64..253_402_300_799).prop_map(DateTime::from_secs)),
            proptest::option::of((0i64..253_402_300_799).prop_map(DateTime::from_secs)),
            proptest::option::of(prop_oneof![
                Just(Color::Red),
                Just(Color::Green),
                "[a-z]{1,6}".prop_map(|s| Color::from(s.as_str()))
            ]),
            proptest::option::of(any::<i32>().prop_map(Level::from)),
            proptest::option::of(proptest::collection::vec(
                proptest::option::of("\\PC{0,5}"),
                0..4,
            )),
        ),
        (
            proptest::option::of(proptest::collection::btree_map(
                "[a-z]{1,4}",
                proptest::option::of(any::<i32>()),
                0..4,
            )),
            proptest::option::of(shape()),
            proptest::option::of(tree()),
            proptest::option::of(proptest::collection::btree_map(
                "[a-z]{1,4}",
                any::<f64>().prop_filter("not NaN", |f| !f.is_nan()),
                0..4,
            )),
        ),
    )
        .prop_map(
            |(
                (blob, byte, long, float, big_int, big_dec),
                (epoch, date_time, http_date, color, level, sparse),
                (sparse_map, shape, tree, doubles),
            )| {
                Everything::builder()
                    .set_blob(blob)
                    .set_byte(byte)
                    .set_long(long)
                    .set_float(float)
                    .set_big_integer(big_int)
                    .set_big_decimal(big_dec)
                    .set_epoch(epoch)
                    .set_date_time(date_time)
                    .set_http_date(http_date)
                    .set_color(color)
                    .set_level(level)
                    .set_sparse_strings(sparse)
                    .set_sparse_map(sparse_map)
                    .set_shape(shape)
                    .set_tree(tree)
                    .set_doubles(doubles)
                    .build()
            },
        )
}

fn cbor_round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    let mut bytes = Vec::new();
    ciborium::into_writer(value, &mut bytes).unwrap();
    ciborium::from_reader(bytes.as_slice()).unwrap()
}

proptest! {
    #[test]
    fn job_executions_round_trip(job in job()) {
        let text = iot_jobs_data_plane::json::to_string(&job).unwrap();
        prop_assert_eq!(&iot_jobs_data_plane::json::from_str::<JobExecution>(&text).unwrap(), &job);
        prop_assert_eq!(&cbor_round_trip(&job), &job);
    }

    #[test]
    fn fixture_values_round_trip(e in everything()) {
        let text = smithy_fixtures::json::to_string(&e).unwrap();
        let back: Everything = smithy_fixtures::json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &e);
        prop_assert_eq!(&cbor_round_trip(&e), &e);
        // Wire-valid JSON survives a read and a write, up to key order and whitespace.
        let value: Value = serde_json::from_str(&text).unwrap();
        let rewritten: Value = serde_json::from_str(&smithy_fixtures::json::to_string(&back).unwrap()).unwrap();
        prop_assert_eq!(rewritten, value);
    }

    #[test]
    fn lengths_hold_at_their_bounds(id in "[a-z]{1,64}", long in "[a-z]{65,90}", emoji in "[👍é]") {
        let ok = JobExecution::builder().job_id(id).build();
        prop_assert!(iot_jobs_data_plane::Validate::validate(&ok).is_ok());
        let bad = JobExecution::builder().job_id(long).build();
        prop_assert!(iot_jobs_data_plane::Validate::validate(&bad).is_err());
        let one_char = Limits::builder().name("abc").emoji(emoji).build();
        prop_assert!(one_char.validate().is_ok());
    }

    #[test]
    fn ranges_hold_at_their_bounds(inside in 0i32..=100, above in 101i32.., below in ..0i32, ratio in 2.2f32..=8.8) {
        let limits = |p: i32| Limits::builder().name("abc").percent(p).build();
        prop_assert!(limits(inside).validate().is_ok());
        prop_assert!(limits(above).validate().is_err());
        prop_assert!(limits(below).validate().is_err());
        prop_assert!(Limits::builder().name("abc").ratio(ratio).build().validate().is_ok());
        let just_above = f32::from_bits(8.8f32.to_bits() + 1);
        prop_assert!(Limits::builder().name("abc").ratio(just_above).build().validate().is_err());
    }

    #[test]
    fn maps_and_unknown_keys(extra in proptest::collection::btree_map("[A-Z]{3}", any::<u8>(), 0..4)) {
        // Unknown members are ignored wherever they appear.
        let mut object: BTreeMap<String, Value> = extra.into_iter().map(|(k, v)| (k, Value::from(v))).collect();
        object.insert("jobId".into(), Value::from("j"));
        let text = serde_json::to_string(&object).unwrap();
        let job: JobExecution = iot_jobs_data_plane::json::from_str(&text).unwrap();
        prop_assert_eq!(job.job_id.as_deref(), Some("j"));
    }
}
