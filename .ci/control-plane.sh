#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kube-controller-manager from Go modules (no prebuilt binaries can be
# downloaded here) and installs them into ~/.cache/iotlab/k8s-<k8s>-etcd-<etcd>/bin.
# Idempotent: does nothing when the binaries are already there. Quiet: progress goes to stderr, the last
# line of stdout is the bin directory, so callers can do  BIN=$(.ci/control-plane.sh | tail -1)
#
# Overrides: K8S_VERSION, ETCD_VERSION, IOTLAB_CACHE (default ~/.cache/iotlab), GO_BUILD_JOBS (default 2).
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.34.4}"
# etcd 3.6 is what Kubernetes 1.34 is tested with (its go.mod pins the 3.6 client); take the newest patch.
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
CACHE_ROOT="${IOTLAB_CACHE:-$HOME/.cache/iotlab}"
JOBS="${GO_BUILD_JOBS:-2}"

DEST="$CACHE_ROOT/k8s-$K8S_VERSION-etcd-$ETCD_VERSION"
BIN="$DEST/bin"
BINARIES=(etcd kube-apiserver kube-controller-manager)

TOOL=control-plane
# shellcheck source=.ci/cached-build.sh
source "$(dirname "$0")/cached-build.sh"

have_all() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || return 1; done
}

reuse_or_lock "$DEST" have_all "$BIN"
command -v go >/dev/null || { log "go is not installed (apt-get install golang, or Go >= 1.24 from go.dev)"; exit 1; }

WORK="$DEST/src"
LOG="$DEST/build.log"
rm -rf "$WORK" "$BIN.tmp"
mkdir -p "$WORK/k8s" "$WORK/etcd" "$BIN.tmp"
: >"$LOG"

export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED=0
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

start=$SECONDS

# --- kube-apiserver, kube-controller-manager --------------------------------------------------------
# k8s.io/kubernetes' go.mod replaces every k8s.io/* staging module with a local directory, so it cannot be
# built as a dependency as is: replace each one with its published v0.<minor>.<patch> tag instead.
log "resolving k8s.io/kubernetes $K8S_VERSION"
K8S_DIR=$(cd "$WORK/k8s" && GOFLAGS='' go mod download -json "k8s.io/kubernetes@$K8S_VERSION" 2>>"$LOG" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -n "$K8S_DIR" && -f "$K8S_DIR/go.mod" ]] || { log "could not download k8s.io/kubernetes@$K8S_VERSION"; tail -n 20 "$LOG" >&2; exit 1; }
STAGING_VERSION="v0.${K8S_VERSION#v1.}"
STAGING_MODULES=$(sed -n '/^replace (/,/^)/p' "$K8S_DIR/go.mod" |
  sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./staging/.*#\1#p')
[[ -n "$STAGING_MODULES" ]] || { log "no staging replace block found in $K8S_DIR/go.mod"; exit 1; }

{
  echo "module iotlab.dev/control-plane-build"
  echo
  echo "go 1.24.0"
  echo
  echo "require k8s.io/kubernetes $K8S_VERSION"
  echo
  echo "replace ("
  for m in $STAGING_MODULES; do echo "	$m => $m $STAGING_VERSION"; done
  echo ")"
} >"$WORK/k8s/go.mod"

# What hack/lib/version.sh would stamp; without it the binaries say v0.0.0 and version-skew checks misfire.
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
build_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date -X $pkg.gitCommit=module-$K8S_VERSION"
done

for cmd in kube-apiserver kube-controller-manager; do
  log "building $cmd $K8S_VERSION (cold: about 5 min for all three on 2 cores; log: $LOG)"
  (cd "$WORK/k8s" && run go build -p "$JOBS" -trimpath -ldflags="$ldflags" -o "$BIN.tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd")
done

# --- etcd -----------------------------------------------------------------------------------------------
log "building etcd $ETCD_VERSION"
cat >"$WORK/etcd/go.mod" <<EOF
module iotlab.dev/control-plane-build/etcd

go 1.24.0

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
EOF
cat >"$WORK/etcd/main.go" <<'EOF'
// etcd, built from the go.etcd.io/etcd/server/v3 module.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
(cd "$WORK/etcd" && run go mod tidy && run go build -p "$JOBS" -trimpath -ldflags="-s -w" -o "$BIN.tmp/etcd" .)

# --- check and install ----------------------------------------------------------------------------------
got=$("$BIN.tmp/kube-apiserver" --version 2>&1 || true)
[[ "$got" == "Kubernetes $K8S_VERSION" ]] || { log "kube-apiserver --version says '$got', expected 'Kubernetes $K8S_VERSION'"; exit 1; }
"$BIN.tmp/etcd" --version >>"$LOG" 2>&1 || { log "etcd --version failed"; exit 1; }

rm -rf "$BIN"
mv "$BIN.tmp" "$BIN"
rm -rf "$WORK"
log "installed into $BIN in $((SECONDS - start)) s"
echo "$BIN"
