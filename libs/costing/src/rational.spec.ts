// cost-model.md "Money and rounding" and "Precise points › Rounding": money to 6 places and seconds to 3 places,
// half-to-even, once, from the exact value of the figure reported.
import fc from 'fast-check';
import { Rational } from './rational';
import { costDay, eventWriter, rateCards } from './testing/cost-day.builder';

const d = (text: string) => Rational.parseDecimal(text);

describe('Rational rounding', () => {
  it.each([
    ['0.0000005', '0.000000'],
    ['0.0000015', '0.000002'],
    ['0.0000025', '0.000002'],
    ['0.0000035', '0.000004'],
    ['1.2345665', '1.234566'],
    ['1.23456650000001', '1.234567'],
    ['2.9999995', '3.000000'],
    ['-0.0000015', '-0.000002'],
  ])('money %s → %s (half to even)', (exact, printed) => {
    expect(d(exact).toFixed6()).toBe(printed);
  });

  it.each([
    ['0.0005', 0],
    ['0.0015', 0.002],
    ['1.0025', 1.002],
    ['2.0035', 2.004],
    ['378.3333333', 378.333],
  ])('seconds %s → %d (half to even)', (exact, printed) => {
    expect(d(exact).toSeconds3()).toBe(printed);
  });

  it('rounds a non-decimal exact value (1/3, 2/3)', () => {
    expect(Rational.of(1n, 3n).toFixed6()).toBe('0.333333');
    expect(Rational.of(2n, 3n).toFixed6()).toBe('0.666667');
    expect(Rational.of(1135n, 3n).toSeconds3()).toBe(378.333);
  });

  it('computes exactly: 0.1 + 0.2 = 0.3 and 1/3 × 3 = 1', () => {
    expect(d('0.1').add(d('0.2')).cmp(d('0.3'))).toBe(0);
    expect(Rational.of(1n, 3n).mulInt(3n).cmp(Rational.ONE)).toBe(0);
    expect(Rational.of(7n, 2n).ceil()).toBe(4n);
    expect(Rational.of(8n, 2n).ceil()).toBe(4n);
  });
});

