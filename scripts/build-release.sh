#!/usr/bin/env bash
# The build owners run: release, bundles named by content hash and precompressed (brotli and gzip), the wasm
# shrunk by build-tools' wasm-opt. `make run` serves it; `make test` drives it in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/build-tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export LEPTOS_OUTPUT_NAME=clawdesk
if [ "${CLAWDESK_SPLIT_WASM:-1}" = 1 ]; then
  # Each page's view its own part of the wasm (app/src/routes.rs), loaded when the page is first shown, in one pack
  # per page (ARCHITECTURE.md, "The wasm split by page"). CLAWDESK_SPLIT_WASM=0 builds one wasm for every page.
  # Without reference types: with them, wasm-bindgen expects to run its externref pass, which the split module does
  # not get, and the main wasm is left importing `__wbindgen_externref_xform__` (no page would hydrate).
  # cargo-leptos adds this to the RUSTFLAGS it sets for the split (cargo-config2 reads it).
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-reference-types"
  # So that a JS closure made in a part works: build-tools/split/link-wasm.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$PWD/build-tools/split/link-wasm"
  export PATH="$PWD/build-tools/split/bin:$PATH"
  cargo leptos build --release --precompress --split --lib-features split
  node build-tools/split-fixes.mjs target/site/pkg
  node build-tools/split-packs.mjs target/site/pkg
  # Only the server reads the manifest, from disk; its stale compressed copies go.
  rm -f target/site/pkg/__wasm_split_manifest.*.json.br target/site/pkg/__wasm_split_manifest.*.json.gz
else
  cargo leptos build --release --precompress
fi
# A browser that asks for gzip alone (many ask for brotli only over https) gets the .gz copy: cargo-leptos' are
# about a sixth larger than gzip -9's, so they are made again with it.
for bundle in target/site/pkg/*; do
  case "$bundle" in *.gz | *.br) continue ;; esac
  gzip -9 --no-name --stdout "$bundle" > "$bundle.gz"
done
