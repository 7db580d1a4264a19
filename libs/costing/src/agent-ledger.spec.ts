// cost-model.md "Labour: time-sliced across concurrent work" and the rate classes of "Rate cards". Default card:
// labour 30.00/h (1/120 per s), overhead 6.00/h (1/600 per s), loaded 0.01/s; senior labour 48.00/h (loaded 0.015/s).
import { Rational } from './rational';
import { RawEvent, costDay, eventWriter, exactDay, rateCards } from './testing/cost-day.builder';

const rates = rateCards();

/** A chat of one agent: started and answered at `from`, ended and wrapped up at `to` (no wrapup time). */
function chat(e: ReturnType<typeof eventWriter>, contact: string, agent: string, from: string, to: string): RawEvent[] {
  return [
    e('chat.started', from, { contact }),
    e('chat.answered', from, { contact, agent }),
    e('chat.ended', to, { contact }),
    e('chat.wrapup_done', to, { contact, agent }),
  ];
}

describe('concurrent segments share the slice by weight', () => {
  it('two chats at once cost half each', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '09:00', { agent: 'a-1', state: 'available' }),
      ...chat(e, 'ch-1', 'a-1', '09:00', '09:10'),
      ...chat(e, 'ch-2', 'a-1', '09:05', '09:15'),
      e('agent.state', '09:20', { agent: 'a-1', state: 'offline' }),
    ];
    const acme = costDay(events, rates).tenants.acme;
    // ch-1: 300 alone + 300/2 = 450 s; ch-2: 300/2 + 300 alone = 450 s; each 600 s unsplit.
    for (const id of ['ch-1', 'ch-2'])
      expect(acme.contacts[id]).toMatchObject({
        handleSeconds: 600,
        agentSeconds: 450,
        cost: { labour: '3.750000', overhead: '0.750000', fees: '0.050000', total: '4.550000' },
      });
    expect(acme.agents['a-1']).toMatchObject({
      paidSeconds: 1200,
      contactSeconds: 900,
      idleSeconds: 300,
      contactCost: '9.000000',
      idleCost: '3.000000',
    });
  });

  it('a call with voice weight 3 beside a chat takes 3/4 of the slice', () => {
    const r = rateCards({ version: { concurrencyWeights: { voice: 3, chat: 1 } } });
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:00', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:10', { contact: 'c-1' }),
      e('call.wrapup_done', '09:10', { contact: 'c-1', agent: 'a-1' }),
      ...chat(e, 'ch-1', 'a-1', '09:00', '09:10'),
    ];
    const acme = costDay(events, r).tenants.acme;
    // 600 s: call 600 × 3/4 = 450, chat 150. Telephony 10 min × 0.60.
    expect(acme.contacts['c-1']).toMatchObject({
      handleSeconds: 600,
      agentSeconds: 450,
      cost: { labour: '3.750000', overhead: '0.750000', telephony: '6.000000', total: '10.500000' },
    });
    expect(acme.contacts['ch-1']).toMatchObject({
      agentSeconds: 150,
      cost: { labour: '1.250000', overhead: '0.250000', total: '1.550000' },
    });
    // no state: the work is paid contact time all the same
    expect(acme.agents['a-1']).toMatchObject({ paidSeconds: 600, contactSeconds: 600, idleSeconds: 0 });
  });

  it('decimal weights split exactly (voice 1.5, chat 1, ticket 0.25)', () => {
    const r = rateCards({ version: { concurrencyWeights: { voice: '1.5', chat: 1, ticket: '0.25' } } });
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:00', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:11', { contact: 'c-1' }),
      e('call.wrapup_done', '09:11', { contact: 'c-1', agent: 'a-1' }),
      ...chat(e, 'ch-1', 'a-1', '09:00', '09:11'),
      e('ticket.created', '09:00', { contact: 't-1' }),
      e('ticket.work_started', '09:00', { contact: 't-1', agent: 'a-1' }),
      e('ticket.work_stopped', '09:11', { contact: 't-1', agent: 'a-1' }),
    ];
    // 660 s, Σw = 2.75: call 360, chat 240, ticket 60.
    const acme = costDay(events, r).tenants.acme;
    expect(acme.contacts['c-1'].agentSeconds).toBe(360);
    expect(acme.contacts['ch-1'].agentSeconds).toBe(240);
    expect(acme.contacts['t-1']).toMatchObject({ agentSeconds: 60, handleSeconds: 660, cost: { labour: '0.500000' } });
  });

  it('uses the weights of the version in force in the slice', () => {
    const r = rateCards({
      version: { concurrencyWeights: { voice: 3, chat: 1 } },
      later: [{ effectiveFrom: '2026-11-02T09:05:00Z', concurrencyWeights: { voice: 1, chat: 1 } }],
    });
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:00', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:10', { contact: 'c-1' }),
      e('call.wrapup_done', '09:10', { contact: 'c-1', agent: 'a-1' }),
      ...chat(e, 'ch-1', 'a-1', '09:00', '09:10'),
    ];
    // 09:00–09:05: call 225, chat 75; 09:05–09:10: 150 each.
    const acme = costDay(events, r).tenants.acme;
    expect(acme.contacts['c-1']).toMatchObject({
      agentSeconds: 375,
      cost: { labour: '3.125000', overhead: '0.625000' },
    });
    expect(acme.contacts['ch-1']).toMatchObject({
      agentSeconds: 225,
      cost: { labour: '1.875000', overhead: '0.375000' },
    });
  });
});

