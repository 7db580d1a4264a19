import { createReadStream, createWriteStream, fstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { ATTOSECONDS_PER_SECOND, ContactCentreEvent, formatEventTime } from '@contact-cost/contracts';
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
import { readLineBatches } from './line-reader';
import { FileContactArchive } from './file-contact-archive';
import { FileVerifiedDuplicateKeys } from './file-duplicate-keys';
import { ReplayReportWriter, writeText } from './replay-report.writer';
import { RejectedLine, ReplayStats } from './replay.types';
import { SpoolFile } from './spool-file';
import { EventsByTimeSorter, EventsByTimeSorterOptions } from './events-by-time.sorter';

export { RejectedLine, ReplayStats } from './replay.types';

export interface ReplayResult {
  engine: CostEngine;
  stats: ReplayStats;
  /** Rejected lines, unless a ReplayOptions.onRejected took them. */
  rejected: RejectedLine[];
}

export interface SettlingOptions {
  /** Settle after this many lines (memory stays flat); 0 turns settling off. */
  everyLines: number;
  /**
   * Spaces settling by what it scans: after a settle, the next waits at least this many lines per event the engine
   * still holds (never more than `maxLines`). Each settle goes over every held contact and agent, so a fixed
   * spacing shorter than the lateness window scans the same ones again and again. Absent or 0: every `everyLines`.
   */
  linesPerHeldEvent?: number;
  /** The most lines between two settles when `linesPerHeldEvent` spaces them (memory stays bounded). */
  maxLines?: number;
  /** How far behind the latest event time events may still arrive without forcing a recompute. */
  latenessAttos: bigint;
  /** The as-of of the run when given: nothing after it may be settled. */
  asOf: bigint | null;
}

export const DEFAULT_SETTLING: SettlingOptions = {
  everyLines: 20_000,
  linesPerHeldEvent: 2,
  maxLines: 200_000,
  latenessAttos: 3600n * ATTOSECONDS_PER_SECOND,
  asOf: null,
};

const NO_SETTLING: SettlingOptions = { ...DEFAULT_SETTLING, everyLines: 0 };

export interface ReplayOptions {
  /** The engine to feed (default: a fresh one keeping everything in memory). */
  engine?: CostEngine;
  /** Takes each rejected line instead of result.rejected. */
  onRejected?: (rejected: RejectedLine) => void;
  /**
   * Screen only: each line is checked (first-wins duplicates included) but nothing is applied, and each accepted
   * event is handed here with its line's text.
   */
  onScreened?: (event: ContactCentreEvent, text: string) => void;
}

/**
 * Feeds every line of a JSONL stream to the engine: "feed everything" of replay.md. With settling, what ends more
 * than the lateness before the latest event is reduced to sums as it goes; check `result.engine.exact`: once it is
 * false, the run stops at the next settling point.
 */
export async function replayStream(
  input: Readable,
  rates: RateCardSet,
  settling: SettlingOptions = NO_SETTLING,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const engine = options.engine ?? new CostEngine(rates, { tracksChanges: false });
  let sinceSettle = 0;
  let settleAfter = settling.everyLines;
  let settledTo: bigint | null = null;
  const stats: ReplayStats = { events: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const rejected: RejectedLine[] = [];
  const onRejected = options.onRejected ?? ((r: RejectedLine) => rejected.push(r));
  const onScreened = options.onScreened;
  for await (const batch of readLineBatches(input))
    for (const { line, text, offset, invalidUtf8 } of batch) {
      if (text.trim().length === 0) continue;
      stats.events++;
      if (settling.everyLines > 0 && ++sinceSettle >= settleAfter) {
        sinceSettle = 0;
        // Overtaken: the figures will be recomputed another way, so reading on would only hold events in memory.
        if (!engine.exact) return { engine, stats, rejected };
        const latest = engine.latestEventTime();
        if (latest !== null) {
          let limit = latest - settling.latenessAttos;
          if (settling.asOf !== null && settling.asOf < limit) limit = settling.asOf;
          if (settledTo === null || limit > settledTo) {
            engine.settle(limit);
            settledTo = limit;
            settleAfter = nextSettleAfter(settling, engine.heldEventCount());
          }
        }
      }
      // Bytes that are not UTF-8 go to the engine as they are, which rejects them as the stream's intake does.
      const raw = invalidUtf8 ?? text;
      const result = onScreened ? engine.screen(raw, offset) : engine.ingest(raw, offset);
      if (result.status === 'accepted') {
        stats.accepted++;
        onScreened?.(result.event, text);
      } else if (result.status === 'duplicate') stats.duplicates++;
      else {
        stats.rejected++;
        const { reason, detail, id, tenant } = result.rejection;
        onRejected({ line, ...(id !== undefined && { id }), ...(tenant !== undefined && { tenant }), reason, detail });
      }
    }
  return { engine, stats, rejected };
}

/** Lines to read before the next settle (see SettlingOptions.linesPerHeldEvent). */
export function nextSettleAfter(settling: SettlingOptions, heldEvents: number): number {
  const perHeld = settling.linesPerHeldEvent ?? 0;
  if (perHeld <= 0) return settling.everyLines;
  const spaced = Math.ceil(heldEvents * perHeld);
  const most = Math.max(settling.everyLines, settling.maxLines ?? Infinity);
  return Math.min(Math.max(settling.everyLines, spaced), most);
}

/** The replay.md JSON document, built in memory (small inputs, tests; the command streams it). */
export function replayJson(result: ReplayResult, rates: RateCardSet, asOf: bigint | null) {
  const at = asOf ?? result.engine.latestEventTime();
  const snapshot = result.engine.snapshot(at);
  const tenants = Object.fromEntries(buildTenantReports(snapshot, rates).map((r) => [r.tenant, tenantReportJson(r)]));
  return {
    // replay.md: null when no event was accepted, an --as-of given or not
    asOf: at === null || result.stats.accepted === 0 ? null : formatEventTime(at),
    stats: result.stats,
    rejected: result.rejected,
    tenants,
  };
}

/** The CSV of replay.md, built in memory (rows by tenant, then contact). */
export function replayCsv(result: ReplayResult, rates: RateCardSet, asOf: bigint | null): string {
  const at = asOf ?? result.engine.latestEventTime();
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const report of buildTenantReports(result.engine.snapshot(at), rates))
    for (const contact of report.contacts) rows.push(contactCsvRow(contact));
  return rows.join('\n') + '\n';
}

export interface CommandIo {
  stdin: Readable;
  /**
   * The file descriptor behind `stdin`, when there is one: standard input redirected from a directory reads as an
   * empty stream, so the command checks the descriptor itself.
   */
  stdinFd?: number;
  stdout: Writable;
  stderr: Writable;
  /** Where the command parks its temporary files (default: the system's temporary directory). */
  tempDir?: string;
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
    const stream = createReadStream(path, { highWaterMark: 1 << 18 });
    stream.once('open', () => resolve(stream));
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ReplayArgsError(`cannot read the events file ${path}: ${error.code ?? error.message}`)),
    );
  });
}

