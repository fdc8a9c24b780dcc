#!/usr/bin/env bash
# Pins every image the released operator chart runs, by tag and digest, in a copy of the chart (release.yml):
#   image.repository/tag/digest             the operator (pushed by Jib)
#   operator.componentImages.<component>    api, simulator, nodeRed (pushed by this release) and the upstream
#                                           emqx, influxdb, grafana (the operator's pinned tags, resolved to digests)
# The operator and the pre-puller read the same values, so a cluster runs exactly what was released and tested.
#
#   .github/scripts/pin-chart-images.sh CHART_DIR REGISTRY VERSION DIGESTS_FILE
# DIGESTS_FILE: lines "operator sha256:...", "api sha256:...", "simulator sha256:...", "node-red sha256:...".
# Needs: yq (v4), docker buildx (for the upstream digests), java (the operator's render, for its default images).
set -euo pipefail

chart="${1:?chart directory}" registry="${2:?registry, e.g. ghcr.io/iotlab-dev}" version="${3:?version}"
digests="${4:?file of '<image> <digest>' lines}"
cd "$(dirname "$0")/../.."

die() { echo "pin-chart-images: $*" >&2; exit 1; }
digest_of() { # ours, from the file
  local d
  d=$(awk -v n="$1" '$1 == n {print $2}' "$digests")
  [[ "$d" =~ ^sha256:[0-9a-f]{64}$ ]] || die "no digest for $1 in $digests (got '$d')"
  echo "$d"
}
values_key() { case "$1" in node-red) echo nodeRed ;; *) echo "$1" ;; esac; }

values="$chart/values.yaml"
[[ -f "$values" ]] || die "$values not found"

REPO="$registry/iotlab-operator" TAG="$version" DIGEST="$(digest_of operator)" \
  yq -i '.image.repository = strenv(REPO) | .image.tag = strenv(TAG) | .image.digest = strenv(DIGEST)' "$values"

for own in api simulator node-red; do
  IMAGE="$registry/iotlab-$own:$version@$(digest_of "$own")" KEY="$(values_key "$own")" \
    yq -i '.operator.componentImages[strenv(KEY)] = strenv(IMAGE)' "$values"
done

# The operator's defaults for the upstream components, as its own render prints them for a lab with everything on.
jar=operator/target/iotlab-operator.jar
[[ -f "$jar" ]] || die "$jar not built (mvn -B -ntp -DskipTests package)"
java -jar "$jar" render -f examples/minimal.yaml |
  yq -N 'select(.kind == "Deployment") | .metadata.name + " " + .spec.template.spec.containers[0].image' |
  while read -r component image; do
    [[ "$image" == ghcr.io/iotlab-dev/* ]] && continue   # ours: pinned above
    digest=$(docker buildx imagetools inspect "$image" --format '{{json .Manifest}}' | yq -p json '.digest')
    [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || die "could not resolve $image to a digest (got '$digest')"
    IMAGE="$image@$digest" KEY="$(values_key "$component")" \
      yq -i '.operator.componentImages[strenv(KEY)] = strenv(IMAGE)' "$values"
  done

echo "pinned in $values:" >&2
yq '.image, .operator.componentImages' "$values" >&2
