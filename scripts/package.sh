#!/usr/bin/env bash
# Builds the Linux installer: a .deb of the release app (UI embedded), with tauri-cli
# (installed with cargo if missing). Prints the .deb's path at the end. Honours
# CARGO_TARGET_DIR. Extra arguments go to `cargo tauri build` (e.g. --verbose).
# The Windows installer (NSIS, Simplified Chinese, WebView2 offline installer) is built
# the same way on a Windows PC: `cargo tauri build --bundles nsis` from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

if ! cargo tauri --version >/dev/null 2>&1; then
  echo "==> installing tauri-cli (cargo install tauri-cli --version '^2' --locked)"
  cargo install tauri-cli --version '^2' --locked
fi

# Run from the repository root with the Tauri and UI folders named, so that
# tauri.conf.json's beforeBuildCommand (npm run build --prefix ../ui) runs in ui/.
export TAURI_APP_PATH="$PWD/src-tauri"
export TAURI_FRONTEND_PATH="$PWD/ui"
export CARGO_TERM_COLOR=never

echo "==> cargo tauri build --bundles deb (release; this takes a while)"
cargo tauri build --bundles deb "$@"

target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' src-tauri/tauri.conf.json | head -n 1)
deb=$(ls -t "$target_dir"/release/bundle/deb/*_"${version}"_*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
  echo "No .deb found under $target_dir/release/bundle/deb" >&2
  exit 1
fi
echo
echo "Built: $deb ($(du -h "$deb" | cut -f1))"
echo "Install: sudo apt-get install $deb    (or: sudo dpkg -i $deb)"
