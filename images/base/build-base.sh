#!/usr/bin/env bash
# Builds the local base image for Jib's `tar://` base (CI and offline machines; no registry needed):
#   a jlink'd Java 17 runtime from the local JDK + the glibc libraries it links against, /etc/passwd with the
#   non-root user 65532, /tmp — packed as ONE layer in `docker save` format (manifest.json + config + layer.tar).
# Production keeps a maintained public base (`jib.from.image` in the root pom); this one only exists so images can be
# built and started where no registry is reachable.
#
# Idempotent: the result is cached under ~/.cache/iotlab/base-<hash>/ (hash of this script, the JDK release and the
# module list); a second run only prints the path. The LAST stdout line is the tar's absolute path:
#   mvn -Plocal-images -pl api,simulator jib:buildTar -Djib.from.image=tar://"$(images/base/build-base.sh | tail -1)"
#
# Env: JAVA_HOME (default: the JDK that runs `javac`), IOTLAB_CACHE (default ~/.cache/iotlab).
set -euo pipefail

# Modules: jdeps --print-module-deps over the shaded API, simulator and operator jars gives
#   api:       java.base,java.compiler,java.desktop,java.naming,java.sql,jdk.jfr,jdk.management,jdk.unsupported
#   simulator: java.base,java.desktop,java.net.http,java.sql,jdk.httpserver,jdk.jfr,jdk.unsupported
#   operator:  ... + java.net.http, jdk.management
# plus what is loaded reflectively/by service lookup, which jdeps cannot see: TLS (jdk.crypto.ec, java.security.jgss),
# DNS via JNDI (jdk.naming.dns), JAR-in-JAR/zip filesystems (jdk.zipfs), JMX for metrics (java.management).
MODULES="java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,\
java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.naming.dns,\
jdk.unsupported,jdk.zipfs"
JRE_DIR=/opt/java/openjdk
USER_ID=65532

log() { echo "[base] $*" >&2; }
die() { echo "[base] ERROR: $*" >&2; exit 1; }

if [ -z "${JAVA_HOME:-}" ]; then
  JAVAC="$(command -v javac)" || die "no JDK found: set JAVA_HOME to a JDK 17 (with jmods/)"
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVAC")")")"
fi
[ -x "$JAVA_HOME/bin/jlink" ] || die "$JAVA_HOME has no bin/jlink: a full JDK 17 is needed"
[ -d "$JAVA_HOME/jmods" ] || die "$JAVA_HOME has no jmods/ (Debian: apt-get install openjdk-17-jdk-headless)"
JDK_RELEASE="$(grep '^JAVA_VERSION=' "$JAVA_HOME/release" | cut -d'"' -f2)"
case "$JDK_RELEASE" in 17|17.*) ;; *) die "JDK $JDK_RELEASE at $JAVA_HOME: Java 17 is required" ;; esac
command -v python3 >/dev/null || die "python3 is needed to write the image tar"
ARCH="$(uname -m)"
case "$ARCH" in x86_64) OCI_ARCH=amd64 ;; aarch64) OCI_ARCH=arm64 ;; *) die "unsupported architecture $ARCH" ;; esac

SELF_HASH="$(sha256sum "$0" | cut -c1-64)"
KEY="$(printf '%s\n' "$SELF_HASH" "$JDK_RELEASE" "$(cat "$JAVA_HOME/release")" "$MODULES" "$ARCH" \
  "$(ldd --version 2>&1 | head -1)" | sha256sum | cut -c1-12)"
CACHE="${IOTLAB_CACHE:-$HOME/.cache/iotlab}"
OUT="$CACHE/base-$KEY"
TAR="$OUT/iotlab-base.tar"
if [ -s "$TAR" ] && [ -f "$OUT/.complete" ]; then
  log "cached: $TAR"
  echo "$TAR"
  exit 0
fi

mkdir -p "$CACHE"
WORK="$(mktemp -d "$CACHE/.base-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"
mkdir -p "$ROOT"

