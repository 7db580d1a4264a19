// cost-model.md "Attribution" and "Precise points" (Contacts, Compensation, Listing): reason, case and queue of a
// contact, compensation linked or not, which contacts exist, and what the report lists.
import { costDay, eventWriter, rateCards } from './testing/cost-day.builder';

const rates = rateCards();

describe('classification', () => {
  it('the latest classification by time wins, not the last to arrive', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('contact.classified', '09:05', { contact: 'c-1', reason: 'late' }),
      e('contact.classified', '09:03', { contact: 'c-1', reason: 'early' }),
    ];
    expect(costDay(events, rates).tenants.acme.contacts['c-1'].reason).toBe('late');
  });

  it("call.started's reason counts as a classification at its time", () => {
    const e = eventWriter();
    const before = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound', reason: 'a' }),
      e('contact.classified', '08:59', { contact: 'c-1', reason: 'b' }),
    ];
    expect(costDay(before, rates).tenants.acme.contacts['c-1'].reason).toBe('a');
    const after = [...before, e('contact.classified', '09:01', { contact: 'c-1', reason: 'c' })];
    expect(costDay(after, rates).tenants.acme.contacts['c-1'].reason).toBe('c');
  });

  it('a classification without case keeps the current case; one with case replaces it', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1', reason: 'r', case: 'K-1' }),
      e('contact.classified', '09:02', { contact: 'c-1', reason: 'x' }),
    ];
    expect(costDay(events, rates).tenants.acme.contacts['c-1']).toMatchObject({ reason: 'x', case: 'K-1' });
    const moved = [...events, e('contact.classified', '09:03', { contact: 'c-1', reason: 'y', case: 'K-2' })];
    expect(costDay(moved, rates).tenants.acme.contacts['c-1']).toMatchObject({ reason: 'y', case: 'K-2' });
  });

  it('chat.started and ticket.created carrying reason or case classify like call.started', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'ch-1', reason: 'order_status' }),
      e('ticket.created', '09:00', { contact: 't-1', case: 'K-9' }),
      e('ticket.created', '09:00', { contact: 't-2', reason: 'refund', case: 'K-8', queue: 'email' }),
    ];
    const contacts = costDay(events, rates).tenants.acme.contacts;
    expect(contacts['ch-1']).toMatchObject({ reason: 'order_status', case: null, queue: null });
    expect(contacts['t-1']).toMatchObject({ reason: 'unclassified', case: 'K-9' });
    expect(contacts['t-2']).toMatchObject({ reason: 'refund', case: 'K-8', queue: 'email' });
  });

  it('all of a contact goes to its final reason and case', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1', reason: 'complaint', case: 'K-1' }),
      e('contact.classified', '09:02', { contact: 'c-1', reason: 'billing', case: 'K-2' }),
    ];
    const acme = costDay(events, rates).tenants.acme;
    expect(Object.keys(acme.reasons)).toEqual(['billing']);
    expect(acme.cases).toEqual({
      'K-2': { contacts: 1, complaint: false, contactCost: '0.050000', compensation: '0.000000', cost: '0.050000' },
    });
  });
});

