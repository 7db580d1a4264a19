# Shared by start.sh, stop.sh and tool.sh: paths, the jar cache, the broker's pid. Source it, do not run it.

KAFKA_DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$KAFKA_DEPLOY_DIR/../.." && pwd)"
KAFKA_LIBS="$KAFKA_DEPLOY_DIR/.cache/libs"
KAFKA_LIBS_STAMP="$KAFKA_DEPLOY_DIR/.cache/libs.pom.sha256"
KAFKA_DATA="$REPO_ROOT/.data/kafka"
KAFKA_CONFIG="$KAFKA_DATA/server.properties"
KAFKA_PID_FILE="$KAFKA_DATA/kafka.pid"
KAFKA_LOG="$KAFKA_DATA/logs/server.log"
KAFKA_OUT="$KAFKA_DATA/kafka.out"
KAFKA_HOST=127.0.0.1
KAFKA_PORT=9092
KAFKA_BOOTSTRAP="$KAFKA_HOST:$KAFKA_PORT"

kafka_fail() {
  echo "kafka: ERROR: $*" >&2
  exit 1
}

# True when something accepts TCP connections on the broker port (not yet proof that it is a Kafka broker).
kafka_port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$KAFKA_HOST/$KAFKA_PORT" 2>/dev/null
}

# Fetches the broker and tool jars once; reruns Maven only when pom.xml changed since the last download.
kafka_ensure_libs() {
  local pom_sum
  pom_sum="$(sha256sum "$KAFKA_DEPLOY_DIR/pom.xml" | cut -d' ' -f1)"
  if [ -d "$KAFKA_LIBS" ] && [ "$(cat "$KAFKA_LIBS_STAMP" 2>/dev/null)" = "$pom_sum" ]; then
    return 0
  fi
  command -v mvn >/dev/null || kafka_fail "Maven (mvn) is needed once to download Kafka into $KAFKA_LIBS"
  echo "kafka: downloading Apache Kafka jars with Maven into $KAFKA_LIBS (once)"
  local tmp="$KAFKA_LIBS.partial" maven_log="$KAFKA_DEPLOY_DIR/.cache/maven.log"
  rm -rf "$tmp"
  mkdir -p "$KAFKA_DEPLOY_DIR/.cache"
  if ! mvn -B -q -f "$KAFKA_DEPLOY_DIR/pom.xml" dependency:copy-dependencies -Dkafka.libs.dir="$tmp" \
    </dev/null >"$maven_log" 2>&1; then
    tail -n 40 "$maven_log" >&2
    kafka_fail "Maven could not download Kafka (full output: $maven_log)"
  fi
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  echo "$pom_sum" >"$KAFKA_LIBS_STAMP"
}

kafka_check_java() {
  command -v java >/dev/null || kafka_fail "java not found; Kafka 4.1 needs Java 17 or newer"
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [ "${major:-0}" -ge 17 ] 2>/dev/null || kafka_fail "Kafka 4.1 needs Java 17 or newer; found Java ${major:-unknown}"
}

# Runs a Kafka command-line class (e.g. org.apache.kafka.tools.TopicCommand) from the cached jars.
kafka_tool() {
  local main_class="$1"
  shift
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$KAFKA_DEPLOY_DIR/tools-log4j2.xml" \
    -cp "$KAFKA_LIBS/*" "$main_class" "$@"
}

# True when the process is the broker of this checkout: its command line names this checkout's config, so a stale
# pid file whose number now belongs to another process does not count.
kafka_is_our_broker() {
  tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -qF "kafka.Kafka $KAFKA_CONFIG"
}

# Pid of this checkout's live broker: from the pid file, else (pid file lost) by scanning for its config path.
kafka_running_pid() {
  local pid cmdline_file
  pid="$(cat "$KAFKA_PID_FILE" 2>/dev/null || true)"
  if [ -n "$pid" ] && kafka_is_our_broker "$pid"; then
    echo "$pid"
    return 0
  fi
  for cmdline_file in /proc/[0-9]*/cmdline; do
    pid="${cmdline_file#/proc/}"
    pid="${pid%/cmdline}"
    if kafka_is_our_broker "$pid"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}
