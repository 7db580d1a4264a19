import { parseRateCards } from '@contact-cost/costing';
import { simulatorRateCards } from './rate-cards.generator';
import { tenantRoster } from './tenant-catalogue';

describe('simulatorRateCards', () => {
  const rates = simulatorRateCards({
    seed: 4,
    tenants: 10,
    agents: 40,
    durationHours: 8,
    start: '2026-11-02T06:00:00Z',
  });

  it('prices every tenant in the cost-model.md format, in its own zone and currency', () => {
    expect(Object.keys(rates)).toEqual([
      'acme',
      'globex',
      'initech',
      'umbrella',
      'hooli',
      'wayne',
      'tyrell',
      'soylent',
      'acme-2',
      'globex-2',
    ]);
    expect(rates.acme).toMatchObject({ currency: 'USD', timezone: 'America/New_York' });
    expect(rates.globex).toMatchObject({ currency: 'EUR', timezone: 'Europe/Berlin' });
    expect(rates.initech).toMatchObject({ currency: 'INR', timezone: 'Asia/Kolkata' });
    for (const card of Object.values(rates)) {
      for (const version of card.versions) {
        expect(Object.keys(version.labourPerHour).sort()).toEqual(['default', 'senior', 'trainee']);
        expect(Object.keys(version.usage).sort()).toEqual(['bot_message', 'sms', 'transcription_minute']);
        expect(version.concurrencyWeights).toEqual({ voice: expect.any(Number), chat: 1, ticket: 1 });
        expect(version.wrapupLimitSeconds).toBeGreaterThan(0);
        for (const money of [
          ...Object.values(version.labourPerHour),
          version.chatPerSession,
          version.overheadPerAgentHour,
        ]) {
          expect(money).toMatch(/^\d+(\.\d+)?$/);
        }
      }
    }
    expect(() => parseRateCards(rates)).not.toThrow();
  });

  it('adds a labour rise in the middle of the run for every third tenant', () => {
    expect(rates.acme.versions.map((v) => v.effectiveFrom)).toEqual([
      '2025-01-01T00:00:00Z',
      '2026-11-02T10:00:00.000Z',
    ]);
    expect(rates.globex.versions).toHaveLength(1);
    expect(rates.umbrella.versions).toHaveLength(2);
    expect(Number(rates.acme.versions[1].labourPerHour.default)).toBeGreaterThan(
      Number(rates.acme.versions[0].labourPerHour.default),
    );
  });

  it('lists in `agents` exactly the senior and trainee agents whose states do not say their class', () => {
    const roster = tenantRoster(4, 0, 40);
    const listed = roster.filter((a) => a.rateClass !== 'default' && !a.announcesRateClass);
    expect(rates.acme.versions[0].agents).toEqual(Object.fromEntries(listed.map((a) => [a.id, a.rateClass])));
    expect(listed.length).toBeGreaterThan(0);
  });

  it('depends on the seed', () => {
    expect(simulatorRateCards({ seed: 5 }).acme).not.toEqual(simulatorRateCards({ seed: 6 }).acme);
    expect(simulatorRateCards({ seed: 5 })).toEqual(simulatorRateCards({ seed: 5 }));
  });
});
