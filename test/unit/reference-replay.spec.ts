import * as fs from 'fs';
import * as path from 'path';
import { referenceReplay } from '../support/reference-replay';
import { formatMoney, formatSeconds, Rational } from '../support/reference-replay-rational';

const SCENARIOS = path.resolve(__dirname, '../../../shared/scenarios');

/**
 * Partial deep match: every key present in `expected` must be present in `actual` with a matching value; objects are
 * matched recursively, arrays must have the same length with their elements matched the same way, leaves strictly.
 * Returns the list of mismatches (empty when it matches).
 */
function partialMismatches(actual: unknown, expected: unknown, at = '$'): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${at}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((e, i) => partialMismatches(actual[i], e, `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    }
    const a = actual as Record<string, unknown>;
    return Object.entries(expected).flatMap(([k, e]) =>
      Object.prototype.hasOwnProperty.call(a, k)
        ? partialMismatches(a[k], e, `${at}.${k}`)
        : [`${at}.${k}: missing (expected ${JSON.stringify(e)})`],
    );
  }
  return Object.is(actual, expected)
    ? []
    : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

type Doc = {
  asOf: string | null;
  stats: Record<string, number>;
  rejected: Array<Record<string, unknown>>;
  tenants: Record<string, Record<string, Record<string, Record<string, unknown>>> & { currency: string | null }>;
};

const RATES = {
  acme: {
    currency: 'USD',
    timezone: 'America/New_York',
    versions: [
      {
        effectiveFrom: '2026-01-01T00:00:00Z',
        labourPerHour: { default: '30.00', senior: '42.00' },
        overheadPerAgentHour: '6.00',
        telephonyPerMinute: { inbound: '0.012', outbound: '0.020' },
        telephonyIncrementSeconds: 6,
        chatPerSession: '0.05',
        ticketPerTicket: '0.02',
        usage: { sms: '0.0079', unit: '1' },
        concurrencyWeights: { voice: 3, chat: 1, ticket: 1 },
        wrapupLimitSeconds: 60,
      },
    ],
  },
};

let seq = 0;
/** One events.jsonl line for tenant acme. */
function ev(type: string, time: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ id: `e-${String(++seq).padStart(4, '0')}`, type, tenant: 'acme', time, ...fields });
}

function replay(lines: string[], rates: unknown = RATES, asOf?: string): Doc {
  return referenceReplay(lines, JSON.stringify(rates), asOf) as Doc;
}

describe('reference replay: public worked examples', () => {
  const folders = fs
    .readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it('finds the scenarios', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  it.each(folders)('%s matches expected.json', (folder) => {
    const dir = path.join(SCENARIOS, folder);
    const lines = fs.readFileSync(path.join(dir, 'events.jsonl'), 'utf8').split('\n');
    const rates = fs.readFileSync(path.join(dir, 'rates.json'), 'utf8');
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    const actual = referenceReplay(lines, rates);
    expect(partialMismatches(actual, expected)).toEqual([]);
  });
});

describe('reference replay: focused rules', () => {
  it('has a partial matcher that reports differences', () => {
    expect(partialMismatches({ a: 1, b: [{ x: 1, y: 2 }], c: 'extra' }, { a: 1, b: [{ x: 1 }] })).toEqual([]);
    expect(partialMismatches({ a: 1, b: [{ x: 1 }, {}] }, { a: 1, b: [{ x: 1 }] })).toHaveLength(1);
    expect(partialMismatches({ a: '1.000000' }, { a: '1.000001', b: null })).toHaveLength(2);
    expect(partialMismatches({ a: null }, { a: {} })).toHaveLength(1);
  });

  it('rounds money and seconds half-to-even, once, from the exact value', () => {
    expect(formatMoney(Rational.of(5n, 10_000_000n))).toBe('0.000000'); // 0.0000005 → even 0
    expect(formatMoney(Rational.of(15n, 10_000_000n))).toBe('0.000002'); // 0.0000015 → even 2
    expect(formatMoney(Rational.of(25n, 10_000_000n))).toBe('0.000002'); // 0.0000025 → even 2
    expect(formatMoney(Rational.of(2500001n, 1_000_000_000_000n))).toBe('0.000003'); // just above half
    expect(formatMoney(Rational.of(1n, 3n))).toBe('0.333333');
    expect(formatMoney(Rational.of(2n, 3n))).toBe('0.666667');
    expect(formatSeconds(Rational.of(10005n, 10_000n))).toBe(1); // 1.0005 → 1.000
    expect(formatSeconds(Rational.of(10015n, 10_000n))).toBe(1.002); // 1.0015 → 1.002

    // Through the replay: usage of a resource priced 1 × quantity 0.0000025 / 0.0000035.
    const doc = replay([
      ev('usage.recorded', '2026-11-02T14:00:00Z', { contact: 'u-1', resource: 'unit', quantity: 0.0000025 }),
      ev('usage.recorded', '2026-11-02T14:00:00Z', { contact: 'u-2', resource: 'unit', quantity: 0.0000035 }),
    ]);
    const contacts = doc.tenants.acme.contacts;
    expect(contacts['u-1'].cost).toMatchObject({ usage: '0.000002', total: '0.000002' });
    expect(contacts['u-2'].cost).toMatchObject({ usage: '0.000004', total: '0.000004' });
    expect(contacts['u-1'].channel).toBe('unknown');
    expect(doc.tenants.acme.totals.contactCost).toBe('0.000006'); // exact sum 0.000006
  });

  it('caps a wrapup at the limit (version at its start), even when wrapup_done comes later', () => {
    const doc = replay([
      ev('agent.state', '2026-11-02T14:00:00Z', { agent: 'a-1', state: 'available' }),
      ev('chat.started', '2026-11-02T14:00:00Z', { contact: 'c-1' }),
      ev('chat.answered', '2026-11-02T14:01:00Z', { contact: 'c-1', agent: 'a-1' }),
      ev('chat.ended', '2026-11-02T14:03:00Z', { contact: 'c-1' }),
      ev('chat.wrapup_done', '2026-11-02T14:10:00Z', { contact: 'c-1', agent: 'a-1' }), // 7 min > 60 s limit
      ev('agent.state', '2026-11-02T14:20:00Z', { agent: 'a-1', state: 'offline' }),
    ]);
    const t = doc.tenants.acme;
    expect(t.contacts['c-1']).toMatchObject({ handleSeconds: 180, agentSeconds: 180, open: false });
    expect(t.agents['a-1']).toMatchObject({ paidSeconds: 1200, contactSeconds: 180, idleSeconds: 1020 });
  });

  it('ends an open wrapup at its cap before the as-of, and runs open work to the as-of', () => {
    const doc = replay(
      [
        ev('call.started', '2026-11-02T14:00:00Z', { contact: 'v-1', direction: 'inbound' }),
        ev('call.answered', '2026-11-02T14:00:00Z', { contact: 'v-1', agent: 'a-1' }),
        ev('call.ended', '2026-11-02T14:01:00Z', { contact: 'v-1' }),
        ev('ticket.work_started', '2026-11-02T14:00:00Z', { contact: 't-1', agent: 'a-2' }),
      ],
      RATES,
      '2026-11-02T14:30:00.0001Z',
    );
    const t = doc.tenants.acme;
    expect(doc.asOf).toBe('2026-11-02T14:30:00.000Z');
    expect(t.contacts['v-1']).toMatchObject({ handleSeconds: 120, open: false });
    expect(t.contacts['t-1']).toMatchObject({ handleSeconds: 1800, open: true });
  });

  it('splits an agent between two chats, and a call beside a chat by the weights (voice 3 : chat 1)', () => {
    const doc = replay([
      ev('chat.answered', '2026-11-02T14:00:00Z', { contact: 'ch-1', agent: 'a-1' }),
      ev('chat.answered', '2026-11-02T14:00:00Z', { contact: 'ch-2', agent: 'a-1' }),
      ev('chat.agent_left', '2026-11-02T14:10:00Z', { contact: 'ch-2', agent: 'a-1' }),
      ev('chat.wrapup_done', '2026-11-02T14:10:00Z', { contact: 'ch-2', agent: 'a-1' }),
      ev('call.answered', '2026-11-02T14:10:00Z', { contact: 'v-1', agent: 'a-1' }),
      ev('call.agent_left', '2026-11-02T14:20:00Z', { contact: 'v-1', agent: 'a-1' }),
      ev('call.wrapup_done', '2026-11-02T14:20:00Z', { contact: 'v-1', agent: 'a-1' }),
      ev('chat.agent_left', '2026-11-02T14:20:00Z', { contact: 'ch-1', agent: 'a-1' }),
      ev('chat.wrapup_done', '2026-11-02T14:20:00Z', { contact: 'ch-1', agent: 'a-1' }),
    ]);
    const c = doc.tenants.acme.contacts;
    expect(c['ch-1']).toMatchObject({ handleSeconds: 1200, agentSeconds: 450 }); // 300 + 600/4
    expect(c['ch-2']).toMatchObject({ handleSeconds: 600, agentSeconds: 300 });
    expect(c['v-1']).toMatchObject({ handleSeconds: 600, agentSeconds: 450, channel: 'voice' }); // 600 × 3/4
    expect(c['v-1'].cost).toMatchObject({ labour: '3.750000', overhead: '0.750000' });
    // Work while offline (no state at all) is paid contact time.
    expect(doc.tenants.acme.agents['a-1']).toMatchObject({ paidSeconds: 1200, contactSeconds: 1200, idleSeconds: 0 });
  });

  it('links a compensation whose contact appears later in time; an unknown contact stays on the case', () => {
    const doc = replay([
      ev('case.compensated', '2026-11-02T14:00:00Z', { case: 'K-1', contact: 'v-1', amount: '10.50', kind: 'refund' }),
      ev('case.compensated', '2026-11-03T04:30:00Z', { case: 'K-1', contact: 'nope', amount: 2, kind: 'credit' }),
      ev('call.started', '2026-11-02T15:00:00Z', {
        contact: 'v-1',
        direction: 'outbound',
        reason: 'billing',
        case: 'K-2',
      }),
      ev('contact.classified', '2026-11-02T15:00:00Z', { contact: 'v-1', reason: 'complaint' }),
      ev('call.ended', '2026-11-02T15:00:01Z', { contact: 'v-1' }),
    ]);
    const t = doc.tenants.acme;
    // Telephony: 1 s → one 6 s increment = 0.1 min × 0.020 = 0.002.
    expect(t.contacts['v-1']).toMatchObject({ reason: 'complaint', case: 'K-2', day: '2026-11-02' });
    expect(t.contacts['v-1'].cost).toMatchObject({
      telephony: '0.002000',
      compensation: '10.500000',
      total: '10.502000',
    });
    expect(t.cases['K-1']).toEqual({
      contacts: 0,
      complaint: false,
      contactCost: '0.000000',
      compensation: '12.500000',
      cost: '12.500000',
    });
    expect(t.cases['K-2']).toMatchObject({
      contacts: 1,
      complaint: true,
      contactCost: '0.002000',
      compensation: '0.000000',
    });
    // The unlinked 2.00 belongs to the local day of its time: 04:30Z on 3 Nov = 23:30 EST on 2 Nov.
    expect(t.days['2026-11-02']).toMatchObject({ contacts: 1, unlinkedCompensation: '2.000000', total: '12.502000' });
    expect(t.totals).toMatchObject({ unlinkedCompensation: '2.000000', fullyLoadedCostPerContact: '12.502000' });
  });

  it('splits idle at local midnight and ignores events after the as-of', () => {
    const doc = replay(
      [
        ev('agent.state', '2026-11-03T04:00:00Z', { agent: 'a-1', state: 'available' }), // 23:00 EST
        ev('agent.state', '2026-11-03T06:00:00Z', { agent: 'a-1', state: 'break' }), // 01:00 EST
        ev('chat.started', '2026-11-03T08:00:00Z', { contact: 'late' }), // after the as-of
      ],
      RATES,
      '2026-11-03T06:30:00Z',
    );
    const t = doc.tenants.acme;
    expect(t.contacts).toEqual({});
    expect(t.days['2026-11-02']).toMatchObject({ idleCost: '36.000000', costPerContact: null });
    expect(t.days['2026-11-03']).toMatchObject({ idleCost: '36.000000', shrinkageCost: '18.000000' });
    expect(t.agents['a-1']).toMatchObject({ paidSeconds: 9000, shrinkageSeconds: { break: 1800 } });
    expect(doc.stats).toEqual({ events: 3, accepted: 3, duplicates: 0, rejected: 0 });
  });

  it('lets a corrected re-send of a rejected id through, and keeps the first of two accepted ones', () => {
    const doc = replay([
      JSON.stringify({ id: 'x', type: 'chat.started', tenant: 'acme', time: '2026-11-02T14:00:00+0100', contact: 'c' }),
      JSON.stringify({
        id: 'x',
        type: 'chat.started',
        tenant: 'acme',
        time: '2026-11-02T14:00:00+01:00',
        contact: 'c',
      }),
      JSON.stringify({ id: 'x', type: 'nonsense', tenant: 'acme' }),
    ]);
    expect(doc.stats).toEqual({ events: 3, accepted: 1, duplicates: 1, rejected: 1 });
    expect(doc.rejected).toMatchObject([{ line: 1, id: 'x', tenant: 'acme', reason: 'schema' }]);
    expect(doc.asOf).toBe('2026-11-02T13:00:00.000Z');
  });

  it('prints a null as-of when no event is accepted', () => {
    const doc = replay(['', '{"id":"x"}'], RATES, '2026-11-02T14:00:00Z');
    expect(doc).toMatchObject({
      asOf: null,
      stats: { events: 1, accepted: 0, duplicates: 0, rejected: 1 },
      tenants: {},
    });
  });

  it('rejects an invalid rate-card file with an Error', () => {
    const bad = { acme: { versions: [{ effectiveFrom: '2026-01-01T00:00:00Z', labourPerHour: { senior: '1' } }] } };
    expect(() => replay([], bad)).toThrow(/default/);
    expect(() => referenceReplay([], '{')).toThrow(/rate-card/);
  });
});
