// A streamed report adds contacts as they become final and takes some back when they change: removing must leave
// the aggregates exactly as if the contact had never been added.
import fc from 'fast-check';
import { CostEngine } from './cost-engine';
import { TenantReportBuilder } from './cost-report';
import { ContactFigures } from './figures';
import { Rational } from './rational';
import { contactJson, contactJsonText, tenantAggregatesJson } from './report-json';
import { parsed } from './testing/cost-day.builder';
import { propertyRates, randomDayArb } from './testing/random-day.generator';

const rates = propertyRates();

function contactsOf(events: Record<string, unknown>[]): ContactFigures[] {
  const engine = new CostEngine(rates);
  for (const e of events) engine.admit(parsed(e));
  return engine.snapshot().contacts.filter((c) => c.tenant === 'acme');
}

function aggregates(build: (b: TenantReportBuilder) => void) {
  const builder = new TenantReportBuilder('acme', 'USD', false);
  build(builder);
  return tenantAggregatesJson(builder.finish());
}

/** The same contact moved to other groups, with other money (what a contact taken back may have carried). */
function elsewhere(c: ContactFigures, i: number): ContactFigures {
  const total = c.cost.total.add(Rational.of(BigInt(i + 1), 7n));
  return {
    ...c,
    reason: i % 2 ? 'complaint' : `other-${i}`,
    case: `K-moved-${i % 3}`,
    day: '2030-01-01',
    channel: 'unknown',
    cost: { ...c.cost, compensation: Rational.of(1n, 3n), total },
  };
}

describe('TenantReportBuilder.removeContact', () => {
  it('adding contacts and removing some gives the aggregates of the others, groups they alone made included', () => {
    fc.assert(
      fc.property(randomDayArb, fc.infiniteStream(fc.boolean()), (events, picks) => {
        const contacts = contactsOf(events);
        const removed = contacts.map(() => picks.next().value);
        const moved = contacts.map(elsewhere);
        const expected = aggregates((b) => contacts.forEach((c, i) => !removed[i] && b.addContact(c)));
        const actual = aggregates((b) => {
          contacts.forEach((c) => b.addContact(c));
          moved.forEach((c) => b.addContact(c));
          contacts.forEach((c, i) => removed[i] && b.removeContact(c));
          moved.forEach((c) => b.removeContact(c));
        });
        expect(actual).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('a case stays a complaint while one of its complaint contacts remains', () => {
    const contact = (id: string, reason: string): ContactFigures => ({
      tenant: 'acme',
      contact: id,
      channel: 'voice',
      reason,
      case: 'K-1',
      queue: null,
      day: '2026-11-02',
      open: false,
      handleSeconds: Rational.ZERO,
      agentSeconds: Rational.ZERO,
      cost: {
        labour: Rational.ONE,
        overhead: Rational.ZERO,
        telephony: Rational.ZERO,
        fees: Rational.ZERO,
        usage: Rational.ZERO,
        compensation: Rational.ZERO,
        total: Rational.ONE,
      },
    });
    const builder = new TenantReportBuilder('acme', 'USD', false);
    const [a, b, c] = [contact('c-1', 'complaint'), contact('c-2', 'complaint'), contact('c-3', 'billing')];
    [a, b, c].forEach((x) => builder.addContact(x));
    builder.removeContact(a);
    const report = builder.finish();
    expect(report.cases.get('K-1')).toMatchObject({ contacts: 2, complaint: true });
    const again = new TenantReportBuilder('acme', 'USD', false);
    [a, b, c].forEach((x) => again.addContact(x));
    again.removeContact(a);
    again.removeContact(b);
    expect(again.finish().cases.get('K-1')).toMatchObject({ contacts: 1, complaint: false });
  });
});

describe('contactJsonText', () => {
  it('is JSON.stringify(contactJson(c)), character for character', () => {
    fc.assert(
      fc.property(randomDayArb, (events) => {
        for (const c of contactsOf(events)) expect(contactJsonText(c)).toBe(JSON.stringify(contactJson(c)));
      }),
      { numRuns: 60 },
    );
  });

  it('escapes what JSON escapes, and prints null and unrounded seconds as JSON.stringify does', () => {
    const c: ContactFigures = {
      tenant: 'acme',
      contact: 'c-1',
      channel: 'unknown',
      reason: 'say "hi"\n\u2028é',
      case: null,
      queue: '\\q',
      day: '2026-11-02',
      open: true,
      handleSeconds: Rational.of(1n, 3n),
      agentSeconds: Rational.of(10n ** 30n, 1n),
      cost: {
        labour: Rational.of(-1n, 7n),
        overhead: Rational.ZERO,
        telephony: Rational.ONE,
        fees: Rational.of(1n, 2000000n),
        usage: Rational.of(3n, 2000000n),
        compensation: Rational.ZERO,
        total: Rational.of(123456789n, 1000n),
      },
    };
    expect(contactJsonText(c)).toBe(JSON.stringify(contactJson(c)));
    // Past the writer's first buffer, a lone surrogate, and money too large or too fine for the double estimate.
    const long: ContactFigures = {
      ...c,
      reason: 'é\ud800"'.repeat(700),
      case: 'x'.repeat(3000),
      cost: {
        ...c.cost,
        labour: Rational.of(10n ** 40n + 1n, 3n),
        overhead: Rational.of(-(10n ** 15n), 1n),
        telephony: Rational.of(5n, 10n ** 7n),
        total: Rational.of(999_999_999_999n, 1_000_000n),
      },
    };
    expect(contactJsonText(long)).toBe(JSON.stringify(contactJson(long)));
  });
});
