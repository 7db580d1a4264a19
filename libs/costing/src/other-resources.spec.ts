// cost-model.md "Other resources" and "Precise points › Segments / Contacts": telephony increments, directions,
// call.ended anomalies, second start events, usage.
import { costDay, eventWriter, rateCards } from './testing/cost-day.builder';

function call(e: ReturnType<typeof eventWriter>, contact: string, from: string, to: string, direction = 'inbound') {
  return [e('call.started', from, { contact, direction }), e('call.ended', to, { contact })];
}

describe('telephony: ⌈d / inc⌉ × inc / 60 × telephonyPerMinute[direction]', () => {
  it('bills whole increments of 30 s at 0.012/min', () => {
    const r = rateCards({ version: { telephonyPerMinute: { inbound: '0.012' }, telephonyIncrementSeconds: 30 } });
    const e = eventWriter();
    const events = [
      ...call(e, 'c-1', '09:00:00', '09:01:01'), // 61 s → 3 × 30 = 90 s = 1.5 min
      ...call(e, 'c-2', '09:00:00', '09:01:00'), // 60 s → 2 × 30 = 60 s
      ...call(e, 'c-3', '09:00:00', '09:00:00.001'), // 1 ms → one increment: 30 s
      ...call(e, 'c-4', '09:00:00', '09:00:00'), // 0 s → nothing
    ];
    const contacts = costDay(events, r).tenants.acme.contacts;
    expect(contacts['c-1'].cost.telephony).toBe('0.018000');
    expect(contacts['c-2'].cost.telephony).toBe('0.012000');
    expect(contacts['c-3'].cost.telephony).toBe('0.006000');
    expect(contacts['c-4'].cost.telephony).toBe('0.000000');
    expect(contacts['c-4'].open).toBe(false);
  });

  it('accepts a fractional increment (0.5 s)', () => {
    const r = rateCards({ version: { telephonyPerMinute: { inbound: '0.012' }, telephonyIncrementSeconds: '0.5' } });
    const e = eventWriter();
    // 10.2 s → ⌈20.4⌉ = 21 × 0.5 = 10.5 s → 10.5/60 × 0.012 = 0.0021
    const c = costDay(call(e, 'c-1', '09:00:00', '09:00:10.2'), r).tenants.acme.contacts['c-1'];
    expect(c.cost.telephony).toBe('0.002100');
  });

  it('costs 0 for a direction missing from telephonyPerMinute', () => {
    const r = rateCards({ version: { telephonyPerMinute: { inbound: '0.60' } } });
    const e = eventWriter();
    const contacts = costDay([...call(e, 'c-1', '09:00', '09:10', 'outbound'), ...call(e, 'c-2', '09:00', '09:10')], r)
      .tenants.acme.contacts;
    expect(contacts['c-1'].cost).toMatchObject({ telephony: '0.000000', total: '0.000000' });
    expect(contacts['c-2'].cost.telephony).toBe('6.000000');
  });

  it('runs to the as-of for a call not ended, and the call is open', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'outbound' }),
      e('agent.state', '09:10', { agent: 'a-9', state: 'offline' }),
    ];
    // 600 s outbound at 1.20/min
    expect(costDay(events, rateCards()).tenants.acme.contacts['c-1']).toMatchObject({
      open: true,
      cost: { telephony: '12.000000' },
    });
  });

  it('a call.ended earlier than call.started stops nothing', () => {
    const e = eventWriter();
    const events = [
      e('call.ended', '08:59', { contact: 'c-1' }),
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('agent.state', '09:10', { agent: 'a-9', state: 'offline' }),
    ];
    const c = costDay(events, rateCards()).tenants.acme.contacts['c-1'];
    expect(c).toMatchObject({ open: true, cost: { telephony: '6.000000' } });
    // the contact's day and channel come from its start event, not the earlier ended
    expect(c.channel).toBe('voice');
  });

  it('stops at the first call.ended after call.started; a second call.ended is ignored', () => {
    const e = eventWriter();
    const events = [
      e('call.ended', '08:59', { contact: 'c-1' }),
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.ended', '09:05', { contact: 'c-1' }),
      e('call.ended', '09:08', { contact: 'c-1' }),
    ];
    expect(costDay(events, rateCards()).tenants.acme.contacts['c-1']).toMatchObject({
      open: false,
      cost: { telephony: '3.000000' },
    });
  });

  it('a call with no call.started has no telephony but is costed for its segments', () => {
    const e = eventWriter();
    const events = [
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:05', { contact: 'c-1' }),
      e('call.wrapup_done', '09:06', { contact: 'c-1', agent: 'a-1' }),
    ];
    expect(costDay(events, rateCards()).tenants.acme.contacts['c-1']).toEqual({
      channel: 'voice',
      reason: 'unclassified',
      case: null,
      queue: null,
      day: '2026-11-02',
      open: false,
      handleSeconds: 300,
      agentSeconds: 300,
      cost: {
        labour: '2.500000',
        overhead: '0.500000',
        telephony: '0.000000',
        fees: '0.000000',
        usage: '0.000000',
        compensation: '0.000000',
        total: '3.000000',
      },
    });
  });
});

