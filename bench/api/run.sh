#!/usr/bin/env bash
# Lab API benchmark (see ApiBench.java). Usage: bench/api/run.sh [concurrency] [seconds]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAR="$ROOT/api/target/iotlab-api.jar"
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -q -B -pl api -am package -DskipTests)
fi
cd "$ROOT"
exec java bench/api/ApiBench.java "$JAR" "${1:-16}" "${2:-15}"
