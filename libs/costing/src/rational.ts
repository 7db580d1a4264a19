// Exact rational arithmetic on bigint: every money and seconds figure is computed exactly and rounded once.

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Past this size a denominator is reduced, so sums of many terms stay small. */
const LARGE_DENOMINATOR = 1n << 256n;

/** 10^places for the usual places, so rounding does not build them each time. */
const POWERS_OF_TEN: readonly bigint[] = Array.from({ length: 19 }, (_, i) => 10n ** BigInt(i));
const MILLIS = POWERS_OF_TEN[3];
const MICROS = POWERS_OF_TEN[6];
/** 10^0 … 10^15: exact in a double. */
const SMALL_POWERS_OF_TEN: readonly number[] = POWERS_OF_TEN.slice(0, 16).map(Number);
const ESTIMATE_LIMIT = 2 ** 40;
const ESTIMATE_MARGIN = 2 ** -10;
const MAX_EXACT_INTEGER = 2n ** 53n;
/** "0.", "0.0", "0.00"…: formatScaled's prefix for a value below 1. */
const ZERO_POINT_PADDING: readonly string[] = Array.from({ length: 19 }, (_, i) => '0.' + '0'.repeat(i));

const DECIMAL_PATTERN = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

export class Rational {
  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /**
   * Denominator > 0; not necessarily in lowest terms (reducing costs a gcd, and rounding does not need it):
   * `normalized()` reduces, and denominators are reduced once they grow large.
   */
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  static of(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) throw new RangeError('Rational with a zero denominator');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    if (num === 0n) return Rational.ZERO;
    if (den > LARGE_DENOMINATOR) return Rational.reduce(num, den);
    return new Rational(num, den);
  }

  private static reduce(num: bigint, den: bigint): Rational {
    const g = gcd(num, den);
    return g === 1n ? new Rational(num, den) : new Rational(num / g, den / g);
  }

  /** The same value in lowest terms. */
  normalized(): Rational {
    return this.den === 1n ? this : Rational.reduce(this.num, this.den);
  }

  static fromInt(n: number | bigint): Rational {
    return Rational.of(BigInt(n));
  }

  /** Parses a decimal string `-?[0-9]+(\.[0-9]+)?` exactly. */
  static parseDecimal(text: string): Rational {
    // A scan instead of DECIMAL_PATTERN.exec (a match array and three strings): every usage event parses one.
    const point = typeof text === 'string' ? decimalPoint(text) : NOT_DECIMAL;
    if (point === INTEGER) return Rational.of(BigInt(text));
    if (point >= 0) {
      const places = text.length - point - 1;
      const digits = BigInt(text.slice(0, point) + text.slice(point + 1));
      return Rational.of(digits, POWERS_OF_TEN[places] ?? 10n ** BigInt(places));
    }
    const m = DECIMAL_PATTERN.exec(text);
    if (!m) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
    const fraction = m[3] ?? '';
    const digits = BigInt(m[2] + fraction);
    return Rational.of(m[1] === '-' ? -digits : digits, 10n ** BigInt(fraction.length));
  }

  static isDecimal(text: string): boolean {
    return DECIMAL_PATTERN.test(text);
  }

  add(o: Rational): Rational {
    if (o.num === 0n) return this;
    if (this.num === 0n) return o;
    const den = this.den;
    const otherDen = o.den;
    if (den === otherDen) {
      // Rational.of without its checks: the denominator is already valid.
      const num = this.num + o.num;
      if (num === 0n) return Rational.ZERO;
      return den > LARGE_DENOMINATOR ? Rational.reduce(num, den) : new Rational(num, den);
    }
    // One division and a product instead of a remainder and a division: bigint division is the costly step.
    if (den > otherDen) {
      const factor = den / otherDen;
      if (factor * otherDen === den) return Rational.of(this.num + o.num * factor, den);
    } else {
      const factor = otherDen / den;
      if (factor * den === otherDen) return Rational.of(this.num * factor + o.num, otherDen);
    }
    return Rational.of(this.num * otherDen + o.num * den, den * otherDen);
  }

  sub(o: Rational): Rational {
    return this.add(o.neg());
  }

  neg(): Rational {
    return new Rational(-this.num, this.den);
  }

  mul(o: Rational): Rational {
    if (this.num === 0n || o.num === 0n) return Rational.ZERO;
    return Rational.of(this.num * o.num, this.den * o.den);
  }

  div(o: Rational): Rational {
    if (o.num === 0n) throw new RangeError('division by zero');
    return Rational.of(this.num * o.den, this.den * o.num);
  }

  mulInt(n: bigint): Rational {
    return Rational.of(this.num * n, this.den);
  }

  divInt(n: bigint): Rational {
    return Rational.of(this.num, this.den * n);
  }

  /** The same value: compared as held when the denominators agree (the usual case), else cross-multiplied. */
  equals(o: Rational): boolean {
    if (this.den === o.den) return this.num === o.num;
    return this.num * o.den === o.num * this.den;
  }

  cmp(o: Rational): number {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  isPositive(): boolean {
    return this.num > 0n;
  }

  /** Smallest integer ≥ this. */
  ceil(): bigint {
    const q = this.num / this.den;
    return this.num > 0n && q * this.den !== this.num ? q + 1n : q;
  }

  /** Rounds half-to-even to an integer count of 10^-places. */
  roundToScale(places: number): bigint {
    const num = this.num;
    const den = this.den;
    const scale = POWERS_OF_TEN[places] ?? 10n ** BigInt(places);
    if (den === 1n) return num * scale;
    const estimate = roundFromDoubles(num, den, places);
    if (!Number.isNaN(estimate)) return BigInt(estimate);
    return roundInBigints(num * scale, den);
  }

  /** Money as reported: exactly 6 decimals, half-to-even. */
  toFixed6(): string {
    // Zero is the most common figure of a report (no usage, no fees…).
    if (this === Rational.ZERO) return '0.000000';
    const num = this.num;
    const den = this.den;
    if (den === 1n) return `${num}.000000`;
    const estimate = roundFromDoubles(num, den, 6);
    if (!Number.isNaN(estimate)) {
      return estimate < 0 ? '-' + formatScaled(String(-estimate), 6) : formatScaled(String(estimate), 6);
    }
    const scaled = roundInBigints(num * MICROS, den);
    return scaled < 0n ? '-' + formatScaled((-scaled).toString(), 6) : formatScaled(scaled.toString(), 6);
  }

  /**
   * The value in integer micro-units (1e-6), half-to-even, as a number when doubles decide it cheaply (see
   * roundFromDoubles); NaN otherwise, and the caller takes toFixed6() or toMicros().
   */
  microsEstimate(): number {
    if (this.num === 0n) return 0;
    return roundFromDoubles(this.num, this.den, 6);
  }

  /** Integer micro-units (1e-6), half-to-even. */
  toMicros(): bigint {
    return this.roundToScale(6);
  }

  /**
   * Seconds as reported: a number rounded half-to-even to 3 decimals. For k below 2^53, k / 1000 is the double
   * nearest to the decimal k × 10^-3, just as Number() of its text: both are correctly rounded.
   */
  toSeconds3(): number {
    const num = this.num;
    const den = this.den;
    let scaled: bigint;
    if (den === 1n) {
      if (num <= MAX_EXACT_INTEGER && num >= -MAX_EXACT_INTEGER) return Number(num);
      scaled = num * MILLIS;
    } else {
      const estimate = roundFromDoubles(num, den, 3);
      if (!Number.isNaN(estimate)) return estimate / 1000;
      scaled = roundInBigints(num * MILLIS, den);
    }
    if (scaled <= MAX_EXACT_INTEGER && scaled >= -MAX_EXACT_INTEGER) return Number(scaled) / 1000;
    return Number(scaled < 0n ? '-' + formatScaled((-scaled).toString(), 3) : formatScaled(scaled.toString(), 3));
  }

  toString(): string {
    const r = this.normalized();
    return r.den === 1n ? r.num.toString() : `${r.num}/${r.den}`;
  }
}

