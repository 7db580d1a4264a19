/**
 * Instants, RFC 3339 parsing and IANA time zones for the reference replay oracle.
 *
 * An instant is an exact Rational number of seconds since 1970-01-01T00:00:00Z, so that "any number of fraction
 * digits, kept exactly" (events.md, "Validation details") holds.
 */
import { floorDiv, Rational } from './reference-replay-rational';

export type Instant = Rational;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The proleptic Gregorian date [year, month, day] of a day number (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number, width: number): string => String(Math.abs(n)).padStart(width, '0');

/** `YYYY-MM-DD` of a day number. */
export function formatDay(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${y < 0 ? '-' : ''}${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

// events.md, "Validation details": `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, `T` and `Z` may be lower case.
const RFC3339_RE =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?([Zz]|[+-][0-9]{2}:[0-9]{2})$/;

/**
 * Parses an RFC 3339 time as events.md allows it; null when it is not one (no zone, `+HHMM`, a space for `T`, second
 * 60, an impossible date or hour/minute/offset out of range).
 */
export function parseRfc3339(s: string): Instant | null {
  const m = RFC3339_RE.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const fraction = m[7] ?? '';
  const zone = m[8];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetSeconds = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetSeconds = (zone[0] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const wholeSeconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  const frac = fraction === '' ? Rational.ZERO : Rational.of(BigInt(fraction), 10n ** BigInt(fraction.length));
  return Rational.int(wholeSeconds).add(frac);
}

/** replay.md: "the as-of instant in UTC with milliseconds" — sub-millisecond digits are truncated (floored). */
export function formatUtcMillis(t: Instant): string {
  const ms = t.mul(Rational.int(1000)).floor();
  const sec = floorDiv(ms, 1000n);
  const days = floorDiv(sec, 86400n);
  const secOfDay = Number(sec - days * 86400n);
  const msPart = Number(ms - sec * 1000n);
  const h = Math.floor(secOfDay / 3600);
  const mi = Math.floor((secOfDay % 3600) / 60);
  const s = secOfDay % 60;
  return `${formatDay(Number(days))}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(msPart, 3)}Z`;
}

/**
 * An IANA time zone (cost-model.md: "`timezone` is an IANA zone (default `UTC`); it decides which calendar day a cost
 * belongs to"). Offsets come from Intl.DateTimeFormat; they change only at whole seconds, so an instant's offset is
 * the offset of its whole second.
 */
export class Zone {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly offsets = new Map<bigint, bigint>();

  /** Throws a RangeError when `name` is not a time zone Intl knows. */
  constructor(readonly name: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Local time minus UTC, in seconds, at the whole second `sec` (seconds since the epoch). */
  offsetAt(sec: bigint): bigint {
    const cached = this.offsets.get(sec);
    if (cached !== undefined) return cached;
    const parts: Record<string, string> = {};
    for (const p of this.fmt.formatToParts(new Date(Number(sec) * 1000))) parts[p.type] = p.value;
    let year = Number(parts.year);
    if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
    const hour = Number(parts.hour) % 24;
    const wall =
      daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86400 +
      hour * 3600 +
      Number(parts.minute) * 60 +
      Number(parts.second);
    const offset = BigInt(wall) - sec;
    this.offsets.set(sec, offset);
    return offset;
  }

  /** The local calendar date `YYYY-MM-DD` of an instant. */
  localDate(t: Instant): string {
    const sec = t.floor();
    return formatDay(Number(floorDiv(sec + this.offsetAt(sec), 86400n)));
  }

  /**
   * Every local midnight and every UTC-offset change strictly between lo and hi (cost-model.md: cut "at every local
   * midnight"). Offset changes are extra cuts, which are harmless (a slice's figures are linear in its length) and
   * keep the local date constant inside each slice even when a DST change happens at midnight.
   */
  cutsBetween(lo: Instant, hi: Instant): Instant[] {
    const cuts: Instant[] = [];
    let t = lo.floor();
    while (Rational.of(t).lt(hi)) {
      const o = this.offsetAt(t);
      // The next local midnight if the offset stays o.
      let next = (floorDiv(t + o, 86400n) + 1n) * 86400n - o;
      if (this.offsetAt(next) !== o) {
        // The offset changes in (t, next]: find the first second with another offset (binary search).
        let a = t;
        let b = next;
        while (b - a > 1n) {
          const mid = a + (b - a) / 2n;
          if (this.offsetAt(mid) === o) a = mid;
          else b = mid;
        }
        next = b;
      }
      const cut = Rational.of(next);
      if (cut.gte(hi)) break;
      if (cut.gt(lo)) cuts.push(cut);
      t = next;
    }
    return cuts;
  }
}
