// Property tests of the engine on random valid days (testing/random-day.generator.ts): the closed ledger of every
// agent, the split that never loses time, and the incremental API (collectChanges) agreeing with a whole snapshot.
import fc from 'fast-check';
import { ContactCentreEvent } from '@contact-cost/contracts';
import { CostEngine } from './cost-engine';
import { buildTenantReports } from './cost-report';
import { EngineSnapshot } from './figures';
import { Rational, sumRationals } from './rational';
import { RawEvent, parsed } from './testing/cost-day.builder';
import { propertyRates, randomDayArb } from './testing/random-day.generator';

const rates = propertyRates();
const RUNS = { numRuns: 40 };

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
        const engine = new CostEngine(rates);
        const collected = new Map<string, string>();
        let i = 0;
        let piece = 0;
        while (i < order.length) {
          const size = cuts[piece++ % cuts.length];
          for (const event of order.slice(i, i + size)) expect(engine.admit(parsed(event)).status).toBe('accepted');
          i += size;
          for (const [key, text] of keyed(engine.collectChanges())) collected.set(key, text);
        }
        const whole = keyed(freshSnapshot(raw.map(parsed)));
        for (const [key, text] of whole) expect({ key, text: collected.get(key) }).toEqual({ key, text });
      }),
      RUNS,
    );
  });

  it('settling after each piece (as the live roll-up does) leaves the last figures collected equal to a whole snapshot', () => {
    const arb = randomDayArb.chain((raw) =>
      fc.record({
        raw: fc.constant(raw),
        cuts: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 30 }),
        latenessSeconds: fc.constantFrom(0, 60, 600),
      }),
    );
    let exactRuns = 0;
    fc.assert(
      fc.property(arb, ({ raw, cuts, latenessSeconds }) => {
        // arrival roughly in time order, as a live stream
        const order = [...raw].sort((a, b) => Date.parse(String(a.time)) - Date.parse(String(b.time)));
        const engine = new CostEngine(rates);
        const collected = new Map<string, string>();
        let i = 0;
        let piece = 0;
        while (i < order.length) {
          const size = cuts[piece++ % cuts.length];
          for (const event of order.slice(i, i + size)) expect(engine.admit(parsed(event)).status).toBe('accepted');
          i += size;
          engine.settle(engine.latestEventTime()! - BigInt(latenessSeconds) * 10n ** 18n);
          for (const [key, text] of keyed(engine.collectChanges())) collected.set(key, text);
        }
        if (!engine.exact) return; // the roll-up rebuilds from its stored events then
        exactRuns++;
        const whole = keyed(freshSnapshot(raw.map(parsed)));
        for (const [key, text] of whole) expect({ key, text: collected.get(key) }).toEqual({ key, text });
      }),
      { numRuns: 60 },
    );
    expect(exactRuns).toBeGreaterThan(20);
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
