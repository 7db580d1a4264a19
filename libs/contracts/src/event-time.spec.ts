import fc from 'fast-check';
import { timeBeyondAttoseconds, ATTOSECONDS_PER_SECOND, formatEventTime, parseEventTime } from './event-time';

const MS = 1_000_000_000_000_000n;

/** Date.UTC in attoseconds, as an independent oracle for dates JavaScript handles well. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): bigint {
  return BigInt(Date.UTC(year, month - 1, day, hour, minute, second, ms)) * MS;
}

describe('parseEventTime', () => {
  it.each([
    ['2026-11-02T09:15:04.250Z', utc(2026, 11, 2, 9, 15, 4, 250)],
    ['2026-11-02T09:15:04Z', utc(2026, 11, 2, 9, 15, 4)],
    ['2026-11-02t09:15:04z', utc(2026, 11, 2, 9, 15, 4)],
    ['2026-11-02T15:00:00+01:00', utc(2026, 11, 2, 14)],
    ['2026-11-02T09:00:00-05:30', utc(2026, 11, 2, 14, 30)],
    ['2026-11-02T09:00:00-00:00', utc(2026, 11, 2, 9)],
    ['2026-11-02T23:59:59+23:59', utc(2026, 11, 2, 0, 0, 59)],
    ['1970-01-01T00:00:00Z', 0n],
    ['1969-12-31T23:59:59.999Z', -MS],
    ['2024-02-29T12:00:00Z', utc(2024, 2, 29, 12)],
    ['2000-02-29T00:00:00Z', utc(2000, 2, 29)],
    ['2026-12-31T23:59:59.5Z', utc(2026, 12, 31, 23, 59, 59, 500)],
    ['9999-12-31T23:59:59Z', utc(9999, 12, 31, 23, 59, 59)],
    ['1900-03-01T00:00:00Z', utc(1900, 3, 1)],
  ])('reads %s', (text, expected) => {
    expect(parseEventTime(text)).toBe(expected);
  });

  it('reads year 0000 (a leap year in the proleptic Gregorian calendar)', () => {
    // 719528 days from 0000-01-01 to 1970-01-01.
    expect(parseEventTime('0000-01-01T00:00:00Z')).toBe(-719528n * 86400n * ATTOSECONDS_PER_SECOND);
    expect(parseEventTime('0000-02-29T00:00:00Z')).not.toBeNull();
  });

  it('keeps every fraction digit down to the attosecond, any number of digits', () => {
    const second = parseEventTime('2026-11-02T09:15:04Z')!;
    expect(parseEventTime('2026-11-02T09:15:04.1Z')).toBe(second + 100_000_000_000_000_000n);
    expect(parseEventTime('2026-11-02T09:15:04.0001Z')).toBe(second + 100_000_000_000_000n);
    expect(parseEventTime('2026-11-02T09:15:04.123456789Z')).toBe(second + 123_456_789_000_000_000n);
    expect(parseEventTime('2026-11-02T09:15:04.123456789012345678Z')).toBe(second + 123_456_789_012_345_678n);
    expect(parseEventTime('2026-11-02T09:15:04.000000000000000001Z')).toBe(second + 1n);
    expect(parseEventTime('2026-11-02T09:15:04.000000Z')).toBe(second);
  });

  it('keeps the instant to the attosecond, and the digits beyond it for timeBeyondAttoseconds', () => {
    const second = parseEventTime('2026-11-02T09:15:04Z')!;
    expect(parseEventTime('2026-11-02T09:15:04.1234567890123456789999Z')).toBe(second + 123_456_789_012_345_678n);
    expect(parseEventTime('2026-11-02T09:15:04.0000000000000000009Z')).toBe(second);
    expect(timeBeyondAttoseconds('2026-11-02T09:15:04.1234567890123456789999Z')).toBe('9999');
    expect(timeBeyondAttoseconds('2026-11-02T09:15:04.0000000000000000009Z')).toBe('9');
    expect(timeBeyondAttoseconds('2026-11-02T09:15:04.000000000000000000050-05:00')).toBe('05');
  });

  it('finds no digits beyond the attosecond in a time without them (trailing zeros are none)', () => {
    for (const time of [
      '2026-11-02T09:15:04Z',
      '2026-11-02T09:15:04.250Z',
      '2026-11-02T09:15:04.123456789012345678Z',
      '2026-11-02T09:15:04.123456789012345678+01:00',
      '2026-11-02T09:15:04.1234567890123456780000000Z',
      '2026-11-02T09:15:04.000000000000000000000z',
    ])
      expect(timeBeyondAttoseconds(time)).toBe('');
  });

  it('orders fractions beyond the attosecond as text, the way their values are ordered', () => {
    const beyond = (digits: string) => timeBeyondAttoseconds(`2026-11-02T09:15:04.${'0'.repeat(18)}${digits}Z`);
    const values = ['0', '000001', '00001', '05', '0999', '1', '10000000000000000000000001', '5', '50000001', '9'];
    const texts = values.map(beyond);
    expect([...texts].sort()).toEqual(texts);
    expect(new Set(texts).size).toBe(values.length);
  });

  it('applies fractions and offsets together', () => {
    expect(parseEventTime('2026-11-02T10:15:04.25+01:00')).toBe(parseEventTime('2026-11-02T09:15:04.250Z'));
    expect(parseEventTime('1969-12-31T19:00:00.000000000000000001-05:00')).toBe(1n);
  });

  it.each([
    ['no zone', '2026-11-02T09:15:04'],
    ['no zone, with fraction', '2026-11-02T09:15:04.250'],
    ['+HHMM offset', '2026-11-02T09:15:04+0100'],
    ['+HH offset', '2026-11-02T09:15:04+01'],
    ['a space for T', '2026-11-02 14:00:00Z'],
    ['second 60', '2026-12-31T23:59:60Z'],
    ['February 30', '2026-02-30T00:00:00Z'],
    ['February 29 of a common year', '2026-02-29T00:00:00Z'],
    ['February 29 of 1900', '1900-02-29T00:00:00Z'],
    ['April 31', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['month 00', '2026-00-01T00:00:00Z'],
    ['day 00', '2026-01-00T00:00:00Z'],
    ['day 32', '2026-01-32T00:00:00Z'],
    ['hour 24', '2026-11-02T24:00:00Z'],
    ['minute 60', '2026-11-02T09:60:00Z'],
    ['offset hours 24', '2026-11-02T09:15:04+24:00'],
    ['offset minutes 60', '2026-11-02T09:15:04+01:60'],
    ['missing seconds', '2026-11-02T09:15Z'],
    ['missing seconds with offset', '2026-11-02T09:15+01:00'],
    ['empty fraction', '2026-11-02T09:15:04.Z'],
    ['comma fraction', '2026-11-02T09:15:04,250Z'],
    ['one-digit month', '2026-1-02T09:15:04Z'],
    ['five-digit year', '12026-11-02T09:15:04Z'],
    ['signed year', '+2026-11-02T09:15:04Z'],
    ['trailing text', '2026-11-02T09:15:04Zx'],
    ['trailing newline', '2026-11-02T09:15:04Z\n'],
    ['leading space', ' 2026-11-02T09:15:04Z'],
    ['offset and Z', '2026-11-02T09:15:04+01:00Z'],
    ['Z and offset', '2026-11-02T09:15:04Z+01:00'],
    ['non-ASCII digits', '２０２６-11-02T09:15:04Z'],
    ['letters', 'yesterday at noon'],
    ['a date alone', '2026-11-02'],
    ['empty', ''],
    ['UTC word', '2026-11-02T09:15:04 UTC'],
  ])('rejects %s: %j', (_why, text) => {
    expect(parseEventTime(text)).toBeNull();
  });

  it('agrees with Date.UTC on every generated millisecond time', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(parseEventTime(date.toISOString())).toBe(BigInt(date.getTime()) * MS);
        },
      ),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const at = parseEventTime(text);
        expect(at === null || typeof at === 'bigint').toBe(true);
      }),
    );
  });
});

describe('formatEventTime', () => {
  it('formats UTC with exactly milliseconds', () => {
    expect(formatEventTime(parseEventTime('2026-11-02T16:00:00+01:00')!)).toBe('2026-11-02T15:00:00.000Z');
    expect(formatEventTime(0n)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('truncates below the millisecond, towards the past', () => {
    expect(formatEventTime(parseEventTime('2026-11-02T15:00:00.999999999Z')!)).toBe('2026-11-02T15:00:00.999Z');
    expect(formatEventTime(parseEventTime('2026-11-02T15:00:00.0009Z')!)).toBe('2026-11-02T15:00:00.000Z');
    expect(formatEventTime(-1n)).toBe('1969-12-31T23:59:59.999Z');
  });

  it('round-trips any millisecond time', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const text = date.toISOString();
          expect(formatEventTime(parseEventTime(text)!)).toBe(text);
        },
      ),
    );
  });
});

/** The first version of parseEventTime, without its caches: the oracle for calls in any order. */
function referenceParse(text: string): bigint | null {
  const m =
    /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))$/.exec(
      text,
    );
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [0, 31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month];
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (m[9] !== undefined) {
    if (Number(m[10]) > 23 || Number(m[11]) > 59) return null;
    offset = (Number(m[10]) * 3600 + Number(m[11]) * 60) * (m[9] === '+' ? 1 : -1);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const seconds = BigInt(date.getTime() / 1000 + hour * 3600 + minute * 60 + second - offset);
  const fraction = BigInt(((m[7] ?? '') + '0'.repeat(18)).slice(0, 18));
  return seconds * ATTOSECONDS_PER_SECOND + fraction;
}

