import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { RejectionReason, formatEventTime } from '@contact-cost/contracts';
import {
  CSV_COLUMNS,
  CostEngine,
  RateCardError,
  RateCardSet,
  buildTenantReports,
  contactCsvRow,
  parseRateCardText,
  tenantReportJson,
} from '@contact-cost/costing';
import { ReplayArgsError, parseReplayArgs } from './replay-args';
import { readLines } from './line-reader';

export interface ReplayStats {
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface RejectedLine {
  line: number;
  id?: string;
  tenant?: string;
  reason: RejectionReason;
  detail: string;
}

export interface ReplayResult {
  engine: CostEngine;
  stats: ReplayStats;
  rejected: RejectedLine[];
}

export interface SettlingOptions {
  /** Settle after this many lines (memory stays flat); 0 turns settling off. */
  everyLines: number;
  /** How far behind the latest event time events may still arrive without forcing a recompute. */
  latenessAttos: bigint;
  /** The as-of of the run when given: nothing after it may be settled. */
  asOf: bigint | null;
}

export const DEFAULT_SETTLING: SettlingOptions = {
  everyLines: 20_000,
  latenessAttos: 3600n * 10n ** 18n,
  asOf: null,
};

/**
 * Feeds every line of a JSONL stream to a fresh engine: "feed everything" of replay.md. With settling, what ends
 * more than the lateness before the latest event is reduced to sums as it goes; check `result.engine.exact`.
 */
export async function replayStream(
  input: Readable,
  rates: RateCardSet,
  settling: SettlingOptions = { ...DEFAULT_SETTLING, everyLines: 0 },
): Promise<ReplayResult> {
  const engine = new CostEngine(rates);
  let sinceSettle = 0;
  let settledTo: bigint | null = null;
  const stats: ReplayStats = { events: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const rejected: RejectedLine[] = [];
  for await (const { line, text } of readLines(input)) {
    if (text.trim().length === 0) continue;
    stats.events++;
    if (settling.everyLines > 0 && ++sinceSettle >= settling.everyLines) {
      sinceSettle = 0;
      const latest = engine.latestEventTime();
      if (latest !== null) {
        let limit = latest - settling.latenessAttos;
        if (settling.asOf !== null && settling.asOf < limit) limit = settling.asOf;
        if (settledTo === null || limit > settledTo) {
          engine.settle(limit);
          settledTo = limit;
        }
      }
    }
    const result = engine.ingest(text);
    if (result.status === 'accepted') stats.accepted++;
    else if (result.status === 'duplicate') stats.duplicates++;
    else {
      stats.rejected++;
      const { reason, detail, id, tenant } = result.rejection;
      rejected.push({ line, ...(id !== undefined && { id }), ...(tenant !== undefined && { tenant }), reason, detail });
    }
  }
  return { engine, stats, rejected };
}

/** The replay.md JSON document. */
export function replayJson(result: ReplayResult, rates: RateCardSet, asOf: bigint | null) {
  const at = asOf ?? result.engine.latestEventTime();
  const snapshot = result.engine.snapshot(at);
  const tenants = Object.fromEntries(buildTenantReports(snapshot, rates).map((r) => [r.tenant, tenantReportJson(r)]));
  return {
    asOf: at === null ? null : formatEventTime(at),
    stats: result.stats,
    rejected: result.rejected,
    tenants,
  };
}

export function replayCsv(result: ReplayResult, rates: RateCardSet, asOf: bigint | null): string {
  const at = asOf ?? result.engine.latestEventTime();
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const report of buildTenantReports(result.engine.snapshot(at), rates))
    for (const contact of report.contacts) rows.push(contactCsvRow(contact));
  return rows.join('\n') + '\n';
}

export interface CommandIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

function writeAll(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

async function loadRates(path: string): Promise<RateCardSet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ReplayArgsError(
      `cannot read the rate-card file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  try {
    return parseRateCardText(text);
  } catch (error) {
    if (error instanceof RateCardError) throw new ReplayArgsError(`invalid rate-card file ${path}: ${error.message}`);
    throw error;
  }
}

function openEvents(path: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path);
    stream.once('open', () => resolve(stream));
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ReplayArgsError(`cannot read the events file ${path}: ${error.code ?? error.message}`)),
    );
  });
}

async function readReplay(path: string, rates: RateCardSet, settling: SettlingOptions): Promise<ReplayResult> {
  const input = await openEvents(path);
  try {
    return await replayStream(input, rates, settling);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new ReplayArgsError(`cannot read the events file ${path}: ${code}`);
  }
}

async function spoolToFile(input: Readable): Promise<{ path: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'cost-replay-'));
  const path = join(dir, 'events.jsonl');
  await pipeline(input, createWriteStream(path));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `cost replay …`: exit 0 with the result on stdout, or 2 with one line on stderr. */
export async function runReplayCommand(argv: string[], io: CommandIo): Promise<number> {
  try {
    const args = parseReplayArgs(argv);
    const rates = await loadRates(args.rates);
    // Standard input is kept in a temporary file, so a run whose settling was overtaken by a late event can be redone.
    const spool = args.events === '-' ? await spoolToFile(io.stdin) : null;
    const path = spool?.path ?? args.events;
    const format = (result: ReplayResult) =>
      args.format === 'csv'
        ? replayCsv(result, rates, args.asOf)
        : JSON.stringify(replayJson(result, rates, args.asOf)) + '\n';
    let output: string;
    try {
      const settledRun = await readReplay(path, rates, { ...DEFAULT_SETTLING, asOf: args.asOf });
      output = format(settledRun);
      // An event reached back into what was already settled (seen while figuring): redo the run keeping every event.
      if (!settledRun.engine.exact)
        output = format(await readReplay(path, rates, { ...DEFAULT_SETTLING, everyLines: 0 }));
    } finally {
      spool?.remove();
    }
    await writeAll(io.stdout, output);
    return 0;
  } catch (error) {
    if (error instanceof ReplayArgsError) {
      await writeAll(io.stderr, `cost replay: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