/** What a screening pass over the original events file found, for a run over its accepted events alone. */
interface Screening {
  stats: ReplayStats;
  rejected: SpoolFile;
}

/** replayStream over an events file opened by openEvents, whose read errors are bad input (exit 2), not crashes. */
async function replayFile(
  input: Readable,
  path: string,
  rates: RateCardSet,
  settling: SettlingOptions,
  options: ReplayOptions,
): Promise<ReplayResult> {
  try {
    return await replayStream(input, rates, settling, options);
  } catch (error) {
    const { code, syscall } = error as NodeJS.ErrnoException;
    // Only a failed read: writing temporary files can fail too (a full disk), which is no fault of the events file.
    if (code === undefined || syscall !== 'read') throw error;
    throw new ReplayArgsError(`cannot read the events file ${path}: ${code}`);
  }
}

function spoolRejected(rejected: SpoolFile): (r: RejectedLine) => void {
  return (r) => rejected.append((rejected.isEmpty ? '' : ',') + JSON.stringify(r));
}

/**
 * One run over the events file into `out`: settled contacts go to an archive file, accepted ids to a fingerprint
 * index, rejected lines and formatted contacts to spool files, so memory follows the open contacts, not the events.
 * Nothing is written and false is returned when a late event overtook settling. With `screening`, the file holds
 * only the accepted events of another, which the document's stats and rejected lines are those of.
 */