describe('compensation', () => {
  /** ch-1 (case K-1, complaint): 600 s of a-1 (labour 5, overhead 1) + fee 0.05 = 6.05 before compensation. */
  function complaintChat(e: ReturnType<typeof eventWriter>) {
    return [
      e('chat.started', '09:00', { contact: 'ch-1', reason: 'complaint', case: 'K-1' }),
      e('chat.answered', '09:00', { contact: 'ch-1', agent: 'a-1' }),
      e('chat.ended', '09:10', { contact: 'ch-1' }),
      e('chat.wrapup_done', '09:10', { contact: 'ch-1', agent: 'a-1' }),
    ];
  }

  it('linked to an existing contact: in its cost, and in its case', () => {
    const e = eventWriter();
    const events = [
      ...complaintChat(e),
      e('case.compensated', '09:20', { case: 'K-1', contact: 'ch-1', amount: '5.00', kind: 'refund' }),
    ];
    const acme = costDay(events, rates).tenants.acme;
    expect(acme.contacts['ch-1'].cost).toMatchObject({ compensation: '5.000000', total: '11.050000' });
    expect(acme.cases['K-1']).toEqual({
      contacts: 1,
      complaint: true,
      contactCost: '6.050000',
      compensation: '5.000000',
      cost: '11.050000',
    });
    expect(acme.channels.chat).toMatchObject({ cost: '11.050000' });
    expect(acme.days['2026-11-02']).toMatchObject({
      contactCost: '11.050000',
      unlinkedCompensation: '0.000000',
      total: '11.050000',
    });
  });

  it("naming case K-9 and a contact of case K-1: in K-9's compensation, not in K-1's contactCost", () => {
    const e = eventWriter();
    const events = [
      ...complaintChat(e),
      e('case.compensated', '09:20', { case: 'K-9', contact: 'ch-1', amount: '5.00', kind: 'goodwill' }),
    ];
    const acme = costDay(events, rates).tenants.acme;
    expect(acme.contacts['ch-1'].cost).toMatchObject({ compensation: '5.000000', total: '11.050000' });
    expect(acme.cases['K-1']).toEqual({
      contacts: 1,
      complaint: true,
      contactCost: '6.050000',
      compensation: '0.000000',
      cost: '6.050000',
    });
    expect(acme.cases['K-9']).toEqual({
      contacts: 0,
      complaint: false,
      contactCost: '0.000000',
      compensation: '5.000000',
      cost: '5.000000',
    });
    expect(acme.reasons.complaint.cost).toBe('11.050000');
  });

  it('is linked whatever the order of the times (compensation before the contact)', () => {
    const e = eventWriter();
    const events = [
      e('case.compensated', '08:00', { case: 'K-1', contact: 'ch-1', amount: 2, kind: 'credit' }),
      ...complaintChat(e),
    ];
    const acme = costDay(events, rates).tenants.acme;
    expect(acme.contacts['ch-1'].cost).toMatchObject({ compensation: '2.000000', total: '8.050000' });
    expect(acme.totals.unlinkedCompensation).toBe('0.000000');
  });

  it('unlinked (no contact) belongs to the local day of its own time and to its case', () => {
    const ny = rateCards({ timezone: 'America/New_York' });
    const e = eventWriter();
    const events = [
      e('case.compensated', '2026-11-03T02:00:00Z', { case: 'K-5', amount: '7.50', kind: 'replacement' }), // 21:00 EST 11-02
    ];
    const acme = costDay(events, ny).tenants.acme;
    expect(acme.contacts).toEqual({});
    expect(acme.cases['K-5']).toEqual({
      contacts: 0,
      complaint: false,
      contactCost: '0.000000',
      compensation: '7.500000',
      cost: '7.500000',
    });
    expect(acme.days).toEqual({
      '2026-11-02': {
        contacts: 0,
        contactCost: '0.000000',
        idleCost: '0.000000',
        shrinkageCost: '0.000000',
        unlinkedCompensation: '7.500000',
        total: '7.500000',
        costPerContact: null,
        fullyLoadedCostPerContact: null,
      },
    });
    expect(acme.totals).toMatchObject({ unlinkedCompensation: '7.500000', total: '7.500000', costPerContact: null });
  });

  it('unlinked when its contact never exists, and it does not create the contact', () => {
    const e = eventWriter();
    const events = [
      ...complaintChat(e),
      e('case.compensated', '09:20', { case: 'K-1', contact: 'ghost', amount: '3', kind: 'fee' }),
    ];
    const acme = costDay(events, rates).tenants.acme;
    expect(Object.keys(acme.contacts)).toEqual(['ch-1']);
    expect(acme.contacts['ch-1'].cost.compensation).toBe('0.000000');
    expect(acme.cases['K-1']).toMatchObject({
      contacts: 1,
      contactCost: '6.050000',
      compensation: '3.000000',
      cost: '9.050000',
    });
    // fully loaded = (6.05 + 3) / 1
    expect(acme.days['2026-11-02']).toMatchObject({
      contactCost: '6.050000',
      unlinkedCompensation: '3.000000',
      total: '9.050000',
      costPerContact: '6.050000',
      fullyLoadedCostPerContact: '9.050000',
    });
  });

  it('is unlinked while its contact does not exist yet at the as-of', () => {
    const e = eventWriter();
    const events = [
      e('case.compensated', '09:00', { case: 'K-1', contact: 'ch-1', amount: '1', kind: 'refund' }),
      e('chat.started', '10:00', { contact: 'ch-1' }),
    ];
    const early = costDay(events, rates, '2026-11-02T09:30:00Z').tenants.acme;
    expect(early.contacts).toEqual({});
    expect(early.totals.unlinkedCompensation).toBe('1.000000');
    const late = costDay(events, rates).tenants.acme;
    expect(late.contacts['ch-1'].cost.compensation).toBe('1.000000');
    expect(late.totals.unlinkedCompensation).toBe('0.000000');
  });

  it('a later compensation than the as-of counts nowhere', () => {
    const e = eventWriter();
    const events = [
      ...complaintChat(e),
      e('case.compensated', '09:20', { case: 'K-7', contact: 'ch-1', amount: '1', kind: 'refund' }),
    ];
    const acme = costDay(events, rates, '2026-11-02T09:15:00Z').tenants.acme;
    expect(acme.contacts['ch-1'].cost.compensation).toBe('0.000000');
    expect(acme.cases['K-7']).toBeUndefined();
  });

  it('a case is a complaint when any of its contacts has the final reason complaint', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1', case: 'K-1', reason: 'billing' }),
      e('chat.started', '09:00', { contact: 'c-2', case: 'K-1', reason: 'complaint' }),
      e('chat.started', '09:00', { contact: 'c-3', case: 'K-2', reason: 'complaint' }),
      e('contact.classified', '09:05', { contact: 'c-3', reason: 'billing' }),
    ];
    const cases = costDay(events, rates).tenants.acme.cases;
    expect(cases['K-1']).toMatchObject({ contacts: 2, complaint: true, contactCost: '0.100000' });
    expect(cases['K-2']).toMatchObject({ contacts: 1, complaint: false });
  });
});

