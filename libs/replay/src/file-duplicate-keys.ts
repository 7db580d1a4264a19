import { DuplicateKeys } from '@contact-cost/costing';
import { FingerprintIndex } from './fingerprint-index';
import { LineFile } from './line-file';

/**
 * The accepted `(tenant, id)` pairs of a replay as fingerprints of their lines' byte offsets in the events file: a
 * possible duplicate is confirmed by reading that line again, so the answer is exact and the memory 16 bytes a slot.
 */
export class FileVerifiedDuplicateKeys implements DuplicateKeys {
  private readonly index = new FingerprintIndex(1 << 18);
  private readonly lines: LineFile;

  constructor(eventsPath: string) {
    this.lines = new LineFile(eventsPath);
  }

  has(tenant: string, id: string): boolean {
    return (
      this.index.find(`${tenant}\u0000${id}`, (offset) => {
        const accepted = JSON.parse(this.lines.lineAt(offset)) as { tenant: string; id: string };
        return accepted.tenant === tenant && accepted.id === id;
      }) >= 0
    );
  }

  add(tenant: string, id: string, lineOffset: number): void {
    this.index.add(`${tenant}\u0000${id}`, lineOffset);
  }

  close(): void {
    this.lines.close();
  }
}
