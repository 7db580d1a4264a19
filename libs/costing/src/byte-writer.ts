/**
 * Bytes written into one reused buffer that grows as needed: the replay encodes and formats every settled contact, and
 * building text for each left several times its size in garbage. view() is valid until the next reset().
 */
export class ByteWriter {
  protected bytes = new Uint8Array(1024);
  protected view = new DataView(this.bytes.buffer);
  protected at = 0;

  reset(): void {
    this.at = 0;
  }

  /** What was written since the last reset(). */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.at);
  }

  /** Room for `more` bytes after what is written. */
  protected reserve(more: number): void {
    if (this.at + more <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.at + more) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}
