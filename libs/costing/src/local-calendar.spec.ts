// cost-model.md "Attribution": a contact's day is the local date (rate-card timezone) of its start event, or of its
// earliest event; idle and shrinkage belong to the local day of their slice, and slices are cut at local midnight.
import { LocalCalendar } from './local-calendar';
import { attos, costDay, eventWriter, rateCards } from './testing/cost-day.builder';

const newYork = rateCards({ timezone: 'America/New_York' });

describe('LocalCalendar', () => {
  it('names the local date and finds the next local midnight, across DST changes', () => {
    const ny = new LocalCalendar('America/New_York');
    expect(ny.dayOf(attos('2026-11-03T04:59:59.999Z'))).toBe('2026-11-02');
    expect(ny.dayOf(attos('2026-11-03T05:00:00Z'))).toBe('2026-11-03');
    expect(ny.nextMidnight(attos('2026-11-01T12:00:00Z'))).toBe(attos('2026-11-02T05:00:00Z'));
    expect(ny.nextMidnight(attos('2026-10-31T12:00:00Z'))).toBe(attos('2026-11-01T04:00:00Z'));
    expect(ny.nextMidnight(attos('2026-03-08T12:00:00Z'))).toBe(attos('2026-03-09T04:00:00Z'));
    const tokyo = new LocalCalendar('Asia/Tokyo');
    expect(tokyo.dayOf(attos('2026-11-02T15:00:00Z'))).toBe('2026-11-03');
    // Havana skips local midnight on 2026-03-08 (00:00 → 01:00): the day starts at 01:00 CDT = 05:00Z
    const havana = new LocalCalendar('America/Havana');
    expect(havana.nextMidnight(attos('2026-03-07T12:00:00Z'))).toBe(attos('2026-03-08T05:00:00Z'));
  });

  it('names days of any year the contract can write, before 1970, in years 0–99 and before Christ', () => {
    // Paris kept local mean time (+00:09:21) until 1891; New York -04:56:02 until 1883.
    const paris = new LocalCalendar('Europe/Paris');
    expect(paris.dayOf(attos('0050-06-15T12:00:00Z'))).toBe('0050-06-15');
    expect(paris.dayOf(attos('0050-06-15T23:50:38Z'))).toBe('0050-06-15');
    expect(paris.dayOf(attos('0050-06-15T23:50:39Z'))).toBe('0050-06-16');
    expect(paris.nextMidnight(attos('0000-03-01T12:00:00Z'))).toBe(attos('0000-03-01T23:50:39Z'));
    expect(paris.dayOf(attos('0000-02-29T23:55:00Z'))).toBe('0000-03-01');
    const ny = new LocalCalendar('America/New_York');
    expect(ny.dayOf(attos('1969-12-31T23:30:00Z'))).toBe('1969-12-31');
    expect(ny.dayOf(attos('0099-01-01T04:00:00Z'))).toBe('0098-12-31');
  });
});

