// Property tests of the engine on random valid days (testing/random-day.generator.ts): the closed ledger of every
// agent, the split that never loses time, and the incremental API (collectChanges) agreeing with a whole snapshot.
import fc from 'fast-check';
import { ContactCentreEvent } from '@contact-cost/contracts';
import { CostEngine } from './cost-engine';
import { buildTenantReports } from './cost-report';
import { EngineSnapshot } from './figures';
import { Rational, sumRationals } from './rational';
import { InMemoryContactArchive } from './settled-contact.codec';
import { RawEvent, parsed } from './testing/cost-day.builder';
import { propertyRates, randomDayArb } from './testing/random-day.generator';

const rates = propertyRates();
const RUNS = { numRuns: 40 };
/** A random day with the sizes of the pieces it is fed in and how far behind the latest event settling stays. */
const settlingArb = randomDayArb.chain((raw) =>
  fc.record({
    raw: fc.constant(raw),
    cuts: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 30 }),
    latenessSeconds: fc.constantFrom(0, 60, 600),
  }),
);

function freshSnapshot(events: ContactCentreEvent[]): EngineSnapshot {
  const engine = new CostEngine(rates);
  for (const event of events) expect(engine.admit(event).status).toBe('accepted');
  return engine.snapshot();
}

/** Exact, order-free text of a figure (Rationals as fractions, Maps as sorted objects). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Rational) return `r:${v.toString()}`;
    if (typeof v === 'bigint') return `n:${v}`;
    if (v instanceof Map) return Object.fromEntries([...v].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return v;
  });
}

function keyed(
  snapshot: Pick<EngineSnapshot, 'contacts' | 'agentDays' | 'unlinkedCompensations' | 'linkedCompensations'>,
) {
  const out = new Map<string, string>();
  for (const c of snapshot.contacts) out.set(`contact ${c.tenant} ${c.contact}`, canonical(c));
  for (const d of snapshot.agentDays) out.set(`agent-day ${d.tenant} ${d.agent} ${d.day}`, canonical(d));
  for (const u of snapshot.unlinkedCompensations) out.set(`compensation ${u.tenant} ${u.id}`, canonical(u));
  for (const l of snapshot.linkedCompensations) out.set(`compensation ${l.tenant} ${l.id}`, canonical(l));
  return out;
}

describe('engine properties on random valid days', () => {
  it('every agent ledger closes exactly: paid = contact + idle + Σ shrinkage (per agent and per agent-day)', () => {
    fc.assert(
      fc.property(randomDayArb, (raw: RawEvent[]) => {
        const snapshot = freshSnapshot(raw.map(parsed));
        for (const d of snapshot.agentDays) {
          const closed = d.contactSeconds.add(d.idleSeconds).add(sumRationals(d.shrinkageSeconds.values()));
          expect({ agentDay: `${d.agent} ${d.day}`, diff: closed.sub(d.paidSeconds).toString() }).toEqual({
            agentDay: `${d.agent} ${d.day}`,
            diff: '0',
          });
          for (const s of d.shrinkageSeconds.values()) expect(s.isPositive()).toBe(true);
        }
        for (const report of buildTenantReports(snapshot, rates)) {
          for (const [agent, a] of report.agents) {
            const closed = a.contactSeconds.add(a.idleSeconds).add(sumRationals(a.shrinkageSeconds.values()));
            expect({ agent, diff: closed.sub(a.paidSeconds).toString() }).toEqual({ agent, diff: '0' });
          }
        }
      }),
      RUNS,
    );
  });

  it('the split never loses or adds time or money: Σ contacts agentSeconds = Σ agents contactSeconds, same for cost', () => {
    fc.assert(
      fc.property(randomDayArb, (raw: RawEvent[]) => {
        const snapshot = freshSnapshot(raw.map(parsed));
        for (const report of buildTenantReports(snapshot, rates)) {
          const contactSide = sumRationals(report.contacts.map((c) => c.agentSeconds));
          const agentSide = sumRationals([...report.agents.values()].map((a) => a.contactSeconds));
          expect(contactSide.sub(agentSide).toString()).toBe('0');
          const contactLabour = sumRationals(report.contacts.map((c) => c.cost.labour.add(c.cost.overhead)));
          const agentLabour = sumRationals([...report.agents.values()].map((a) => a.contactCost));
          expect(contactLabour.sub(agentLabour).toString()).toBe('0');
          for (const c of report.contacts) {
            // a contact never gets more of its agents than its segments last, nor a negative figure
            expect(c.agentSeconds.cmp(c.handleSeconds)).toBeLessThanOrEqual(0);
            const p = c.cost;
            const total = p.labour.add(p.overhead).add(p.telephony).add(p.fees).add(p.usage).add(p.compensation);
            expect(total.sub(p.total).toString()).toBe('0');
            for (const part of [p.labour, p.overhead, p.telephony, p.fees, p.usage, p.compensation])
              expect(part.num >= 0n).toBe(true);
          }
          // totals are the sum of the days; days' contact cost is the sum of their contacts'
          const days = [...report.days.values()];
          expect(
            sumRationals(days.map((d) => d.contactCost))
              .sub(report.totals.contactCost)
              .toString(),
          ).toBe('0');
          expect(report.totals.contacts).toBe(report.contacts.length);
          for (const [day, d] of report.days) {
            const own = report.contacts.filter((c) => c.day === day);
            expect(
              sumRationals(own.map((c) => c.cost.total))
                .sub(d.contactCost)
                .toString(),
            ).toBe('0');
          }
        }
      }),
      RUNS,
    );
  });

  it('fed in shuffled pieces with collectChanges() after each, the last figures collected equal a whole snapshot', () => {
    const arb = randomDayArb.chain((raw) =>
      fc.record({
        raw: fc.constant(raw),
        order: fc.shuffledSubarray(raw, { minLength: raw.length, maxLength: raw.length }),
        cuts: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 30 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ raw, order, cuts }) => {
        piecesMatchWhole(raw, order, cuts, null);
      }),
      RUNS,
    );
  });

  it('settling after each piece (as the live roll-up does) leaves the last figures collected equal to a whole snapshot', () => {
    let exactRuns = 0;
    fc.assert(
      fc.property(settlingArb, ({ raw, cuts, latenessSeconds }) => {
        if (settledPiecesMatchWhole(raw, cuts, latenessSeconds)) exactRuns++;
      }),
      // a fixed seed: the count of exact runs over random days is asserted below
      { numRuns: 60, seed: 20261129 },
    );
    expect(exactRuns).toBeGreaterThan(20);
  });

  it('with complete settled contacts archived (their last figures to the sink), the figures collected still add up', () => {
    let exactRuns = 0;
    let archivedRuns = 0;
    fc.assert(
      fc.property(settlingArb, ({ raw, cuts, latenessSeconds }) => {
        if (settledPiecesMatchWhole(raw, cuts, latenessSeconds, true)) exactRuns++;
        if (lastArchivedCount > 0) archivedRuns++;
      }),
      // a fixed seed: the counts over random days are asserted below
      { numRuns: 60, seed: 20261129 },
    );
    expect(exactRuns).toBeGreaterThan(20);
    expect(archivedRuns).toBeGreaterThan(20);
  });

  it('a contact settled before the live figures saw its work, its agent held back by an unended call, counts that work', () => {
    // A counterexample the property above once found: t-4 settled at 11:28:30 with a-2 held at 10:04:30 by v-5 (a-2
    // left it, the call never ended), so a-2 was not swept and t-4's work never reached the live figures.
    expect(settledPiecesMatchWhole(HELD_BACK_DAY, [1, 2, 4, 2], 0)).toBe(true);
  });

  it('with a live clock (collectChanges(now), now ticking past the events), the last figures equal a snapshot at now', () => {
    const arb = randomDayArb.chain((raw) =>
      fc.record({
        raw: fc.constant(raw),
        order: fc.shuffledSubarray(raw, { minLength: raw.length, maxLength: raw.length }),
        pieces: fc.array(fc.record({ size: fc.integer({ min: 1, max: 6 }), tickSeconds: fc.nat({ max: 5400 }) }), {
          minLength: 1,
          maxLength: 30,
        }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ raw, order, pieces }) => {
        const engine = new CostEngine(rates);
        const collected = new Map<string, string>();
        let now = 0n;
        let i = 0;
        let piece = 0;
        while (i < order.length) {
          const { size, tickSeconds } = pieces[piece++ % pieces.length];
          for (const event of order.slice(i, i + size)) expect(engine.admit(parsed(event)).status).toBe('accepted');
          i += size;
          const latest = engine.latestEventTime()!;
          now = (latest > now ? latest : now) + BigInt(tickSeconds) * 10n ** 18n;
          for (const [key, text] of keyed(engine.collectChanges(now))) collected.set(key, text);
        }
        const fresh = new CostEngine(rates);
        for (const event of raw) fresh.admit(parsed(event));
        for (const [key, text] of keyed(fresh.snapshot(now)))
          expect({ key, text: collected.get(key) }).toEqual({ key, text });
      }),
      RUNS,
    );
  });
});

/**
 * Feeds `order` in pieces of `cuts` sizes, collecting changes after each piece; with a lateness, settles that far
 * behind the latest event first (as the live roll-up does). Checks that the last figures collected equal a whole
 * snapshot of `raw`; false when settling was overtaken (the roll-up rebuilds from its stored events then).
 */
