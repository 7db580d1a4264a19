import { createReadStream } from 'node:fs';
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
import { ReplayArgs, ReplayArgsError, parseReplayArgs } from './replay-args';
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

/** Feeds every line of a JSONL stream to a fresh engine: "feed everything" of replay.md. */
export async function replayStream(input: Readable, rates: RateCardSet): Promise<ReplayResult> {
  const engine = new CostEngine(rates);
  const stats: ReplayStats = { events: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const rejected: RejectedLine[] = [];
  for await (const { line, text } of readLines(input)) {
    if (text.trim().length === 0) continue;
    stats.events++;
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

function openEvents(args: ReplayArgs, io: CommandIo): Promise<Readable> {
  if (args.events === '-') return Promise.resolve(io.stdin);
  return new Promise((resolve, reject) => {
    const stream = createReadStream(args.events);
    stream.once('open', () => resolve(stream));
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ReplayArgsError(`cannot read the events file ${args.events}: ${error.code ?? error.message}`)),
    );
  });
}

/** `cost replay …`: exit 0 with the result on stdout, or 2 with one line on stderr. */
export async function runReplayCommand(argv: string[], io: CommandIo): Promise<number> {
  try {
    const args = parseReplayArgs(argv);
    const rates = await loadRates(args.rates);
    const input = await openEvents(args, io);
    let result: ReplayResult;
    try {
      result = await replayStream(input, rates);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      throw new ReplayArgsError(`cannot read the events file ${args.events}: ${code}`);
    }
    const output =
      args.format === 'csv'
        ? replayCsv(result, rates, args.asOf)
        : JSON.stringify(replayJson(result, rates, args.asOf)) + '\n';
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