log "jlink JDK $JDK_RELEASE ($JAVA_HOME) -> $JRE_DIR"
"$JAVA_HOME/bin/jlink" --module-path "$JAVA_HOME/jmods" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --generate-cds-archive \
  --output "$ROOT$JRE_DIR" >&2
# The default CDS archive makes every JVM start faster (measured in docs/benchmarks.md); the no-compressed-oops
# variant only serves heaps above 32 GB: drop it (11 MB).
rm -f "$ROOT$JRE_DIR/lib/server/classes_nocoops.jsa"
# Debian's native libraries keep their symbol tables (libjvm.so: 24 MB -> ~20 MB stripped); strip when binutils is there.
if command -v strip >/dev/null 2>&1; then
  find "$ROOT$JRE_DIR" -name '*.so' -exec strip --strip-unneeded {} +
fi
# Headless services: java.desktop is needed for java.beans (Jackson, SnakeYAML, Micronaut), not for AWT/Swing/sound.
# Its GUI native libraries would drag in X11, freetype, harfbuzz, ALSA, libjpeg... (about 10 MB): drop them.
# libawt/libawt_headless stay (headless java.awt classes still load them).
for gui in libawt_xawt.so libjawt.so libfontmanager.so libjavajpeg.so libjsound.so liblcms.so libsplashscreen.so \
           libmlib_image.so; do
  rm -f "$ROOT$JRE_DIR/lib/$gui"
done
# Debian's JDK makes some config files symlinks into /etc; the image has no /etc/java-17-openjdk: copy the targets.
find "$ROOT$JRE_DIR" -type l | while read -r link; do
  target="$(readlink -f "$link" || true)"
  if [ -n "$target" ] && [ -f "$target" ]; then cp --remove-destination "$target" "$link"; else rm -f "$link"; fi
done
# cacerts: Debian links it to /etc/ssl/certs/java/cacerts; keep a real trust store for TLS clients.
if [ ! -s "$ROOT$JRE_DIR/lib/security/cacerts" ]; then
  for c in /etc/ssl/certs/java/cacerts "$JAVA_HOME/lib/security/cacerts"; do
    if [ -s "$(readlink -f "$c" 2>/dev/null)" ]; then cp "$(readlink -f "$c")" "$ROOT$JRE_DIR/lib/security/cacerts"; break; fi
  done
fi
rm -f "$ROOT$JRE_DIR/lib/src.zip"

log "collecting the shared libraries the runtime links against (ldd)"
LIBDIR="usr/lib/$ARCH-linux-gnu"
mkdir -p "$ROOT/$LIBDIR" "$ROOT/usr/lib64" "$ROOT/usr/bin"
ln -s usr/lib "$ROOT/lib"; ln -s usr/lib64 "$ROOT/lib64"; ln -s usr/bin "$ROOT/bin"
# libgcc_s is dlopen'ed by glibc for thread cancellation/unwinding; ldd cannot see it.
extra_libs="$(ldconfig -p | awk '/libgcc_s\.so\.1 /{print $NF; exit}')"
{
  find "$ROOT$JRE_DIR" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 | xargs -0 ldd 2>/dev/null \
    | awk '/=> \//{print $3} /^\t\/lib/{print $1}'
  echo "$extra_libs"
} | sort -u | while read -r lib; do
  [ -n "$lib" ] || continue
  case "$lib" in "$ROOT"*) continue ;; esac         # the JRE's own libraries
  real="$(readlink -f "$lib")"
  base="$(basename "$lib")"
  cp -n "$real" "$ROOT/$LIBDIR/$(basename "$real")"
  [ "$(basename "$real")" = "$base" ] || ln -sf "$(basename "$real")" "$ROOT/$LIBDIR/$base"
done
LOADER="$(basename "$(ldd "$JAVA_HOME/bin/java" | awk '/ld-linux/{print $1}')")"
[ -e "$ROOT/$LIBDIR/$LOADER" ] || die "dynamic loader $LOADER not collected"
ln -sf "../lib/$ARCH-linux-gnu/$LOADER" "$ROOT/usr/lib64/$LOADER"
ln -s "$JRE_DIR/bin/java" "$ROOT/usr/bin/java"