describe('days of contacts and of agent time (America/New_York, EST = UTC−5 in November)', () => {
  it('a call starting at 23:30 local belongs to that day; idle either side of midnight goes to its own day', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '2026-11-03T04:00:00Z', { agent: 'a-1', state: 'available' }), // 23:00 on 11-02
      e('call.started', '2026-11-03T04:30:00Z', { contact: 'c-1', direction: 'inbound' }), // 23:30 on 11-02
      e('call.answered', '2026-11-03T04:30:00Z', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '2026-11-03T05:10:00Z', { contact: 'c-1' }), // 00:10 on 11-03
      e('call.wrapup_done', '2026-11-03T05:10:00Z', { contact: 'c-1', agent: 'a-1' }),
      e('agent.state', '2026-11-03T05:30:00Z', { agent: 'a-1', state: 'offline' }),
    ];
    const acme = costDay(events, newYork).tenants.acme;
    // 2400 s: labour 20, overhead 4, telephony 40 min × 0.60 = 24
    expect(acme.contacts['c-1']).toMatchObject({ day: '2026-11-02', cost: { total: '48.000000' } });
    expect(acme.agents['a-1']).toMatchObject({ paidSeconds: 5400, contactSeconds: 2400, idleSeconds: 3000 });
    expect(acme.days).toEqual({
      '2026-11-02': {
        contacts: 1,
        contactCost: '48.000000',
        idleCost: '18.000000', // 04:00–04:30Z
        shrinkageCost: '0.000000',
        unlinkedCompensation: '0.000000',
        total: '66.000000',
        costPerContact: '48.000000',
        fullyLoadedCostPerContact: '66.000000',
      },
      '2026-11-03': {
        contacts: 0,
        contactCost: '0.000000',
        idleCost: '12.000000', // 05:10–05:30Z
        shrinkageCost: '0.000000',
        unlinkedCompensation: '0.000000',
        total: '12.000000',
        costPerContact: null,
        fullyLoadedCostPerContact: null,
      },
    });
    expect(acme.totals).toMatchObject({ contacts: 1, total: '78.000000', fullyLoadedCostPerContact: '78.000000' });
  });

  it('splits a break across local midnight', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '2026-11-03T04:30:00Z', { agent: 'a-2', state: 'break' }),
      e('agent.state', '2026-11-03T05:30:00Z', { agent: 'a-2', state: 'offline' }),
    ];
    const acme = costDay(events, newYork).tenants.acme;
    expect(acme.days['2026-11-02']).toMatchObject({ shrinkageCost: '18.000000', total: '18.000000' });
    expect(acme.days['2026-11-03']).toMatchObject({ shrinkageCost: '18.000000', total: '18.000000' });
    expect(acme.agents['a-2'].shrinkageSeconds).toEqual({ break: 3600 });
  });

  it("a contact's day is its start event's local date, else its earliest event's", () => {
    const e = eventWriter();
    const events = [
      // no start event: earliest is the classification at 23:50 on 11-02
      e('chat.answered', '2026-11-03T05:00:00Z', { contact: 'c-2', agent: 'a-3' }),
      e('contact.classified', '2026-11-03T04:50:00Z', { contact: 'c-2', reason: 'billing' }),
      e('chat.ended', '2026-11-03T05:01:00Z', { contact: 'c-2' }),
      e('chat.wrapup_done', '2026-11-03T05:01:00Z', { contact: 'c-2', agent: 'a-3' }),
      // start event at 00:05 on 11-03 wins over an earlier classification
      e('contact.classified', '2026-11-03T04:50:00Z', { contact: 'c-3', reason: 'billing' }),
      e('chat.started', '2026-11-03T05:05:00Z', { contact: 'c-3' }),
      // usage only
      e('usage.recorded', '2026-11-03T05:00:00Z', { contact: 'c-4', resource: 'sms', quantity: 1 }),
      e('usage.recorded', '2026-11-03T04:59:59.999Z', { contact: 'c-5', resource: 'sms', quantity: 1 }),
    ];
    const contacts = costDay(events, newYork).tenants.acme.contacts;
    expect(contacts['c-2']).toMatchObject({ day: '2026-11-02', channel: 'chat', handleSeconds: 60 });
    expect(contacts['c-3'].day).toBe('2026-11-03');
    expect(contacts['c-4'].day).toBe('2026-11-03');
    expect(contacts['c-5'].day).toBe('2026-11-02');
  });

  it('a start event with a UTC offset is read at its instant (05:30+01:00 is 04:30Z = 23:30 EST on 11-02)', () => {
    const e = eventWriter();
    const events = [e('chat.started', '2026-11-03T05:30:00+01:00', { contact: 'c-1' })];
    expect(costDay(events, newYork).tenants.acme.contacts['c-1'].day).toBe('2026-11-02');
  });
});

describe('DST days', () => {
  it('the fall-back day in America/New_York has 25 hours (2026-11-01)', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '2026-11-01T03:00:00Z', { agent: 'a-1', state: 'available' }), // 23:00 EDT on 10-31
      e('agent.state', '2026-11-02T06:00:00Z', { agent: 'a-1', state: 'offline' }), // 01:00 EST on 11-02
    ];
    const acme = costDay(events, newYork).tenants.acme;
    // midnights: 11-01 00:00 EDT = 04:00Z; 11-02 00:00 EST = 05:00Z
    expect(acme.days['2026-10-31'].idleCost).toBe('36.000000'); // 3600 s
    expect(acme.days['2026-11-01'].idleCost).toBe('900.000000'); // 90000 s
    expect(acme.days['2026-11-02'].idleCost).toBe('36.000000'); // 3600 s
    expect(acme.agents['a-1'].idleSeconds).toBe(97200);
  });

  it('the spring-forward day in America/New_York has 23 hours (2026-03-08)', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '2026-03-08T04:00:00Z', { agent: 'a-1', state: 'available' }), // 23:00 EST on 03-07
      e('agent.state', '2026-03-09T05:00:00Z', { agent: 'a-1', state: 'offline' }), // 01:00 EDT on 03-09
    ];
    const acme = costDay(events, newYork).tenants.acme;
    expect(acme.days['2026-03-07'].idleCost).toBe('36.000000');
    expect(acme.days['2026-03-08'].idleCost).toBe('828.000000'); // 82800 s
    expect(acme.days['2026-03-09'].idleCost).toBe('36.000000');
  });

  it('a zone that skips local midnight (America/Havana, 2026-03-08) starts the day at 01:00', () => {
    const havana = rateCards({ timezone: 'America/Havana' });
    const e = eventWriter();
    const events = [
      e('agent.state', '2026-03-08T03:00:00Z', { agent: 'a-1', state: 'available' }), // 22:00 CST on 03-07
      e('chat.started', '2026-03-08T05:00:00Z', { contact: 'c-1' }), // 01:00 CDT on 03-08
      e('agent.state', '2026-03-08T07:00:00Z', { agent: 'a-1', state: 'offline' }), // 03:00 CDT
    ];
    const acme = costDay(events, havana).tenants.acme;
    expect(acme.days['2026-03-07'].idleCost).toBe('72.000000');
    expect(acme.days['2026-03-08'].idleCost).toBe('72.000000');
    expect(acme.contacts['c-1'].day).toBe('2026-03-08');
  });
});
