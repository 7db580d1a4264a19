// Where a replay's time goes: the replay command on a simulated day, with the costing and replay functions that do
// its work wrapped in timers. Wrapping keeps V8 from inlining them, so the total runs slower than the replay
// benchmark's; the split is what this is for.
// Usage: node -r ./scripts/register-aliases.js dist/bench/replay-phases.bench.js [events=1000000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CostEngine, TenantReportBuilder } from '@contact-cost/costing';
import * as agentLedger from '../libs/costing/src/agent-ledger';
import * as contactPricing from '../libs/costing/src/contact-pricing';
import * as contactTimeline from '../libs/costing/src/contact-timeline';
import * as reportJson from '../libs/costing/src/report-json';
import * as codec from '../libs/costing/src/settled-contact.codec';
import { FileContactArchive } from '../libs/replay/src/file-contact-archive';
import { FileVerifiedDuplicateKeys } from '../libs/replay/src/file-duplicate-keys';
import { ReplayReportWriter } from '../libs/replay/src/replay-report.writer';
import { describeMachine } from './bench-machine';
import { replayIntoNothing } from './replay-measure';
import { simulateDay } from './simulated-day';

interface Phase {
  ms: number;
  calls: number;
}
const phases = new Map<string, Phase>();

/**
 * Replaces `holder[name]` with a timed wrapper (until its promise settles, for an async one). Compiled modules call
 * their imports as properties of the module object, so wrapping a module's export reaches every caller.
 */
function time(label: string, holder: object, name: string): void {
  const target = holder as Record<string, (...args: unknown[]) => unknown>;
  const original = target[name];
  const phase: Phase = { ms: 0, calls: 0 };
  phases.set(label, phase);
  target[name] = function (this: unknown, ...args: unknown[]) {
    const started = process.hrtime.bigint();
    const record = () => {
      phase.ms += Number(process.hrtime.bigint() - started) / 1e6;
      phase.calls++;
    };
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (error) {
      record();
      throw error;
    }
    if (result instanceof Promise) return result.finally(record);
    record();
    return result;
  };
}

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 1_000_000);
  if (!Number.isInteger(events) || events < 1) throw new Error('usage: replay-phases.bench.js [events ≥ 1]');
  const dir = mkdtempSync(join(tmpdir(), 'cc-replay-phases-'));
  try {
    const { eventsFile, ratesFile } = await simulateDay(dir, events);
    time('ingest (parse, de-duplicate, apply)', CostEngine.prototype, 'ingest');
    time('  duplicate check', FileVerifiedDuplicateKeys.prototype, 'has');
    time('  duplicate record', FileVerifiedDuplicateKeys.prototype, 'add');
    time('  archive take (each new contact)', FileContactArchive.prototype, 'take');
    time('settle', CostEngine.prototype, 'settle');
    time('  derive contact timelines', contactTimeline, 'deriveContactTimeline');
    time('  slice agent timelines', agentLedger, 'sweepAgentLedger');
    time('  price contacts', contactPricing, 'priceContact');
    time('  report: aggregate, format, spool', ReplayReportWriter.prototype, 'add');
    time('    aggregate', TenantReportBuilder.prototype, 'addContact');
    time('    format contact JSON', reportJson, 'writeContactJson');
    time('  archive store', FileContactArchive.prototype, 'store');
    time('    encode record', codec, 'encodeSettledContact');
    time('  report: withdraw revived', ReplayReportWriter.prototype, 'withdraw');
    time('collect what remains', ReplayReportWriter.prototype, 'collect');
    time('print the document', ReplayReportWriter.prototype, 'writeTo');
    const started = process.hrtime.bigint();
    await replayIntoNothing(eventsFile, ratesFile);
    const total = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(describeMachine());
    console.log(`replay of a simulated day of ${events} events, with its phases timed: ${(total / 1000).toFixed(1)} s`);
    for (const [label, phase] of phases)
      console.log(
        `${label.padEnd(40)} ${phase.ms.toFixed(0).padStart(7)} ms ${((100 * phase.ms) / total).toFixed(1).padStart(5)} % ` +
          `${String(phase.calls).padStart(9)} calls`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
