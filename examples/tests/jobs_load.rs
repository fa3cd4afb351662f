//! The load routine, small enough for CI: correctness only, no timing.

use examples::load::{self, Config};

#[test]
fn a_small_load_loses_no_update_and_gets_every_answer_right() {
    let config = Config {
        requests: 400,
        clients: 4,
        ..Config::default()
    };
    let report = load::run(&config).expect("the endpoint starts");
    report.print();
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    assert_eq!(
        report.accepted_updates + report.expected_errors + report.malformed,
        config.requests
    );
    assert!(report.accepted_updates > 0 && report.malformed > 0);
}
