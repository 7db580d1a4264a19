import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SpoolFile } from './spool-file';

/** Added to an instant so every instant of years 0000–9999 (±2.6e29 attoseconds) is a positive 31-digit number. */
const KEY_BIAS = 10n ** 30n;
const KEY_DIGITS = 31;
const KEY_LIMIT = 10n ** BigInt(KEY_DIGITS);
const NEWLINE = 10;
const READ_CHUNK = 1 << 18;

export interface EventsByTimeSorterOptions {
  /** Lines buffered (counted in UTF-16 code units) before they are sorted and written out as a run. */
  runSize?: number;
  /** Runs merged at once; more are merged in rounds. */
  maxFanIn?: number;
}

/**
 * Event lines in event-time order, sorted on disk so that memory stays flat in their number: lines are buffered,
 * written out as sorted runs (each line led by a fixed-width key of its instant), and the runs merged. Equal instants
 * keep the order in which they were added.
 */
export class EventsByTimeSorter {
  private readonly runSize: number;
  private readonly maxFanIn: number;
  private keys: string[] = [];
  private lines: string[] = [];
  private buffered = 0;
  private runs: string[] = [];
  private nextRun = 0;

  constructor(
    private readonly dir: string,
    options: EventsByTimeSorterOptions = {},
  ) {
    this.runSize = options.runSize ?? 1 << 24;
    this.maxFanIn = Math.max(2, options.maxFanIn ?? 64);
  }

  /** `text` is one line (no newline), `at` its event time in attoseconds. */
  add(at: bigint, text: string): void {
    this.keys.push(sortKey(at));
    this.lines.push(text);
    this.buffered += text.length + KEY_DIGITS;
    if (this.buffered >= this.runSize) this.writeRun();
  }

  /** Writes every line added, in time order, to a new file at `path`, one per line. */
  writeTo(path: string): void {
    this.writeRun();
    while (this.runs.length > this.maxFanIn) {
      const merged: string[] = [];
      for (let i = 0; i < this.runs.length; i += this.maxFanIn) {
        const group = this.runs.slice(i, i + this.maxFanIn);
        if (group.length === 1) {
          merged.push(group[0]);
          continue;
        }
        const run = this.newRunPath();
        mergeRuns(group, run, true);
        for (const done of group) rmSync(done, { force: true });
        merged.push(run);
      }
      this.runs = merged;
    }
    mergeRuns(this.runs, path, false);
  }

  /** Removes the runs (the file written by writeTo stays). */
  close(): void {
    for (const run of this.runs) rmSync(run, { force: true });
    this.runs = [];
  }

  private writeRun(): void {
    if (this.lines.length === 0) return;
    const { keys, lines } = this;
    const order = Array.from(keys, (_, i) => i);
    // Stable: Array.prototype.sort is, so equal keys keep the order they were added in.
    order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
    const path = this.newRunPath();
    const run = new SpoolFile(path);
    try {
      for (const i of order) run.append(keys[i] + lines[i] + '\n');
    } finally {
      run.close();
    }
    this.runs.push(path);
    this.keys = [];
    this.lines = [];
    this.buffered = 0;
  }

  private newRunPath(): string {
    return join(this.dir, `by-time-${this.nextRun++}.run`);
  }
}

/** The key of an instant: fixed-width decimal digits, so keys compare as strings as their instants do. */
export function sortKey(at: bigint): string {
  const biased = at + KEY_BIAS;
  if (biased < 0n || biased >= KEY_LIMIT)
    throw new RangeError(`event time ${at} (attoseconds) is beyond ±1e30, which no valid event time reaches`);
  return biased.toString().padStart(KEY_DIGITS, '0');
}

/** Merges sorted runs into `path`, keeping the keys (another round follows) or not (the final file). */
function mergeRuns(runs: readonly string[], path: string, keepKeys: boolean): void {
  const cursors = runs.map((run, i) => new RunCursor(run, i));
  const out = new SpoolFile(path);
  try {
    // A binary heap of cursors by (key, run index): the run index keeps equal keys in the order they were added.
    const heap = cursors.filter((c) => c.advance());
    const before = (a: RunCursor, b: RunCursor) => a.key < b.key || (a.key === b.key && a.index < b.index);
    const siftDown = (from: number) => {
      for (let i = from; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let least = i;
        if (l < heap.length && before(heap[l], heap[least])) least = l;
        if (r < heap.length && before(heap[r], heap[least])) least = r;
        if (least === i) return;
        [heap[i], heap[least]] = [heap[least], heap[i]];
        i = least;
      }
    };
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
    while (heap.length > 0) {
      const top = heap[0];
      out.appendBytes(top.line(keepKeys));
      if (!top.advance()) {
        const last = heap.pop()!;
        if (heap.length === 0) break;
        heap[0] = last;
      }
      siftDown(0);
    }
  } finally {
    out.close();
    for (const c of cursors) c.close();
  }
}

/** Reads a run file line by line, in large chunks. */
class RunCursor {
  key = '';
  private readonly fd: number;
  private chunk: Buffer = Buffer.alloc(0);
  /** File offset of the chunk's first byte. */
  private chunkAt = 0;
  private start = 0;
  private end = 0;
  /** Where the next line starts in the chunk. */
  private next = 0;

  constructor(
    path: string,
    readonly index: number,
  ) {
    this.fd = openSync(path, 'r');
  }

  /** Moves to the next line; false at the end of the run. */
  advance(): boolean {
    let newline = this.chunk.indexOf(NEWLINE, this.next);
    while (newline === -1) {
      // What is left of the chunk is the start of a line: read on after it.
      const rest = this.chunk.length - this.next;
      const more = Buffer.allocUnsafe(Math.max(READ_CHUNK, rest));
      const read = readSync(this.fd, more, 0, more.length, this.chunkAt + this.chunk.length);
      // Every line of a run ends with a newline: nothing more to read is the end.
      if (read === 0) return false;
      this.chunkAt += this.next;
      this.chunk = Buffer.concat([this.chunk.subarray(this.next), more.subarray(0, read)]);
      this.next = 0;
      newline = this.chunk.indexOf(NEWLINE, rest);
    }
    this.start = this.next;
    this.end = newline;
    this.next = newline + 1;
    this.key = this.chunk.toString('latin1', this.start, this.start + KEY_DIGITS);
    return true;
  }

  /** The current line with its newline, led by its key or not. */
  line(withKey: boolean): Buffer {
    return this.chunk.subarray(withKey ? this.start : this.start + KEY_DIGITS, this.end + 1);
  }

  close(): void {
    closeSync(this.fd);
  }
}
