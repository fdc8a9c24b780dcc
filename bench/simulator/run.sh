#!/usr/bin/env bash
# Device simulator benchmark: 100 / 1,000 / 5,000 devices at 1 Hz against a real Mosquitto broker and a real
# InfluxDB 2.7 (IOTLAB_INFLUXD, default: what .ci/influxdb.sh built; a 204 sink when it is unset and cannot be
# built). Prints one line per size. Usage: bench/simulator/run.sh [seconds-per-size, default 20]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
if [ -z "${IOTLAB_INFLUXD:-}" ]; then
  IOTLAB_INFLUXD="$("$ROOT/.ci/influxdb.sh" | tail -1)" || IOTLAB_INFLUXD=""
  export IOTLAB_INFLUXD
fi
cd "$ROOT"
# through the reactor: lab-contract and test-support come from their target/classes, never from ~/.m2
mvn -q -B -pl simulator -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
cd simulator
exec java -Xmx1g -XX:+UseSerialGC -Dbench.seconds="${1:-20}" \
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED \
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  -Djava.util.logging.config.file=/dev/null \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.iotlab.simulator.bench.SimulatorBench 2>/dev/null
