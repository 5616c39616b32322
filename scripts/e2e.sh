#!/usr/bin/env bash
# End-to-end test of the desktop app: builds the UI and the app, then drives the real
# app under Xvfb through tauri-driver + WebKitWebDriver (src-tauri/tests/e2e.rs).
# `--workspace` keeps the features of `cargo test --workspace`, so CI builds nothing twice;
# cargo builds the app binary for the integration test itself.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v WebKitWebDriver >/dev/null || { echo "缺少 WebKitWebDriver：apt-get install webkit2gtk-driver" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "缺少 xvfb-run：apt-get install xvfb" >&2; exit 1; }
if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  cargo install tauri-driver --version '^2' --locked
fi

[ -d ui/node_modules ] || npm ci --prefix ui
npm run build --prefix ui
xvfb-run -a -s "-screen 0 ${ZHITONG_SHOT_SIZE:-1366x768}x24" \
  cargo test --workspace --test e2e -- --ignored --test-threads=1 "$@"
