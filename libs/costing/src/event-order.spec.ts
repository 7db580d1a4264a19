// cost-model.md "Ordering": events apply in event-time order whatever the arrival order; ties on `time` break by type
// rank, then by id (the greater id applies last, so it wins); an agent's states order by time, then id.
import { RawEvent, costDay, eventWriter, rateCards } from './testing/cost-day.builder';

const rates = rateCards();

describe('event-time order, not arrival order', () => {
  const e = eventWriter();
  const day: RawEvent[] = [
    e('agent.state', '09:00', { agent: 'a-1', state: 'available' }),
    e('call.started', '09:00', { contact: 'c-1', direction: 'inbound', queue: 'billing' }),
    e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
    e('call.held', '09:02', { contact: 'c-1', agent: 'a-1' }),
    e('call.resumed', '09:03', { contact: 'c-1', agent: 'a-1' }),
    e('call.ended', '09:05', { contact: 'c-1' }),
    e('call.wrapup_done', '09:06', { contact: 'c-1', agent: 'a-1' }),
    e('agent.state', '09:10', { agent: 'a-1', state: 'offline' }),
  ];

  it('costs the call by hand: 300 s of segments at 0.01/s, 5 min of telephony at 0.60/min', () => {
    const acme = costDay(day, rates).tenants.acme;
    // talk 60 + hold 60 + talk 120 + wrapup 60 = 300 s; labour 300/120, overhead 300/600; telephony 300 s = 5 min.
    expect(acme.contacts['c-1']).toMatchObject({
      handleSeconds: 300,
      agentSeconds: 300,
      open: false,
      cost: { labour: '2.500000', overhead: '0.500000', telephony: '3.000000', total: '6.000000' },
    });
    // paid 09:00–09:10 = 600 s = 300 contact + 60 idle (before the answer) + 240 idle (after the wrapup)
    expect(acme.agents['a-1']).toMatchObject({ paidSeconds: 600, contactSeconds: 300, idleSeconds: 300 });
    expect(acme.totals).toMatchObject({ contacts: 1, total: '9.000000', fullyLoadedCostPerContact: '9.000000' });
  });

  it('gives the same document for reversed and rotated input', () => {
    const forward = costDay(day, rates);
    expect(costDay([...day].reverse(), rates)).toEqual(forward);
    expect(costDay([...day.slice(4), ...day.slice(0, 4)], rates)).toEqual(forward);
  });
});

