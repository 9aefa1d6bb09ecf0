#!/usr/bin/env bash
# Every test of the workspace: formatting, lints, unit and integration tests, then the end-to-end suite in
# headless Chromium against a console started on a free port. Exits non-zero when anything fails.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# cargo-leptos compiles the server with this set (Leptos reads it at compile time); every cargo command here
# sets it too, so that clippy, cargo test and cargo leptos share one set of build artefacts.
export LEPTOS_OUTPUT_NAME=clawdesk

logs=target/test-logs
mkdir -p "$logs"
rust_passed=0 rust_failed=0 e2e_passed=0 e2e_failed=0

summary() {
  printf '\n\033[1mRust tests: %d passed, %d failed · end-to-end tests: %d passed, %d failed\033[0m\n' \
    "$rust_passed" "$rust_failed" "$e2e_passed" "$e2e_failed"
  echo "total: $((rust_passed + e2e_passed)) passed, $((rust_failed + e2e_failed)) failed"
}
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
stop() { printf '\033[1;31mmake test: %s\033[0m\n' "$*" >&2; summary; exit 1; }

step "Formatting (cargo fmt --check)"
cargo fmt --all --check || stop "formatting differs; run cargo fmt --all"

step "Lints (cargo clippy, server and browser halves)"
cargo clippy --workspace --exclude clawdesk-frontend --all-targets --locked -- -D warnings || stop "clippy found problems"
cargo clippy -p clawdesk-frontend --target wasm32-unknown-unknown --locked -- -D warnings || stop "clippy found problems in the wasm build"

# Built before the Rust tests, so that the leak test can read the bundles that a browser would get.
step "Build the console (cargo leptos build)"
cargo leptos build || stop "the console did not build"

step "Unit and integration tests (cargo test)"
CLAWDESK_SITE_ROOT="$PWD/target/site" cargo test --workspace --exclude clawdesk-frontend --locked 2>&1 | tee "$logs/cargo-test.log"
cargo_status=${PIPESTATUS[0]}
read -r rust_passed rust_failed < <(awk '/^test result:/ { p += $4; f += $6 } END { print p + 0, f + 0 }' "$logs/cargo-test.log")
[ "$cargo_status" -eq 0 ] || stop "cargo test failed"

# The whole suite runs against each build: the debug one that `cargo leptos build` just made, then the release
# one that `make run` serves (its optimiser and precompressed, hashed bundles can break what debug does not).
end_to_end() {
  local build="$1" port data_dir status passed failed
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  data_dir=$(mktemp -d)
  (cd end2end && CLAWDESK_E2E_BUILD="$build" CLAWDESK_E2E_PORT="$port" CLAWDESK_E2E_DATA_DIR="$data_dir" npx playwright test)
  status=$?
  rm -rf "$data_dir"
  read -r passed failed < <(CLAWDESK_E2E_BUILD="$build" node -e '
    try {
      const s = require(`./end2end/test-results/${process.env.CLAWDESK_E2E_BUILD}/results.json`).stats;
      console.log(s.expected + s.flaky, s.unexpected);
    } catch { console.log(0, 1); }')
  e2e_passed=$((e2e_passed + passed)) e2e_failed=$((e2e_failed + failed))
  [ "$status" -eq 0 ] || stop "end-to-end tests failed on the $build build (screenshots and traces in end2end/test-results/$build)"
}

step "End-to-end tests on the debug build (Playwright, headless Chromium)"
end_to_end debug

step "Build the release console (scripts/build-release.sh)"
scripts/build-release.sh || stop "the release console did not build"

step "End-to-end tests on the release build (Playwright, headless Chromium)"
end_to_end release

summary
