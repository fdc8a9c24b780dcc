#!/usr/bin/env bash
# Builds influxd (InfluxDB 2, the version our labs run) from Go modules, since no prebuilt binary or image can be
# downloaded here, and installs it into ~/.cache/iotlab/influxdb-<version>-flux-<flux>/bin/influxd.
# Idempotent: does nothing when the binary is already there. Quiet: progress goes to stderr, the last line of stdout
# is the binary's path, so callers can do  INFLUXD=$(.ci/influxdb.sh | tail -1)
#
# Flux's query engine is a Rust library (libflux) that influxdata's pkg-config wrapper builds with cargo from the
# sources inside the flux module. Flux pins Rust 1.68, which cannot be installed here: we build with the installed
# stable toolchain, cap lints (flux-core denies warnings that newer compilers raise) and record the rustc used in
# toolchain.txt next to the binary.
#
# Overrides: INFLUXDB_VERSION, FLUX_VERSION, IOTLAB_CACHE (default ~/.cache/iotlab), GO_BUILD_JOBS (default 2).
set -euo pipefail

INFLUXDB_VERSION="${INFLUXDB_VERSION:-v2.7.11}"
FLUX_VERSION="${FLUX_VERSION:-v0.195.2}"   # what influxdb v2.7.11's go.mod requires
PKG_CONFIG_VERSION="${PKG_CONFIG_VERSION:-v0.2.11}"
CACHE_ROOT="${IOTLAB_CACHE:-$HOME/.cache/iotlab}"
JOBS="${GO_BUILD_JOBS:-2}"

DEST="$CACHE_ROOT/influxdb-$INFLUXDB_VERSION-flux-$FLUX_VERSION"
BIN="$DEST/bin"

TOOL=influxdb
# shellcheck source=.ci/cached-build.sh
source "$(dirname "$0")/cached-build.sh"
built() { [[ -x "$BIN/influxd" ]]; }
reuse_or_lock "$DEST" built "$BIN/influxd"

for tool in go cargo rustc gcc; do
  command -v "$tool" >/dev/null || { log "$tool is not installed (needed to build influxd and Flux's Rust library)"; exit 1; }
done

WORK="$DEST/src"
LOG="$DEST/build.log"
rm -rf "$WORK" "$BIN.tmp"
mkdir -p "$WORK/tools" "$BIN.tmp"
: >"$LOG"

export GOFLAGS="-mod=mod -buildvcs=false"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export CGO_ENABLED=1
export RUSTUP_TOOLCHAIN="${RUSTUP_TOOLCHAIN:-stable}"

start=$SECONDS

# Flux's pkg-config wrapper: answers `pkg-config --cflags --libs flux` by building libflux with cargo.
log "building influxdata/pkg-config $PKG_CONFIG_VERSION"
(cd "$WORK/tools" && GOBIN="$WORK/tools" run go install "github.com/influxdata/pkg-config@$PKG_CONFIG_VERSION")
export PKG_CONFIG="$WORK/tools/pkg-config"

# rustc wrapper: cap lints at warn (cargo passes --target, so RUSTFLAGS would miss the build-dependency copy).
cat >"$WORK/tools/rustc-cap-lints" <<'EOF'
#!/bin/sh
# cargo calls: <wrapper> <rustc> <args...>
rustc="$1"; shift
for a in "$@"; do
  case "$a" in --cap-lints|--cap-lints=*|-vV|-) exec "$rustc" "$@" ;; esac
done
exec "$rustc" "$@" --cap-lints warn
EOF
chmod +x "$WORK/tools/rustc-cap-lints"
export RUSTC_WRAPPER="$WORK/tools/rustc-cap-lints"

# A wrapper module: influxd as a dependency, with influxdb's own replace directive (replaces of a dependency's
# go.mod do not apply to its dependents).
log "resolving github.com/influxdata/influxdb/v2 $INFLUXDB_VERSION"
mkdir -p "$WORK/build"
INFLUX_DIR=$(cd "$WORK/build" && printf 'module x\n\ngo 1.24.0\n' >go.mod &&
  GOFLAGS='' go mod download -json "github.com/influxdata/influxdb/v2@$INFLUXDB_VERSION" 2>>"$LOG" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -n "$INFLUX_DIR" && -f "$INFLUX_DIR/go.mod" ]] || { log "could not download influxdb $INFLUXDB_VERSION"; tail -n 20 "$LOG" >&2; exit 1; }
{
  echo "module iotlab.dev/influxdb-build"
  echo
  echo "go 1.24.0"
  echo
  echo "require ("
  echo "	github.com/influxdata/influxdb/v2 $INFLUXDB_VERSION"
  echo "	github.com/influxdata/flux $FLUX_VERSION"
  echo ")"
  echo
  grep '^replace ' "$INFLUX_DIR/go.mod"
} >"$WORK/build/go.mod"

log "building influxd $INFLUXDB_VERSION with Flux $FLUX_VERSION (cold: about 10 min on 2 cores, 2 of them Rust; log: $LOG)"
(cd "$WORK/build" && run go build -p "$JOBS" -trimpath -tags sqlite_foreign_keys,sqlite_json \
  -ldflags="-s -w -X main.version=${INFLUXDB_VERSION#v} -X main.commit=module -X main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  -o "$BIN.tmp/influxd" github.com/influxdata/influxdb/v2/cmd/influxd)

got=$("$BIN.tmp/influxd" version 2>&1 || true)
[[ "$got" == *"${INFLUXDB_VERSION#v}"* ]] || { log "influxd version says '$got', expected ${INFLUXDB_VERSION#v}"; exit 1; }
{
  echo "influxd: $got"
  echo "rustc: $(rustc +"$RUSTUP_TOOLCHAIN" --version 2>/dev/null || rustc --version)"
  echo "cargo: $(cargo +"$RUSTUP_TOOLCHAIN" --version 2>/dev/null || cargo --version)"
  echo "go: $(go version)"
} >"$BIN.tmp/toolchain.txt"

rm -rf "$BIN"
mv "$BIN.tmp" "$BIN"
rm -rf "$WORK"
log "installed into $BIN in $((SECONDS - start)) s"
echo "$BIN/influxd"
