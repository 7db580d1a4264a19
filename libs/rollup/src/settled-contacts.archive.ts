import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ArchivedFiguresSink, ChangeSet, ContactFigures, EngineArchive } from '@contact-cost/costing';
import { FileContactArchive } from '@contact-cost/replay';

/**
 * Where the live engine puts settled contacts that will not change again, so that the roll-up's memory does not grow
 * with the number of contacts: a file of encoded contacts in a directory of its own (found again through a
 * fingerprint index of about a byte and a half per contact), plus the last figures of each contact archived since
 * the last write, which the roll-up writes with the engine's changes.
 */
export class SettledContactsArchive implements ArchivedFiguresSink {
  private readonly dir: string;
  private readonly contacts: FileContactArchive;
  private archived = new Map<string, ContactFigures>();

  constructor(parentDir: string) {
    this.dir = mkdtempSync(join(parentDir, 'cost-rollup-'));
    this.contacts = new FileContactArchive(join(this.dir, 'settled-contacts.bin'));
  }

  /** Contacts held in the archive now. */
  get size(): number {
    return this.contacts.size;
  }

  get forEngine(): EngineArchive {
    return { contacts: this.contacts, figures: this };
  }

  add(figures: ContactFigures): number {
    this.archived.set(`${figures.tenant}\u0000${figures.contact}`, figures);
    return 0;
  }

  withdraw(figures: ContactFigures): void {
    // Taken back by a later event: the engine's changes report it from now on.
    this.archived.delete(`${figures.tenant}\u0000${figures.contact}`);
  }

  /** `changes` with the last figures of the contacts archived since the previous call (each contact once). */
  withArchivedContacts(changes: ChangeSet): ChangeSet {
    if (this.archived.size === 0) return changes;
    const contacts = new Map(this.archived);
    this.archived = new Map();
    for (const c of changes.contacts) contacts.set(`${c.tenant}\u0000${c.contact}`, c);
    return { ...changes, contacts: [...contacts.values()] };
  }

  close(): void {
    this.contacts.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
