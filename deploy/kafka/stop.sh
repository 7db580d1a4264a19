#!/usr/bin/env bash
# Stops the broker that deploy/kafka/start.sh started: SIGTERM (controlled shutdown), SIGKILL after a timeout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

STOP_TIMEOUT_SECONDS="${KAFKA_STOP_TIMEOUT_SECONDS:-30}"

if ! pid="$(kafka_running_pid)"; then
  rm -f "$KAFKA_PID_FILE"
  if kafka_port_open; then
    echo "kafka: the broker on $KAFKA_BOOTSTRAP was not started by this checkout's start.sh; leaving it alone"
  else
    echo "kafka: no broker running"
  fi
  exit 0
fi

echo "kafka: stopping broker (pid $pid)"
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
while kafka_is_our_broker "$pid" && [ "$SECONDS" -lt "$deadline" ]; do
  sleep 0.5
done
if kafka_is_our_broker "$pid"; then
  echo "kafka: still running after ${STOP_TIMEOUT_SECONDS}s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  while kafka_is_our_broker "$pid"; do sleep 0.2; done
fi
rm -f "$KAFKA_PID_FILE"
echo "kafka: stopped"
