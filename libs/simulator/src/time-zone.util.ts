// IANA time-zone arithmetic through Intl, used a few times per simulated day (shift planning), never per event.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

function localParts(timeZone: string, atMs: number): LocalDate & { hour: number; minute: number; second: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(atMs));
  const value = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: value('year'),
    month: value('month'),
    day: value('day'),
    hour: value('hour'),
    minute: value('minute'),
    second: value('second'),
  };
}

/** Minutes east of UTC in force in `timeZone` at the instant `atMs`. */
export function zoneOffsetMinutes(timeZone: string, atMs: number): number {
  const p = localParts(timeZone, atMs);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(atMs / 1000) * 1000) / 60_000);
}

export function localDateOf(timeZone: string, atMs: number): LocalDate {
  const { year, month, day } = localParts(timeZone, atMs);
  return { year, month, day };
}

/** The UTC instant of local midnight starting `date` in `timeZone`. */
export function localMidnight(timeZone: string, date: LocalDate): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  let utc = wall - zoneOffsetMinutes(timeZone, wall) * 60_000;
  utc = wall - zoneOffsetMinutes(timeZone, utc) * 60_000;
  return utc;
}

export function nextLocalDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

export function previousLocalDate(date: LocalDate): LocalDate {
  const prev = new Date(Date.UTC(date.year, date.month - 1, date.day - 1));
  return { year: prev.getUTCFullYear(), month: prev.getUTCMonth() + 1, day: prev.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}