describe('parseEventTime caches (last date, last second)', () => {
  // Few dates and seconds, so that consecutive calls often share them, and invalid dates among them.
  const twoDigits = (n: number) => String(n).padStart(2, '0');
  const anyDate = fc
    .tuple(fc.constantFrom(1900, 2000, 2024, 2026), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([year, month, day]) => `${year}-${twoDigits(month)}-${twoDigits(day)}`);
  const date = fc.oneof(
    fc.constantFrom('2026-11-02', '2026-11-03', '2024-02-29', '2026-02-29', '2026-04-31', '1970-01-01', '1969-12-31'),
    anyDate,
  );
  const clock = fc.constantFrom('00:00:00', '09:15:04', '09:15:05', '23:59:59', '24:00:00', '09:60:00');
  const fraction = fc.oneof(fc.constant(''), fc.stringMatching(/^\.[0-9]{0,4}$/), fc.stringMatching(/^\.[0-9]{5,22}$/));
  const zone = fc.constantFrom('Z', 'z', '+01:00', '-05:30', '+00:00', '+24:00', '+0100', '');
  const time = fc.tuple(date, fc.constantFrom('T', 't', ' '), clock, fraction, zone).map((parts) => parts.join(''));

  it('agree with reading each time afresh, in any order', () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 30 }), (times) => {
        for (const text of times) expect(parseEventTime(text)).toBe(referenceParse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('read any date (valid or not) of a leap year right after any other', () => {
    const texts: string[] = [];
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) texts.push(`2024-${twoDigits(month)}-${twoDigits(day)}T12:00:00Z`);
    }
    const expected = texts.map(referenceParse);
    const wrong: string[] = [];
    texts.forEach((previous) =>
      texts.forEach((text, i) => {
        parseEventTime(previous);
        if (parseEventTime(text) !== expected[i]) wrong.push(`${previous} then ${text}`);
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('start from a state that agrees with a first call on 1970-01-01 or any other date', async () => {
    for (const text of [
      '1970-01-01T00:00:00Z',
      '1970-01-01T00:00:00.5Z',
      '1970-02-30T00:00:00Z',
      '2026-02-29T00:00:00Z',
    ]) {
      await jest.isolateModulesAsync(async () => {
        const fresh = await import('./event-time');
        expect(fresh.parseEventTime(text)).toBe(referenceParse(text));
      });
    }
  });
});
