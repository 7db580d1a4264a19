// RFC 3339 text for integer-millisecond instants, fast enough for a million events a second: the date part is
// cached per day and the clock part is built from lookup tables instead of Date#toISOString.

const DAY_MS = 86_400_000;
const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

export type TimeStyle = 'utc-ms' | 'utc-s' | 'offset';

class DayPrefixCache {
  private day = NaN;
  private prefix = '';

  /** `YYYY-MM-DDT` of the day holding `ms` (ms is a wall-clock instant in whatever frame the caller uses). */
  prefixOf(day: number): string {
    if (day !== this.day) {
      this.day = day;
      this.prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    }
    return this.prefix;
  }
}

const canonicalDays = new DayPrefixCache();

/** `YYYY-MM-DDTHH:MM:SS.mmmZ`, identical to Date#toISOString for years 0–9999. */
export function formatUtcMillis(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return (
    canonicalDays.prefixOf(day) +
    PAD2[hours] +
    ':' +
    PAD2[minutes] +
    ':' +
    PAD2[seconds] +
    '.' +
    PAD3[rest - seconds * 1000] +
    'Z'
  );
}

/** `±HH:MM` for an offset in minutes east of UTC. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return sign + PAD2[Math.floor(abs / 60)] + ':' + PAD2[abs % 60];
}

/** The `time` text one tenant's platform sends: UTC with milliseconds, UTC whole seconds, or local time + offset. */
export class TenantTimeFormatter {
  private readonly days = new DayPrefixCache();
  private offsetMs = 0;
  private offsetText = 'Z';

  constructor(readonly style: TimeStyle) {}

  setOffsetMinutes(offsetMinutes: number): void {
    this.offsetMs = offsetMinutes * 60_000;
    this.offsetText = formatOffset(offsetMinutes);
  }

  /** Whole-second platforms report the second the event happened in. */
  truncate(ms: number): number {
    return this.style === 'utc-s' ? ms - (((ms % 1000) + 1000) % 1000) : ms;
  }

  /** Text for an instant already passed through `truncate`. */
  format(ms: number, canonical: string): string {
    if (this.style === 'utc-ms') return canonical;
    if (this.style === 'utc-s') return canonical.slice(0, 19) + 'Z';
    const local = ms + this.offsetMs;
    const day = Math.floor(local / DAY_MS);
    let rest = local - day * DAY_MS;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    return (
      this.days.prefixOf(day) +
      PAD2[hours] +
      ':' +
      PAD2[minutes] +
      ':' +
      PAD2[seconds] +
      '.' +
      PAD3[rest - seconds * 1000] +
      this.offsetText
    );
  }
}