describe('a second start event is ignored', () => {
  it('no telephony restart, no change of direction, queue or reason', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound', queue: 'q1', reason: 'r1' }),
      e('call.started', '09:03', { contact: 'c-1', direction: 'outbound', queue: 'q2', reason: 'r2', case: 'K-2' }),
      e('call.ended', '09:05', { contact: 'c-1' }),
      e('call.started', '09:06', { contact: 'c-1', direction: 'outbound' }),
      e('agent.state', '09:10', { agent: 'a-9', state: 'offline' }),
    ];
    // inbound 09:00–09:05: 5 min × 0.60
    expect(costDay(events, rateCards()).tenants.acme.contacts['c-1']).toMatchObject({
      queue: 'q1',
      reason: 'r1',
      case: null,
      open: false,
      cost: { telephony: '3.000000' },
    });
  });

  it('no second chat session fee or ticket fee', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'ch-1', queue: 'web' }),
      e('chat.started', '09:01', { contact: 'ch-1', queue: 'app' }),
      e('ticket.created', '09:00', { contact: 't-1' }),
      e('ticket.created', '09:02', { contact: 't-1' }),
    ];
    const contacts = costDay(events, rateCards()).tenants.acme.contacts;
    expect(contacts['ch-1'].cost.fees).toBe('0.050000');
    expect(contacts['ch-1'].queue).toBe('web');
    expect(contacts['t-1'].cost.fees).toBe('0.020000');
  });

  it('"second" is in event time: the earlier start counts even when it arrives last', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:01', { contact: 'ch-1', queue: 'late' }),
      e('chat.started', '09:00', { contact: 'ch-1', queue: 'early' }),
    ];
    expect(costDay(events, rateCards()).tenants.acme.contacts['ch-1']).toMatchObject({
      queue: 'early',
      cost: { fees: '0.050000' },
    });
  });
});

describe('usage', () => {
  it('costs quantity × usage[resource], for decimal quantities too', () => {
    const e = eventWriter();
    const events = [
      e('usage.recorded', '09:00', { contact: 'c-1', resource: 'sms', quantity: 3 }),
      e('usage.recorded', '09:01', { contact: 'c-1', resource: 'sms', quantity: 2.5 }),
      e('usage.recorded', '09:02', { contact: 'c-1', resource: 'sms', quantity: '7' }), // a string: schema
    ];
    const doc = costDay(events, rateCards());
    expect(doc.rejected).toEqual([expect.objectContaining({ line: 3, reason: 'schema' })]);
    expect(doc.tenants.acme.contacts['c-1'].cost).toMatchObject({ usage: '0.055000', total: '0.055000' });
  });
});
