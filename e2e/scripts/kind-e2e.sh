#!/usr/bin/env bash
# End to end on a real cluster with the real upstream images: kind, our four images built and loaded, ingress-nginx,
# the operator chart (with the image pre-puller), examples/minimal.yaml and a TLS lab behind an Ingress
# (e2e/labs/tls-ingress.yaml); every lab Ready within READY_TIMEOUT, then a student's flow through each lab's
# external endpoints:
#   API:      subscribe, publish, read the message back (EMQX)
#   InfluxDB: a point written through the API is read back from InfluxDB itself (Flux, the lab's token), and the
#             simulator's readings are there
#   devices:  a command to switch-001 through the API, its new state seen on MQTT
#   Grafana:  /api/health, then the data of the first panel of the "House overview" dashboard (its own Flux query)
#   Node-RED: the dashboard page, with the lab's Node-RED login
# The minimal lab is reached through kubectl port-forward (it has no ingress), the TLS lab through
# https://tls-lab.iotlab.test on 127.0.0.1:443 (kind's port mapping), checked against the certificate made here.
#
#   e2e/scripts/kind-e2e.sh            # everything: cluster, images, install, labs, flow (cluster kept)
#   e2e/scripts/kind-e2e.sh STEP...    # cluster | images | install | labs | flow | diagnose | down
#
# Needs: docker, kind, kubectl, helm, curl, jq, openssl, Java 17 + Maven. Used by .github/workflows/e2e.yml.
# Env: CLUSTER (iotlab-e2e), READY_TIMEOUT seconds (900), DIAGNOSTICS dir (e2e/target/diagnostics).
set -euo pipefail
cd "$(dirname "$0")/../.."

CLUSTER="${CLUSTER:-iotlab-e2e}"
READY_TIMEOUT="${READY_TIMEOUT:-900}"
DIAGNOSTICS="${DIAGNOSTICS:-e2e/target/diagnostics}"
OPERATOR_NS=iotlab-system
INGRESS_NGINX_CHART_VERSION="${INGRESS_NGINX_CHART_VERSION:-4.12.1}"
TLS_HOST=tls-lab.iotlab.test
LABS=(examples/minimal.yaml e2e/labs/tls-ingress.yaml)
WORK="${WORK:-e2e/target/kind-e2e}"
VERSION="$(bin/set-version --print)"
OURS=(operator api simulator node-red)

log() { printf '\n[e2e] %s\n' "$*" >&2; }
die() { echo "[e2e] FAILED: $*" >&2; exit 1; }
need() { local t; for t in "$@"; do command -v "$t" >/dev/null || die "$t is not installed"; done; }