describe('which contacts exist, and their channel', () => {
  it('a contact with only usage.recorded exists with channel unknown', () => {
    const e = eventWriter();
    const events = [e('usage.recorded', '09:00', { contact: 'sms-1', resource: 'sms', quantity: 2 })];
    const acme = costDay(events, rates).tenants.acme;
    expect(acme.contacts['sms-1']).toMatchObject({
      channel: 'unknown',
      reason: 'unclassified',
      case: null,
      queue: null,
      day: '2026-11-02',
      open: false,
      cost: { usage: '0.020000', total: '0.020000' },
    });
    expect(acme.channels).toEqual({ unknown: { contacts: 1, cost: '0.020000', costPerContact: '0.020000' } });
  });

  it('a contact.classified alone creates the contact', () => {
    const e = eventWriter();
    const events = [e('contact.classified', '09:00', { contact: 'c-1', reason: 'complaint', case: 'K-1' })];
    const acme = costDay(events, rates).tenants.acme;
    expect(acme.contacts['c-1']).toMatchObject({ channel: 'unknown', reason: 'complaint', case: 'K-1' });
    expect(acme.cases['K-1']).toMatchObject({ contacts: 1, complaint: true });
  });

  it('the channel is the family of the first call/chat/ticket event in time order', () => {
    const e = eventWriter();
    const events = [
      e('chat.answered', '09:05', { contact: 'c-1', agent: 'a-1' }),
      e('usage.recorded', '09:00', { contact: 'c-1', resource: 'sms', quantity: 1 }),
      e('contact.classified', '08:00', { contact: 'c-1', reason: 'x' }),
    ];
    expect(costDay(events, rates).tenants.acme.contacts['c-1'].channel).toBe('chat');
  });
});

