// Replay throughput and peak memory on simulated days of growing size, beside a bare read-and-JSON.parse baseline.
// Usage: node -r ./scripts/register-aliases.js dist/bench/replay.bench.js [events=1000000] [runs=3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine } from './bench-machine';
import { CAPPED_HEAP_MIB, PIN, Run, eventsPerSecond as rate, measure } from './replay-measure';
import { simulateDay } from './simulated-day';

/** The middle run by time (rates swing by ±15 % between runs on a shared machine, so one run says little). */
function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor((runs.length - 1) / 2)];
}

/** Runs of each mode, interleaved so that a slow spell of the machine falls on all of them alike. */
function measureRounds(eventsFile: string, ratesFile: string, rounds: number) {
  const base: Run[] = [];
  const replay: Run[] = [];
  const capped: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    base.push(measure(eventsFile, ratesFile, 'parse-only'));
    replay.push(measure(eventsFile, ratesFile, 'replay'));
    capped.push(measure(eventsFile, ratesFile, 'replay', [`--max-old-space-size=${CAPPED_HEAP_MIB}`]));
  }
  return { base, replay, capped };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1_000_000);
  const rounds = Number(process.argv[3] ?? 3);
  if (!Number.isInteger(total) || total < 4 || !Number.isInteger(rounds) || rounds < 1)
    throw new Error('usage: replay.bench.js [events ≥ 4] [runs ≥ 1]');
  const dir = mkdtempSync(join(tmpdir(), 'cc-replay-bench-'));
  console.log(describeMachine());
  console.log(
    `replay benchmark: simulated days of ${total / 4}, ${total / 2} and ${total} events ` +
      `(one process each, ${PIN.length > 0 ? 'pinned to CPU 0 with taskset' : 'not pinned: no taskset here'}); ` +
      `each figure the median of ${rounds} runs [slowest–fastest], peak RSS the highest of them`,
  );
  try {
    for (const size of [total / 4, total / 2, total]) {
      const { eventsFile, ratesFile } = await simulateDay(dir, size);
      const runs = measureRounds(eventsFile, ratesFile, rounds);
      const spread = (rs: Run[]) => {
        const rates = rs.map(rate).sort((a, b) => a - b);
        return rs.length === 1 ? '' : ` [${rates[0]}–${rates[rates.length - 1]}]`;
      };
      const peakMib = (rs: Run[]) => Math.round(Math.max(...rs.map((r) => r.maxRssKb)) / 1024);
      const [base, run, capped] = [median(runs.base), median(runs.replay), median(runs.capped)];
      const peakKb = Math.max(...runs.replay.map((r) => r.maxRssKb));
      console.log(
        [
          `events ${run.events}`,
          `contacts ${run.contacts}`,
          `baseline read+JSON.parse ${rate(base)} ev/s${spread(runs.base)} (peak RSS ${peakMib(runs.base)} MiB)`,
          `replay ${rate(run)} ev/s${spread(runs.replay)} in ${(run.ms / 1000).toFixed(1)} s (${(rate(run) / rate(base)).toFixed(2)} × baseline)`,
          `replay peak RSS ${peakMib(runs.replay)} MiB (${Math.round((peakKb * 1024) / run.events)} B/event)`,
          `with the V8 heap capped at ${CAPPED_HEAP_MIB} MiB: ${rate(capped)} ev/s${spread(runs.capped)}, peak RSS ${peakMib(runs.capped)} MiB`,
        ].join(' | '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