FORWARD_PIDS=()
stop_forwards() { local p; for p in "${FORWARD_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; FORWARD_PIDS=(); }
trap stop_forwards EXIT

# --- steps ------------------------------------------------------------------------------------------------------

step_cluster() {
  need kind docker kubectl
  if kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
    log "kind cluster $CLUSTER exists"
  else
    log "creating kind cluster $CLUSTER"
    kind create cluster --name "$CLUSTER" --config e2e/kind/cluster.yaml --wait 180s
  fi
  kubectl config use-context "kind-$CLUSTER" >/dev/null
  log "ingress-nginx (chart $INGRESS_NGINX_CHART_VERSION) on the node's ports 80/443"
  helm upgrade --install ingress-nginx ingress-nginx --repo https://kubernetes.github.io/ingress-nginx \
    --version "$INGRESS_NGINX_CHART_VERSION" -n ingress-nginx --create-namespace \
    --set controller.hostPort.enabled=true --set controller.service.type=ClusterIP \
    --set-string controller.nodeSelector.ingress-ready=true \
    --set controller.admissionWebhooks.enabled=false --wait --timeout 5m
}

step_images() {
  need docker kind mvn
  log "our images at $VERSION: Jib (operator, api, simulator) into Docker, Node-RED with docker build"
  mvn -B -ntp -DskipTests -pl operator,api,simulator -am package jib:dockerBuild
  docker build -t "ghcr.io/iotlab-dev/iotlab-node-red:$VERSION" -f images/node-red/Containerfile images/node-red
  local i
  for i in "${OURS[@]}"; do
    kind load docker-image --name "$CLUSTER" "ghcr.io/iotlab-dev/iotlab-$i:$VERSION"
  done
}

step_install() {
  need helm kubectl
  log "operator chart (pre-puller on: the node pulls every lab image before the labs start)"
  helm upgrade --install iotlab charts/iotlab-operator -n "$OPERATOR_NS" --create-namespace \
    --set replicaCount=1 --set image.pullPolicy=Never --set prePull.enabled=true --wait --timeout 10m
  log "waiting for the pre-puller to have every image on the node"
  local ds
  ds=$(kubectl -n "$OPERATOR_NS" get daemonset -l app.kubernetes.io/component=prepull -o name)
  [[ -n "$ds" ]] || die "the operator chart rendered no pre-pull DaemonSet with prePull.enabled=true"
  kubectl -n "$OPERATOR_NS" rollout status "$ds" --timeout="${READY_TIMEOUT}s"
}

step_labs() {
  need kubectl openssl
  local file
  for file in "${LABS[@]}"; do
    kubectl apply --server-side -f "$file"
  done
  tls_secret
  local lab deadline=$((SECONDS + READY_TIMEOUT))
  for lab in $(lab_names); do
    log "waiting for IotLab $lab to be Ready (at most $READY_TIMEOUT s in all)"
    until [[ "$(kubectl get iotlab "$lab" -o jsonpath='{.status.phase}')" == Ready ]]; do
      ((SECONDS < deadline)) || { kubectl get iotlab "$lab" -o yaml >&2; die "IotLab $lab not Ready within $READY_TIMEOUT s"; }
      sleep 5
    done
    kubectl get iotlab "$lab"
  done
}

step_flow() {
  need kubectl curl jq
  mkdir -p "$WORK"
  local ns
  ns="$(lab_namespace alice)"
  log "student flow: alice (port-forwarded to 127.0.0.1)"
  local api grafana nodered
  forward "$ns" api 5000 && api="http://127.0.0.1:$PORT"
  forward "$ns" grafana 3000 && grafana="http://127.0.0.1:$PORT/grafana"
  forward "$ns" node-red 1880 && nodered="http://127.0.0.1:$PORT/node-red"
  student_flow "$ns" "$api" "$grafana" "$nodered"

  ns="$(lab_namespace tls-lab)"
  log "student flow: tls-lab (https://$TLS_HOST through the ingress controller, certificate checked)"
  CURL_EXTRA=(--resolve "$TLS_HOST:443:127.0.0.1" --cacert "$WORK/tls.crt")
  student_flow "$ns" "https://$TLS_HOST/api" "https://$TLS_HOST/grafana" "https://$TLS_HOST/node-red"
  CURL_EXTRA=()
  stop_forwards
  log "PASSED: every lab Ready, student flow through the external endpoints of both labs"
}

step_diagnose() {
  need kubectl
  mkdir -p "$DIAGNOSTICS"
  log "diagnostics into $DIAGNOSTICS"
  kubectl get iotlabs -o yaml >"$DIAGNOSTICS/iotlabs.yaml" 2>&1 || true
  kubectl get nodes -o wide >"$DIAGNOSTICS/nodes.txt" 2>&1 || true
  local ns pod
  for ns in "$OPERATOR_NS" ingress-nginx $(kubectl get ns -l app.kubernetes.io/managed-by=iotlab-operator -o name 2>/dev/null | cut -d/ -f2); do
    mkdir -p "$DIAGNOSTICS/$ns"
    kubectl -n "$ns" get all,pvc,ingress,secrets,configmaps -o wide >"$DIAGNOSTICS/$ns/get.txt" 2>&1 || true
    kubectl -n "$ns" describe all,pvc,ingress >"$DIAGNOSTICS/$ns/describe.txt" 2>&1 || true
    kubectl -n "$ns" get events --sort-by=.lastTimestamp >"$DIAGNOSTICS/$ns/events.txt" 2>&1 || true
    for pod in $(kubectl -n "$ns" get pods -o name 2>/dev/null); do
      kubectl -n "$ns" logs "$pod" --all-containers --prefix >"$DIAGNOSTICS/$ns/${pod#pod/}.log" 2>&1 || true
      kubectl -n "$ns" logs "$pod" --all-containers --prefix --previous >"$DIAGNOSTICS/$ns/${pod#pod/}.previous.log" 2>/dev/null || true
    done
  done
}

step_down() {
  need kind
  kind delete cluster --name "$CLUSTER"
}

# --- the student's flow -----------------------------------------------------------------------------------------

CURL_EXTRA=()
# curl with the flow's options; fails on HTTP errors, prints the body.
http() { curl -fsS --max-time 20 "${CURL_EXTRA[@]}" "$@"; }

# until_ok SECONDS DESCRIPTION COMMAND...: retries the command (which must exit 0) every 2 s.
until_ok() {
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@"; do
    ((SECONDS < deadline)) || die "$what: not within $limit s"
    sleep 2
  done
  echo "  ok: $what" >&2
}

student_flow() {
  local ns=$1 api=$2 grafana=$3 nodered=$4 token influx_token grafana_pw nodered_user nodered_pw influx marker
  token="$(secret "$ns" api-token)"
  influx_token="$(secret "$ns" influxdb-token)"
  grafana_pw="$(secret "$ns" grafana-admin-password)"
  nodered_user="$(secret "$ns" node-red-username)"
  nodered_pw="$(secret "$ns" node-red-password)"
  forward "$ns" influxdb 8086 && influx="http://127.0.0.1:$PORT"
  marker="e2e-$RANDOM$RANDOM"
  local auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')

  until_ok 60 "API /health reports broker and database up" json_true "$api/health" '.status == "healthy"'

  # MQTT through the API: subscribe, publish, the message comes back through EMQX.
  http "${auth[@]}" -X POST "$api/mqtt/subscribe" -d '{"topic": "e2e/echo"}' >/dev/null
  http "${auth[@]}" -X POST "$api/mqtt/publish" -d "{\"topic\": \"e2e/echo\", \"message\": {\"marker\": \"$marker\"}}" >/dev/null
  until_ok 30 "published message read back through the API" message_seen "$api" "e2e/echo" "$marker"

  # InfluxDB: a point written through the API, read back from InfluxDB itself; the simulator's readings too.
  http "${auth[@]}" -X POST "$api/database/write" \
    -d "{\"measurement\": \"e2e\", \"fields\": {\"value\": 42}, \"tags\": {\"marker\": \"$marker\"}}" >/dev/null
  until_ok 30 "point written through the API is in InfluxDB" flux_count "$influx" "$influx_token" \
    "from(bucket: \"iot-data\") |> range(start: -15m) |> filter(fn: (r) => r._measurement == \"e2e\" and r.marker == \"$marker\")"
  until_ok 120 "simulator readings (temperature) are in InfluxDB" flux_count "$influx" "$influx_token" \
    'from(bucket: "iot-data") |> range(start: -15m) |> filter(fn: (r) => r._measurement == "temperature") |> limit(n: 3)'

  # A command to the simulator through the API; its new state comes back on MQTT.
  until_ok 60 "the API knows switch-001" json_true "$api/devices/list" '[.devices[].device_id] | index("switch-001") != null' \
    -H "Authorization: Bearer $token"
  http "${auth[@]}" -X POST "$api/mqtt/subscribe" -d '{"topic": "devices/switch-001/state"}' >/dev/null
  local wanted
  for wanted in on off; do
    http "${auth[@]}" -X POST "$api/devices/switch-001/command" -d "{\"action\": \"$wanted\"}" >/dev/null
    until_ok 30 "switch-001 reports $wanted" switch_state_is "$api" "$wanted"
  done

  # Grafana: health, then the first panel of the House overview dashboard returns data.
  until_ok 60 "Grafana /api/health: database ok" json_true "$grafana/api/health" '.database == "ok"'
  until_ok 120 "Grafana dashboard iotlab-house, first panel, has data" dashboard_has_data "$grafana" "$grafana_pw"

  # Node-RED: the dashboard page, behind the lab's Node-RED login.
  until_ok 60 "Node-RED dashboard page" page_is_html "$nodered/dashboard/" -u "$nodered_user:$nodered_pw"
}

json_true() { # url jq-expression [curl options]: the JSON answer satisfies the expression
  local url=$1 expr=$2
  shift 2
  http "$@" "$url" | jq -e "$expr" >/dev/null
}

page_is_html() { # url [curl options]
  local url=$1
  shift
  http "$@" "$url" | grep -qi '<html'
}

message_seen() { # api topic marker
  http -H "Authorization: Bearer $token" "$1/mqtt/messages?topic=$2" | jq -e --arg m "$3" \
    '[.messages[] | tostring | contains($m)] | any' >/dev/null
}

switch_state_is() { # api state
  http -H "Authorization: Bearer $token" "$1/mqtt/messages?topic=devices/switch-001/state&limit=1" |
    jq -e --arg s "$2" '.messages[-1] | tostring | contains("\"state\":\"" + $s + "\"") or contains("\\\"state\\\":\\\"" + $s + "\\\"")' >/dev/null
}

flux_count() { # influx-url token flux: at least one data row
  local rows
  rows=$(curl -fsS --max-time 20 -X POST "$1/api/v2/query?org=iot-org" -H "Authorization: Token $2" \
    -H 'Content-Type: application/vnd.flux' -H 'Accept: application/csv' --data-binary "$3" |
    grep -c ',_result,' || true)
  ((rows > 0))
}

dashboard_has_data() { # grafana-url admin-password
  local dashboard query body
  dashboard=$(http -u "admin:$2" "$1/api/dashboards/uid/iotlab-house") || return 1
  query=$(jq -r '[.dashboard.panels[] | select(.targets) | .targets[0].query][0]' <<<"$dashboard")
  [[ -n "$query" && "$query" != null ]] || die "dashboard iotlab-house has no panel with a query"
  body=$(jq -n --arg q "$query" '{from: "now-15m", to: "now", queries: [{refId: "A",
    datasource: {uid: "iotlab-influxdb"}, query: $q, intervalMs: 30000, maxDataPoints: 100}]}')
  http -u "admin:$2" -H 'Content-Type: application/json' -X POST "$1/api/ds/query" -d "$body" |
    jq -e '[.results.A.frames[]?.data.values[1]? // [] | length] | add > 0' >/dev/null
}

