// The replay of one simulated day in three line orders: as simulated (2 % out of order), one source after another
// (as an analyst exporting each topic to a file and concatenating them would), and shuffled; the first is the
// baseline. Out of order beyond the settling lateness, the command redoes the run over the accepted events sorted by
// time on disk; each order is also replayed with the V8 heap capped, which it must fit whatever the order.
// Usage: node -r ./scripts/register-aliases.js dist/bench/replay-out-of-order.bench.js [events=1000000] [runs=1]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine } from './bench-machine';
import { CAPPED_HEAP_MIB, PIN, Run, eventsPerSecond, measure } from './replay-measure';
import { simulateDay } from './simulated-day';

/** The family of a line's event type (`call`, `chat`, `ticket`), or `other` (agent states, usage, invalid lines…). */
function source(line: string): string {
  const type = /"type":"(call|chat|ticket)\./.exec(line);
  return type ? type[1] : 'other';
}

/** A seeded shuffle (mulberry32 and Fisher–Yates), so every run replays the same file. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function fastest(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.ms - b.ms)[0];
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1_000_000);
  const rounds = Number(process.argv[3] ?? 1);
  if (!Number.isInteger(total) || total < 4 || !Number.isInteger(rounds) || rounds < 1)
    throw new Error('usage: replay-out-of-order.bench.js [events ≥ 4] [runs ≥ 1]');
  const dir = mkdtempSync(join(tmpdir(), 'cc-replay-order-bench-'));
  console.log(describeMachine());
  console.log(
    `replay of one simulated day of ${total} events in three line orders (one process each, ` +
      `${PIN.length > 0 ? 'pinned to CPU 0 with taskset' : 'not pinned: no taskset here'}); ` +
      `each figure the fastest of ${rounds} run(s), peak RSS the highest`,
  );
  try {
    const { eventsFile, ratesFile } = await simulateDay(dir, total);
    const lines = readFileSync(eventsFile, 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const bySource = ['call', 'chat', 'ticket', 'other'].flatMap((family) => lines.filter((l) => source(l) === family));
    const orders = [
      { name: 'as simulated', file: eventsFile },
      { name: 'one source after another', file: join(dir, 'by-source.jsonl'), lines: bySource },
      { name: 'shuffled', file: join(dir, 'shuffled.jsonl'), lines: shuffled(lines, 42) },
    ];
    for (const order of orders) if (order.lines) writeFileSync(order.file, order.lines.join('\n') + '\n');
    const runs = orders.map(() => ({ free: [] as Run[], capped: [] as Run[], cappedFailure: '' }));
    for (let i = 0; i < rounds; i++)
      orders.forEach((order, o) => {
        runs[o].free.push(measure(order.file, ratesFile, 'replay'));
        try {
          runs[o].capped.push(measure(order.file, ratesFile, 'replay', [`--max-old-space-size=${CAPPED_HEAP_MIB}`]));
        } catch (error) {
          // A run that does not fit the capped heap is a result, not the end of the benchmark.
          runs[o].cappedFailure = String((error as { stderr?: string }).stderr ?? error);
        }
      });
    const baseline = eventsPerSecond(fastest(runs[0].free));
    const peakMib = (rs: Run[]) => Math.round(Math.max(...rs.map((r) => r.maxRssKb)) / 1024);
    orders.forEach((order, o) => {
      const free = fastest(runs[o].free);
      const capped = runs[o].capped.length === runs[o].free.length ? fastest(runs[o].capped) : null;
      const outOfMemory = /heap out of memory/.test(runs[o].cappedFailure) ? ' (JavaScript heap out of memory)' : '';
      console.log(
        [
          `${order.name}: ${free.events} events, ${free.contacts} contacts`,
          `replay ${eventsPerSecond(free)} ev/s in ${(free.ms / 1000).toFixed(1)} s ` +
            `(${(eventsPerSecond(free) / baseline).toFixed(2)} × as simulated)`,
          `peak RSS ${peakMib(runs[o].free)} MiB`,
          `with the V8 heap capped at ${CAPPED_HEAP_MIB} MiB: ` +
            (capped
              ? `${eventsPerSecond(capped)} ev/s, peak RSS ${peakMib(runs[o].capped)} MiB`
              : `did not complete${outOfMemory}`),
        ].join(' | '),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
