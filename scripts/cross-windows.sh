#!/usr/bin/env bash
# Cross-builds the Windows executables (x86_64-pc-windows-gnu, MinGW-w64) from Linux so
# that code which only compiles on Unix is caught in CI: the desktop app
# (zhitong-desktop.exe, debug) and the command line (zhitong.exe). Skips with a message,
# exiting 0, when the Rust target is missing and cannot be downloaded (no network).
# Honours CARGO_TARGET_DIR. The MinGW linker is set in .cargo/config.toml.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
step() { printf '\n==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx "$TARGET"; then
  step "adding the Rust target $TARGET"
  if ! rustup target add "$TARGET"; then
    echo "skipping the Windows cross-build: the Rust target $TARGET is not installed and" \
      "'rustup target add $TARGET' failed (no network to the rustup server?)." >&2
    exit 0
  fi
fi

if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    step "installing mingw-w64 (the Windows C compiler and linker)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mingw-w64 file >/dev/null
  else
    echo "Missing the MinGW-w64 cross compiler. Run this once, then try again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y mingw-w64 file" >&2
    exit 1
  fi
fi

# The desktop crate embeds ui/dist; build it if it is not there yet.
if [ ! -f ui/dist/index.html ]; then
  step "building the UI (the desktop crate embeds ui/dist)"
  [ -d ui/node_modules ] || npm ci --prefix ui --no-audit --no-fund >/dev/null
  npm run build --prefix ui
fi

# Linker for the target; also set in .cargo/config.toml, repeated here for builds that
# run from outside the repository's config.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER="${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}"

# SQLCipher on Windows links a vendored OpenSSL that openssl-src compiles from C: the
# slowest part of a cold cross-build (minutes on two cores). Keep the built copy outside
# the target folder, keyed by the openssl-src version, and point openssl-sys at it next
# time (the variables carry the target's prefix, so Linux builds are not affected).
openssl_src=$(awk '/^name = "openssl-src"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
openssl_cache="${ZHITONG_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zhitong}/openssl-$TARGET-${openssl_src:-none}"
if [ -n "$openssl_src" ] && [ -f "$openssl_cache/lib/libcrypto.a" ]; then
  echo "using the OpenSSL built earlier: $openssl_cache"
  export X86_64_PC_WINDOWS_GNU_OPENSSL_NO_VENDOR=1
  export X86_64_PC_WINDOWS_GNU_OPENSSL_STATIC=1
  export X86_64_PC_WINDOWS_GNU_OPENSSL_DIR="$openssl_cache"
fi

step "cargo build --target $TARGET (zhitong-desktop, zhitong-cli; debug)"
start=$(date +%s)
cargo build --target "$TARGET" -p zhitong-desktop -p zhitong-cli
echo "cross-build took $(($(date +%s) - start)) s"

out="${CARGO_TARGET_DIR:-target}/$TARGET/debug"
if [ -n "$openssl_src" ] && [ ! -f "$openssl_cache/lib/libcrypto.a" ]; then
  built=$(ls -td "$out"/build/openssl-sys-*/out/openssl-build/install 2>/dev/null | head -n 1 || true)
  if [ -n "$built" ] && [ -f "$built/lib/libcrypto.a" ]; then
    mkdir -p "$openssl_cache" && cp -R "$built"/. "$openssl_cache"/ && echo "kept the OpenSSL build in $openssl_cache"
  fi
fi
status=0
for exe in zhitong-desktop.exe zhitong.exe; do
  f="$out/$exe"
  if [ ! -f "$f" ]; then
    echo "missing: $f" >&2
    status=1
    continue
  fi
  kind=$(file -b "$f")
  case "$kind" in
    PE32+\ executable*x86-64*) printf '%-22s %8s KiB  %s\n' "$exe" "$(($(stat -c %s "$f") / 1024))" "$kind" ;;
    *)
      echo "$f is not a 64-bit Windows executable: $kind" >&2
      status=1
      ;;
  esac
done
exit "$status"