# --- helpers ----------------------------------------------------------------------------------------------------

lab_names() { local f; for f in "${LABS[@]}"; do kubectl apply --dry-run=client -f "$f" -o jsonpath='{.metadata.name}{"\n"}'; done; }

lab_namespace() { kubectl get iotlab "$1" -o jsonpath='{.status.namespace}'; }

secret() { kubectl -n "$1" get secret lab-credentials -o "jsonpath={.data.$2}" | base64 -d; }

# forward NAMESPACE SERVICE PORT: a kubectl port-forward on a free 127.0.0.1 port, in the background (stopped on
# exit); sets PORT to that port. Not called in $(...): the forward's pid must reach this shell's FORWARD_PIDS.
PORT=""
forward() {
  local log="$WORK/forward-$1-$2.log" i
  PORT=""
  kubectl -n "$1" port-forward --address 127.0.0.1 "svc/$2" ":$3" >"$log" 2>&1 &
  FORWARD_PIDS+=($!)
  for i in $(seq 1 60); do
    PORT=$(sed -n 's/^Forwarding from 127.0.0.1:\([0-9]*\) .*/\1/p' "$log" | head -1)
    [[ -n "$PORT" ]] && return 0
    [[ $i -lt 60 ]] || die "port-forward to $1/$2:$3 did not start: $(cat "$log")"
    sleep 0.5
  done
}

# The lab's TLS certificate: a self-signed CA and a server certificate for TLS_HOST, into the lab's namespace.
tls_secret() {
  mkdir -p "$WORK"
  if [[ ! -f "$WORK/tls.crt" ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$TLS_HOST" -addext "subjectAltName=DNS:$TLS_HOST" \
      -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
  fi
  local ns deadline=$((SECONDS + 120))
  until ns="$(lab_namespace tls-lab)" && [[ -n "$ns" ]] && kubectl get namespace "$ns" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "the namespace of tls-lab did not appear"
    sleep 2
  done
  kubectl -n "$ns" create secret tls labs-tls --cert "$WORK/tls.crt" --key "$WORK/tls.key" \
    --dry-run=client -o yaml | kubectl apply -f -
}

# --- main -------------------------------------------------------------------------------------------------------

steps=("$@")
[[ ${#steps[@]} -gt 0 ]] || steps=(cluster images install labs flow)
for s in "${steps[@]}"; do
  case "$s" in
    cluster|images|install|labs|flow|diagnose|down) "step_$s" ;;
    *) die "unknown step '$s' (cluster | images | install | labs | flow | diagnose | down)" ;;
  esac
done