function piecesMatchWhole(
  raw: RawEvent[],
  order: RawEvent[],
  cuts: number[],
  latenessSeconds: number | null,
  archived = false,
): boolean {
  const collected = new Map<string, string>();
  const archive = new InMemoryContactArchive();
  lastArchivedCount = 0;
  const engine = archived
    ? new CostEngine(rates, {
        tracksChanges: true,
        archive: {
          contacts: archive,
          // As the live roll-up does: an archived contact's last figures are reported from here.
          figures: {
            add: (c) => {
              lastArchivedCount++;
              collected.set(`contact ${c.tenant} ${c.contact}`, canonical(c));
              return 0;
            },
            withdraw: () => undefined,
          },
        },
      })
    : new CostEngine(rates);
  let i = 0;
  let piece = 0;
  while (i < order.length) {
    const size = cuts[piece++ % cuts.length];
    for (const event of order.slice(i, i + size)) expect(engine.admit(parsed(event)).status).toBe('accepted');
    i += size;
    if (latenessSeconds !== null) engine.settle(engine.latestEventTime()! - BigInt(latenessSeconds) * 10n ** 18n);
    for (const [key, text] of keyed(engine.collectChanges())) collected.set(key, text);
  }
  if (!engine.exact) return false;
  const whole = keyed(freshSnapshot(raw.map(parsed)));
  for (const [key, text] of whole) expect({ key, text: collected.get(key) }).toEqual({ key, text });
  return true;
}

