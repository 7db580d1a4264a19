// Local calendar days of an IANA time zone, in exact attoseconds, with the zone offsets cached per quarter hour.

export const ATTOS_PER_SECOND = 10n ** 18n;
const ATTOS_PER_MS = 10n ** 15n;
const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const QUARTER_HOUR_MS = 900_000;

function civilFromDays(days: number): string {
  // Howard Hinnant's days-to-civil algorithm.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days-from-civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

export class LocalCalendar {
  private readonly format: Intl.DateTimeFormat | null;
  private readonly offsets = new Map<number, number>();
  private readonly midnights = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format =
      timeZone === 'UTC'
        ? null
        : new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
            era: 'short',
          });
  }

  /** Offset of local time from UTC in ms at an instant (ms since the epoch). */
  private offsetMs(ms: number): number {
    if (!this.format) return 0;
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    const cached = this.offsets.get(quarter);
    if (cached !== undefined) return cached;
    const probe = quarter * QUARTER_HOUR_MS;
    const parts = this.format.formatToParts(new Date(probe));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    // Not Date.UTC, which reads years 0–99 as 1900–1999; and the year is counted in eras (1 BC is year 0).
    const beforeChrist = parts.find((p) => p.type === 'era')?.value === 'BC';
    const year = beforeChrist ? 1 - get('year') : get('year');
    const local =
      daysFromCivil(year, get('month'), get('day')) * MS_PER_DAY +
      get('hour') * MS_PER_HOUR +
      get('minute') * 60_000 +
      get('second') * 1000;
    const offset = local - probe;
    this.offsets.set(quarter, offset);
    return offset;
  }

  private localDayIndex(ms: number): number {
    return Math.floor((ms + this.offsetMs(ms)) / MS_PER_DAY);
  }

  /** The local date (YYYY-MM-DD) of an instant in attoseconds. */
  dayOf(at: bigint): string {
    return civilFromDays(this.localDayIndex(Number(floorDiv(at, ATTOS_PER_MS))));
  }

  /** The first instant (attoseconds) of the local day after the one containing `at`. */
  nextMidnight(at: bigint): bigint {
    const ms = Number(floorDiv(at, ATTOS_PER_MS));
    const day = this.localDayIndex(ms);
    let boundary = this.midnights.get(day);
    if (boundary === undefined) {
      boundary = this.findDayStart(day + 1, ms);
      this.midnights.set(day, boundary);
    }
    return BigInt(boundary) * ATTOS_PER_MS;
  }

  /** First ms whose local day index is `day`, searching forward from `from` (which is in an earlier day). */
  private findDayStart(day: number, from: number): number {
    const target = day * MS_PER_DAY;
    let guess = target - this.offsetMs(from);
    guess = target - this.offsetMs(guess);
    if (this.localDayIndex(guess) === day && this.localDayIndex(guess - 1) < day) return guess;
    // Transitions around midnight: bisect between an instant in an earlier day and one in this day or later.
    let lo = from;
    let hi = from + 2 * MS_PER_DAY;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.localDayIndex(mid) >= day) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}
