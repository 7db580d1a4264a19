import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';

export interface InputLine {
  /** 1-based line number. */
  line: number;
  /** The line without its `\n` / `\r\n`. */
  text: string;
  /** Byte offset of the line's start in the input. */
  offset: number;
  /**
   * The line's own bytes, only when they are not valid UTF-8 (`text` then holds U+FFFD in their place): a reader that
   * must reject such a line, as events.md asks, takes these.
   */
  invalidUtf8?: Buffer;
}

function lineOf(line: number, data: Buffer, start: number, end: number, offset: number): InputLine {
  const text = data.toString('utf8', start, end);
  // A U+FFFD in the text is either in the input or stands for bytes that are not UTF-8: only then are they checked.
  if (text.indexOf('\ufffd') === -1 || isUtf8(data.subarray(start, end))) return { line, text, offset };
  return { line, text, offset, invalidUtf8: Buffer.from(data.subarray(start, end)) };
}

/**
 * Yields the physical lines of a stream a chunk at a time (`\n` or `\r\n` endings), without holding more than one
 * chunk plus one partial line in memory. Batches spare an await per line.
 */
export async function* readLineBatches(input: Readable): AsyncGenerator<InputLine[]> {
  let carry: Buffer | null = null;
  let line = 0;
  let base = 0;
  for await (const raw of input as AsyncIterable<Buffer | string>) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    const data: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    const batch: InputLine[] = [];
    let start = 0;
    for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10, start)) {
      const end = newline > start && data[newline - 1] === 13 ? newline - 1 : newline;
      batch.push(lineOf(++line, data, start, end, base + start));
      start = newline + 1;
    }
    // A copy, so the partial line does not keep the whole chunk alive.
    carry = start < data.length ? Buffer.from(data.subarray(start)) : null;
    base += start;
    if (batch.length > 0) yield batch;
  }
  if (carry !== null) {
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    yield [lineOf(++line, carry, 0, end, base)];
  }
}

/** The lines of a stream one by one (see readLineBatches). */
export async function* readLines(input: Readable): AsyncGenerator<InputLine> {
  for await (const batch of readLineBatches(input)) yield* batch;
}