/** How many contacts the last archived piecesMatchWhole() run put in its archive. */
let lastArchivedCount = 0;

/** Arrival roughly in time order, as a live stream; settled after each piece. */
function settledPiecesMatchWhole(raw: RawEvent[], cuts: number[], latenessSeconds: number, archived = false): boolean {
  const order = [...raw].sort((a, b) => Date.parse(String(a.time)) - Date.parse(String(b.time)));
  return piecesMatchWhole(raw, order, cuts, latenessSeconds, archived);
}

const HELD_BACK_DAY: RawEvent[] = [
  {
    id: 'g-1',
    type: 'agent.state',
    tenant: 'globex',
    time: '2026-11-02T11:07:30.000Z',
    agent: 'a-1',
    state: 'training',
    rateClass: 'default',
  },
  {
    id: 'g-2',
    type: 'ticket.created',
    tenant: 'globex',
    time: '2026-11-02T10:17:00.000Z',
    contact: 't-1',
    queue: 'web',
    reason: 'sales',
  },
  { id: 'g-3', type: 'ticket.solved', tenant: 'globex', time: '2026-11-02T10:17:00.000Z', contact: 't-1' },
  {
    id: 'g-4',
    type: 'contact.classified',
    tenant: 'globex',
    time: '2026-11-02T10:20:00.000Z',
    contact: 't-1',
    reason: 'complaint',
    case: 'K-2',
  },
  {
    id: 'g-5',
    type: 'contact.classified',
    tenant: 'globex',
    time: '2026-11-02T10:29:00.000Z',
    contact: 't-1',
    reason: 'complaint',
    case: 'K-2',
  },
  {
    id: 'g-6',
    type: 'usage.recorded',
    tenant: 'globex',
    time: '2026-11-02T10:17:00.000Z',
    contact: 't-1',
    resource: 'sms',
    quantity: 3,
  },
  {
    id: 'g-7',
    type: 'usage.recorded',
    tenant: 'globex',
    time: '2026-11-02T10:38:00.000Z',
    contact: 't-1',
    resource: 'sms',
    quantity: 4,
  },
  {
    id: 'g-8',
    type: 'case.compensated',
    tenant: 'globex',
    time: '2026-11-02T10:13:00.000Z',
    case: 'K-2',
    contact: 't-1',
    amount: '35.24',
    kind: 'credit',
  },
  {
    id: 'g-9',
    type: 'call.started',
    tenant: 'globex',
    time: '2026-11-02T10:10:30.500Z',
    contact: 'v-2',
    queue: 'web',
    reason: 'complaint',
    case: 'K-2',
    direction: 'outbound',
  },
  {
    id: 'g-10',
    type: 'call.answered',
    tenant: 'globex',
    time: '2026-11-02T10:13:00.500Z',
    contact: 'v-2',
    agent: 'a-2',
  },
  { id: 'g-11', type: 'call.held', tenant: 'globex', time: '2026-11-02T10:15:00.500Z', contact: 'v-2', agent: 'a-2' },
  {
    id: 'g-12',
    type: 'call.resumed',
    tenant: 'globex',
    time: '2026-11-02T10:15:30.500Z',
    contact: 'v-2',
    agent: 'a-2',
  },
  {
    id: 'g-13',
    type: 'call.agent_left',
    tenant: 'globex',
    time: '2026-11-02T10:24:30.500Z',
    contact: 'v-2',
    agent: 'a-2',
  },
  {
    id: 'g-14',
    type: 'call.wrapup_done',
    tenant: 'globex',
    time: '2026-11-02T10:36:00.500Z',
    contact: 'v-2',
    agent: 'a-2',
  },
  {
    id: 'g-15',
    type: 'call.ended',
    tenant: 'globex',
    time: '2026-11-02T10:33:30.500Z',
    contact: 'v-2',
    outcome: 'resolved',
  },
  {
    id: 'g-16',
    type: 'case.compensated',
    tenant: 'globex',
    time: '2026-11-02T10:10:00.000Z',
    case: 'K-2',
    contact: 'v-2',
    amount: '39.55',
    kind: 'credit',
  },
  {
    id: 'g-17',
    type: 'chat.started',
    tenant: 'globex',
    time: '2026-11-02T10:20:00.500Z',
    contact: 'c-3',
    queue: 'billing',
    reason: 'billing',
    case: 'K-2',
  },
  { id: 'g-18', type: 'chat.ended', tenant: 'globex', time: '2026-11-02T10:30:00.500Z', contact: 'c-3' },
  {
    id: 'g-19',
    type: 'usage.recorded',
    tenant: 'globex',
    time: '2026-11-02T10:37:00.500Z',
    contact: 'c-3',
    resource: 'sms',
    quantity: 3,
  },
  {
    id: 'g-20',
    type: 'usage.recorded',
    tenant: 'globex',
    time: '2026-11-02T10:35:30.500Z',
    contact: 'c-3',
    resource: 'sms',
    quantity: 1,
  },
  {
    id: 'g-21',
    type: 'case.compensated',
    tenant: 'globex',
    time: '2026-11-02T10:37:30.000Z',
    case: 'K-2',
    contact: 'c-3',
    amount: '13.02',
    kind: 'goodwill',
  },
  {
    id: 'g-22',
    type: 'ticket.created',
    tenant: 'globex',
    time: '2026-11-02T11:08:30.000Z',
    contact: 't-4',
    queue: 'web',
    reason: 'sales',
    case: 'K-1',
  },
  {
    id: 'g-23',
    type: 'ticket.work_started',
    tenant: 'globex',
    time: '2026-11-02T11:12:00.000Z',
    contact: 't-4',
    agent: 'a-2',
  },
  {
    id: 'g-24',
    type: 'ticket.work_stopped',
    tenant: 'globex',
    time: '2026-11-02T11:17:30.000Z',
    contact: 't-4',
    agent: 'a-2',
  },
  {
    id: 'g-25',
    type: 'ticket.work_logged',
    tenant: 'globex',
    time: '2026-11-02T11:18:00.000Z',
    contact: 't-4',
    agent: 'a-2',
    seconds: 390,
  },
  { id: 'g-26', type: 'ticket.solved', tenant: 'globex', time: '2026-11-02T11:29:00.000Z', contact: 't-4' },
  {
    id: 'g-27',
    type: 'case.compensated',
    tenant: 'globex',
    time: '2026-11-02T11:28:30.000Z',
    case: 'K-3',
    contact: 't-4',
    amount: '27.22',
    kind: 'credit',
  },
  {
    id: 'g-28',
    type: 'call.started',
    tenant: 'globex',
    time: '2026-11-02T10:00:00.000Z',
    contact: 'v-5',
    queue: 'web',
    reason: 'complaint',
    case: 'K-1',
    direction: 'inbound',
  },
  {
    id: 'g-29',
    type: 'call.answered',
    tenant: 'globex',
    time: '2026-11-02T10:04:30.000Z',
    contact: 'v-5',
    agent: 'a-2',
  },
  { id: 'g-30', type: 'call.held', tenant: 'globex', time: '2026-11-02T10:07:30.000Z', contact: 'v-5', agent: 'a-2' },
  {
    id: 'g-31',
    type: 'call.resumed',
    tenant: 'globex',
    time: '2026-11-02T10:09:00.000Z',
    contact: 'v-5',
    agent: 'a-2',
  },
  {
    id: 'g-32',
    type: 'call.agent_left',
    tenant: 'globex',
    time: '2026-11-02T10:09:30.000Z',
    contact: 'v-5',
    agent: 'a-2',
  },
  {
    id: 'g-33',
    type: 'call.wrapup_done',
    tenant: 'globex',
    time: '2026-11-02T10:19:00.000Z',
    contact: 'v-5',
    agent: 'a-2',
  },
  {
    id: 'g-34',
    type: 'contact.classified',
    tenant: 'globex',
    time: '2026-11-02T10:15:00.000Z',
    contact: 'v-5',
    reason: 'billing',
  },
  {
    id: 'g-35',
    type: 'usage.recorded',
    tenant: 'globex',
    time: '2026-11-02T10:13:00.000Z',
    contact: 'v-5',
    resource: 'sms',
    quantity: 1,
  },
];
