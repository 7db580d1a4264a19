import { Rational } from '@contact-cost/costing';
import { toContactTotals, toCostRows, toDecimalString } from './change-set.mapper';

describe('change-set mapping', () => {
  it('rounds seconds half-to-even to a decimal string', () => {
    expect(toDecimalString(Rational.parseDecimal('437.75'), 3)).toBe('437.750');
    expect(toDecimalString(Rational.of(1n, 3n), 3)).toBe('0.333');
    expect(toDecimalString(Rational.of(5n, 2000n), 3)).toBe('0.002'); // 0.0025 → 0.002
    expect(toDecimalString(Rational.of(-7n, 2000n), 3)).toBe('-0.004');
    expect(toDecimalString(Rational.of(42n), 0)).toBe('42');
  });

  it('stores each money figure as micro-units rounded once from its exact value', () => {
    const third = Rational.of(1n, 3n);
    const cost = {
      labour: third,
      overhead: third,
      telephony: third,
      fees: Rational.ZERO,
      usage: Rational.ZERO,
      compensation: Rational.ZERO,
      total: Rational.ONE,
    };
    const changes = {
      asOf: 0n,
      contacts: [
        {
          tenant: 'acme',
          contact: 'c-1',
          channel: 'voice' as const,
          reason: 'unclassified',
          case: null,
          queue: null,
          day: '2026-11-02',
          open: true,
          handleSeconds: Rational.of(10n),
          agentSeconds: Rational.of(20n, 3n),
          cost,
        },
      ],
      agentDays: [
        {
          tenant: 'acme',
          agent: 'a-1',
          day: '2026-11-02',
          paidSeconds: Rational.of(60n),
          contactSeconds: Rational.of(20n),
          idleSeconds: Rational.of(30n),
          shrinkageSeconds: new Map([['break', Rational.of(10n)]]),
          contactCost: third,
          idleCost: Rational.ONE,
          shrinkageCost: Rational.ZERO,
        },
      ],
      unlinkedCompensations: [
        { tenant: 'acme', id: 'k-1', case: 'K-1', day: '2026-11-02', amount: Rational.parseDecimal('0.0000005') },
      ],
      linkedCompensations: [{ tenant: 'acme', id: 'k-2', case: 'K-1', contact: 'c-1', amount: Rational.ONE }],
    };
    const rows = toCostRows(changes);
    expect(rows.contacts[0]).toMatchObject({
      labourMicros: '333333',
      overheadMicros: '333333',
      telephonyMicros: '333333',
      totalMicros: '1000000',
      handleSeconds: '10.000',
      agentSeconds: '6.667',
      caseId: null,
    });
    expect(rows.agentDays[0]).toMatchObject({ shrinkageSeconds: { break: '10.000' }, contactCostMicros: '333333' });
    expect(rows.unlinkedCompensations[0]).toEqual({
      tenant: 'acme',
      eventId: 'k-1',
      caseId: 'K-1',
      day: '2026-11-02',
      amountMicros: '0',
    });
    expect(rows.linkedCompensations).toEqual([{ tenant: 'acme', eventId: 'k-2' }]);
    expect(toContactTotals(changes)).toEqual([
      {
        tenant: 'acme',
        contact: 'c-1',
        channel: 'voice',
        reason: 'unclassified',
        day: '2026-11-02',
        totalMicros: 1_000_000n,
      },
    ]);
  });
});
