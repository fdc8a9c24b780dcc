#!/usr/bin/env bash
# Builds actionlint (the GitHub Actions workflow checker) from its Go module, since no prebuilt binary can be
# downloaded here, and installs it into ~/.cache/iotlab/actionlint-<version>/bin/actionlint.
# Idempotent: does nothing when the binary is already there. Quiet: progress goes to stderr, the last line of stdout
# is the binary's path, so callers can do  ACTIONLINT=$(.ci/actionlint.sh | tail -1)
#
# Overrides: ACTIONLINT_VERSION, IOTLAB_CACHE (default ~/.cache/iotlab), GO_BUILD_JOBS (default 2).
set -euo pipefail

ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
CACHE_ROOT="${IOTLAB_CACHE:-$HOME/.cache/iotlab}"
JOBS="${GO_BUILD_JOBS:-2}"

DEST="$CACHE_ROOT/actionlint-$ACTIONLINT_VERSION"
BIN="$DEST/bin"

TOOL=actionlint
# shellcheck source=.ci/cached-build.sh
source "$(dirname "$0")/cached-build.sh"
built() { [[ -x "$BIN/actionlint" ]]; }
reuse_or_lock "$DEST" built "$BIN/actionlint"
command -v go >/dev/null || { log "go is not installed (apt-get install golang, or Go >= 1.24 from go.dev)"; exit 1; }

LOG="$DEST/build.log"
: >"$LOG"
start=$SECONDS
log "building github.com/rhysd/actionlint $ACTIONLINT_VERSION (about 1 min cold; log: $LOG)"
rm -rf "$BIN.tmp"
mkdir -p "$BIN.tmp"
# go install with a version builds the module as released (its own go.mod and go.sum), outside any module here.
run env GOBIN="$BIN.tmp" GOFLAGS="-buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN="${GOTOOLCHAIN:-local}" \
  go install -p "$JOBS" -trimpath -ldflags="-s -w -X github.com/rhysd/actionlint.version=$ACTIONLINT_VERSION" \
  "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"

got=$("$BIN.tmp/actionlint" -version 2>&1 | head -1 || true)
[[ "$got" == *"${ACTIONLINT_VERSION#v}"* ]] || { log "actionlint -version says '$got', expected $ACTIONLINT_VERSION"; exit 1; }

rm -rf "$BIN"
mv "$BIN.tmp" "$BIN"
log "installed into $BIN in $((SECONDS - start)) s"
echo "$BIN/actionlint"