describe('idle, shrinkage and unpaid time', () => {
  it('available is idle, any other state but offline is shrinkage of its name (case-sensitive), offline is unpaid', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '09:00', { agent: 'a-1', state: 'available' }),
      e('agent.state', '09:10', { agent: 'a-1', state: 'break' }),
      e('agent.state', '09:15', { agent: 'a-1', state: 'Break' }),
      e('agent.state', '09:20', { agent: 'a-1', state: 'Available' }),
      e('agent.state', '09:25', { agent: 'a-1', state: 'offline' }),
      e('agent.state', '09:30', { agent: 'a-1', state: 'available' }),
      e('agent.state', '09:40', { agent: 'a-1', state: 'offline' }),
    ];
    const acme = costDay(events, rates).tenants.acme;
    // idle 600 + 600; break, Break, Available 300 each; 09:25–09:30 unpaid.
    expect(acme.agents['a-1']).toEqual({
      paidSeconds: 2100,
      contactSeconds: 0,
      idleSeconds: 1200,
      shrinkageSeconds: { Available: 300, Break: 300, break: 300 },
      contactCost: '0.000000',
      idleCost: '12.000000',
      shrinkageCost: '9.000000',
    });
    expect(acme.days['2026-11-02']).toEqual({
      contacts: 0,
      contactCost: '0.000000',
      idleCost: '12.000000',
      shrinkageCost: '9.000000',
      unlinkedCompensation: '0.000000',
      total: '21.000000',
      costPerContact: null,
      fullyLoadedCostPerContact: null,
    });
  });

  it('a state that is not "offline" (e.g. "OFFLINE") is paid shrinkage', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '09:00', { agent: 'a-1', state: 'OFFLINE' }),
      e('agent.state', '09:10', { agent: 'a-1', state: 'offline' }),
    ];
    expect(costDay(events, rates).tenants.acme.agents['a-1']).toMatchObject({
      paidSeconds: 600,
      shrinkageSeconds: { OFFLINE: 600 },
    });
  });

  it('work while offline, or before any state, is paid contact time; no idle around it', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '09:00', { agent: 'a-1', state: 'offline' }),
      e('ticket.created', '09:00', { contact: 't-1' }),
      e('ticket.work_started', '09:05', { contact: 't-1', agent: 'a-1' }),
      e('ticket.work_stopped', '09:15', { contact: 't-1', agent: 'a-1' }),
      e('ticket.work_logged', '09:20', { contact: 't-1', agent: 'a-2', seconds: 600 }),
      e('agent.state', '09:30', { agent: 'a-1', state: 'offline' }),
    ];
    const acme = costDay(events, rates).tenants.acme;
    expect(acme.contacts['t-1']).toMatchObject({
      handleSeconds: 1200,
      agentSeconds: 1200,
      cost: { labour: '10.000000', overhead: '2.000000', fees: '0.020000', total: '12.020000' },
    });
    expect(acme.agents['a-1']).toMatchObject({ paidSeconds: 600, contactSeconds: 600, idleSeconds: 0 });
    expect(acme.agents['a-2']).toMatchObject({ paidSeconds: 600, contactSeconds: 600, idleSeconds: 0 });
  });

  it('slices agent time before 1970 like any other (its first day starts with its first slice)', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '1969-12-31T23:00:00Z', { agent: 'a-1', state: 'available' }),
      e('call.started', '1969-12-31T23:10:00Z', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '1969-12-31T23:10:00Z', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '1970-01-01T00:10:00Z', { contact: 'c-1' }),
      e('call.wrapup_done', '1970-01-01T00:10:00Z', { contact: 'c-1', agent: 'a-1' }),
      e('agent.state', '1970-01-01T00:30:00Z', { agent: 'a-1', state: 'offline' }),
    ];
    const acme = costDay(events, rates).tenants.acme;
    expect(acme.contacts['c-1']).toMatchObject({ day: '1969-12-31', agentSeconds: 3600 });
    expect(acme.agents['a-1']).toMatchObject({ paidSeconds: 5400, contactSeconds: 3600, idleSeconds: 1800 });
    expect(Object.keys(acme.days)).toEqual(['1969-12-31', '1970-01-01']);
  });

  it('the last state runs to the as-of', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '09:00', { agent: 'a-1', state: 'meeting' }),
      e('agent.state', '09:30', { agent: 'a-2', state: 'offline' }),
    ];
    expect(costDay(events, rates).tenants.acme.agents['a-1']).toMatchObject({ shrinkageSeconds: { meeting: 1800 } });
    expect(costDay(events, rates, '2026-11-02T10:00:00Z').tenants.acme.agents['a-1']).toMatchObject({
      shrinkageSeconds: { meeting: 3600 },
      shrinkageCost: '36.000000',
    });
  });

  it('closes the ledger exactly: paid = contact + idle + Σ shrinkage, in seconds and in money', () => {
    const e = eventWriter();
    const events = [
      e('agent.state', '09:00:00.125', { agent: 'a-1', state: 'available' }),
      ...chat(e, 'ch-1', 'a-1', '09:01:07.3', '09:09:59.9'),
      ...chat(e, 'ch-2', 'a-1', '09:02:11.7', '09:04:00.01'),
      e('agent.state', '09:05:13', { agent: 'a-1', state: 'lunch' }),
      e('agent.state', '09:20:00.333', { agent: 'a-1', state: 'offline' }),
    ];
    const { reports } = exactDay(events, rates);
    const a = reports.get('acme')!.agents.get('a-1')!;
    let shrink = Rational.ZERO;
    for (const s of a.shrinkageSeconds.values()) shrink = shrink.add(s);
    // 09:00:00.125 → 09:20:00.333 = 1200.208 s
    expect(a.paidSeconds.toString()).toBe(Rational.parseDecimal('1200.208').toString());
    expect(a.contactSeconds.add(a.idleSeconds).add(shrink).cmp(a.paidSeconds)).toBe(0);
    const loaded = Rational.of(1n, 100n);
    expect(a.contactCost.add(a.idleCost).add(a.shrinkageCost).cmp(a.paidSeconds.mul(loaded))).toBe(0);
  });
});