export async function replayFileTo(
  path: string,
  rates: RateCardSet,
  args: ReplayArgs,
  settling: SettlingOptions,
  workDir: string,
  out: Writable,
  screening?: Screening,
): Promise<boolean> {
  const input = await openEvents(path);
  const dir = mkdtempSync(join(workDir, 'run-'));
  const duplicateKeys = new FileVerifiedDuplicateKeys(path, join(dir, 'accepted-keys.bin'));
  const contacts = settling.everyLines > 0 ? new FileContactArchive(join(dir, 'settled-contacts.bin')) : undefined;
  const rejected = new SpoolFile(join(dir, 'rejected.json'));
  const report = new ReplayReportWriter(dir, rates, args.format);
  // Archived contacts' figures go straight to the report, so nothing needs to read the archive back at the end.
  const archive = contacts && { contacts, figures: report };
  try {
    const engine = new CostEngine(rates, {
      duplicateKeys,
      archive,
      tracksChanges: false,
      asOf: args.asOf,
      asOfSubAttoseconds: args.asOfSubAttoseconds,
    });
    const result = await replayFile(input, path, rates, settling, { engine, onRejected: spoolRejected(rejected) });
    if (!engine.exact) return false;
    report.collect(engine, args.asOf);
    // Deriving the figures can still meet an event that reached back into settled time.
    if (!engine.exact) return false;
    await report.writeTo(out, screening?.stats ?? result.stats, screening?.rejected ?? rejected);
    return true;
  } finally {
    input.destroy();
    closeTemporaryFiles([report, rejected, contacts, duplicateKeys], dir);
  }
}

/**
 * For events too far out of time order to settle as they come (several sources' files one after another): screens
 * the file (checks, first-wins duplicates by line), sorts the accepted events by time on disk, and replays those
 * settled, so memory stays flat whatever the order. In time order only a time entry reaches back, so the lateness is
 * at least the longest one. False when even that run was overtaken.
 */
export async function replayTimeSortedTo(
  path: string,
  rates: RateCardSet,
  args: ReplayArgs,
  workDir: string,
  out: Writable,
  options: { settling?: SettlingOptions; sorter?: EventsByTimeSorterOptions } = {},
): Promise<boolean> {
  const settling = options.settling ?? { ...DEFAULT_SETTLING, asOf: args.asOf };
  const input = await openEvents(path);
  const dir = mkdtempSync(join(workDir, 'by-time-'));
  const screenedKeys = new FileVerifiedDuplicateKeys(path, join(dir, 'accepted-keys.bin'));
  const rejected = new SpoolFile(join(dir, 'rejected.json'));
  const sorter = new EventsByTimeSorter(dir, options.sorter);
  try {
    let longestEntrySeconds = 0;
    const screened = await replayFile(input, path, rates, NO_SETTLING, {
      engine: new CostEngine(rates, { duplicateKeys: screenedKeys, tracksChanges: false }),
      onRejected: spoolRejected(rejected),
      onScreened: (event, text) => {
        sorter.add(event.at, text);
        if (event.type === 'ticket.work_logged' && event.seconds! > longestEntrySeconds)
          longestEntrySeconds = event.seconds!;
      },
    });
    const sortedPath = join(dir, 'accepted-by-time.jsonl');
    sorter.writeTo(sortedPath);
    sorter.close();
    const entryReach = BigInt(longestEntrySeconds) * ATTOSECONDS_PER_SECOND;
    const latenessAttos = entryReach > settling.latenessAttos ? entryReach : settling.latenessAttos;
    return await replayFileTo(sortedPath, rates, args, { ...settling, latenessAttos }, workDir, out, {
      stats: screened.stats,
      rejected,
    });
  } finally {
    input.destroy();
    closeTemporaryFiles([sorter, rejected, screenedKeys], dir);
  }
}

