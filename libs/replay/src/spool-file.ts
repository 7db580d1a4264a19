import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

// Small, so buffered text dies young instead of being promoted to the old generation and lingering there.
const FLUSH_AT = 1 << 16;

/** An append-only temporary file written through a buffer: output parked on disk until it can be printed. */
export class SpoolFile {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingLength = 0;
  private written = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+');
  }

  /** Bytes appended so far (the offset the next append starts at). */
  get length(): number {
    return this.written + this.pendingLength;
  }

  get isEmpty(): boolean {
    return this.length === 0;
  }

  append(text: string): void {
    this.pending.push(text);
    this.pendingLength += Buffer.byteLength(text);
    if (this.pendingLength >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.pendingLength === 0) return;
    const data = Buffer.from(this.pending.join(''));
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, this.written + done);
    this.written += data.length;
    this.pending = [];
    this.pendingLength = 0;
  }

  /** Everything appended, written to `out` (which stays open). */
  async copyTo(out: Writable): Promise<void> {
    this.flush();
    if (this.written === 0) return;
    const chunks = createReadStream(this.path, { start: 0, end: this.written - 1, encoding: 'utf8' });
    for await (const chunk of chunks as AsyncIterable<string>)
      await new Promise<void>((resolve, reject) => out.write(chunk, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