describe('figures are rounded once from their exact value', () => {
  it('rounds seconds half to even at .0005', () => {
    const e = eventWriter();
    const events = [
      ['c-1', 'a-1', '09:00:00.0005'],
      ['c-2', 'a-2', '09:00:00.0015'],
      ['c-3', 'a-3', '09:00:01.0025'],
      ['c-4', 'a-4', '09:00:02.0035'],
    ].flatMap(([contact, agent, end]) => [
      e('chat.answered', '09:00:00', { contact, agent }),
      e('chat.ended', end, { contact }),
      e('chat.wrapup_done', end, { contact, agent }),
    ]);
    const acme = costDay(events, rateCards()).tenants.acme;
    expect(acme.contacts['c-1']).toMatchObject({ handleSeconds: 0, agentSeconds: 0 });
    expect(acme.contacts['c-2']).toMatchObject({ handleSeconds: 0.002, agentSeconds: 0.002 });
    expect(acme.contacts['c-3']).toMatchObject({ handleSeconds: 1.002, agentSeconds: 1.002 });
    expect(acme.contacts['c-4']).toMatchObject({ handleSeconds: 2.004, agentSeconds: 2.004 });
    expect(acme.agents['a-3']).toMatchObject({ paidSeconds: 1.002, contactSeconds: 1.002 });
  });

  it('rounds money half to even at .0000005', () => {
    const r = rateCards({ version: { usage: { tiny: '0.0000005' } } });
    const e = eventWriter();
    const events = [1, 3, 5, 7].map((quantity, i) =>
      e('usage.recorded', '09:00', { contact: `u-${i}`, resource: 'tiny', quantity }),
    );
    const contacts = costDay(events, r).tenants.acme.contacts;
    expect(['u-0', 'u-1', 'u-2', 'u-3'].map((c) => contacts[c].cost.usage)).toEqual([
      '0.000000',
      '0.000002',
      '0.000002',
      '0.000004',
    ]);
  });

  it('a total whose rounded parts differ from the rounded whole', () => {
    const r = rateCards({ version: { usage: { tiny: '0.0000005' } } });
    const e = eventWriter();
    const events = [
      e('usage.recorded', '09:00', { contact: 'u-1', resource: 'tiny', quantity: 1 }),
      e('contact.classified', '09:00', { contact: 'u-1', reason: 'sms', case: 'K-1' }),
      e('case.compensated', '09:01', { case: 'K-1', contact: 'u-1', amount: '0.0000005', kind: 'credit' }),
      e('usage.recorded', '09:00', { contact: 'u-2', resource: 'tiny', quantity: 1 }),
    ];
    const acme = costDay(events, r).tenants.acme;
    // u-1: 0.0000005 + 0.0000005 = 0.000001 exactly; each part prints 0.000000
    expect(acme.contacts['u-1'].cost).toMatchObject({ usage: '0.000000', compensation: '0.000000', total: '0.000001' });
    // channel: 0.0000005 × 3 = 0.0000015 → 0.000002; per contact 0.00000075 → 0.000001
    expect(acme.channels.unknown).toEqual({ contacts: 2, cost: '0.000002', costPerContact: '0.000001' });
    // case K-1 (u-1's case): contactCost 0.0000005 → 0.000000, compensation 0.0000005 → 0.000000, cost 0.000001
    expect(acme.cases['K-1']).toMatchObject({ contactCost: '0.000000', compensation: '0.000000', cost: '0.000001' });
    expect(acme.totals).toMatchObject({ contactCost: '0.000002', total: '0.000002', costPerContact: '0.000001' });
  });

  it('labour and overhead of 60 µs: 0.0000005 and 0.0000001 print 0, their total 0.0000006 prints 0.000001', () => {
    const r = rateCards({ version: { chatPerSession: '0' } });
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00:00', { contact: 'c-1' }),
      e('chat.answered', '09:00:00', { contact: 'c-1', agent: 'a-1' }),
      e('chat.ended', '09:00:00.00006', { contact: 'c-1' }),
      e('chat.wrapup_done', '09:00:00.00006', { contact: 'c-1', agent: 'a-1' }),
    ];
    const acme = costDay(events, r).tenants.acme;
    expect(acme.contacts['c-1'].cost).toMatchObject({ labour: '0.000000', overhead: '0.000000', total: '0.000001' });
    expect(acme.agents['a-1'].contactCost).toBe('0.000001');
  });

  it('a per-contact figure is the exact quotient rounded once (10/3)', () => {
    const r = rateCards({ version: { chatPerSession: '0' } });
    const e = eventWriter();
    const events = [
      e('case.compensated', '09:00', { case: 'K', contact: 'c-1', amount: '10', kind: 'refund' }),
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.started', '09:00', { contact: 'c-2' }),
      e('chat.started', '09:00', { contact: 'c-3' }),
    ];
    expect(costDay(events, r).tenants.acme.channels.chat).toEqual({
      contacts: 3,
      cost: '10.000000',
      costPerContact: '3.333333',
    });
  });
});

