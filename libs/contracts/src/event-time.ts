// Event times of events.md: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, read exactly in integer arithmetic.
// Date.parse is not used: it accepts far more than the contract (no zone, `+HHMM`, a space, Feb 30 rolled over…).

export const ATTOSECONDS_PER_SECOND = 1_000_000_000_000_000_000n;
const ATTOSECONDS_PER_MILLISECOND = 1_000_000_000_000_000n;
const FRACTION_DIGITS_KEPT = 18;

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** i milliseconds in attoseconds, for i < 1000: an instant is then one bigint addition to its second. */
const MILLISECOND_INSTANTS: readonly bigint[] = Array.from(
  { length: 1000 },
  (_, i) => BigInt(i) * ATTOSECONDS_PER_MILLISECOND,
);
/**
 * Events arrive about in time order, most on the same date and in the same second as the one before: the last
 * valid date's day number and the last second's instant are kept.
 */
let lastDate = 19700101;
let lastDateDays = 0;
let lastSecond = 0;
let lastSecondInstant = 0n;

/**
 * Reads an event `time` as attoseconds (1e-18 s) since the Unix epoch, UTC; `null` when it is not RFC 3339 with a
 * zone as events.md defines it. Any number of fraction digits is accepted; digits beyond the 18th (below one
 * attosecond) are left to timeBeyondAttoseconds, which orders events equal to the attosecond. `-00:00` is read as UTC.
 */
export function parseEventTime(text: string): bigint | null {
  const length = text.length;
  // Shortest valid form: 2026-11-02T15:00:00Z
  if (length < 20) return null;
  const year = fourDigits(text, 0);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  const t = text.charCodeAt(10);
  if (
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 ||
    (t !== 84 /* T */ && t !== 116) /* t */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58
  ) {
    return null;
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  // Month and day are two digits each, so the key is one per date.
  const date = year * 10000 + month * 100 + day;
  if (date !== lastDate) {
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
    lastDate = date;
    lastDateDays = daysFromCivil(year, month, day);
  }

  // Fraction digits, the first three (milliseconds) read on the way.
  let index = 19;
  let milliseconds = 0;
  if (text.charCodeAt(19) === 46 /* . */) {
    index = 20;
    while (index < length) {
      const digit = text.charCodeAt(index) - 48;
      if (digit < 0 || digit > 9) break;
      if (index < 23) milliseconds = milliseconds * 10 + digit;
      index++;
    }
    if (index === 20) return null;
    if (index < 23) milliseconds *= index === 21 ? 100 : 10;
  }
  const fractionEnd = index;

  let offsetSeconds = 0;
  const zone = text.charCodeAt(index);
  if (zone === 90 /* Z */ || zone === 122 /* z */) {
    if (index + 1 !== length) return null;
  } else if (zone === 43 /* + */ || zone === 45 /* - */) {
    if (index + 6 !== length || text.charCodeAt(index + 3) !== 58) return null;
    const offsetHours = twoDigits(text, index + 1);
    const offsetMinutes = twoDigits(text, index + 4);
    if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 23 || offsetMinutes > 59) return null;
    offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (zone === 43 ? 1 : -1);
  } else {
    return null;
  }

  // At most ~2.5e11 for year 9999: exact in a double.
  const seconds = lastDateDays * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  if (seconds !== lastSecond) {
    lastSecond = seconds;
    lastSecondInstant = BigInt(seconds) * ATTOSECONDS_PER_SECOND;
  }
  if (fractionEnd <= 23) {
    // The usual milliseconds (or none): one addition, or none.
    return milliseconds === 0 ? lastSecondInstant : lastSecondInstant + MILLISECOND_INSTANTS[milliseconds];
  }
  const kept = text.slice(20, Math.min(fractionEnd, 20 + FRACTION_DIGITS_KEPT));
  return lastSecondInstant + BigInt(kept.padEnd(FRACTION_DIGITS_KEPT, '0'));
}

/**
 * The fraction digits of an event time beyond the 18th (below one attosecond), trailing zeros dropped: '' when there
 * are none. parseEventTime keeps the instant to the attosecond; these order two events equal to the attosecond
 * (compared as text: digit strings without trailing zeros compare as the fractions they are). For a valid time.
 */
export function timeBeyondAttoseconds(text: string): string {
  // Shortest time with a 19th fraction digit: 2026-11-02T15:00:00. + 19 digits + Z
  if (text.length < 40 || text.charCodeAt(19) !== 46 /* . */) return '';
  let end = 20;
  while (end < text.length && isDigitCode(text.charCodeAt(end))) end++;
  const first = 20 + FRACTION_DIGITS_KEPT;
  let last = end;
  while (last > first && text.charCodeAt(last - 1) === 48 /* 0 */) last--;
  return last > first ? text.slice(first, last) : '';
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Formats an instant as UTC ISO 8601 with exactly milliseconds (`2026-11-02T15:00:00.000Z`), truncating anything
 * below the millisecond (towards the past). Throws a RangeError outside JavaScript's date range (±275 760 years).
 */
export function formatEventTime(at: bigint): string {
  let milliseconds = at / ATTOSECONDS_PER_MILLISECOND;
  if (at % ATTOSECONDS_PER_MILLISECOND < 0n) milliseconds -= 1n;
  return new Date(Number(milliseconds)).toISOString();
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month];
}

/** The two-digit number at `index`, or -1. */
function twoDigits(text: string, index: number): number {
  const a = text.charCodeAt(index) - 48;
  const b = text.charCodeAt(index + 1) - 48;
  // Written so that NaN (past the end of the text) also fails.
  if (!(a >= 0 && a <= 9 && b >= 0 && b <= 9)) return -1;
  return a * 10 + b;
}

function fourDigits(text: string, index: number): number {
  const high = twoDigits(text, index);
  const low = twoDigits(text, index + 2);
  return high < 0 || low < 0 ? -1 : high * 100 + low;
}
