import { closeSync, openSync, readSync } from 'node:fs';

/** Reads single lines of a file by byte offset (for verifying what a fingerprint points at). */
export class LineFile {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(4096);

  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }

  /** The line starting at `offset`, without its `\n` / `\r\n`. */
  lineAt(offset: number): string {
    let length = 0;
    for (;;) {
      if (length === this.buffer.length) {
        const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
        this.buffer.copy(bigger);
        this.buffer = bigger;
      }
      const read = readSync(this.fd, this.buffer, length, this.buffer.length - length, offset + length);
      const newline = this.buffer.indexOf(10, length);
      length += read;
      if (newline !== -1 && newline < length) return this.text(newline);
      if (read === 0) return this.text(length);
    }
  }

  private text(end: number): string {
    if (end > 0 && this.buffer[end - 1] === 13) end--;
    return this.buffer.toString('utf8', 0, end);
  }

  close(): void {
    closeSync(this.fd);
  }
}
