#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and Kafka answer on 127.0.0.1, starting the ones that do not, and that the
# databases exist. PostgreSQL and Redis belong to the machine: they are started with the machine's own commands.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WAIT_SECONDS="${SERVICES_WAIT_SECONDS:-30}"
DATABASES=(contact_cost contact_cost_test)

fail() {
  echo "services: ERROR: $*" >&2
  exit 1
}

postgres_answers() { pg_isready -h 127.0.0.1 -p 5432 -q; }
redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

# wait_for NAME CHECK: polls CHECK once a second for at most WAIT_SECONDS.
wait_for() {
  local name="$1" check="$2" deadline=$((SECONDS + WAIT_SECONDS))
  until "$check"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$name did not answer on 127.0.0.1 within ${WAIT_SECONDS}s"
    sleep 1
  done
}

command -v pg_isready >/dev/null || fail "pg_isready not found: PostgreSQL client tools are needed"
if postgres_answers; then
  echo "services: PostgreSQL answers on 127.0.0.1:5432"
else
  command -v pg_ctlcluster >/dev/null || fail "PostgreSQL does not answer on 127.0.0.1:5432 and pg_ctlcluster is missing"
  echo "services: starting PostgreSQL"
  # shellcheck disable=SC2046 # one cluster version directory, as on the machine image
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  wait_for PostgreSQL postgres_answers
fi

command -v redis-cli >/dev/null || fail "redis-cli not found: Redis tools are needed"
if redis_answers; then
  echo "services: Redis answers on 127.0.0.1:6379"
else
  command -v redis-server >/dev/null || fail "Redis does not answer on 127.0.0.1:6379 and redis-server is missing"
  echo "services: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis redis_answers
fi

for database in "${DATABASES[@]}"; do
  exists="$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" \
    || fail "cannot query PostgreSQL as user postgres on 127.0.0.1"
  if [ "$exists" != "1" ]; then
    psql -h 127.0.0.1 -U postgres -d postgres -q -c "CREATE DATABASE \"$database\"" \
      || fail "cannot create database $database"
    echo "services: created database $database"
  fi
done

bash "$DEPLOY_DIR/kafka/start.sh"
