#!/usr/bin/env bash
# Every test of the project: formatting, lints, unit and integration tests,
# the freshness of generated/, and a consumer crate built outside the workspace.
set -euo pipefail
cd "$(dirname "$0")"

cargo fmt --all -- --check
cargo fmt --manifest-path benches/Cargo.toml -- --check
rustfmt --edition 2021 --check codegen/runtime/*.rs
cargo clippy --workspace --all-targets --locked -- -D warnings
# The benchmarks are their own workspace, so that they build the generated
# crate as a consumer does; this fails if their features ever differ.
CARGO_TARGET_DIR="$PWD/target" cargo clippy --manifest-path benches/Cargo.toml --all-targets --locked -- -D warnings
cargo xtask features
cargo test --workspace --locked
cargo xtask codegen --check
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --package iot-jobs-data-plane --package smithy-fixtures --quiet
# The generated crate's features: the types alone, and each feature alone,
# compile without warnings (the default, all of them, is checked above).
cargo clippy --locked -p iot-jobs-data-plane --no-default-features -- -D warnings
for feature in client server mqtt; do
  cargo clippy --locked -p iot-jobs-data-plane --no-default-features --features "$feature" -- -D warnings
done

# Published AWS models (test data outside the repository): each generates a
# crate that compiles without warnings.
if [ -d ../shared/models ]; then
  cargo xtask corpus ../shared/models
fi

# Smithy's protocol tests (test data outside the repository), client and server side:
# each model generates a crate whose #[test]s send and read what the tests
# describe; the skipped ones are listed, with reasons, in the skip file.
# awsJson1_0 has no model there: tests/protocol-tests/awsJson1_0.json holds
# cases of our own in the same format.
protocol_models=(tests/protocol-tests/awsJson1_0.json)
if [ -d ../shared/protocol-tests ]; then
  protocol_models+=(../shared/protocol-tests/restJson1.json ../shared/protocol-tests/awsJson1_1.json)
fi
# Generated outside the repository: a crate under target/ would belong to this workspace.
protocol_out=$(mktemp -d)
for model in "${protocol_models[@]}"; do
  name=$(basename "$model" .json | tr '[:upper:]_' '[:lower:]-')
  out="$protocol_out/$name"
  cargo xtask codegen --quiet --protocol-tests tests/protocol-tests/protocol-tests.skip \
    --model "$model" --out "$out" --crate-name "protocol-tests-$name"
  echo "protocol tests of $model:"
  CARGO_TARGET_DIR="$PWD/target/protocol-tests/target" cargo test --quiet --features server --manifest-path "$out/Cargo.toml" protocol_tests 2>&1 |
    grep -E "test result|FAILED|panicked"
done
rm -rf "$protocol_out"

# Hostile payloads against the fixture crate, and mutated models against the
# generator, for a bounded time
# (`cargo run --release -p fuzz -- --seconds 600` runs it longer).
cargo run --quiet -p fuzz -- --seconds 10
cargo run --quiet -p fuzz -- --models --seconds 10
cargo run --quiet -p fuzz -- --idl --seconds 10
cargo run --quiet -p fuzz -- --requests --seconds 10

# The example program on the samples: HTTPS and MQTT accepted, invalid refused.
cargo run --quiet -p examples --example operations
cargo run --quiet -p examples --example job_summary -- examples/samples/https.json
cargo run --quiet -p examples --example job_summary -- examples/samples/mqtt-notify.json
if cargo run --quiet -p examples --example job_summary -- examples/samples/invalid.json 2>/dev/null; then
  echo "job_summary accepted an invalid payload" >&2
  exit 1
fi

# A project outside the workspace, depending on generated/ by path.
payload='{"jobId":"job-1","thingName":"MyThing","status":"IN_PROGRESS","statusDetails":{"step":"2 of 3"},"queuedAt":1700000000,"versionNumber":3,"executionNumber":1}'
out=$(echo "$payload" | CARGO_TARGET_DIR="$PWD/target" cargo run --quiet --manifest-path tests/consumer/Cargo.toml)
echo "consumer: $out"
if echo '{"jobId":"bad id!"}' | CARGO_TARGET_DIR="$PWD/target" cargo run --quiet --manifest-path tests/consumer/Cargo.toml 2>/dev/null; then
  echo "consumer accepted an invalid payload" >&2
  exit 1
fi
# The same project with the generated crate's default features off: the
# types without operations or topics.
out=$(echo "$payload" | CARGO_TARGET_DIR="$PWD/target" cargo run --quiet --locked --manifest-path tests/types-consumer/Cargo.toml)
echo "types-only consumer: $out"
# A project that generates in its build script (module mode, two models).
CARGO_TARGET_DIR="$PWD/target" cargo test --quiet --locked --manifest-path tests/build-consumer/Cargo.toml

# The installable command: installed into a temporary folder, run on a
# model, and the crate it writes compiled.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo install --quiet --offline --locked --path cli --root "$tmp/bin" --target-dir "$PWD/target/install"
"$tmp/bin/bin/smithy-rust-codegen" --quiet --model model --out "$tmp/crate" --crate-name installed-check
"$tmp/bin/bin/smithy-rust-codegen" --quiet --model model --out "$tmp/crate" --crate-name installed-check --check
CARGO_TARGET_DIR="$PWD/target" cargo check --quiet --offline --manifest-path "$tmp/crate/Cargo.toml"
# A model written in the Smithy IDL, no JVM involved.
"$tmp/bin/bin/smithy-rust-codegen" --quiet --model examples/models/devices.smithy --out "$tmp/idl-crate" --crate-name devices-example
RUSTFLAGS="-D warnings" CARGO_TARGET_DIR="$PWD/target" cargo check --quiet --offline --manifest-path "$tmp/idl-crate/Cargo.toml"
if "$tmp/bin/bin/smithy-rust-codegen" --model does-not-exist --out "$tmp/none" 2>/dev/null; then
  echo "smithy-rust-codegen accepted a missing model" >&2
  exit 1
fi
echo "all tests passed"
