#!/usr/bin/env bash
# The build owners run: release, bundles named by content hash and precompressed (brotli and gzip), the wasm
# shrunk by build-tools' wasm-opt. `make run` serves it; `make test` drives it in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/build-tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export LEPTOS_OUTPUT_NAME=clawdesk
cargo leptos build --release --precompress
# A browser that asks for gzip alone (many ask for brotli only over https) gets the .gz copy: cargo-leptos' are
# about a sixth larger than gzip -9's, so they are made again with it.
for bundle in target/site/pkg/*; do
  case "$bundle" in *.gz | *.br) continue ;; esac
  gzip -9 --no-name --stdout "$bundle" > "$bundle.gz"
done
