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
  settledContactRecordLength,
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
    reasonSetBy: {
      id: 'e-"2"\n',
      type: 'contact.classified',
      at: 5n,
      subAttoseconds: '05',
      reason: 'complaint',
      case: 'K-1',
    },
    caseSetBy: { id: 'e-2', type: 'contact.classified', at: 5n, case: 'K-1' },
    earliestAt: 1n,
    lastAt: 10n ** 30n,
    hasStart: true,
  };
  return { timeline, share: new Map([['3|0', 123456789012345678901234567890n]]) };
}

describe('settled contact encoding', () => {
  const roundTrip = (tenant: string, settled: SettledContact, receipt = 0) =>
    decodeSettledContact(encodeSettledContact(tenant, settled, receipt).slice());

  it('round-trips exactly, its record led by its length', () => {
    const settled = settledContact('c-1');
    const record = encodeSettledContact('acme', settled, 2.5e12);
    expect(settledContactRecordLength(record)).toBe(record.length);
    const decoded = roundTrip('acme', settled, 2.5e12);
    expect(decoded.tenant).toBe('acme');
    expect(decoded.contact).toBe('c-1');
    expect(decoded.receipt).toBe(2.5e12);
    expect(decoded.settled.share).toEqual(settled.share);
    const { telephony, usage, ...rest } = decoded.settled.timeline;
    const { telephony: t0, usage: u0, ...rest0 } = settled.timeline;
    expect(rest).toEqual(rest0);
    expect(telephony.cmp(t0)).toBe(0);
    expect(usage.cmp(u0)).toBe(0);
    expect(roundTrip('acme', { ...settled, share: undefined }).settled.share).toBe(undefined);
    const bare: ContactTimeline = {
      ...settled.timeline,
      contact: 'c-\u2028,"]é😀\ud800x\udc00',
      channel: 'unknown',
      reason: 'unclassified',
      case: null,
      queue: null,
      reasonSetBy: null,
      caseSetBy: null,
      earliestAt: null,
      lastAt: null,
      open: true,
      hasStart: false,
      telephony: Rational.of(-7n, 3n),
    };
    const back = roundTrip('t\u0000"x', { timeline: bare, share: new Map() });
    expect(back.tenant).toBe('t\u0000"x');
    expect(back.settled.share).toEqual(new Map());
    expect({ ...back.settled.timeline, telephony: back.settled.timeline.telephony.toString() }).toEqual({
      ...bare,
      telephony: bare.telephony.toString(),
    });
  });

  it('keeps integers of any size and sign exactly', () => {
    const values = [0n, 1n, -1n, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n), 2n ** 64n - 1n, 2n ** 64n, -(3n ** 200n)];
    for (const value of values) {
      const timeline = { ...settledContact('c').timeline, handleAttos: value, earliestAt: -value, lastAt: value * 7n };
      const back = roundTrip('acme', { timeline, share: new Map([['1|0', value]]) }).settled;
      expect([back.timeline.handleAttos, back.timeline.earliestAt, back.timeline.lastAt]).toEqual([
        value,
        -value,
        value * 7n,
      ]);
      expect(back.share?.get('1|0')).toBe(value);
      const fraction = roundTrip('acme', {
        timeline: { ...timeline, fees: Rational.of(value + 1n, 2n ** 300n) },
        share: undefined,
      });
      expect(fraction.settled.timeline.fees.cmp(Rational.of(value + 1n, 2n ** 300n))).toBe(0);
    }
  });

  it('refuses a record read at the wrong length, naming the lengths', () => {
    const record = encodeSettledContact('acme', settledContact('c-1')).slice();
    expect(() => decodeSettledContact(record.subarray(0, record.length - 1))).toThrow(
      `a settled contact record of ${record.length} bytes was read as ${record.length - 1}`,
    );
  });

  it('gives a view that the next encoding reuses, so holders copy it', () => {
    const first = encodeSettledContact('acme', settledContact('c-1'));
    const copy = first.slice();
    encodeSettledContact('acme', settledContact('c-2'));
    expect(decodeSettledContact(copy).contact).toBe('c-1');
  });
});

describe.each([
  ['FileContactArchive', (dir: string) => new FileContactArchive(join(dir, 'archive.bin'))],
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
