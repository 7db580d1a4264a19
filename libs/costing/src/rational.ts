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
    if (this.den === o.den) return Rational.of(this.num + o.num, this.den);
    if (this.den > o.den && this.den % o.den === 0n)
      return Rational.of(this.num + o.num * (this.den / o.den), this.den);
    if (o.den > this.den && o.den % this.den === 0n) return Rational.of(this.num * (o.den / this.den) + o.num, o.den);
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
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
    const scale = 10n ** BigInt(places);
    const n = this.num * scale;
    const d = this.den;
    const negative = n < 0n;
    const abs = negative ? -n : n;
    let q = abs / d;
    const r = abs - q * d;
    const twice = r * 2n;
    if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
    return negative ? -q : q;
  }

  /** Money as reported: exactly 6 decimals, half-to-even. */
  toFixed6(): string {
    return formatScaled(this.roundToScale(6), 6);
  }

  /** Integer micro-units (1e-6), half-to-even. */
  toMicros(): bigint {
    return this.roundToScale(6);
  }

  /** Seconds as reported: a number rounded half-to-even to 3 decimals. */
  toSeconds3(): number {
    return Number(formatScaled(this.roundToScale(3), 3));
  }

  toString(): string {
    const r = this.normalized();
    return r.den === 1n ? r.num.toString() : `${r.num}/${r.den}`;
  }
}

function formatScaled(value: bigint, places: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, '0');
  const text = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

export function sumRationals(values: Iterable<Rational>): Rational {
  let total = Rational.ZERO;
  for (const v of values) total = total.add(v);
  return total;
}
