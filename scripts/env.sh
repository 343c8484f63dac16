# Common environment for the scripts. Source it: `. scripts/env.sh`.
# Pins, paths and the flags that keep every tool offline and quiet.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Compiled output lives outside the clone so CI runs on fresh clones reuse it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/cellar-door/target}"

export WRANGLER_SEND_METRICS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false
export WRANGLER_HIDE_BANNER=true
export TRUNK_SKIP_VERSION_CHECK=true
# worker-build would otherwise download these from GitHub.
export WASM_BINDGEN_BIN="$HOME/.cargo/bin/wasm-bindgen"
export WASM_OPT_BIN="$ROOT/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$ROOT/node_modules/.bin/esbuild"

# Pinned tool versions (Cargo.lock pins the crates, package-lock.json the npm packages).
WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.22.1
WORKER_BUILD_VERSION=0.8.7

DEMO_PORT="${DEMO_PORT:-8787}"
TEST_PORT="${TEST_PORT:-8788}"

say() { printf '\033[1;35m==>\033[0m %s\n' "$*"; }
