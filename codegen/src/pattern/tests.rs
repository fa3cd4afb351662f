//! Each pattern form found in the AWS models, with strings ECMA 262 accepts
//! and rejects. (`tests/patterns` checks every plan against an ECMA 262
//! engine, differentially.)

use super::{compile, Plan};

fn plan(p: &str) -> Plan {
    compile(p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn check(p: &str, yes: &[&str], no: &[&str]) {
    let plan = plan(p);
    for s in yes {
        assert_eq!(
            plan.matches(s),
            Some(true),
            "{p} should match {s:?} ({plan:?})"
        );
    }
    for s in no {
        assert_eq!(
            plan.matches(s),
            Some(false),
            "{p} should not match {s:?} ({plan:?})"
        );
    }
}

fn is_simple(p: &str) -> bool {
    matches!(plan(p), Plan::Simple(_))
}

#[test]
fn simple_forms() {
    assert!(is_simple("^[a-zA-Z0-9_-]+$"));
    assert!(is_simple("^[^\\p{C}]+$"));
    assert!(is_simple("^arn:aws:iot:[a-z0-9-]+:\\d{12}:thing/.+$"));
    assert!(is_simple("^[^\\p{C}]{1,2048}$"));
    assert!(is_simple("^.{1,100000}$"));
    assert!(is_simple("^(?!\\s*$).+"));
    assert!(is_simple("^((?!^\\d+$)^[0-9a-zA-Z-_]+$)$"));
    check(
        "^((?!^\\d+$)^[0-9a-zA-Z-_]+$)$",
        &["v1", "1a"],
        &["12", "a.b"],
    );
    check(
        "^(^(?!(system\\x2e)))(^[_a-zA-Z0-9])([^$]*)$",
        &["sys.x", "a"],
        &["system.x", ".a", "a$"],
    );
    // `[a-z]+` would take the `a` that `a` needs: greedy is not exact.
    assert!(!is_simple("^[a-z]+a$"));
    assert!(!is_simple("[a-z]+"), "unanchored start");
    check("^[a-z]+a$", &["ba", "aa"], &["a", "ab"]);
    check("^[a-z][a-z]*$", &["a", "abc"], &["", "A"]);
    check(
        "^arn:aws:iot:[a-z0-9-]+:\\d{12}:thing/.+$",
        &["arn:aws:iot:us-east-1:123456789012:thing/x"],
        &[
            "arn:aws:iot:us-east-1:12345678901:thing/x",
            "arn:aws:iot::123456789012:thing/x",
        ],
    );
    check("^[0-9]{2,3}", &["12", "123", "1234x"], &["1", "a12"]);
}

#[test]
fn ecma_classes_are_ascii_and_dot_stops_at_line_terminators() {
    check("^\\d+$", &["0123"], &["٣", "١"]);
    check("^\\w+$", &["a_Z9"], &["é", "ß"]);
    check(
        "^\\s$",
        &["\u{feff}", "\u{2028}", "\u{a0}"],
        &["\u{85}", "x"],
    );
    check(
        "^.$",
        &["x", "é", "😀"],
        &["\n", "\r", "\u{2028}", "\u{2029}"],
    );
    check("^\\bab\\b$", &["ab"], &[]);
    check("a\\b", &["a", "a é"], &["ab"]);
    check("é\\b", &[], &["é"]);
}

#[test]
fn class_escapes_inside_classes() {
    check("^[\\w\\W\\s\\S]*$", &["", "any\nthing 😀"], &[]);
    check("^[\\S]+$", &["ab"], &["a b"]);
    check("^[^\\W]+$", &["ab_9"], &["a-b"]);
    check("^[\\D]$", &["a"], &["1"]);
}

#[test]
fn dash_after_a_class_escape_is_literal() {
    check("^[\\w-\\/]+$", &["a-b/c"], &["a.b"]);
    check("[\\w-.~]+", &["a.b~c-d"], &["!!"]);
    check(
        "^[a-zA-Z0-9\\s-_()\\[\\]]+$",
        &["a - b_(c)[d]"],
        &["a.b", "a/b"],
    );
    check("^[\\p{L}\\p{N}\\p{Z}-_]*$", &["é 1-_"], &["."]);
}

#[test]
fn surrogate_escapes() {
    // A pair written as two escapes is the code point; a lone surrogate can
    // never be in a Rust string, so it adds nothing to a class.
    let xml = "^[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDBFF-\\uDC00\\uDFFF\\t\\r\\n]*$";
    check(xml, &["ok\n", "\u{FFFD}"], &["\u{1}", "😀", "\u{FFFE}"]);
    let pairs = "^[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*$";
    check(pairs, &["ok 👍\n", "\u{10FFFF}"], &["\u{1}"]);
    check("^\\uD83D\\uDE00$", &["😀"], &["\u{FFFD}"]);
    check("^a\\uD800?$", &["a"], &["a\u{FFFD}"]);
    check("^\\uD800", &[], &["", "a"]);
}

#[test]
fn octal_control_and_hex_escapes() {
    check("^[^\\000-\\037]+$", &["abc"], &["a\u{1f}b", "\0"]);
    check("^\\cJ$", &["\n"], &["J"]);
    check("^\\x41\\u0042$", &["AB"], &[]);
    check("^\\0$", &["\0"], &["0"]);
}

#[test]
fn java_property_names() {
    check("^[\\p{all}]*$", &["", "anything 😀\n"], &[]);
    check("^(\\p{LD}|\\p{Punct}| )+$", &["a1 !", "é٣"], &["\t", "«"]);
    check("^\\p{Print}+$", &["abc ~"], &["é"]);
    check("^\\p{IsAlphabetic}+$", &["aé"], &["1"]);
}

#[test]
fn quantified_lookahead_and_bounded_counts() {
    check(
        "^(\\/|(\\/(?!\\.)+[^$#<>;`|&?{}^*/\\n]+){1,4})$",
        &["/", "/a", "/a/b"],
        &["/.a", "a", "/a/b/c/d/e"],
    );
    check(
        "^[\\p{L}\\p{M}\\p{Z}\\p{N}\\p{P}]{0,1024}$",
        &["", "héllo, 1!"],
        &["$"],
    );
    let long = "x".repeat(100_001);
    check("^.{1,100000}$", &["x"], &["", &long]);
}

#[test]
fn lookaround_and_backreferences_use_the_bounded_engine() {
    let p = "^[0-9A-Za-z\\.\\-_]*(?<!\\.)$";
    assert!(matches!(plan(p), Plan::Backtrack(_)));
    check(p, &["bucket.name"], &["bucket."]);
    check("^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$", &["v123"], &["123"]);
    check(
        "^(?!.*?(.)\\1{3})[-_!@#$a-zA-Z0-9]*$",
        &["aaab"],
        &["aaaab"],
    );
    check("^(a)\\1$", &["aa"], &["ab"]);
}

#[test]
fn regular_patterns_use_regex() {
    let p = "^([a-z]+\\.)*[a-z]+$";
    assert!(matches!(plan(p), Plan::Regex(_)));
    check(p, &["a.b.c", "abc"], &["a.", ".a", ""]);
    assert!(is_simple("^(ENABLED|DISABLED)$"));
    check("^(ENABLED|DISABLED)$", &["ENABLED"], &["ENABLEDX", ""]);
    check("\\w+", &["!hello!"], &["!!"]);
    check("^[a-z]+|[0-9]+$", &["abc!", "!12"], &["!"]);
    check("^$|^[a-z]{2}$", &["", "ab"], &["a"]);
}

#[test]
fn invalid_patterns_are_errors() {
    for p in ["[a-", "(a", "a)", "*a", "[z-a]", "\\p{Nope}", "a{2,1}"] {
        assert!(compile(p).is_err(), "{p}");
    }
}

#[test]
fn java_only_syntax_with_java_meaning() {
    check(
        "^(?i)all|[0-9]{12}$",
        &["ALL", "aLl", "123456789012"],
        &["al"],
    );
    check("^(?s).+$", &["a\nb"], &[""]);
    check("^[a-z]+(?-i:x)$", &["ax"], &["aX"]);
    check("^(?i)[a-c]+$", &["AbC"], &["d"]);
    check("^(?i)[^a]$", &["b"], &["a", "A"]);
    check(
        "^([\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*)${1,128}$",
        &["a b:1"],
        &["a!"],
    );
    check("^[0-9A-Z]{2}+$", &["A1"], &["A", "A1B"]);
    check("^[\\/]?+[a-z]+(\\/[a-z]+)*$", &["/a/b", "a"], &["//a"]);
    check("^x?+x$", &[], &["x"]);
    check(
        "^a{2}{0,3}$",
        &["", "aaaa", "aaaaaa"],
        &["a", "aaa", "aaaaaaaa"],
    );
    check(
        "^(?ms)\\s*^-----BEGIN (?-s:.*)PRIVATE KEY-----$.*?^-----END (?-s:.*)PRIVATE KEY-----$\\s*$",
        &["-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n"],
        &["-----BEGIN PRIVATE KEY-----"],
    );
    check(
        "^(?![^:\\\\]*/action/|(?i).*<script>.*</script>.*)[^:\\\\]+$",
        &["a/b"],
        &["x/action/y", "<SCRIPT></script>"],
    );
}

#[test]
fn word_boundaries_in_the_backtracking_engine() {
    let p = "^(\\d{4}(?!\\d{2}\\b))$";
    assert!(matches!(plan(p), Plan::Backtrack(_)));
    check(p, &["2024"], &["20245"]);
}

#[test]
fn alternatives_of_simple_forms() {
    assert!(is_simple("^[a-zA-Z0-9_-]+|^\\$next$"));
    check(
        "^[a-zA-Z0-9_-]+|^\\$next$",
        &["job-1", "$next", "a!"],
        &["$nex", "!a"],
    );
    assert!(is_simple(
        "^arn:(aws|aws-cn|aws-us-gov):iam::\\d{12}:role(/[a-z]+)?$"
    ));
    check(
        "^arn:(aws|aws-cn|aws-us-gov):iam::\\d{12}:role(/[a-z]+)?$",
        &[
            "arn:aws-cn:iam::123456789012:role",
            "arn:aws:iam::123456789012:role/x",
        ],
        &[
            "arn:aws-x:iam::123456789012:role",
            "arn:aws:iam::123456789012:role/",
        ],
    );
    check("(^$)|^[0-9A-Za-z]+$", &["", "ab"], &["a b"]);
}