describe('listing', () => {
  it('lists tenants with an accepted event only', () => {
    const r = rateCards({}, { tenant: 'globex' }, { tenant: 'initech' });
    const events = [
      eventWriter('acme')('agent.state', '09:00', { agent: 'a-1', state: 'offline' }),
      eventWriter('globex')('usage.recorded', '09:00', { contact: 'g-1', resource: 'fax', quantity: 1 }), // rejected
      eventWriter('initech')('chat.started', '11:00', { contact: 'i-1' }), // after the as-of: accepted all the same
    ];
    const doc = costDay(events, r, '2026-11-02T10:00:00Z');
    expect(Object.keys(doc.tenants).sort()).toEqual(['acme', 'initech']);
    expect(doc.tenants.initech.contacts).toEqual({});
    expect(doc.tenants.initech.totals).toMatchObject({ contacts: 0, total: '0.000000', costPerContact: null });
    expect(doc.tenants.acme.agents['a-1']).toEqual({
      paidSeconds: 0,
      contactSeconds: 0,
      idleSeconds: 0,
      shrinkageSeconds: {},
      contactCost: '0.000000',
      idleCost: '0.000000',
      shrinkageCost: '0.000000',
    });
  });

  it('lists agents with a segment or a state up to the as-of', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '09:00', { agent: 'a-1', state: 'offline' }),
      e('ticket.work_logged', '09:05', { contact: 't-1', agent: 'a-2', seconds: 60 }),
      e('agent.state', '09:10', { agent: 'a-3', state: 'available' }),
      e('chat.answered', '09:10', { contact: 'ch-1', agent: 'a-4' }),
    ];
    const acme = costDay(events, rates, '2026-11-02T09:06:00Z').tenants.acme;
    expect(Object.keys(acme.agents).sort()).toEqual(['a-1', 'a-2']);
    expect(acme.agents['a-2']).toMatchObject({ paidSeconds: 60, contactSeconds: 60 });
  });

  it('lists only shrinkage states with more than 0 seconds', () => {
    const e = eventWriter();
    const events = [
      { ...e('agent.state', '09:00', { agent: 'a-1', state: 'break' }), id: 's-1' },
      { ...e('agent.state', '09:00', { agent: 'a-1', state: 'training' }), id: 's-2' },
      e('agent.state', '09:10', { agent: 'a-1', state: 'offline' }),
    ];
    expect(costDay(events, rates).tenants.acme.agents['a-1'].shrinkageSeconds).toEqual({ training: 600 });
  });

  it('lists a day with only idle time, with null per-contact figures', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '09:00', { agent: 'a-1', state: 'available' }),
      e('agent.state', '09:01', { agent: 'a-1', state: 'offline' }),
    ];
    const acme = costDay(events, rates).tenants.acme;
    expect(acme.days['2026-11-02']).toMatchObject({
      contacts: 0,
      idleCost: '0.600000',
      total: '0.600000',
      costPerContact: null,
      fullyLoadedCostPerContact: null,
    });
    expect(acme.channels).toEqual({});
    expect(acme.reasons).toEqual({});
  });
});

describe('listing: a segment opened exactly at the as-of', () => {
  // Was an engine bug (fixed): input — call c-1 started 09:00 and answered by a-1 at 09:05, the latest
  // event, so the as-of is 09:05. Expected: cost-model.md "Precise points › Listing": "`agents` every agent with a
  // segment or a state up to the as-of", and "As-of": "events exactly at the as-of apply" — a-1's talk is open at the
  // as-of (it makes c-1 open), so a-1 is listed, with 0 s everywhere. Actual: contact-timeline.ts drops segments of
  // length 0 (`if (end > segment.start)`), so a-1 is missing from `agents`. Any replay whose last event is an answer
  // (a mid-day snapshot) hits this.
  it('lists an agent whose only segment opens at the as-of', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:05', { contact: 'c-1', agent: 'a-1' }),
    ];
    const acme = costDay(events, rates).tenants.acme;
    expect(acme.contacts['c-1']).toMatchObject({ open: true, handleSeconds: 0 });
    expect(acme.agents['a-1']).toEqual({
      paidSeconds: 0,
      contactSeconds: 0,
      idleSeconds: 0,
      shrinkageSeconds: {},
      contactCost: '0.000000',
      idleCost: '0.000000',
      shrinkageCost: '0.000000',
    });
  });
});
