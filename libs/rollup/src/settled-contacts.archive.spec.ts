import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeSet, ContactFigures, Rational } from '@contact-cost/costing';
import { SettledContactsArchive } from './settled-contacts.archive';

function figures(contact: string, total: number): ContactFigures {
  const money = Rational.fromInt(total);
  return {
    tenant: 'acme',
    contact,
    channel: 'voice',
    reason: 'billing',
    case: null,
    queue: null,
    day: '2026-11-02',
    open: false,
    handleSeconds: Rational.ZERO,
    agentSeconds: Rational.ZERO,
    cost: {
      labour: money,
      overhead: Rational.ZERO,
      telephony: Rational.ZERO,
      fees: Rational.ZERO,
      usage: Rational.ZERO,
      compensation: Rational.ZERO,
      total: money,
    },
  };
}

function changes(contacts: ContactFigures[]): ChangeSet {
  return { asOf: 1n, contacts, agentDays: [], unlinkedCompensations: [], linkedCompensations: [] };
}

describe('SettledContactsArchive', () => {
  let parent: string;
  beforeEach(() => (parent = mkdtempSync(join(tmpdir(), 'settled-archive-test-'))));
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('adds the last figures of contacts archived since the last write to the changes, once each', () => {
    const archive = new SettledContactsArchive(parent);
    archive.add(figures('v-1', 1));
    archive.add(figures('v-2', 2));
    archive.add(figures('v-1', 3)); // archived again (revived and settled again): the last figures count
    archive.withdraw(figures('v-2', 2)); // taken back: the engine's changes report it from now on
    const merged = archive.withArchivedContacts(changes([figures('c-9', 9)]));
    expect(merged.contacts.map((c) => `${c.contact} ${c.cost.total}`).sort()).toEqual(['c-9 9', 'v-1 3']);
    // Written once: the next changes carry nothing more.
    expect(archive.withArchivedContacts(changes([])).contacts).toEqual([]);
    archive.close();
  });

  it("prefers the engine's changes for a contact in both, and removes its directory when closed", () => {
    const archive = new SettledContactsArchive(parent);
    archive.add(figures('v-1', 1));
    const merged = archive.withArchivedContacts(changes([figures('v-1', 5)]));
    expect(merged.contacts.map((c) => `${c.contact} ${c.cost.total}`)).toEqual(['v-1 5']);
    expect(readdirSync(parent)).toHaveLength(1);
    archive.close();
    expect(readdirSync(parent)).toEqual([]);
  });
});
