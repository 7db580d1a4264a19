import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';

// Small, so buffered text dies young instead of being promoted to the old generation and lingering there.
const FLUSH_AT = 1 << 16;
const COPY_CHUNK = 1 << 20;

/** An append-only temporary file written through a buffer: output parked on disk until it can be printed. */
export class SpoolFile {
  private readonly fd: number;
  /** Appended text not yet written, encoded straight into this buffer (it gives each append's byte length). */
  private readonly buffer = Buffer.allocUnsafe(FLUSH_AT);
  private buffered = 0;
  private written = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+');
  }

  /** Bytes appended so far (the offset the next append starts at). */
  get length(): number {
    return this.written + this.buffered;
  }

  get isEmpty(): boolean {
    return this.length === 0;
  }

  /** Appends `text` whole: it lies either in the file or in the buffer, never across (see readBytes). */
  append(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.buffered + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) {
        this.writeOut(Buffer.from(text));
        return;
      }
    }
    this.buffered += this.buffer.write(text, this.buffered);
  }

  /** Appends `bytes` whole, like append(). */
  appendBytes(bytes: Uint8Array): void {
    if (this.buffered + bytes.length > this.buffer.length) {
      this.flush();
      if (bytes.length > this.buffer.length) {
        this.writeOut(bytes);
        return;
      }
    }
    this.buffer.set(bytes, this.buffered);
    this.buffered += bytes.length;
  }

  flush(): void {
    if (this.buffered === 0) return;
    const pending = this.buffered;
    this.buffered = 0;
    this.writeOut(this.buffer.subarray(0, pending));
  }

  private writeOut(data: Uint8Array): void {
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, this.written + done);
    this.written += data.length;
  }

  /**
   * `length` bytes from `offset` (fewer at the end of the file), when they are one append or several whole ones: from
   * the buffer while they are there, from the file otherwise, with no flush. The bytes are a copy.
   */
  readBytes(offset: number, length: number): Buffer {
    if (offset >= this.written) {
      const start = offset - this.written;
      return Buffer.from(this.buffer.subarray(start, Math.min(start + length, this.buffered)));
    }
    const bytes = Buffer.allocUnsafe(Math.min(offset + length, this.written) - offset);
    let done = 0;
    while (done < bytes.length) {
      const read = readSync(this.fd, bytes, done, bytes.length - done, offset + done);
      if (read === 0) break;
      done += read;
    }
    return bytes.subarray(0, done);
  }

  /**
   * Everything appended, written to `out` (which stays open), leaving out the byte ranges of `skip` (offset →
   * length) and the first `dropFirst` bytes of what remains.
   */
  async copyTo(out: Writable, skip: ReadonlyMap<number, number> = new Map(), dropFirst = 0): Promise<void> {
    this.flush();
    let toDrop = dropFirst;
    let position = 0;
    for (const [offset, length] of [...skip, [this.written, 0] as const].sort(([a], [b]) => a - b)) {
      let start = position;
      position = offset + length;
      const dropped = Math.min(toDrop, offset - start);
      start += dropped;
      toDrop -= dropped;
      if (start >= offset) continue;
      await this.copyRange(out, start, offset);
    }
  }

  /** Bytes [start, end) to `out` in large synchronous reads: few round trips, no idle waits on a read stream. */
  private async copyRange(out: Writable, start: number, end: number): Promise<void> {
    const buffer = Buffer.allocUnsafe(Math.min(COPY_CHUNK, end - start));
    const decoder = new StringDecoder('utf8');
    for (let position = start; position < end;) {
      const read = readSync(this.fd, buffer, 0, Math.min(buffer.length, end - position), position);
      if (read === 0) break;
      position += read;
      const text = decoder.write(buffer.subarray(0, read));
      await new Promise<void>((resolve, reject) => out.write(text, (error) => (error ? reject(error) : resolve())));
    }
    const rest = decoder.end();
    if (rest.length > 0)
      await new Promise<void>((resolve, reject) => out.write(rest, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