describe('ties on time: type rank first, then id', () => {
  it('answered applies before ended at the same instant (rank beats id): the agent moves to wrapup', () => {
    const events = [
      {
        id: 'e-1',
        type: 'call.started',
        tenant: 'acme',
        time: '2026-11-02T09:00:00Z',
        contact: 'c-1',
        direction: 'inbound',
      },
      { id: 'e-a', type: 'call.ended', tenant: 'acme', time: '2026-11-02T09:01:00Z', contact: 'c-1' },
      { id: 'e-z', type: 'call.answered', tenant: 'acme', time: '2026-11-02T09:01:00Z', contact: 'c-1', agent: 'a-1' },
      { id: 'e-2', type: 'agent.state', tenant: 'acme', time: '2026-11-02T09:03:00Z', agent: 'a-9', state: 'offline' },
    ];
    // talk 09:01–09:01 (0 s), wrapup 09:01–09:03 cut by the as-of: not open. Had ended applied first, the talk
    // would still be running.
    const c = costDay(events, rates).tenants.acme.contacts['c-1'];
    expect(c).toMatchObject({ open: false, handleSeconds: 120, cost: { telephony: '0.600000' } });
  });

  it('answered applies before wrapup_done at the same instant: the rejoin is closed at once', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('chat.agent_left', '09:05', { contact: 'c-1', agent: 'a-1' }),
      { ...e('chat.wrapup_done', '09:06', { contact: 'c-1', agent: 'a-1' }), id: 'x-a' },
      { ...e('chat.answered', '09:06', { contact: 'c-1', agent: 'a-1' }), id: 'x-z' },
      e('agent.state', '09:10', { agent: 'a-9', state: 'offline' }),
    ];
    // handle 240 + wrapup 60; the answer at 09:06 closes the wrapup and opens a handle that wrapup_done closes at once.
    expect(costDay(events, rates).tenants.acme.contacts['c-1']).toMatchObject({
      open: false,
      handleSeconds: 300,
      agentSeconds: 300,
      cost: { labour: '2.500000', overhead: '0.500000', fees: '0.050000', total: '3.050000' },
    });
  });

  it('work_started applies before work_stopped at the same instant', () => {
    const e = eventWriter();
    const events = [
      e('ticket.created', '09:00', { contact: 't-1' }),
      e('ticket.work_started', '09:01', { contact: 't-1', agent: 'a-1' }),
      { ...e('ticket.work_stopped', '09:03', { contact: 't-1', agent: 'a-1' }), id: 'x-a' },
      { ...e('ticket.work_started', '09:03', { contact: 't-1', agent: 'a-1' }), id: 'x-z' },
      e('agent.state', '09:10', { agent: 'a-9', state: 'offline' }),
    ];
    // work 09:01–09:03: the second start is a no-op (work open), then the stop closes it.
    expect(costDay(events, rates).tenants.acme.contacts['t-1']).toMatchObject({
      open: false,
      handleSeconds: 120,
      cost: { labour: '1.000000', overhead: '0.200000', fees: '0.020000', total: '1.220000' },
    });
  });

  it('a classification at the start time wins over the start event reason (rank beats id)', () => {
    const e = eventWriter();
    const events = [
      { ...e('call.started', '09:00', { contact: 'c-1', direction: 'inbound', reason: 'billing' }), id: 'x-9' },
      { ...e('contact.classified', '09:00', { contact: 'c-1', reason: 'sales' }), id: 'x-1' },
    ];
    expect(costDay(events, rates).tenants.acme.contacts['c-1'].reason).toBe('sales');
  });

  it.each([
    ['k-1', 'k-2', 'complaint'],
    ['k-2', 'k-1', 'billing'],
  ])('two classifications at the same time: the greater id wins (%s, %s)', (billingId, complaintId, expected) => {
    const e = eventWriter();
    const started = e('chat.started', '09:00', { contact: 'c-1' });
    const billing = {
      ...e('contact.classified', '09:03', { contact: 'c-1', reason: 'billing', case: 'K-B' }),
      id: billingId,
    };
    const complaint = {
      ...e('contact.classified', '09:03', { contact: 'c-1', reason: 'complaint', case: 'K-C' }),
      id: complaintId,
    };
    for (const order of [
      [started, billing, complaint],
      [complaint, billing, started],
    ]) {
      const c = costDay(order, rates).tenants.acme.contacts['c-1'];
      expect(c.reason).toBe(expected);
      expect(c.case).toBe(expected === 'complaint' ? 'K-C' : 'K-B');
    }
  });

  it.each([
    ['s-1', 's-2', 'available'],
    ['s-2', 's-1', 'break'],
  ])(
    'two states of one agent at the same time: the greater id wins (break %s, available %s)',
    (breakId, availableId, winner) => {
      const e = eventWriter();
      const brk = { ...e('agent.state', '09:00', { agent: 'a-1', state: 'break' }), id: breakId };
      const available = { ...e('agent.state', '09:00', { agent: 'a-1', state: 'available' }), id: availableId };
      const end = e('agent.state', '09:10', { agent: 'a-1', state: 'offline' });
      for (const order of [
        [brk, available, end],
        [end, available, brk],
      ]) {
        const a = costDay(order, rates).tenants.acme.agents['a-1'];
        expect(a.paidSeconds).toBe(600);
        if (winner === 'available')
          expect(a).toMatchObject({ idleSeconds: 600, shrinkageSeconds: {}, idleCost: '6.000000' });
        else expect(a).toMatchObject({ idleSeconds: 0, shrinkageSeconds: { break: 600 }, shrinkageCost: '6.000000' });
      }
    },
  );
});
