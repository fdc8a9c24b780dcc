#!/usr/bin/env bash
# Lab API benchmark (see ApiBench.java). Usage: bench/api/run.sh [concurrency] [seconds]
# InfluxDB: IOTLAB_INFLUXD, default what .ci/influxdb.sh built (a stub when it is unset and cannot be built).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAR="$ROOT/api/target/iotlab-api.jar"
cd "$ROOT"
if [ -z "${IOTLAB_INFLUXD:-}" ]; then
  IOTLAB_INFLUXD="$(.ci/influxdb.sh | tail -1)" || IOTLAB_INFLUXD=""
  export IOTLAB_INFLUXD
fi
if [ ! -f "$JAR" ]; then
  mvn -q -B -pl api -am package -DskipTests
fi
# test-support's InfluxDb starter and what it needs, through the reactor (never from ~/.m2)
mvn -q -B -pl test-support compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -cp "test-support/target/classes:$(cat test-support/target/bench.classpath)" bench/api/ApiBench.java \
  "$JAR" "${1:-16}" "${2:-15}"
