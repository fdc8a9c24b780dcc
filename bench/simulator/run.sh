#!/usr/bin/env bash
# Device simulator benchmark: 100 / 1,000 / 5,000 devices at 1 Hz against an embedded HiveMQ broker and a local
# InfluxDB-write sink. Prints one line per size. Usage: bench/simulator/run.sh [seconds-per-size, default 20]
set -euo pipefail
cd "$(dirname "$0")/../../simulator"
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx1g -XX:+UseSerialGC -Dbench.seconds="${1:-20}" \
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED \
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  -Djava.util.logging.config.file=/dev/null \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.iotlab.simulator.bench.SimulatorBench 2>/dev/null