/** The plain bigint rounding of the first version: the oracle for the double and bigint fast paths. */
function referenceRound(r: Rational, places: number): bigint {
  const n = r.num * 10n ** BigInt(places);
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / r.den;
  const twice = (abs - q * r.den) * 2n;
  if (twice > r.den || (twice === r.den && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

function referenceFormat(value: bigint, places: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, '0');
  const text = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** The first version of add: the oracle for its shortcuts (which must give the same num/den, not just the value). */
function referenceAdd(a: Rational, b: Rational): Rational {
  if (b.num === 0n) return a;
  if (a.num === 0n) return b;
  if (a.den === b.den) return Rational.of(a.num + b.num, a.den);
  if (a.den > b.den && a.den % b.den === 0n) return Rational.of(a.num + b.num * (a.den / b.den), a.den);
  if (b.den > a.den && b.den % a.den === 0n) return Rational.of(a.num * (b.den / a.den) + b.num, b.den);
  return Rational.of(a.num * b.den + b.num * a.den, a.den * b.den);
}

const TWO_52 = 2n ** 52n;
/** Numerators and denominators around the edges of the double fast path (2^52, 2^53) and far beyond it. */
const integer = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
  fc.bigInt({ min: -(2n ** 20n), max: 2n ** 20n }).map((k) => TWO_52 / 10n ** 6n + k),
  fc.bigInt({ min: -(2n ** 20n), max: 2n ** 20n }).map((k) => TWO_52 / 10n ** 3n + k),
  fc.bigInt({ min: -(2n ** 20n), max: 2n ** 20n }).map((k) => TWO_52 + k),
  fc.bigInt({ min: -(2n ** 20n), max: 2n ** 20n }).map((k) => -TWO_52 - k),
  fc.bigInt({ min: -(2n ** 90n), max: 2n ** 90n }),
);
const denominator = fc.oneof(
  fc.bigInt({ min: 1n, max: 100n }),
  fc.constantFrom(1n, 2n, 3n, 7n, 100n, 1000n, 6000n, 60000n, 10n ** 18n, 36n * 10n ** 22n, 216n * 10n ** 23n),
  fc.bigInt({ min: TWO_52 - 4n, max: TWO_52 + 4n }),
  fc.bigInt({ min: 1n, max: 2n ** 70n }),
);
const rational = fc.tuple(integer, denominator).map(([num, den]) => Rational.of(num, den));
/** Exact ties at 3 and 6 places: (2k + 1) / 2 units of the last place, over a blown-up denominator. */
const tie = fc
  .tuple(
    fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
    fc.constantFrom(3, 6),
    fc.bigInt({ min: 1n, max: 10n ** 9n }),
  )
  .map(([k, places, c]) => Rational.of((2n * k + 1n) * c, 2n * c * 10n ** BigInt(places)));

/** Values a hair (e / 2F units of the last place) from a tie, up to beyond 2^40 units, so estimates can err. */
const nearTie = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(2n ** 42n), max: 2n ** 42n })),
    fc.constantFrom(3, 6),
    fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 12n }), fc.bigInt({ min: 1n, max: 2n ** 60n })),
    fc.bigInt({ min: -64n, max: 64n }),
    fc.oneof(fc.constant(1n), fc.bigInt({ min: 1n, max: 10n ** 20n })),
  )
  .map(([k, places, f, e, c]) => Rational.of(((2n * k + 1n) * f + e) * c, 2n * f * 10n ** BigInt(places) * c));

