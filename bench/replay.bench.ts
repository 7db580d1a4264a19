// Replay throughput and peak memory on simulated days of growing size, beside a bare read-and-JSON.parse baseline.
// Usage: node -r ./scripts/register-aliases.js dist/bench/replay.bench.js [events=1000000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runSimulateCommand } from '@contact-cost/simulator';
import { describeMachine } from './bench-machine';

const ROOT = resolve(__dirname, '../..');
const WORKER = join(ROOT, 'dist/bench/replay-run.bench-worker.js');

interface Run {
  ms: number;
  maxRssKb: number;
  events: number;
  contacts: number;
}

/** A V8 heap limit the replay must complete within at every size: memory that does not grow with the events. */
const CAPPED_HEAP_MIB = 128;

function measure(eventsFile: string, ratesFile: string, mode: 'replay' | 'parse-only', nodeFlags: string[] = []): Run {
  const out = execFileSync(
    process.execPath,
    [...nodeFlags, '-r', join(ROOT, 'scripts/register-aliases.js'), WORKER, eventsFile, ratesFile, mode],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out) as Run;
}

async function generate(dir: string, events: number): Promise<{ eventsFile: string; ratesFile: string }> {
  const eventsFile = join(dir, `day-${events}.jsonl`);
  const ratesFile = join(dir, `rates-${events}.json`);
  const quiet = { write: () => true };
  const code = await runSimulateCommand(
    [
      '--seed',
      '42',
      '--tenants',
      '6',
      '--agents',
      '400',
      '--events',
      String(events),
      '--duplicates',
      '0.01',
      '--out-of-order',
      '0.02',
      '--invalid',
      '0.001',
      '--rate',
      'max',
      '--no-kafka',
      '--out',
      eventsFile,
      '--rates-out',
      ratesFile,
    ],
    { stdout: quiet, stderr: process.stderr },
  );
  if (code !== 0) throw new Error(`simulate exited ${code}`);
  return { eventsFile, ratesFile };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'cc-replay-bench-'));
  console.log(describeMachine());
  console.log(
    `replay benchmark: simulated days of ${total / 4}, ${total / 2} and ${total} events (one core, one process each)`,
  );
  try {
    for (const size of [total / 4, total / 2, total]) {
      const { eventsFile, ratesFile } = await generate(dir, size);
      const base = measure(eventsFile, ratesFile, 'parse-only');
      const run = measure(eventsFile, ratesFile, 'replay');
      const capped = measure(eventsFile, ratesFile, 'replay', [`--max-old-space-size=${CAPPED_HEAP_MIB}`]);
      const rate = (r: Run) => Math.round(r.events / (r.ms / 1000));
      console.log(
        [
          `events ${run.events}`,
          `contacts ${run.contacts}`,
          `baseline read+JSON.parse ${rate(base)} ev/s (peak RSS ${Math.round(base.maxRssKb / 1024)} MiB)`,
          `replay ${rate(run)} ev/s in ${(run.ms / 1000).toFixed(1)} s (${(rate(run) / rate(base)).toFixed(2)} × baseline)`,
          `replay peak RSS ${Math.round(run.maxRssKb / 1024)} MiB (${Math.round((run.maxRssKb * 1024) / run.events)} B/event)`,
          `with the V8 heap capped at ${CAPPED_HEAP_MIB} MiB: ${rate(capped)} ev/s, peak RSS ${Math.round(capped.maxRssKb / 1024)} MiB`,
        ].join(' | '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
