// RFC 3339 text for integer-millisecond instants, fast enough for a million events a second: the date part is
// cached per day and the clock part is built from lookup tables instead of Date#toISOString.

const DAY_MS = 86_400_000;
const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

export type TimeStyle = 'utc-ms' | 'utc-s' | 'offset';

const MINUTE_MS = 60_000;

/** "SSZ" for every second of a minute. */
const WHOLE_SECONDS_Z: string[] = Array.from({ length: 60 }, (_, i) => PAD2[i] + 'Z');

/** `YYYY-MM-DDTHH:MM:` of the minute holding a (possibly zone-shifted) millisecond count, cached per minute. */
class MinutePrefixCache {
  private minute = NaN;
  private prefix = '';
  private day = NaN;
  private dayPrefix = '';

  prefixOf(minute: number): string {
    if (minute !== this.minute) {
      this.minute = minute;
      const day = Math.floor(minute / 1440);
      if (day !== this.day) {
        this.day = day;
        this.dayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
      }
      const inDay = minute - day * 1440;
      this.prefix = this.dayPrefix + PAD2[Math.floor(inDay / 60)] + ':' + PAD2[inDay % 60] + ':';
    }
    return this.prefix;
  }
}

const canonicalMinutes = new MinutePrefixCache();

/** `YYYY-MM-DDTHH:MM:SS.mmmZ`, identical to Date#toISOString for years 0–9999. */
export function formatUtcMillis(ms: number): string {
  const minute = Math.floor(ms / MINUTE_MS);
  const inMinute = ms - minute * MINUTE_MS;
  const seconds = Math.floor(inMinute / 1000);
  return canonicalMinutes.prefixOf(minute) + PAD2[seconds] + '.' + PAD3[inMinute - seconds * 1000] + 'Z';
}

/** `±HH:MM` for an offset in minutes east of UTC. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return sign + PAD2[Math.floor(abs / 60)] + ':' + PAD2[abs % 60];
}

/** The `time` text one tenant's platform sends: UTC with milliseconds, UTC whole seconds, or local time + offset. */
export class TenantTimeFormatter {
  private readonly minutes = new MinutePrefixCache();
  private offsetMs = 0;
  private suffix = 'Z';

  constructor(readonly style: TimeStyle) {}

  setOffsetMinutes(offsetMinutes: number): void {
    if (this.style !== 'offset') return;
    this.offsetMs = offsetMinutes * MINUTE_MS;
    this.suffix = formatOffset(offsetMinutes);
  }

  /** Whole-second platforms report the second the event happened in. */
  truncate(ms: number): number {
    return this.style === 'utc-s' ? ms - (((ms % 1000) + 1000) % 1000) : ms;
  }

  /** The text of an instant already passed through `truncate`. For 'utc-ms' it is formatUtcMillis(ms). */
  format(ms: number): string {
    const local = ms + this.offsetMs;
    const minute = Math.floor(local / MINUTE_MS);
    const inMinute = local - minute * MINUTE_MS;
    if (this.style === 'utc-s') return this.minutes.prefixOf(minute) + WHOLE_SECONDS_Z[inMinute / 1000];
    const seconds = Math.floor(inMinute / 1000);
    return this.minutes.prefixOf(minute) + PAD2[seconds] + '.' + PAD3[inMinute - seconds * 1000] + this.suffix;
  }
}