describe('Rational rounding fast paths agree with plain bigint rounding', () => {
  it.each([
    ['rational', rational],
    ['tie', tie],
    ['near tie', nearTie],
  ])('toFixed6, toSeconds3, toMicros and roundToScale of a %s', (_kind, values) => {
    fc.assert(
      fc.property(values, fc.integer({ min: 0, max: 20 }), (r, places) => {
        expect(r.toFixed6()).toBe(referenceFormat(referenceRound(r, 6), 6));
        expect(Object.is(r.toSeconds3(), Number(referenceFormat(referenceRound(r, 3), 3)))).toBe(true);
        expect(r.toMicros()).toBe(referenceRound(r, 6));
        expect(r.roundToScale(places)).toBe(referenceRound(r, places));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives +0, never -0, for seconds that round to zero', () => {
    expect(Object.is(Rational.of(-1n, 10000n).toSeconds3(), 0)).toBe(true);
    expect(Object.is(Rational.of(-1n, 10n ** 20n).toSeconds3(), 0)).toBe(true);
    expect(Rational.of(-1n, 10n ** 8n).toFixed6()).toBe('0.000000');
  });

  it('rounds a denominator too large for a double (2^1025) exactly', () => {
    const r = Rational.of(2n ** 1023n + 1n, 2n ** 1025n);
    expect(r.toFixed6()).toBe('0.250000');
    expect(r.toSeconds3()).toBe(0.25);
  });

  it('rejects a scale that is not a whole number of places, as before', () => {
    expect(() => Rational.of(1n, 3n).roundToScale(-1)).toThrow(RangeError);
    expect(() => Rational.of(1n, 3n).roundToScale(1.5)).toThrow(RangeError);
  });
});

describe('Rational add shortcuts', () => {
  it('give the same numerator and denominator as the plain sum', () => {
    const sameOrMultiple = fc
      .tuple(integer, integer, denominator, fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.boolean())
      .map(([a, b, den, factor, swap]) => {
        const pair = [Rational.of(a, den), Rational.of(b, den * (factor > 3n ? factor : 1n))];
        return swap ? pair.reverse() : pair;
      });
    fc.assert(
      fc.property(fc.oneof(sameOrMultiple, fc.tuple(rational, rational)), ([a, b]) => {
        const sum = a.add(b);
        const expected = referenceAdd(a, b);
        expect([sum.num, sum.den]).toEqual([expected.num, expected.den]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Rational.parseDecimal', () => {
  /** The first version, by regular expression: the oracle for the scan. */
  function referenceParse(text: string): Rational {
    const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(text);
    if (!m) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
    const fraction = m[3] ?? '';
    const digits = BigInt(m[2] + fraction);
    return Rational.of(m[1] === '-' ? -digits : digits, 10n ** BigInt(fraction.length));
  }
  const outcome = (parse: () => Rational) => {
    try {
      const r = parse();
      return [r.num, r.den];
    } catch (error) {
      return [String(error)];
    }
  };

  it('agrees with DECIMAL_PATTERN on any text, numbers and the edge cases', () => {
    const text = fc.oneof(
      fc.stringMatching(/^-?[0-9]{0,25}(\.[0-9]{0,25})?$/),
      fc.string({ unit: fc.constantFrom(...'-0123456789.e+ x'), maxLength: 12 }),
      fc.constantFrom('', '-', '.', '-.5', '5.', '-0', '-0.000', '007.50', '1e3', ' 1', '1 ', '1.2.3', '0x10', '１'),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(outcome(() => Rational.parseDecimal(t))).toEqual(outcome(() => referenceParse(t)));
      }),
      { numRuns: 3000 },
    );
    for (const odd of [5, undefined, null] as unknown as string[]) {
      expect(outcome(() => Rational.parseDecimal(odd))).toEqual(outcome(() => referenceParse(odd)));
    }
  });
});

describe('Rational.equals', () => {
  it('is equality of values, whatever the denominators held', () => {
    expect(Rational.of(1n, 3n).equals(Rational.of(2n, 6n))).toBe(true);
    expect(Rational.of(-4n, 10n).equals(Rational.of(-2n, 5n))).toBe(true);
    expect(Rational.of(1n, 3n).equals(Rational.of(1n, 3n))).toBe(true);
    expect(Rational.of(1n, 3n).equals(Rational.of(1n, 4n))).toBe(false);
    expect(Rational.of(2n, 6n).equals(Rational.of(3n, 6n))).toBe(false);
    expect(Rational.ZERO.equals(Rational.of(0n, 7n))).toBe(true);
  });

  it('agrees with cmp on random values', () => {
    fc.assert(
      fc.property(
        fc.bigInt(),
        fc.bigInt({ min: 1n }),
        fc.bigInt(),
        fc.bigInt({ min: 1n }),
        fc.bigInt({ min: 1n, max: 9n }),
        (a, b, c, d, k) => {
          const x = Rational.of(a, b);
          expect(x.equals(Rational.of(c, d))).toBe(x.cmp(Rational.of(c, d)) === 0);
          expect(x.equals(Rational.of(a * k, b * k))).toBe(true);
        },
      ),
    );
  });
});
