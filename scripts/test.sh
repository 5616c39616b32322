#!/usr/bin/env bash
# Runs every check and test: formatting, lints, all crates' tests (with the holiday
# cross-check when ../shared/data/holiday-cn is beside the clone), the UI's type check
# and unit tests, and the end-to-end test of the real desktop app under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

step() { printf '\n==> %s\n' "$*"; }

if [ -z "${ZHITONG_HOLIDAY_CN_DIR:-}" ] && [ -d ../shared/data/holiday-cn ]; then
  export ZHITONG_HOLIDAY_CN_DIR="$(cd ../shared/data/holiday-cn && pwd)"
fi
export CARGO_TERM_COLOR=never

step "UI: type check and build (the desktop crate embeds ui/dist)"
npm run build --prefix ui

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all crates, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (all crates)"
cargo test --workspace

step "Windows cross-build (x86_64-pc-windows-gnu)"
./scripts/cross-windows.sh

step "UI: unit tests"
npm test --prefix ui

step "end-to-end: the real app under Xvfb"
./scripts/e2e.sh

echo
echo "All checks passed."