/**
 * Closes a run's temporary files and removes their directory, each whatever the others do: closing flushes, which
 * can fail (a full disk) and must neither hide the error that ended the run nor leave the other files open. What
 * the files held was already written out, or the run failed for a reason reported elsewhere.
 */
function closeTemporaryFiles(files: ({ close(): void } | undefined)[], dir: string): void {
  for (const file of files) {
    try {
      file?.close();
    } catch {
      // the directory goes next
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

function checkReadableInput(fd: number): void {
  let directory: boolean;
  try {
    directory = fstatSync(fd).isDirectory();
  } catch (error) {
    throw new ReplayArgsError(`cannot read standard input: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  if (directory) throw new ReplayArgsError('cannot read standard input: EISDIR (it is a directory)');
}

/** A pass of the replay command over the events: settled as read, by time on disk, or keeping every event. */
export type ReplayPass = 'settled' | 'by-time' | 'keeping-every-event';

export interface ReplayCommandOptions {
  /** How the passes settle (default DEFAULT_SETTLING); the run's `--as-of` is added. */
  settling?: Omit<SettlingOptions, 'asOf'>;
  /** Told of each pass made, and whether it gave the document (false: overtaken by a late event). */
  onPass?: (pass: ReplayPass, gaveDocument: boolean) => void;
}

/**
 * `cost replay …`: exit 0 with the result on stdout, or 2 with one line on stderr (bad arguments or files), or 1 with
 * one line when there is no space left to write.
 */
export async function runReplayCommand(
  argv: string[],
  io: CommandIo,
  options: ReplayCommandOptions = {},
): Promise<number> {
  // A reader that stops early (`| head`) closes the pipe: the write fails (EPIPE) and is handled below, not thrown
  // again as an unhandled stream error.
  const ignoreStreamError = () => undefined;
  io.stdout.on?.('error', ignoreStreamError);
  try {
    const args = parseReplayArgs(argv);
    const rates = await loadRates(args.rates);
    const workDir = mkdtempSync(join(io.tempDir ?? tmpdir(), 'cost-replay-'));
    try {
      // Standard input is kept in a file: duplicates are verified against it, and an overtaken run is redone from it.
      let path = args.events;
      if (path === '-') {
        if (io.stdinFd !== undefined) checkReadableInput(io.stdinFd);
        path = join(workDir, 'events.jsonl');
        await pipeline(io.stdin, createWriteStream(path));
      }
      const settling: SettlingOptions = { ...(options.settling ?? DEFAULT_SETTLING), asOf: args.asOf };
      const pass = async (name: ReplayPass, run: () => Promise<boolean>) => {
        const gaveDocument = await run();
        options.onPass?.(name, gaveDocument);
        return gaveDocument;
      };
      // An event reached back into what was already settled: redo the run over the events sorted by time, and if
      // even that is overtaken (it should not be), keeping every event.
      if (
        !(await pass('settled', () => replayFileTo(path, rates, args, settling, workDir, io.stdout))) &&
        !(await pass('by-time', () => replayTimeSortedTo(path, rates, args, workDir, io.stdout, { settling }))) &&
        !(await pass('keeping-every-event', () => replayFileTo(path, rates, args, NO_SETTLING, workDir, io.stdout)))
      )
        throw new Error('an unsettled replay cannot be inexact');
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    return 0;
  } catch (error) {
    if (error instanceof ReplayArgsError) {
      await writeText(io.stderr, `cost replay: ${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    // Whoever read the output has gone: nothing left to say to anyone.
    if (code === 'EPIPE') return 0;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      await writeText(
        io.stderr,
        `cost replay: no space left to write (${code}); its temporary files, about twice the events file when ` +
          `events are far out of time order, go under ${io.tempDir ?? tmpdir()} (TMPDIR)\n`,
      );
      return 1;
    }
    throw error;
  } finally {
    io.stdout.off?.('error', ignoreStreamError);
  }
}
