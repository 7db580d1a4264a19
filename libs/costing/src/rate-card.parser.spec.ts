// cost-model.md "Rate cards" and "Precise points › Rate cards": defaults, and every way a file is invalid, each
// reported as a RateCardError naming the place.
import { Rational } from './rational';
import { RateCardError, parseRateCardText, parseRateCards } from './rate-card.parser';
import { PLAIN_VERSION } from './testing/cost-day.builder';

function withVersion(patch: Record<string, unknown>, drop: string[] = []) {
  const version: Record<string, unknown> = { ...PLAIN_VERSION, ...patch };
  for (const key of drop) delete version[key];
  return { acme: { currency: 'USD', timezone: 'UTC', versions: [version] } };
}

function errorOf(json: unknown): RateCardError {
  try {
    parseRateCards(json);
  } catch (error) {
    expect(error).toBeInstanceOf(RateCardError);
    return error as RateCardError;
  }
  throw new Error('expected a RateCardError');
}

describe('rate-card defaults', () => {
  it('applies the documented defaults to a minimal card', () => {
    const card = parseRateCards({
      acme: { versions: [{ effectiveFrom: '2026-01-01T00:00:00Z', labourPerHour: { default: '30.00' } }] },
    }).tenant('acme');
    expect(card.timezone).toBe('UTC');
    const v = card.versions[0];
    expect(v.overheadPerAgentHour.isZero()).toBe(true);
    expect(v.telephonyPerMinute.size).toBe(0);
    expect(v.telephonyIncrementSeconds.cmp(Rational.ONE)).toBe(0);
    expect(v.chatPerSession.isZero()).toBe(true);
    expect(v.ticketPerTicket.isZero()).toBe(true);
    expect(v.usage.size).toBe(0);
    expect(v.wrapupLimitSeconds.cmp(Rational.fromInt(900))).toBe(0);
    expect(v.scaledWeights.voice).toBe(v.scaledWeights.chat);
    expect(v.scaledWeights.chat).toBe(v.scaledWeights.ticket);
  });

  it('reads a JSON number at the value of its decimal text', () => {
    const v = parseRateCards(withVersion({ labourPerHour: { default: 30.1 }, overheadPerAgentHour: 1e-7 })).tenant(
      'acme',
    ).versions[0];
    expect(v.labourPerHour.get('default')!.cmp(Rational.parseDecimal('30.1'))).toBe(0);
    expect(v.overheadPerAgentHour.cmp(Rational.parseDecimal('0.0000001'))).toBe(0);
  });

  it('sorts versions listed in any order', () => {
    const card = parseRateCards({
      acme: {
        versions: [
          { effectiveFrom: '2026-06-01T00:00:00Z', labourPerHour: { default: '2' } },
          { effectiveFrom: '2026-01-01T00:00:00Z', labourPerHour: { default: '1' } },
        ],
      },
    }).tenant('acme');
    expect(card.versions.map((v) => v.labourPerHour.get('default')!.toString())).toEqual(['1', '2']);
  });
});

describe('invalid rate-card files', () => {
  it.each<[string, unknown, RegExp]>([
    [
      'two versions with the same effectiveFrom (the same instant in another offset)',
      {
        acme: {
          versions: [
            { effectiveFrom: '2026-01-01T00:00:00Z', labourPerHour: { default: '1' } },
            { effectiveFrom: '2026-01-01T01:00:00+01:00', labourPerHour: { default: '2' } },
          ],
        },
      },
      /acme\.versions\[\d\]\.effectiveFrom/,
    ],
    ['a missing effectiveFrom', withVersion({}, ['effectiveFrom']), /acme\.versions\[0\]\.effectiveFrom/],
    [
      'an effectiveFrom that is not RFC 3339',
      withVersion({ effectiveFrom: '2026-01-01' }),
      /acme\.versions\[0\]\.effectiveFrom/,
    ],
    [
      'a missing labourPerHour.default',
      withVersion({ labourPerHour: { senior: '40' } }),
      /acme\.versions\[0\]\.labourPerHour\.default/,
    ],
    ['a missing labourPerHour', withVersion({}, ['labourPerHour']), /acme\.versions\[0\]\.labourPerHour/],
    [
      'a weight of 0',
      withVersion({ concurrencyWeights: { chat: 0 } }),
      /acme\.versions\[0\]\.concurrencyWeights\.chat/,
    ],
    [
      'a weight of 0 for a channel of no contract family',
      withVersion({ concurrencyWeights: { sms: 0 } }),
      /acme\.versions\[0\]\.concurrencyWeights\.sms: must be > 0/,
    ],
    [
      'a negative weight',
      withVersion({ concurrencyWeights: { voice: '-1' } }),
      /acme\.versions\[0\]\.concurrencyWeights\.voice/,
    ],
    [
      'an increment of 0',
      withVersion({ telephonyIncrementSeconds: 0 }),
      /acme\.versions\[0\]\.telephonyIncrementSeconds/,
    ],
    [
      'a negative increment',
      withVersion({ telephonyIncrementSeconds: -6 }),
      /acme\.versions\[0\]\.telephonyIncrementSeconds/,
    ],
    [
      'a negative labour rate',
      withVersion({ labourPerHour: { default: '30', senior: '-1' } }),
      /acme\.versions\[0\]\.labourPerHour\.senior/,
    ],
    [
      'a negative overhead',
      withVersion({ overheadPerAgentHour: '-0.01' }),
      /acme\.versions\[0\]\.overheadPerAgentHour/,
    ],
    [
      'a negative telephony rate',
      withVersion({ telephonyPerMinute: { inbound: -0.5 } }),
      /acme\.versions\[0\]\.telephonyPerMinute\.inbound/,
    ],
    ['a negative chat fee', withVersion({ chatPerSession: '-0.05' }), /acme\.versions\[0\]\.chatPerSession/],
    ['a negative ticket fee', withVersion({ ticketPerTicket: '-0.02' }), /acme\.versions\[0\]\.ticketPerTicket/],
    ['a negative usage price', withVersion({ usage: { sms: '-0.01' } }), /acme\.versions\[0\]\.usage\.sms/],
    ['a negative wrapup limit', withVersion({ wrapupLimitSeconds: -1 }), /acme\.versions\[0\]\.wrapupLimitSeconds/],
    [
      'a money value that is not a decimal',
      withVersion({ chatPerSession: '5 cents' }),
      /acme\.versions\[0\]\.chatPerSession/,
    ],
    ['a bad time zone', { acme: { timezone: 'Mars/Olympus', versions: [PLAIN_VERSION] } }, /acme\.timezone/],
    ['no versions', { acme: { versions: [] } }, /acme\.versions/],
    ['a tenant that is not an object', { acme: 42 }, /acme/],
    ['a file that is not an object', [1, 2], /rate-card file/],
  ])('%s', (_label, json, place) => {
    expect(errorOf(json).message).toMatch(place);
  });

  it('names the second version when only it is wrong', () => {
    const json = {
      acme: {
        versions: [PLAIN_VERSION, { ...PLAIN_VERSION, effectiveFrom: '2026-06-01T00:00:00Z', wrapupLimitSeconds: -5 }],
      },
    };
    expect(errorOf(json).message).toMatch(/acme\.versions\[1\]\.wrapupLimitSeconds/);
  });

  it('rejects text that is not JSON with a RateCardError', () => {
    expect(() => parseRateCardText('{"acme": ')).toThrow(RateCardError);
  });

  it('accepts a limit of 0 and a zero amount', () => {
    expect(() => parseRateCards(withVersion({ wrapupLimitSeconds: 0, chatPerSession: '0.00' }))).not.toThrow();
  });
});