log "users, /tmp, name service"
mkdir -p "$ROOT/etc" "$ROOT/tmp" "$ROOT/home/nonroot"
chmod 1777 "$ROOT/tmp"
cat > "$ROOT/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:$USER_ID:$USER_ID:nonroot:/home/nonroot:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat > "$ROOT/etc/group" <<EOF
root:x:0:
nonroot:x:$USER_ID:
nobody:x:65534:
EOF
echo 'hosts: files dns' > "$ROOT/etc/nsswitch.conf"
printf '%s\n' "/$LIBDIR" "/usr/lib" > "$ROOT/etc/ld.so.conf"
ldconfig -r "$ROOT" 2>/dev/null || log "ldconfig -r failed; the loader's default paths still cover /$LIBDIR"
echo "JDK $JDK_RELEASE from $JAVA_HOME; modules $MODULES; built by images/base/build-base.sh" > "$ROOT$JRE_DIR/IOTLAB-BASE"

# Smoke test outside a container: the loader and libraries inside the rootfs run the JRE (no host libraries).
"$ROOT/$LIBDIR/$LOADER" --library-path "$ROOT/$LIBDIR:$ROOT$JRE_DIR/lib:$ROOT$JRE_DIR/lib/server" \
  "$ROOT$JRE_DIR/bin/java" -version >/dev/null 2>&1 || die "the jlink'd runtime does not start with the collected libraries"

log "packing docker-save tar (one layer, deterministic)"
mkdir -p "$WORK/out"
python3 - "$ROOT" "$WORK/out" "$JRE_DIR" "$USER_ID" "$OCI_ARCH" "$KEY" <<'PY'
import hashlib, json, os, stat, sys, tarfile, io
root, out, jre, uid, arch, key = sys.argv[1:7]
layer_path = os.path.join(out, "layer.tar")
with tarfile.open(layer_path, "w", format=tarfile.PAX_FORMAT) as tar:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in [None] + sorted(filenames) + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            full = dirpath if name is None else os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if rel == ".":
                continue
            info = tar.gettarinfo(full, arcname=rel)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = 0
            if rel == "home/nonroot":
                info.uid = info.gid = int(uid)
            if info.isreg():
                with open(full, "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)
h = hashlib.sha256()
with open(layer_path, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
diff_id = "sha256:" + h.hexdigest()
layer_dir = h.hexdigest()
os.makedirs(os.path.join(out, layer_dir))
os.rename(layer_path, os.path.join(out, layer_dir, "layer.tar"))
config = {
    "architecture": arch, "os": "linux", "created": "1970-01-01T00:00:00Z",
    "config": {
        "User": f"{uid}:{uid}",
        "Env": [f"PATH={jre}/bin:/usr/bin:/bin", f"JAVA_HOME={jre}", "LANG=C.UTF-8"],
        "WorkingDir": "/",
        "Labels": {"org.opencontainers.image.description": "IotLab local base: jlink'd JRE 17 + glibc, uid 65532",
                   "dev.iotlab.base.key": key},
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "images/base/build-base.sh"}],
}
cbytes = json.dumps(config, sort_keys=True).encode()
cname = hashlib.sha256(cbytes).hexdigest() + ".json"
with open(os.path.join(out, cname), "wb") as f:
    f.write(cbytes)
manifest = [{"Config": cname, "RepoTags": [f"localhost/iotlab-base:{key}"], "Layers": [f"{layer_dir}/layer.tar"]}]
with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump(manifest, f)
PY
mkdir -p "$OUT"
# Entries without a leading "./": Jib refuses archives with entries like "./" ("outside destination").
(cd "$WORK/out" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$WORK/image.tar" -- *)
mv "$WORK/image.tar" "$TAR"
touch "$OUT/.complete"
log "built $TAR ($(du -h "$TAR" | cut -f1); JRE $(du -sh "$ROOT$JRE_DIR" | cut -f1), libraries $(du -sh "$ROOT/$LIBDIR" | cut -f1))"
echo "$TAR"
