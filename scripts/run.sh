#!/usr/bin/env bash
# Starts the Zhitong desktop app on the default local ledger (~/.local/share/zhitong/
# ledger.db, or $ZHITONG_DB), setting up whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
npm run build --prefix ui
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: starting under xvfb-run (set DISPLAY to see the window)." >&2
  exec xvfb-run -a -s "-screen 0 1366x768x24" cargo run -p zhitong-desktop --release "$@"
fi
exec cargo run -p zhitong-desktop --release "$@"
