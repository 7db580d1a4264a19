import fc from 'fast-check';
import { exceedsPowerOfTen, formatDecimal, readDecimalText, toSafeInteger } from './decimal-text';

function canonical(text: string, allowExponent = true): string | null {
  const parts = readDecimalText(text, allowExponent);
  return parts === null ? null : formatDecimal(parts);
}

describe('readDecimalText + formatDecimal', () => {
  it.each([
    ['0', '0'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['0e7', '0'],
    ['25', '25'],
    ['25.00', '25'],
    ['007.50', '7.5'],
    ['0.1', '0.1'],
    ['-12.340', '-12.34'],
    ['1e-7', '0.0000001'],
    ['1.5E3', '1500'],
    ['1.5e+3', '1500'],
    ['123.456e1', '1234.56'],
    ['123.456e-5', '0.00123456'],
    ['1e21', '1000000000000000000000'],
    ['12345678901234567890.5', '12345678901234567890.5'],
    ['1e-0000000000000000000000003', '0.001'],
  ])('%s → %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it.each(['', '-', '.5', '5.', '+5', '1e', '1e+', '1.5f', ' 1', '1 ', '0x10', 'NaN', 'Infinity', '1,5', '--1'])(
    'rejects %j',
    (text) => {
      expect(readDecimalText(text, true)).toBeNull();
    },
  );

  it('rejects exponents in the decimal-string grammar', () => {
    expect(readDecimalText('1e3', false)).toBeNull();
    expect(canonical('1000', false)).toBe('1000');
  });

  it('clamps absurd exponents instead of expanding them', () => {
    expect(exceedsPowerOfTen(readDecimalText('1e99999999999999999999999', true)!, 9)).toBe(true);
    expect(readDecimalText('1e-99999999999999999999999', true)!.exponent).toBeLessThan(-1e14);
  });

  it('agrees with String(n) for every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = canonical(String(n))!;
        expect(Number(text)).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});

describe('exceedsPowerOfTen', () => {
  it.each([
    ['1000000000', false],
    ['1e9', false],
    ['999999999.999999999999999999', false],
    ['1000000000.000000000000000001', true],
    ['1000000001', true],
    ['10000000000', true],
    ['0', false],
    ['0.0000001', false],
    ['-1000000001', true],
  ])('%s > 1e9 is %s', (text, expected) => {
    expect(exceedsPowerOfTen(readDecimalText(text, true)!, 9)).toBe(expected);
  });
});

describe('toSafeInteger', () => {
  it('gives integers only, exactly', () => {
    expect(toSafeInteger(readDecimalText('86400.000', true)!)).toBe(86400);
    expect(toSafeInteger(readDecimalText('8.64e4', true)!)).toBe(86400);
    expect(toSafeInteger(readDecimalText('86400.00000000000000000001', true)!)).toBeNull();
    expect(toSafeInteger(readDecimalText('-3', true)!)).toBe(-3);
    expect(toSafeInteger(readDecimalText('1e16', true)!)).toBeNull();
  });
});
