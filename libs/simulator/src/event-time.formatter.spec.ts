import { formatOffset, formatUtcMillis, TenantTimeFormatter } from './event-time.formatter';
import { SeededRandom } from './seeded-random';

describe('event time formatting', () => {
  it('formats like Date#toISOString', () => {
    const random = new SeededRandom(3);
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(2020, 0, 1) + Math.floor(random.next() * 3e11);
      expect(formatUtcMillis(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('writes whole seconds or local time with the offset, for the same instant', () => {
    const ms = Date.parse('2026-11-02T23:59:59.875Z');
    const seconds = new TenantTimeFormatter('utc-s');
    expect(seconds.format(seconds.truncate(ms))).toBe('2026-11-02T23:59:59Z');
    expect(new TenantTimeFormatter('utc-ms').format(ms)).toBe('2026-11-02T23:59:59.875Z');
    const kolkata = new TenantTimeFormatter('offset');
    kolkata.setOffsetMinutes(330);
    const text = kolkata.format(ms);
    expect(text).toBe('2026-11-03T05:29:59.875+05:30');
    expect(Date.parse(text)).toBe(ms);
    expect(formatOffset(-210)).toBe('-03:30');
  });
});
