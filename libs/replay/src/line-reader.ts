import { Readable } from 'node:stream';

export interface InputLine {
  /** 1-based line number. */
  line: number;
  /** The line without its `\n` / `\r\n`. */
  text: string;
  /** Byte offset of the line's start in the input. */
  offset: number;
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
      batch.push({ line: ++line, text: data.toString('utf8', start, end), offset: base + start });
      start = newline + 1;
    }
    // A copy, so the partial line does not keep the whole chunk alive.
    carry = start < data.length ? Buffer.from(data.subarray(start)) : null;
    base += start;
    if (batch.length > 0) yield batch;
  }
  if (carry !== null) {
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    yield [{ line: ++line, text: carry.toString('utf8', 0, end), offset: base }];
  }
}

/** The lines of a stream one by one (see readLineBatches). */
export async function* readLines(input: Readable): AsyncGenerator<InputLine> {
  for await (const batch of readLineBatches(input)) yield* batch;
}