describe('rate classes and the loaded rate', () => {
  const classes = rateCards({ version: { agents: { 'a-7': 'senior', 'a-8': 'senior' } } });

  it("uses the card's agents map, a state's rateClass (carried to later states), else default", () => {
    const e = eventWriter();
    const events = [
      // a-7: senior by the agents map; a chat 09:10–09:20 then idle
      e('agent.state', '09:00', { agent: 'a-7', state: 'available' }),
      ...chat(e, 'ch-7', 'a-7', '09:10', '09:20'),
      e('agent.state', '10:00', { agent: 'a-7', state: 'offline' }),
      // a-1: senior from its state, carried to the break that names no class
      e('agent.state', '09:00', { agent: 'a-1', state: 'available', rateClass: 'senior' }),
      e('agent.state', '09:30', { agent: 'a-1', state: 'break' }),
      e('agent.state', '10:00', { agent: 'a-1', state: 'offline' }),
      // a-8: senior in the map, but its state says default
      e('agent.state', '09:00', { agent: 'a-8', state: 'available', rateClass: 'default' }),
      e('agent.state', '10:00', { agent: 'a-8', state: 'offline' }),
      // a-2: a class the card does not price is priced as default
      e('agent.state', '09:00', { agent: 'a-2', state: 'available', rateClass: 'trainee' }),
      e('agent.state', '10:00', { agent: 'a-2', state: 'offline' }),
      // a-3: senior, then default from 09:30
      e('agent.state', '09:00', { agent: 'a-3', state: 'available', rateClass: 'senior' }),
      e('agent.state', '09:30', { agent: 'a-3', state: 'available', rateClass: 'default' }),
      e('agent.state', '10:00', { agent: 'a-3', state: 'offline' }),
    ];
    const acme = costDay(events, classes).tenants.acme;
    // senior: labour 48/h, overhead 6/h → 600 s = labour 8.00 + overhead 1.00
    expect(acme.contacts['ch-7'].cost).toMatchObject({ labour: '8.000000', overhead: '1.000000', total: '9.050000' });
    expect(acme.agents['a-7']).toMatchObject({ idleSeconds: 3000, idleCost: '45.000000', contactCost: '9.000000' });
    expect(acme.agents['a-1']).toMatchObject({ idleCost: '27.000000', shrinkageCost: '27.000000' });
    expect(acme.agents['a-8']).toMatchObject({ idleCost: '36.000000' });
    expect(acme.agents['a-2']).toMatchObject({ idleCost: '36.000000' });
    expect(acme.agents['a-3']).toMatchObject({ idleCost: '45.000000' });
  });
});

