import { formatMicros, formatPerContact } from './money.format';

describe('money formatting', () => {
  it('prints micro-units with exactly six decimals, negative too, beyond 2^53', () => {
    expect(formatMicros(4_462_700n)).toBe('4.462700');
    expect(formatMicros('0')).toBe('0.000000');
    expect(formatMicros(-5n)).toBe('-0.000005');
    expect(formatMicros(9_007_199_254_740_993n)).toBe('9007199254.740993');
  });

  it('divides once and rounds half-to-even', () => {
    expect(formatPerContact(4_462_700n, 1)).toBe('4.462700');
    expect(formatPerContact(14_549_999n, 3)).toBe('4.850000'); // 4.849999666…
    expect(formatPerContact(5n, 2)).toBe('0.000002'); // 2.5 → 2
    expect(formatPerContact(7n, 2)).toBe('0.000004'); // 3.5 → 4
  });

  it('has no per-contact figure without contacts', () => {
    expect(formatPerContact(0n, 0)).toBeNull();
  });
});
