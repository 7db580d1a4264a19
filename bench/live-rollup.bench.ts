// The live roll-up's engine work per step, day after day: a simulated stream of several days fed to a CostEngine as
// RollupService feeds it (steps of 5,000 events; settle an hour behind the latest event once it has moved 5 minutes;
// collectChanges; settled contacts archived to a file), timing each step's settle + collectChanges. The first day's
// steps are the baseline: a step should cost the same on the fifth day as on the first.
// Usage: node [--expose-gc] -r ./scripts/register-aliases.js dist/bench/live-rollup.bench.js [events=2500000]
// With --expose-gc it also prints the heap in use after a full collection at the end of each day.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTOSECONDS_PER_SECOND, formatEventTime } from '@contact-cost/contracts';
import { CostEngine, parseRateCardText } from '@contact-cost/costing';
import { readLineBatches } from '@contact-cost/replay';
import { FileVerifiedDuplicateKeys } from '../libs/replay/src/file-duplicate-keys';
import { SettledContactsArchive } from '@contact-cost/rollup';
import { describeMachine } from './bench-machine';
import { simulateDay } from './simulated-day';

const EVENTS_PER_STEP = 5_000;
const LATENESS = 3600n * ATTOSECONDS_PER_SECOND;
const SETTLE_EVERY = 300n * ATTOSECONDS_PER_SECOND;

interface DayFigures {
  steps: number;
  ms: number;
  slowestMs: number;
  changedFigures: number;
  /** Heap in use after a full collection at the day's last step (with --expose-gc). */
  heapMib?: number;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 2_500_000);
  if (!Number.isInteger(total) || total < EVENTS_PER_STEP)
    throw new Error(`usage: live-rollup.bench.js [events ≥ ${EVENTS_PER_STEP}]`);
  const dir = mkdtempSync(join(tmpdir(), 'cc-live-bench-'));
  const archive = new SettledContactsArchive(dir);
  try {
    const { eventsFile, ratesFile } = await simulateDay(dir, total);
    const rates = parseRateCardText(await readFile(ratesFile, 'utf8'));
    // The roll-up takes de-duplicated events from Postgres; here the file's duplicates are dropped by a key index
    // whose memory stays flat (as the replay's), so the heap figures are the engine's own.
    const duplicateKeys = new FileVerifiedDuplicateKeys(eventsFile, join(dir, 'accepted-keys.bin'));
    const engine = new CostEngine(rates, { duplicateKeys, archive: archive.forEngine, tracksChanges: true });
    const days = new Map<string, DayFigures>();
    let settledTo: bigint | null = null;
    let sinceStep = 0;
    const step = () => {
      const started = process.hrtime.bigint();
      const latest = engine.latestEventTime()!;
      const limit = latest - LATENESS;
      if (settledTo === null || limit - settledTo >= SETTLE_EVERY) {
        engine.settle(limit);
        settledTo = limit;
      }
      const changes = archive.withArchivedContacts(engine.collectChanges(latest));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const day = formatEventTime(latest).slice(0, 10);
      if (collectGarbage !== undefined && days.size > 0 && !days.has(day)) {
        // The first step of a new day: the heap as the previous day ended.
        collectGarbage();
        [...days.values()][days.size - 1].heapMib = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
      }
      const figures = days.get(day) ?? { steps: 0, ms: 0, slowestMs: 0, changedFigures: 0 };
      figures.steps++;
      figures.ms += ms;
      figures.slowestMs = Math.max(figures.slowestMs, ms);
      figures.changedFigures += changes.contacts.length + changes.agentDays.length;
      days.set(day, figures);
    };
    for await (const batch of readLineBatches(createReadStream(eventsFile)))
      for (const { text, offset } of batch)
        if (engine.ingest(text, offset).status === 'accepted' && ++sinceStep === EVENTS_PER_STEP) {
          sinceStep = 0;
          step();
        }
    console.log(describeMachine());
    console.log(
      `live roll-up engine on a simulated stream of ${total} events (unpinned; one process): ` +
        `settle + collectChanges per step of ${EVENTS_PER_STEP} accepted events, by UTC day of the latest event`,
    );
    const [first] = days.values();
    for (const [day, d] of days) {
      const mean = d.ms / d.steps;
      console.log(
        [
          day,
          `${d.steps} steps`,
          `mean ${mean.toFixed(1)} ms a step (${(mean / (first.ms / first.steps)).toFixed(2)} × the first day)`,
          `slowest ${d.slowestMs.toFixed(1)} ms`,
          `${Math.round(d.changedFigures / d.steps)} figures reported a step`,
          ...(d.heapMib === undefined ? [] : [`heap ${d.heapMib} MiB at its end`]),
        ].join(' | '),
      );
    }
    console.log(`engine holds ${engine.heldEventCount()} events; ${archive.size} contacts archived`);
    duplicateKeys.close();
  } finally {
    archive.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
