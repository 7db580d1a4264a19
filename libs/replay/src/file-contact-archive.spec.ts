import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ContactTimeline,
  InMemoryContactArchive,
  Rational,
  SettledContact,
  decodeSettledContact,
  encodeSettledContact,
} from '@contact-cost/costing';
import { FileContactArchive } from './file-contact-archive';
import { FileVerifiedDuplicateKeys } from './file-duplicate-keys';

function settledContact(contact: string, usage = '0.0079'): SettledContact {
  const timeline: ContactTimeline = {
    contact,
    exists: true,
    channel: 'voice',
    reason: 'complaint',
    case: 'K-1',
    queue: null,
    day: '2026-11-02',
    open: false,
    segments: [],
    handleAttos: 420_500_000_000_000_000_000n,
    telephony: Rational.of(21n, 250n),
    fees: Rational.ZERO,
    usage: Rational.parseDecimal(usage),
    anomalies: 1,
    dependsOnAsOf: false,
    reasonSetBy: { id: 'e-"2"\n', type: 'contact.classified', at: 5n, reason: 'complaint', case: 'K-1' },
    caseSetBy: { id: 'e-2', type: 'contact.classified', at: 5n, case: 'K-1' },
    earliestAt: 1n,
    lastAt: 10n ** 30n,
    hasStart: true,
  };
  return { timeline, share: new Map([['3|0', 123456789012345678901234567890n]]) };
}

describe('settled contact encoding', () => {
  it('round-trips exactly, on one line', () => {
    const settled = settledContact('c-1');
    const line = encodeSettledContact('acme', settled);
    expect(line).not.toContain('\n');
    const decoded = decodeSettledContact(line);
    expect(decoded.tenant).toBe('acme');
    expect(decoded.contact).toBe('c-1');
    expect(decoded.settled.share).toEqual(settled.share);
    const { telephony, usage, ...rest } = decoded.settled.timeline;
    const { telephony: t0, usage: u0, ...rest0 } = settled.timeline;
    expect(rest).toEqual(rest0);
    expect(telephony.cmp(t0)).toBe(0);
    expect(usage.cmp(u0)).toBe(0);
    expect(decodeSettledContact(encodeSettledContact('acme', { ...settled, share: undefined })).settled.share).toBe(
      undefined,
    );
    const bare: ContactTimeline = {
      ...settled.timeline,
      contact: 'c-\u2028,"]',
      channel: 'unknown',
      reason: 'unclassified',
      case: null,
      queue: null,
      reasonSetBy: null,
      caseSetBy: null,
      earliestAt: null,
      hasStart: false,
      telephony: Rational.of(-7n, 3n),
    };
    const back = decodeSettledContact(encodeSettledContact('t\u0000"x', { timeline: bare, share: new Map() }));
    expect(back.tenant).toBe('t\u0000"x');
    expect({ ...back.settled.timeline, telephony: back.settled.timeline.telephony.toString() }).toEqual({
      ...bare,
      telephony: bare.telephony.toString(),
    });
  });
});

describe.each([
  ['FileContactArchive', (dir: string) => new FileContactArchive(join(dir, 'archive.jsonl'))],
  ['FileContactArchive with its index spilled to disk', (dir: string) => new FileContactArchive(join(dir, 'a'), 50)],
  ['InMemoryContactArchive', () => new InMemoryContactArchive()],
])('%s', (_name, create) => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'archive-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores, tells what it has, and gives each contact back once', () => {
    const archive = create(dir);
    for (let i = 0; i < 2000; i++) archive.store(i % 2 ? 'acme' : 'globex', `c-${i}`, settledContact(`c-${i}`), i);
    expect(archive.has('acme', 'c-1')).toBe(true);
    expect(archive.has('globex', 'c-1')).toBe(false);
    expect(archive.take('globex', 'c-1')).toBeUndefined();
    expect(archive.take('acme', 'c-1')).toMatchObject({ settled: { timeline: { contact: 'c-1' } }, receipt: 1 });
    expect(archive.take('acme', 'c-1')).toBeUndefined();
    expect(archive.has('acme', 'c-1')).toBe(false);
    // back in the archive with new figures: those are what it gives back
    archive.store('acme', 'c-1', settledContact('c-1', '1.5'), 2.5e12);
    const back = archive.take('acme', 'c-1');
    expect(back?.settled.timeline.usage.toFixed6()).toBe('1.500000');
    expect(back?.receipt).toBe(2.5e12);
    for (let i = 2; i < 2000; i++) expect(archive.has(i % 2 ? 'acme' : 'globex', `c-${i}`)).toBe(true);
  });
});

describe('FileVerifiedDuplicateKeys', () => {
  it('knows accepted (tenant, id) pairs by their lines, exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dup-spec-'));
    try {
      const lines = [
        '{"id":"e-1","tenant":"acme","type":"agent.state"}',
        '{"id":"e-1","tenant":"globex","type":"agent.state"}',
        '{"tenant":"acme","id":"e-2"}',
      ];
      const path = join(dir, 'events.jsonl');
      writeFileSync(path, lines.join('\r\n') + '\r\n');
      const keys = new FileVerifiedDuplicateKeys(path, join(dir, 'keys.bin'), 1);
      keys.add('acme', 'e-1', 0);
      keys.add('acme', 'e-2', lines[0].length + lines[1].length + 4);
      expect(keys.has('acme', 'e-1')).toBe(true);
      expect(keys.has('acme', 'e-2')).toBe(true);
      expect(keys.has('globex', 'e-1')).toBe(false);
      expect(keys.has('acme', 'e-3')).toBe(false);
      keys.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
