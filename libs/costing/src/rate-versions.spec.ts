// cost-model.md "Rate cards" (versions in force), "Labour" (a slice is cut at every rate-version boundary) and
// "Other resources" (which version prices telephony, fees and usage).
import { parseRateCards } from './rate-card.parser';
import { PLAIN_VERSION, RawEvent, costDay, eventWriter, rateCards } from './testing/cost-day.builder';

function chat(e: ReturnType<typeof eventWriter>, contact: string, agent: string, from: string, to: string): RawEvent[] {
  return [
    e('chat.started', from, { contact }),
    e('chat.answered', from, { contact, agent }),
    e('chat.ended', to, { contact }),
    e('chat.wrapup_done', to, { contact, agent }),
  ];
}

/** v1 = the plain card; v2 from 09:05 has labour 66.00/h (loaded 72.00/h = 0.02/s). */
const v2 = { ...PLAIN_VERSION, effectiveFrom: '2026-11-02T09:05:00Z', labourPerHour: { default: '66.00' } };

describe('a version boundary inside a slice', () => {
  const e = eventWriter();
  const events = [
    e('agent.state', '09:00', { agent: 'a-1', state: 'available' }),
    ...chat(e, 'ch-1', 'a-1', '09:00', '09:10'),
    e('agent.state', '09:20', { agent: 'a-1', state: 'offline' }),
  ];

  it('splits the slice: labour changes at effectiveFrom', () => {
    const acme = costDay(events, rateCards({ later: [v2] })).tenants.acme;
    // labour 300/120 + 300 × 66/3600 = 2.5 + 5.5; overhead 600/600; fee at 09:00 (v1) 0.05
    expect(acme.contacts['ch-1'].cost).toMatchObject({
      labour: '8.000000',
      overhead: '1.000000',
      fees: '0.050000',
      total: '9.050000',
    });
    // contact 300 × 0.01 + 300 × 0.02; idle 09:10–09:20 at v2: 600 × 0.02
    expect(acme.agents['a-1']).toMatchObject({ contactCost: '9.000000', idleCost: '12.000000' });
  });

  it('gives the same figures whatever order the versions are listed in', () => {
    const listedBackwards = parseRateCards({
      acme: { currency: 'USD', timezone: 'UTC', versions: [v2, PLAIN_VERSION] },
    });
    expect(costDay(events, listedBackwards)).toEqual(costDay(events, rateCards({ later: [v2] })));
  });

  it('before the first version, the first applies', () => {
    const future = parseRateCards({
      acme: {
        versions: [
          { ...v2, effectiveFrom: '2027-01-01T00:00:00Z' },
          { ...PLAIN_VERSION, effectiveFrom: '2026-12-01T00:00:00Z' },
        ],
      },
    });
    const acme = costDay(events, future).tenants.acme;
    expect(acme.contacts['ch-1'].cost).toMatchObject({ labour: '5.000000', overhead: '1.000000' });
    expect(acme.agents['a-1']).toMatchObject({ idleCost: '6.000000' });
  });

  it("switches an agent's class when the next version's agents map drops it", () => {
    const r = rateCards({
      version: { agents: { 'a-7': 'senior' } },
      later: [{ effectiveFrom: '2026-11-02T09:30:00Z' }],
    });
    const e2 = eventWriter();
    const day = [
      e2('agent.state', '09:00', { agent: 'a-7', state: 'available' }),
      e2('agent.state', '10:00', { agent: 'a-7', state: 'offline' }),
    ];
    // 1800 × 0.015 + 1800 × 0.01
    expect(costDay(day, r).tenants.acme.agents['a-7']).toMatchObject({ idleCost: '45.000000' });
  });
});

describe('resources priced at their own moment', () => {
  it('telephony uses the version in force at call.started, for the rate and the increment', () => {
    const r = rateCards({
      later: [
        {
          effectiveFrom: '2026-11-02T09:05:00Z',
          telephonyPerMinute: { inbound: '1.20' },
          telephonyIncrementSeconds: 60,
        },
      ],
    });
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.ended', '09:10:30', { contact: 'c-1' }),
    ];
    // v1: 630 s in 1 s increments = 10.5 min × 0.60
    expect(costDay(events, r).tenants.acme.contacts['c-1'].cost.telephony).toBe('6.300000');
  });

  it('fees and usage use the version in force at their event; unknown_resource is checked against it too', () => {
    const r = rateCards({
      later: [{ effectiveFrom: '2026-11-02T09:05:00Z', chatPerSession: '0.10', usage: { sms: '0.02', bot: '0.001' } }],
    });
    const e = eventWriter();
    const events = [
      e('chat.started', '09:04', { contact: 'ch-1' }),
      e('chat.started', '09:06', { contact: 'ch-2' }),
      e('usage.recorded', '09:04', { contact: 'ch-1', resource: 'sms', quantity: 10 }),
      e('usage.recorded', '09:06', { contact: 'ch-1', resource: 'sms', quantity: 10 }),
      e('usage.recorded', '09:04:59', { contact: 'ch-2', resource: 'bot', quantity: 1000 }),
      e('usage.recorded', '09:06', { contact: 'ch-2', resource: 'bot', quantity: 1000 }),
    ];
    const doc = costDay(events, r);
    expect(doc.rejected).toEqual([expect.objectContaining({ line: 5, reason: 'unknown_resource' })]);
    // ch-1: fee 0.05 (v1); sms 10 × 0.01 + 10 × 0.02
    expect(doc.tenants.acme.contacts['ch-1'].cost).toMatchObject({
      fees: '0.050000',
      usage: '0.300000',
      total: '0.350000',
    });
    // ch-2: fee 0.10 (v2); bot 1000 × 0.001
    expect(doc.tenants.acme.contacts['ch-2'].cost).toMatchObject({
      fees: '0.100000',
      usage: '1.000000',
      total: '1.100000',
    });
  });

  it('ticketPerTicket is charged at ticket.created with the version then in force', () => {
    const r = rateCards({ later: [{ effectiveFrom: '2026-11-02T09:05:00Z', ticketPerTicket: '0.07' }] });
    const e = eventWriter();
    const events = [e('ticket.created', '09:04', { contact: 't-1' }), e('ticket.created', '09:05', { contact: 't-2' })];
    const acme = costDay(events, r).tenants.acme;
    expect(acme.contacts['t-1'].cost.fees).toBe('0.020000');
    expect(acme.contacts['t-2'].cost.fees).toBe('0.070000');
  });
});
