import {
  ArchivedContact,
  ContactArchive,
  SettledContact,
  decodeSettledContact,
  encodeSettledContact,
} from '@contact-cost/costing';
import { FingerprintIndex } from './fingerprint-index';
import { LineFile } from './line-file';
import { SpoolFile } from './spool-file';

const key = (tenant: string, contact: string) => `${tenant}\u0000${contact}`;

/**
 * Settled contacts in an append-only file, one encoded line each, found again through a fingerprint index of
 * their offsets: memory per archived contact is a few index bytes, not the contact.
 */
export class FileContactArchive implements ContactArchive {
  private readonly file: SpoolFile;
  private readonly reader: LineFile;
  private readonly index = new FingerprintIndex();

  constructor(path: string) {
    this.file = new SpoolFile(path);
    this.reader = new LineFile(path);
  }

  get size(): number {
    return this.index.size;
  }

  store(tenant: string, contact: string, settled: SettledContact, receipt: number): void {
    const offset = this.file.length;
    this.file.append(encodeSettledContact(tenant, settled, receipt) + '\n');
    this.index.add(key(tenant, contact), offset);
  }

  take(tenant: string, contact: string): ArchivedContact | undefined {
    const k = key(tenant, contact);
    let found: ArchivedContact | undefined;
    const offset = this.index.find(k, (at) => {
      const record = this.read(at);
      if (record.tenant !== tenant || record.contact !== contact) return false;
      found = { settled: record.settled, receipt: record.receipt };
      return true;
    });
    if (offset < 0) return undefined;
    this.index.remove(k, offset);
    return found;
  }

  has(tenant: string, contact: string): boolean {
    return (
      this.index.find(key(tenant, contact), (at) => {
        const record = this.read(at);
        return record.tenant === tenant && record.contact === contact;
      }) >= 0
    );
  }

  close(): void {
    this.file.close();
    this.reader.close();
  }

  private read(offset: number): ReturnType<typeof decodeSettledContact> {
    this.file.flush();
    return decodeSettledContact(this.reader.lineAt(offset));
  }
}
