import {
  ArchivedContact,
  ContactArchive,
  SettledContact,
  decodeSettledContact,
  encodeSettledContact,
  settledContactRecordLength,
} from '@contact-cost/costing';
import { keyHashes } from './fingerprint-index';
import { SpilledKeyIndex } from './spilled-key-index';
import { SpoolFile } from './spool-file';

/**
 * Settled contacts in an append-only file, one binary record each (led by its length), found again through a fingerprint index of their
 * offsets that itself spills to disk (SpilledKeyIndex): memory per archived contact is about a byte and a half.
 * A contact taken back leaves its record behind, marked taken; stored again, it gets a new one.
 */
export class FileContactArchive implements ContactArchive {
  private readonly file: SpoolFile;
  private readonly index: SpilledKeyIndex;
  /** Offsets of records taken back (revivals are few). */
  private readonly taken = new Set<number>();
  private readonly hashes = { h1: 0, h2: 0 };

  constructor(path: string, recentKeys?: number) {
    this.file = new SpoolFile(path);
    this.index = new SpilledKeyIndex(`${path}.keys`, recentKeys);
  }

  get size(): number {
    return this.index.size - this.taken.size;
  }

  store(tenant: string, contact: string, settled: SettledContact, receipt: number): void {
    const offset = this.file.length;
    this.file.appendBytes(encodeSettledContact(tenant, settled, receipt));
    keyHashes(tenant, contact, this.hashes);
    this.index.addHashed(this.hashes.h1, this.hashes.h2, offset);
  }

  take(tenant: string, contact: string): ArchivedContact | undefined {
    let found: ArchivedContact | undefined;
    const offset = this.find(tenant, contact, (record) => (found = record));
    if (offset < 0) return undefined;
    this.taken.add(offset);
    return found;
  }

  has(tenant: string, contact: string): boolean {
    return this.find(tenant, contact) >= 0;
  }

  close(): void {
    this.file.close();
    this.index.close();
  }

  /** The offset of the contact's record still held, or -1. */
  private find(tenant: string, contact: string, onFound?: (record: ArchivedContact) => void): number {
    keyHashes(tenant, contact, this.hashes);
    return this.index.findHashed(this.hashes.h1, this.hashes.h2, (at) => {
      if (this.taken.has(at)) return false;
      const record = decodeSettledContact(
        this.file.readBytes(at, settledContactRecordLength(this.file.readBytes(at, 4))),
      );
      if (record.tenant !== tenant || record.contact !== contact) return false;
      onFound?.({ settled: record.settled, receipt: record.receipt });
      return true;
    });
  }
}