const INTEGER = -1;
const NOT_DECIMAL = -2;

/** For DECIMAL_PATTERN: the index of the point, INTEGER without one, or NOT_DECIMAL. */
function decimalPoint(text: string): number {
  const length = text.length;
  let index = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const start = index;
  while (index < length && isDigit(text.charCodeAt(index))) index++;
  if (index === start) return NOT_DECIMAL;
  if (index === length) return INTEGER;
  const point = index;
  if (text.charCodeAt(point) !== 46 /* . */) return NOT_DECIMAL;
  index++;
  while (index < length && isDigit(text.charCodeAt(index))) index++;
  return index === length && index > point + 1 ? point : NOT_DECIMAL;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * round(num × 10^places / den), half-to-even, without bigint arithmetic (a division costs ~100 ns); NaN when the
 * estimate cannot decide and the caller must round exactly. Number(num), Number(den), the quotient and the product
 * are each correctly rounded, so the estimate is within 5 × 2^-53 of the value relatively, and under ESTIMATE_LIMIT
 * (2^40) within 5 × 2^-13 absolutely: less than ESTIMATE_MARGIN. Farther than that from a tie, the estimate and the
 * value round to the same integer.
 */
function roundFromDoubles(num: bigint, den: bigint, places: number): number {
  const scale = SMALL_POWERS_OF_TEN[places];
  const divisor = Number(den);
  // A denominator of 2^1024 or more reads as Infinity and would give 0.
  if (scale === undefined || !(divisor < Infinity)) return NaN;
  const estimate = (Number(num) / divisor) * scale;
  const negative = estimate < 0;
  const magnitude = negative ? -estimate : estimate;
  if (!(magnitude < ESTIMATE_LIMIT)) return NaN; // also NaN and Infinity
  const whole = Math.floor(magnitude);
  const fraction = magnitude - whole; // exact (Sterbenz)
  let rounded: number;
  if (fraction < 0.5 - ESTIMATE_MARGIN) rounded = whole;
  else if (fraction > 0.5 + ESTIMATE_MARGIN) rounded = whole + 1;
  else return NaN;
  return negative && rounded !== 0 ? -rounded : rounded;
}

/** n / d rounded half-to-even, d > 0. */
function roundInBigints(n: bigint, d: bigint): bigint {
  const q = n / d; // truncated towards zero
  const r = n - q * d; // the sign of n
  if (r === 0n) return q;
  const twice = r < 0n ? -r * 2n : r * 2n;
  if (twice < d || (twice === d && (q & 1n) === 0n)) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/** `digits` (the magnitude, no sign) with a decimal point before its last `places` digits. */
function formatScaled(digits: string, places: number): string {
  const length = digits.length;
  if (length > places) return digits.slice(0, length - places) + '.' + digits.slice(length - places);
  return ZERO_POINT_PADDING[places - length] + digits;
}

export function sumRationals(values: Iterable<Rational>): Rational {
  let total = Rational.ZERO;
  for (const v of values) total = total.add(v);
  return total;
}
