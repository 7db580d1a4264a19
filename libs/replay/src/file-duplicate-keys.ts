import { parseEvent } from '@contact-cost/contracts';
import { DuplicateKeys } from '@contact-cost/costing';
import { keyHashes } from './fingerprint-index';
import { SpilledKeyIndex } from './spilled-key-index';
import { LineFile } from './line-file';

/**
 * The accepted `(tenant, id)` pairs of a replay as fingerprints of their lines' byte offsets in the events file: a
 * possible duplicate is confirmed by reading that line again, so the answer is exact. The index spills to disk
 * (SpilledKeyIndex): about 1.3 bytes of memory per accepted event beyond a fixed table.
 */
export class FileVerifiedDuplicateKeys implements DuplicateKeys {
  private readonly index: SpilledKeyIndex;
  private readonly lines: LineFile;

  constructor(eventsPath: string, runsPath: string, recentLimit?: number) {
    this.lines = new LineFile(eventsPath);
    this.index = new SpilledKeyIndex(runsPath, recentLimit);
  }

  // The engine asks has() and then add() for the same key: it is hashed once.
  private readonly hashes = { h1: 0, h2: 0 };
  private hashedTenant: string | null = null;
  private hashedId: string | null = null;

  has(tenant: string, id: string): boolean {
    this.hash(tenant, id);
    return this.index.findHashed(this.hashes.h1, this.hashes.h2, this.isHashedKeyAt) >= 0;
  }

  /**
   * Whether the line at `offset` is the event of the key last hashed: one function, not a closure per lookup. The
   * line is read as the engine read it when it was accepted (a leading byte-order mark and all).
   */
  private readonly isHashedKeyAt = (offset: number): boolean => {
    const parsed = parseEvent(this.lines.lineAt(offset));
    const key = parsed.ok ? parsed.event : parsed.rejection;
    return key.tenant === this.hashedTenant && key.id === this.hashedId;
  };

  add(tenant: string, id: string, lineOffset: number): void {
    this.hash(tenant, id);
    this.index.addHashed(this.hashes.h1, this.hashes.h2, lineOffset);
  }

  private hash(tenant: string, id: string): void {
    if (tenant === this.hashedTenant && id === this.hashedId) return;
    keyHashes(tenant, id, this.hashes);
    this.hashedTenant = tenant;
    this.hashedId = id;
  }

  close(): void {
    this.lines.close();
    this.index.close();
  }
}
