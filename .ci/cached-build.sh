#!/usr/bin/env bash
# Sourced by the .ci/ scripts that build a test peer once into ~/.cache/iotlab (control plane, influxd, actionlint):
# the script sets TOOL (its log prefix) before sourcing, and LOG (its build log) before calling run.

log() { echo "$TOOL: $*" >&2; }

# reuse_or_lock DEST CHECK RESULT: when CHECK passes, print RESULT and exit; otherwise take DEST's lock (two callers
# at once, e.g. the CI script and a test JVM, must not build into the same place twice) and check again.
reuse_or_lock() {
  local dest=$1 check=$2 result=$3
  if "$check"; then echo "$result"; exit 0; fi
  mkdir -p "$dest"
  exec 9>"$dest/.lock"
  flock 9
  if "$check"; then echo "$result"; exit 0; fi
}

run() { # run a command, output to the build log; on failure show its tail
  if ! nice -n 10 "$@" >>"$LOG" 2>&1; then
    log "failed: $*"
    tail -n 40 "$LOG" >&2
    log "full log: $LOG"
    exit 1
  fi
}
