#!/usr/bin/env bash
# The README's "run": starts the services, builds, migrates, runs the pipeline and the API in the background, publishes
# a simulated contact centre to Kafka and prints the live cost per contact per channel every few seconds.
# Ctrl-C stops everything it started. Logs: .data/logs/. Settings: DEMO_RATE (messages/s), HTTP_PORT, DEMO_SECONDS
# (stop after this long; default: run until Ctrl-C).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
LOG_DIR="$ROOT/.data/logs"
NODE=(node -r ./scripts/register-aliases.js)

[ -d node_modules ] || npm ci
bash deploy/up.sh
npm run --silent build

export RATE_CARDS_FILE="${RATE_CARDS_FILE:-$ROOT/deploy/demo/rates.json}"
# The demo keeps its figures apart (its own database and Redis db) and starts them empty each time: the simulator
# replays the same seeded day, which a kept database would drop as duplicates, showing frozen figures.
if [ -z "${DATABASE_URL:-}" ]; then
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS contact_cost_demo WITH (FORCE)" >/dev/null
fi
if [ -z "${REDIS_URL:-}" ]; then
  redis-cli -h 127.0.0.1 -n 1 flushdb >/dev/null
fi
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/contact_cost_demo}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
export HTTP_PORT="${HTTP_PORT:-3000}"
DEMO_RATE="${DEMO_RATE:-200}"
TENANTS=(acme globex initech) # the simulator's first three tenants, priced in deploy/demo/rates.json
# deploy/demo/rates.json is simulatorRateCards() of exactly these options (seed, tenants, agents, duration, start).
SIMULATION=(--seed 42 --tenants 3 --agents 20 --duration 8h --start 2026-11-02T08:00:00Z)

mkdir -p "$LOG_DIR"
"${NODE[@]}" dist/apps/pipeline/src/migrate.js

pids=()
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "demo: stopping (logs in $LOG_DIR)"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

"${NODE[@]}" dist/apps/pipeline/src/main.js >"$LOG_DIR/pipeline.log" 2>&1 &
pids+=($!)
"${NODE[@]}" dist/apps/api/src/main.js >"$LOG_DIR/api.log" 2>&1 &
pids+=($!)

API="http://127.0.0.1:$HTTP_PORT"
for _ in $(seq 1 60); do
  curl -sf "$API/health" >/dev/null 2>&1 && break
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "demo: an app exited; last lines of its logs:" >&2
      tail -n 20 "$LOG_DIR/pipeline.log" "$LOG_DIR/api.log" >&2
      exit 1
    fi
  done
  sleep 1
done
curl -sf "$API/health" >/dev/null || { echo "demo: the API did not answer on $API/health" >&2; exit 1; }
echo "demo: pipeline and API running (API $API)"

if "${NODE[@]}" dist/apps/cli/src/main.js simulate --help >/dev/null 2>&1; then
  echo "demo: simulating ${TENANTS[*]} at $DEMO_RATE messages/s (log: $LOG_DIR/simulator.log)"
  npm run --silent simulate -- "${SIMULATION[@]}" --rate "$DEMO_RATE" --duplicates 0.01 --invalid 0.005 \
    >"$LOG_DIR/simulator.log" 2>&1 &
  pids+=($!)
else
  # Placeholder until `npm run simulate` is wired in apps/cli: a few acme voice calls a second on cc.calls/cc.agents.
  echo "demo: the simulate command is not available yet; publishing placeholder acme voice calls instead"
  "${NODE[@]}" - >"$LOG_DIR/simulator.log" 2>&1 <<'JS' &
const { KafkaProducer } = require('@contact-cost/kafka');
const producer = new KafkaProducer({ brokers: ['127.0.0.1:9092'], clientId: 'contact-cost-demo', logLevel: 'warn' });
const run = Date.now().toString(36);
const at = (ms) => new Date(Date.parse('2026-11-02T13:00:00Z') + ms).toISOString();
async function main() {
  await producer.connect();
  const agents = Array.from({ length: 5 }, (_, i) => `a-${i + 1}`);
  await producer.send('cc.agents', agents.map((agent) => ({
    key: agent,
    value: JSON.stringify({ id: `${run}-s-${agent}`, type: 'agent.state', tenant: 'acme', time: at(0), agent, state: 'available' }),
  })));
  for (let n = 0; ; n++) {
    const contact = `${run}-c-${n}`;
    const agent = agents[n % agents.length];
    const start = 60_000 * n;
    const talk = 60_000 + ((n * 7919) % 240_000);
    const steps = [
      ['call.started', 0, { direction: n % 4 ? 'inbound' : 'outbound', queue: 'support', reason: n % 3 ? 'billing' : 'technical' }],
      ['call.answered', 20_000, { agent }],
      ['call.ended', 20_000 + talk, { outcome: 'resolved' }],
      ['call.wrapup_done', 80_000 + talk, { agent }],
    ];
    await producer.send('cc.calls', steps.map(([type, offset, extra], i) => ({
      key: contact,
      value: JSON.stringify({ id: `${contact}-${i}`, type, tenant: 'acme', time: at(start + offset), contact, ...extra }),
    })));
    await new Promise((r) => setTimeout(r, 500));
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
JS
  pids+=($!)
fi

print_live() {
  for tenant in "${TENANTS[@]}"; do
    local url="$API/v1/tenants/$tenant/live"
    curl -s "$url" | URL="$url" node -e '
      let text = "";
      process.stdin.on("data", (d) => (text += d)).on("end", () => {
        let body;
        try { body = JSON.parse(text); } catch { body = { message: text.trim() }; }
        if (!body.channels) return console.log(`${process.env.URL}\n  ${body.message ?? "no figures yet"}`);
        console.log(`${process.env.URL}  (as of ${body.asOf})`);
        for (const [channel, g] of Object.entries(body.channels)) {
          console.log(`  ${channel.padEnd(8)} ${String(g.contacts).padStart(7)} contacts  cost ${g.cost.padStart(14)} ${body.currency}  per contact ${g.costPerContact ?? "-"}`);
        }
      });'
  done
}

started=$SECONDS
while :; do
  echo
  echo "live cost per contact per channel — $(date -u +%H:%M:%SZ)"
  print_live
  if [ -n "${DEMO_SECONDS:-}" ] && [ $((SECONDS - started)) -ge "$DEMO_SECONDS" ]; then break; fi
  sleep 3
done
