/**
 * Exact rational arithmetic on bigints for the reference replay oracle.
 *
 * cost-model.md, "Money and rounding": compute exactly, never binary floating point; report money with exactly 6
 * places, rounded half-to-even once from the exact value; seconds round half-to-even to 3 places like money.
 */

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Floor division of bigints (rounds toward −∞, unlike `/`). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** An exact rational number n/d with d > 0 and gcd(n, d) = 1. */
export class Rational {
  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static of(n: bigint, d: bigint = 1n): Rational {
    if (d === 0n) throw new Error('division by zero');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d);
    return g > 1n ? new Rational(n / g, d / g) : new Rational(n, d);
  }

  static int(n: number | bigint): Rational {
    return Rational.of(BigInt(n));
  }

  add(o: Rational): Rational {
    return this.d === o.d ? Rational.of(this.n + o.n, this.d) : Rational.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }

  sub(o: Rational): Rational {
    return this.add(o.neg());
  }

  mul(o: Rational): Rational {
    return Rational.of(this.n * o.n, this.d * o.d);
  }

  div(o: Rational): Rational {
    return Rational.of(this.n * o.d, this.d * o.n);
  }

  neg(): Rational {
    return new Rational(-this.n, this.d);
  }

  cmp(o: Rational): number {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  eq(o: Rational): boolean {
    return this.n === o.n && this.d === o.d;
  }

  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }

  lte(o: Rational): boolean {
    return this.cmp(o) <= 0;
  }

  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }

  gte(o: Rational): boolean {
    return this.cmp(o) >= 0;
  }

  isZero(): boolean {
    return this.n === 0n;
  }

  isInteger(): boolean {
    return this.d === 1n;
  }

  floor(): bigint {
    return floorDiv(this.n, this.d);
  }

  ceil(): bigint {
    return -floorDiv(-this.n, this.d);
  }

  /** A string usable as a Map key (exact, canonical). */
  key(): string {
    return `${this.n}/${this.d}`;
  }

  static min(a: Rational, b: Rational): Rational {
    return a.lte(b) ? a : b;
  }

  static max(a: Rational, b: Rational): Rational {
    return a.gte(b) ? a : b;
  }

  static sum(xs: Iterable<Rational>): Rational {
    let s = Rational.ZERO;
    for (const x of xs) s = s.add(x);
    return s;
  }
}

/** Round x × 10^places to an integer, half-to-even ("banker's rounding"), from the exact value. */
export function roundHalfEven(x: Rational, places: number): bigint {
  const scale = 10n ** BigInt(places);
  const n = x.n * scale;
  const d = x.d;
  const q = floorDiv(n, d);
  const twiceRem = 2n * (n - q * d); // 0 ≤ rem < d
  if (twiceRem < d) return q;
  if (twiceRem > d) return q + 1n;
  return q % 2n === 0n ? q : q + 1n;
}

function formatScaled(units: bigint, places: number): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const scale = 10n ** BigInt(places);
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(places, '0');
  return `${neg ? '-' : ''}${whole}${places > 0 ? '.' + frac : ''}`;
}

/** Money: a decimal string with exactly 6 places, rounded half-to-even once (cost-model.md, "Money and rounding"). */
export function formatMoney(x: Rational): string {
  return formatScaled(roundHalfEven(x, 6), 6);
}

/** Seconds: a JS number, rounded half-to-even to 3 places (cost-model.md, "Precise points", Rounding). */
export function formatSeconds(x: Rational): number {
  return Number(formatScaled(roundHalfEven(x, 3), 3));
}

const DECIMAL_RE = /^-?[0-9]+(\.[0-9]+)?$/;
const JSON_NUMBER_RE = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/** Largest |exponent| the oracle evaluates exactly; beyond it a JSON number is treated as out of every range. */
export const MAX_EXPONENT = 100000;

/** A decimal string `-?[0-9]+(\.[0-9]+)?` (events.md, "Validation details"), or null if it is not one. */
export function parseDecimalString(s: string): Rational | null {
  if (!DECIMAL_RE.test(s)) return null;
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [intPart, fracPart = ''] = body.split('.');
  const n = BigInt(intPart + fracPart);
  return Rational.of(neg ? -n : n, 10n ** BigInt(fracPart.length));
}

/**
 * The exact value of a JSON number's decimal text ("a JSON number is read at the value of its decimal text").
 * Returns null when the exponent is too large to evaluate (see MAX_EXPONENT).
 */
export function parseJsonNumberText(text: string): Rational | null {
  const m = JSON_NUMBER_RE.exec(text);
  if (!m) throw new Error(`not a JSON number: ${text}`);
  const [, sign, intPart, fracPart = '', expPart] = m;
  const exp = BigInt(expPart ?? '0') - BigInt(fracPart.length);
  const mantissa = BigInt(intPart + fracPart);
  if (mantissa === 0n) return Rational.ZERO;
  if (exp > BigInt(MAX_EXPONENT) || exp < -BigInt(MAX_EXPONENT)) return null;
  const signed = sign === '-' ? -mantissa : mantissa;
  return exp >= 0n ? Rational.of(signed * 10n ** exp) : Rational.of(signed, 10n ** -exp);
}