describe('weights with many decimal places', () => {
  // Scaled weight sums of 10-decimal weights pass 2^53: the split must stay exact and keep the rate class.
  // Chat weight "1.0000000001", a call and a chat 09:10–09:20 by a-1, senior from 09:05: the 600 s are senior time
  // (labour 48/h, loaded 54/h): call 600/2.0000000001 × 48/3600 → 4.000000, chat → 4.000000.
  it('prices the split at the rate class in force, whatever the weights', () => {
    const r = rateCards({ version: { concurrencyWeights: { voice: 1, chat: '1.0000000001' } } });
    const e = eventWriter();
    const events = [
      e('agent.state', '09:00', { agent: 'a-1', state: 'available' }),
      e('agent.state', '09:05', { agent: 'a-1', state: 'available', rateClass: 'senior' }),
      e('call.started', '09:10', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:10', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:20', { contact: 'c-1' }),
      e('call.wrapup_done', '09:20', { contact: 'c-1', agent: 'a-1' }),
      ...chat(e, 'ch-1', 'a-1', '09:10', '09:20'),
    ];
    const acme = costDay(events, r).tenants.acme;
    expect(acme.contacts['c-1'].cost.labour).toBe('4.000000');
    expect(acme.contacts['ch-1'].cost.labour).toBe('4.000000');
    // idle 09:00–09:05 default (300 × 0.01 = 3.00) + 09:05–09:10 senior (300 × 0.015 = 4.50); contact 600 × 0.015
    expect(acme.agents['a-1']).toMatchObject({ idleCost: '7.500000', contactCost: '9.000000' });
  });
});
