#!/usr/bin/env bash
# Installs what building and testing Clawdesk needs, when it is missing, and says plainly what it could not.
#   scripts/bootstrap.sh release   what `make run` needs (the release build, with a current wasm-opt)
#   scripts/bootstrap.sh test      what `make test` needs (also Chromium and the npm packages)
set -euo pipefail
cd "$(dirname "$0")/.."

purpose="${1:-test}"
CARGO_LEPTOS_VERSION="0.3.5"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31mbootstrap: %s\033[0m\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || fail "cargo is not installed; install Rust with rustup (https://rustup.rs) and run this again."

apt_updated=""
apt_install() {
  local package="$1" why="$2"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "$package is needed ($why) but this user cannot install it; run: apt-get install $package"
    sudo="sudo"
  fi
  command -v apt-get >/dev/null || fail "$package is needed ($why); install it with your system's package manager."
  say "installing $package from Debian ($why)"
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update -qq || fail "apt-get update failed; check the network and the package sources."
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null \
    || fail "could not install $package with apt-get; install it by hand: apt-get install $package"
}

# The wasm target for the browser half of the app.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "could not add the wasm32 target; run: rustup target add wasm32-unknown-unknown"
fi

# cargo-leptos, pinned: newer versions need a newer rustc than these machines have.
if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (this takes about 25 minutes once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked \
    || fail "could not install cargo-leptos; run: cargo install cargo-leptos --version $CARGO_LEPTOS_VERSION --locked"
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock, or cargo-leptos downloads one.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$wasm_bindgen_version" ] || fail "Cargo.lock does not name a wasm-bindgen version."
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wasm_bindgen_version" ]; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version (matching Cargo.lock)"
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --locked \
    || cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" \
    || fail "could not install wasm-bindgen-cli; run: cargo install wasm-bindgen-cli --version $wasm_bindgen_version"
fi

# Both commands build the release bundle (make test drives it in Chromium too). Its wasm-opt must be a current
# binaryen: Debian's (108) breaks hydration of our wasm. The npm registry's binaryen, pinned in build-tools/,
# runs under node; cargo-leptos finds it on PATH (scripts/build-release.sh) and downloads nothing.
command -v npm >/dev/null || apt_install npm "to install wasm-opt (binaryen) and Playwright"
if [ ! -x build-tools/node_modules/.bin/wasm-opt ] || [ build-tools/package-lock.json -nt build-tools/node_modules/.package-lock.json ]; then
  say "installing wasm-opt from the npm registry's binaryen, as pinned in build-tools/ (npm ci)"
  (cd build-tools && npm ci --no-audit --no-fund) || fail "npm ci failed in build-tools/; check the npm registry is reachable."
fi
build-tools/node_modules/.bin/wasm-opt --version >/dev/null || fail "build-tools' wasm-opt does not run; it needs node (apt-get install nodejs)."

if [ "$purpose" = test ]; then
  [ -x /usr/bin/chromium ] || apt_install chromium "the browser the end-to-end tests drive"
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the end-to-end test packages (npm ci)"
    (cd end2end && npm ci --no-audit --no-fund) || fail "npm ci failed in end2end/; check the npm registry is reachable."
  fi
fi
