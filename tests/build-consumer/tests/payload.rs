//! The generated modules used as any crate would use them. Each model's
//! `FromJson` is a blanket trait, so a scope imports one model's at a time.

mod iot_jobs {
    use build_consumer::iot_jobs::json::{FromJson, ParseError};
    use build_consumer::iot_jobs::types::{JobExecution, JobExecutionStatus};
    use build_consumer::iot_jobs::Validate;

    #[test]
    fn parses_and_validates_a_payload() {
        let job = JobExecution::from_json(
        r#"{"jobId":"job-1","thingName":"MyThing","status":"IN_PROGRESS","queuedAt":1700000000,"versionNumber":3}"#,
    )
    .unwrap();
        assert_eq!(job.status, Some(JobExecutionStatus::InProgress));
        assert!(job.validate().is_ok());
    }

    #[test]
    fn refuses_an_invalid_payload_with_every_violation() {
        match JobExecution::from_json_validated(r#"{"jobId":"bad id!","thingName":""}"#) {
            Err(ParseError::Invalid(v)) => {
                let text = v.to_string();
                assert!(text.contains("/jobId"), "{text}");
                assert!(text.contains("/thingName"), "{text}");
            }
            other => panic!("expected violations, got {other:?}"),
        }
    }
}

#[test]
fn a_second_model_lives_beside_the_first() {
    use build_consumer::fixtures::json::FromJson as _;
    use build_consumer::fixtures::types::Limits;
    use build_consumer::fixtures::Validate as _;
    // `word` has `\w+`, unanchored: ECMA's `\w` is ASCII, so `éé` holds no word character.
    let ok = Limits::from_json(r#"{"name":"abc","word":"abc"}"#).unwrap();
    assert!(ok.validate().is_ok(), "{:?}", ok.validate());
    let bad = Limits::from_json(r#"{"name":"abc","word":"éé"}"#).unwrap();
    let text = bad.validate().unwrap_err().to_string();
    assert!(text.contains("/word"), "{text}");
}
