#!/usr/bin/env bash
# The build owners run: release, bundles named by content hash and precompressed (brotli and gzip), the wasm
# shrunk by build-tools' wasm-opt. `make run` serves it; `make test` drives it in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/build-tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export LEPTOS_OUTPUT_NAME=clawdesk
exec cargo leptos build --release --precompress
