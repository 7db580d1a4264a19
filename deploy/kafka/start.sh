#!/usr/bin/env bash
# Starts a single-node Apache Kafka (KRaft) broker on 127.0.0.1:9092 and creates the pipeline's topics.
# Idempotent: a broker that already answers is reused, never doubled; a crashed one is started again on the same data.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

START_TIMEOUT_SECONDS="${KAFKA_START_TIMEOUT_SECONDS:-90}"
# name:partitions — the default topic names of shared/spec/events.md, plus the dead-letter topic.
TOPICS=(cc.calls:3 cc.chats:3 cc.tickets:3 cc.agents:3 cc.dead-letter:1)

mkdir -p "$KAFKA_DATA/logs"
# Two start.sh at once (parallel jobs, two terminals) must not both launch a broker.
exec 9>"$KAFKA_DATA/start.lock"
flock -w 300 9 || kafka_fail "another deploy/kafka/start.sh has held $KAFKA_DATA/start.lock for 5 minutes"

kafka_check_java
kafka_ensure_libs

# Short client timeouts so that each readiness probe fails fast while the broker is still starting.
ADMIN_CONFIG="$KAFKA_DATA/admin.properties"
printf 'request.timeout.ms=5000\ndefault.api.timeout.ms=8000\n' >"$ADMIN_CONFIG"

# Lines of server.log written before this start, so that only this start's errors are shown on failure.
LOG_LINES_BEFORE="$(wc -l 2>/dev/null <"$KAFKA_LOG" || echo 0)"

print_logs_and_fail() {
  echo "---- errors logged during this start ($KAFKA_LOG) ----" >&2
  tail -n "+$((LOG_LINES_BEFORE + 1))" "$KAFKA_LOG" 2>/dev/null | grep -E -A 3 ' (ERROR|FATAL) ' | tail -n 30 >&2 || true
  echo "---- last lines of $KAFKA_LOG ----" >&2
  tail -n 15 "$KAFKA_LOG" >&2 2>/dev/null || echo "(no log yet)" >&2
  echo "---- last lines of $KAFKA_OUT ----" >&2
  tail -n 15 "$KAFKA_OUT" >&2 2>/dev/null || echo "(no output yet)" >&2
  kafka_fail "$*"
}

launch_broker() {
  rm -f "$KAFKA_PID_FILE"
  {
    cat "$KAFKA_DEPLOY_DIR/server.properties"
    echo
    echo "# Added by deploy/kafka/start.sh"
    echo "log.dirs=$KAFKA_DATA/kraft-combined-logs"
  } >"$KAFKA_CONFIG"

  if [ ! -f "$KAFKA_DATA/kraft-combined-logs/meta.properties" ]; then
    local cluster_id
    cluster_id="$(kafka_tool kafka.tools.StorageTool random-uuid)"
    echo "kafka: formatting KRaft storage in $KAFKA_DATA/kraft-combined-logs (cluster $cluster_id)"
    kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_CONFIG" --ignore-formatted >/dev/null \
      || kafka_fail "could not format KRaft storage in $KAFKA_DATA/kraft-combined-logs"
  fi

  echo "kafka: starting broker (log: $KAFKA_LOG)"
  (
    cd "$KAFKA_DATA"
    exec 9>&- # the broker must not hold start.lock
    # setsid: the broker outlives the shell, CI step or test run that started it.
    exec setsid java -Xms256m -Xmx512m \
      -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dkafka.logs.dir="$KAFKA_DATA/logs" -Dlog4j2.configurationFile="$KAFKA_DEPLOY_DIR/log4j2.xml" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONFIG"
  ) >"$KAFKA_OUT" 2>&1 </dev/null &
  echo "$!" >"$KAFKA_PID_FILE"
}

# Waits until the broker serves metadata requests; prints the existing topic names.
wait_until_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT_SECONDS)) topics
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ -n "$pid" ] && ! kafka_is_our_broker "$pid"; then
      print_logs_and_fail "the broker (pid $pid) exited during start-up"
    fi
    if kafka_port_open && topics="$(kafka_tool org.apache.kafka.tools.TopicCommand \
      --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$ADMIN_CONFIG" --list 2>/dev/null)"; then
      echo "$topics"
      return 0
    fi
    sleep 1
  done
  [ -n "$pid" ] || kafka_fail "what listens on $KAFKA_BOOTSTRAP did not answer as a Kafka broker within ${START_TIMEOUT_SECONDS}s"
  print_logs_and_fail "no Kafka broker answered on $KAFKA_BOOTSTRAP within ${START_TIMEOUT_SECONDS}s"
}

if pid="$(kafka_running_pid)"; then
  echo "$pid" >"$KAFKA_PID_FILE"
  echo "kafka: reusing the running broker (pid $pid)"
elif kafka_port_open; then
  pid=""
  echo "kafka: something not started by this script listens on $KAFKA_BOOTSTRAP; reusing it as the broker"
else
  launch_broker
  pid="$(cat "$KAFKA_PID_FILE")"
fi

existing_topics="$(wait_until_ready "$pid")"

for entry in "${TOPICS[@]}"; do
  topic="${entry%%:*}"
  partitions="${entry##*:}"
  if ! grep -qxF "$topic" <<<"$existing_topics"; then
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \
      --command-config "$ADMIN_CONFIG" --create --if-not-exists \
      --topic "$topic" --partitions "$partitions" --replication-factor 1 >/dev/null \
      || kafka_fail "could not create topic $topic"
    echo "kafka: created topic $topic with $partitions partition(s)"
  fi
done

if [ -n "$pid" ]; then
  echo "kafka: ready on $KAFKA_BOOTSTRAP (pid $pid); log: $KAFKA_LOG"
else
  echo "kafka: ready on $KAFKA_BOOTSTRAP (a broker this checkout did not start; its log is wherever it was started)"
fi
