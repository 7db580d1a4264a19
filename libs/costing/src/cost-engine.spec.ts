// CostEngine's incremental API (admit/ingest + collectChanges), the one the live stream uses: a consumer that upserts
// every figure it is given must end with what a whole replay of the same events says (events.md: results must not
// depend on arrival order).
import { CostEngine } from './cost-engine';
import { UpstreamDuplicateKeys } from './duplicate-keys';
import { InMemoryContactArchive } from './settled-contact.codec';
import { ChangeSet } from './figures';
import { Rational, sumRationals } from './rational';
import fc from 'fast-check';
import { parseEventTime } from '@contact-cost/contracts';
import { RawEvent, attos, eventWriter, parsed, rateCards } from './testing/cost-day.builder';
import { propertyRates, randomDayArb } from './testing/random-day.generator';

const rates = rateCards();

/** What a stream consumer keeps: the last figures it was given per contact and per agent-day. */
class UpsertingConsumer {
  readonly contacts = new Map<string, ChangeSet['contacts'][number]>();
  readonly agentDays = new Map<string, ChangeSet['agentDays'][number]>();
  apply(changes: ChangeSet): void {
    for (const c of changes.contacts) this.contacts.set(`${c.tenant}/${c.contact}`, c);
    for (const d of changes.agentDays) this.agentDays.set(`${d.tenant}/${d.agent}/${d.day}`, d);
  }
  paidSeconds(agent: string): Rational {
    return sumRationals([...this.agentDays.values()].filter((d) => d.agent === agent).map((d) => d.paidSeconds));
  }
}

function feed(engine: CostEngine, events: RawEvent[]): void {
  for (const event of events) expect(engine.admit(parsed(event)).status).toBe('accepted');
}

describe('CostEngine.collectChanges', () => {
  it('reports a changed figure once; nothing when nothing changed at the same as-of', () => {
    const e = eventWriter();
    const engine = new CostEngine(rates);
    feed(engine, [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('agent.state', '09:00', { agent: 'a-1', state: 'available' }),
    ]);
    const first = engine.collectChanges();
    expect(first.contacts.map((c) => c.contact)).toEqual(['c-1']);
    expect(first.asOf).toBe(attos('09:00'));
    const again = engine.collectChanges();
    expect(again.contacts).toEqual([]);
    expect(again.agentDays).toEqual([]);
  });

  it('re-reports figures that run with time when the as-of moves on (an open handle, an idle agent)', () => {
    const e = eventWriter();
    const engine = new CostEngine(rates);
    feed(engine, [
      e('agent.state', '09:00', { agent: 'a-1', state: 'available' }),
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('chat.started', '09:02', { contact: 'c-2' }),
    ]);
    engine.collectChanges();
    const later = engine.collectChanges(attos('09:11'));
    // c-1: handle 09:01–09:11 = 600 s; c-2 has not changed
    expect(later.contacts.map((c) => [c.contact, c.agentSeconds.toString(), c.open])).toEqual([['c-1', '600', true]]);
    expect(later.agentDays.map((d) => [d.agent, d.paidSeconds.toString(), d.idleSeconds.toString()])).toEqual([
      ['a-1', '660', '60'],
    ]);
  });

  it('reports a duplicate (tenant, id) as such and changes nothing', () => {
    const e = eventWriter();
    const engine = new CostEngine(rates);
    const started = e('chat.started', '09:00', { contact: 'c-1' });
    expect(engine.ingest(JSON.stringify(started)).status).toBe('accepted');
    engine.collectChanges();
    expect(engine.ingest(JSON.stringify({ ...started, time: '2026-11-02T08:00:00Z' }))).toEqual({
      status: 'duplicate',
      id: started.id,
      tenant: 'acme',
    });
    expect(engine.collectChanges().contacts).toEqual([]);
  });

  it('reports a compensation as unlinked, then as linked under the same id once its contact arrives', () => {
    const e = eventWriter();
    const engine = new CostEngine(rates);
    const refund = e('case.compensated', '09:00', { case: 'K-1', contact: 'c-1', amount: '4.50', kind: 'refund' });
    feed(engine, [refund]);
    const before = engine.collectChanges();
    expect(before.unlinkedCompensations.map((u) => [u.id, u.day, u.amount.toString()])).toEqual([
      [refund.id, '2026-11-02', '9/2'],
    ]);
    expect(before.linkedCompensations).toEqual([]);
    feed(engine, [e('chat.started', '08:00', { contact: 'c-1' })]);
    const after = engine.collectChanges();
    expect(after.linkedCompensations.map((l) => [l.id, l.contact, l.case])).toEqual([[refund.id, 'c-1', 'K-1']]);
    expect(after.unlinkedCompensations).toEqual([]);
    expect(after.contacts.map((c) => [c.contact, c.cost.total.toString()])).toEqual([['c-1', '91/20']]); // 0.05 + 4.50
  });

  // Was an engine bug (fixed): collectChanges() never reports an agent-day that stops existing. Input (UTC tenant): a-1 offline at
  // 23:00; call c-1 started and answered by a-1 at 23:50; a-2 available at 00:10 on 11-03 (as-of 00:10) → collect:
  // a-1 has 600 s on 11-02 and 600 s on 11-03. Then call.ended 23:55 and wrapup_done 23:56 arrive late → collect.
  // Expected (cost-model.md: paid = contact + idle + Σ shrinkage; events.md: results must not depend on arrival
  // order): a-1 is paid 360 s (talk 300 + wrapup 60), all on 11-02 — what a whole replay says. Actual: the change set
  // updates (a-1, 11-02) to 360 s but says nothing about (a-1, 11-03), so a consumer keeps its stale 600 s there and
  // shows 960 s. A zeroed figure (or a removal) for the vanished agent-day is needed.
  it('lets a consumer drop an agent-day that no longer exists after late events (call across midnight)', () => {
    const e = eventWriter();
    const engine = new CostEngine(rates);
    const consumer = new UpsertingConsumer();
    feed(engine, [
      e('agent.state', '23:00', { agent: 'a-1', state: 'offline' }),
      e('call.started', '23:50', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '23:50', { contact: 'c-1', agent: 'a-1' }),
      e('agent.state', '2026-11-03T00:10:00Z', { agent: 'a-2', state: 'available' }),
    ]);
    consumer.apply(engine.collectChanges());
    expect(consumer.paidSeconds('a-1').toString()).toBe('1200');
    feed(engine, [
      e('call.ended', '23:55', { contact: 'c-1' }),
      e('call.wrapup_done', '23:56', { contact: 'c-1', agent: 'a-1' }),
    ]);
    consumer.apply(engine.collectChanges());
    expect(consumer.contacts.get('acme/c-1')!.agentSeconds.toString()).toBe('360');
    expect(consumer.paidSeconds('a-1').toString()).toBe('360');
  });
});

describe('CostEngine with its as-of fixed up front (a replay with --as-of)', () => {
  it('keeps no event after the as-of, and gives the figures of an engine that keeps them all', () => {
    fc.assert(
      fc.property(randomDayArb, fc.integer({ min: 0, max: 40 * 3600 }), (events, offset) => {
        const asOf = attos('00:00:00', '2026-11-02') + BigInt(offset) * 10n ** 18n;
        const whole = new CostEngine(propertyRates());
        const fixed = new CostEngine(propertyRates(), { asOf });
        for (const event of events) {
          whole.ingest(JSON.stringify(event));
          fixed.ingest(JSON.stringify(event));
        }
        expect(fixed.snapshot(asOf)).toEqual(whole.snapshot(asOf));
        expect(fixed.latestEventTime()).toBe(whole.latestEventTime());
        // every event up to the as-of is held (nothing settles here), compensations aside; none after it
        const held = events.filter((e) => parseEventTime(String(e.time))! <= asOf && e.type !== 'case.compensated');
        expect(fixed.heldEventCount()).toBe(held.length);
        expect(whole.heldEventCount()).toBe(events.filter((e) => e.type !== 'case.compensated').length);
      }),
      { numRuns: 100, seed: 20261130 },
    );
  });

  it('refuses figures as of another instant', () => {
    const engine = new CostEngine(rates, { asOf: attos('10:00') });
    expect(() => engine.snapshot(attos('11:00'))).toThrow('not those as of');
  });
});

describe('CostEngine duplicate keys', () => {
  const e = eventWriter();
  const state = e('agent.state', '08:00', { agent: 'a-1', state: 'available' });

  it('remembers accepted (tenant, id) pairs by default: a re-sent event is a duplicate', () => {
    const engine = new CostEngine(rates);
    expect(engine.ingest(JSON.stringify(state)).status).toBe('accepted');
    expect(engine.ingest(JSON.stringify(state)).status).toBe('duplicate');
  });

  it('screen() answers as ingest() would and takes the (tenant, id), applying nothing', () => {
    const engine = new CostEngine(rates);
    const late = { ...state, time: '2026-11-02T09:00:00Z' };
    const unpriced = e('usage.recorded', '08:30', { contact: 'c-1', resource: 'fax', quantity: 1 });
    expect(engine.screen(JSON.stringify(state))).toMatchObject({ status: 'accepted', event: { id: state.id } });
    // first wins: a copy with another time is a duplicate, as is a copy that is not even valid
    expect(engine.screen(JSON.stringify(late)).status).toBe('duplicate');
    expect(engine.screen(JSON.stringify({ ...state, time: 'soon' })).status).toBe('duplicate');
    expect(engine.screen(JSON.stringify(unpriced))).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'unknown_resource' },
    });
    expect(engine.screen('{').status).toBe('rejected');
    expect(engine.latestEventTime()).toBeNull();
    expect(engine.snapshot(attos('10:00')).tenants).toEqual([]);
    // the key was taken: ingesting the event afterwards is a duplicate too
    expect(engine.ingest(JSON.stringify(state)).status).toBe('duplicate');
  });

  it('keeps nothing when de-duplication is upstream (the live roll-up reads a de-duplicated event store)', () => {
    const engine = new CostEngine(rates, { duplicateKeys: new UpstreamDuplicateKeys() });
    engine.apply(parsed(state));
    expect(engine.isDuplicate('acme', String(state.id))).toBe(false);
  });

  it('an engine with an archive tracks changes only when asked to', () => {
    const archive = { contacts: new InMemoryContactArchive(), figures: { add: () => 0, withdraw: () => {} } };
    expect(() => new CostEngine(rates, { archive }).collectChanges(1n)).toThrow(
      'collectChanges needs an engine that tracks changes',
    );
    expect(new CostEngine(rates, { archive, tracksChanges: true }).collectChanges(1n).contacts).toEqual([]);
  });
});

describe('CostEngine with an archive, tracking changes (the live roll-up)', () => {
  /** A call over by 09:11, then a chat at 12:00 that moves the latest event time on. */
  function settledCallDay(e: ReturnType<typeof eventWriter>): RawEvent[] {
    return [
      e('agent.state', '09:00', { agent: 'a-1', state: 'available' }),
      e('call.started', '09:00', { contact: 'v-1', direction: 'inbound' }),
      e('call.answered', '09:00', { contact: 'v-1', agent: 'a-1' }),
      e('call.ended', '09:10', { contact: 'v-1' }),
      e('call.wrapup_done', '09:11', { contact: 'v-1', agent: 'a-1' }),
      e('chat.started', '12:00', { contact: 'c-1' }),
    ];
  }

  function liveEngine() {
    const archive = new InMemoryContactArchive();
    const sunk: string[] = [];
    const engine = new CostEngine(rates, {
      tracksChanges: true,
      archive: {
        contacts: archive,
        figures: {
          add: (c) => {
            sunk.push(`${c.contact} ${c.cost.total.toFixed6()}`);
            return 0;
          },
          withdraw: () => undefined,
        },
      },
    });
    return { engine, archive, sunk };
  }

  it('hands the last figures of an archived contact to the sink, drops it from the live figures, brings it back', () => {
    const e = eventWriter();
    const { engine, archive, sunk } = liveEngine();
    const consumer = new UpsertingConsumer();
    feed(engine, settledCallDay(e));
    consumer.apply(engine.collectChanges());
    const beforeArchive = consumer.contacts.get('acme/v-1')!.cost.total.toFixed6();
    engine.settle(attos('11:00'));
    expect(archive.has('acme', 'v-1')).toBe(true);
    expect(sunk).toEqual([`v-1 ${beforeArchive}`]);
    // Gone from the live figures without being reported again.
    expect(engine.collectChanges().contacts.map((c) => c.contact)).toEqual([]);

    // A late classification names it: it comes back and is reported with its new reason.
    feed(engine, [e('contact.classified', '09:05', { contact: 'v-1', reason: 'billing' })]);
    expect(archive.has('acme', 'v-1')).toBe(false);
    const back = engine.collectChanges().contacts.find((c) => c.contact === 'v-1')!;
    expect(back.reason).toBe('billing');
    expect(back.cost.total.toFixed6()).toBe(beforeArchive);
  });

  it('archives a contact a compensation names again, its compensation in the figures it leaves with', () => {
    const e = eventWriter();
    const { engine, archive, sunk } = liveEngine();
    feed(engine, settledCallDay(e));
    engine.settle(attos('11:00'));
    expect(archive.has('acme', 'v-1')).toBe(true);
    engine.collectChanges();
    const [withoutCompensation] = sunk;

    feed(engine, [e('case.compensated', '12:01', { case: 'K-1', contact: 'v-1', amount: '25.00', kind: 'refund' })]);
    expect(archive.has('acme', 'v-1')).toBe(false);
    const compensated = engine.collectChanges().contacts.find((c) => c.contact === 'v-1')!;
    expect(compensated.cost.compensation.toFixed6()).toBe('25.000000');
    // complete again: back to the archive (memory does not keep every compensated contact), priced with it
    engine.settle(attos('12:00'));
    expect(archive.has('acme', 'v-1')).toBe(true);
    expect(sunk).toEqual([withoutCompensation, `v-1 ${compensated.cost.total.toFixed6()}`]);
    expect(engine.collectChanges().contacts.map((c) => c.contact)).not.toContain('v-1');

    // a second compensation brings it back once more, with both
    feed(engine, [e('case.compensated', '12:02', { case: 'K-1', contact: 'v-1', amount: '5.00', kind: 'credit' })]);
    const twice = engine.collectChanges().contacts.find((c) => c.contact === 'v-1')!;
    expect(twice.cost.compensation.toFixed6()).toBe('30.000000');
  });
});

describe('CostEngine compensations in the live figures', () => {
  it('places each compensation once, links it when its contact comes to exist, and does not look again', () => {
    const e = eventWriter();
    const archive = new InMemoryContactArchive();
    const looked = jest.spyOn(archive, 'has');
    const engine = new CostEngine(rates, {
      tracksChanges: true,
      archive: { contacts: archive, figures: { add: () => 0, withdraw: () => undefined } },
    });
    const consumer = new UpsertingConsumer();
    feed(engine, [
      e('case.compensated', '09:00', { case: 'K-1', contact: 'v-1', amount: '10.00', kind: 'refund' }),
      e('case.compensated', '09:00', { case: 'K-2', contact: 'nobody', amount: '5.00', kind: 'credit' }),
    ]);
    const first = engine.collectChanges();
    expect(first.unlinkedCompensations.map((u) => u.case)).toEqual(['K-1', 'K-2']);
    expect(first.linkedCompensations).toEqual([]);
    // the contact comes to exist: its compensation is linked and priced in
    feed(engine, [e('call.started', '09:30', { contact: 'v-1', direction: 'inbound' })]);
    const second = engine.collectChanges();
    expect(second.linkedCompensations.map((l) => [l.case, l.contact])).toEqual([['K-1', 'v-1']]);
    expect(second.contacts.find((c) => c.contact === 'v-1')!.cost.compensation.toFixed6()).toBe('10.000000');
    consumer.apply(second);
    // many more steps: neither compensation is looked for again
    const lookedBefore = looked.mock.calls.length;
    for (let minute = 10; minute < 40; minute++) {
      feed(engine, [e('chat.started', `10:${minute}`, { contact: `c-${minute}` })]);
      const changes = engine.collectChanges();
      expect([changes.linkedCompensations, changes.unlinkedCompensations]).toEqual([[], []]);
    }
    expect(looked.mock.calls.length).toBe(lookedBefore);
  });
});

describe('CostEngine agent days made final by settling (the live roll-up, day after day)', () => {
  /** One agent's working day: available 08:00–17:00 with a ten-minute chat at 09:00. */
  function workingDay(date: string, tenant = 'acme'): RawEvent[] {
    const e = eventWriter(tenant, date);
    return [
      { ...e('agent.state', '08:00', { agent: 'a-1', state: 'available' }), id: `s-${date}-1` },
      { ...e('chat.started', '09:00', { contact: `c-${date}` }), id: `c-${date}-1` },
      { ...e('chat.answered', '09:00', { contact: `c-${date}`, agent: 'a-1' }), id: `c-${date}-2` },
      { ...e('chat.ended', '09:10', { contact: `c-${date}` }), id: `c-${date}-3` },
      { ...e('chat.wrapup_done', '09:10', { contact: `c-${date}`, agent: 'a-1' }), id: `c-${date}-4` },
      { ...e('agent.state', '17:00', { agent: 'a-1', state: 'offline' }), id: `s-${date}-2` },
    ];
  }

  it('keeps no trace in the live figures of contacts settled and archived long ago', () => {
    const e = eventWriter();
    const archive = new InMemoryContactArchive();
    const engine = new CostEngine(rates, {
      tracksChanges: true,
      archive: { contacts: archive, figures: { add: () => 0, withdraw: () => undefined } },
    });
    feed(engine, [e('agent.state', '08:00', { agent: 'a-1', state: 'available' })]);
    for (let minute = 0; minute < 300; minute++) {
      const at = `${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      feed(engine, [
        e('chat.started', at, { contact: `c-${minute}` }),
        e('chat.answered', at, { contact: `c-${minute}`, agent: 'a-1' }),
        e('chat.ended', `${at}:30`, { contact: `c-${minute}` }),
        e('chat.wrapup_done', `${at}:30`, { contact: `c-${minute}`, agent: 'a-1' }),
      ]);
      engine.settle(engine.latestEventTime()! - 600n * 10n ** 18n);
      engine.collectChanges();
    }
    expect(archive.size).toBeGreaterThan(280);
    // which agents each contact's live figures draw on: only for contacts of the last minutes, not all 300
    const live = (
      engine as unknown as { tenants: Map<string, { live: { contactAgents: Map<string, unknown> } }> }
    ).tenants.get('acme')!.live;
    expect(live.contactAgents.size).toBeLessThan(20);
  });

  it('reports a day once it is final, never as emptied, and stops recomputing it at each step', () => {
    const days = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'];
    const engine = new CostEngine(rates);
    const consumer = new UpsertingConsumer();
    const all: RawEvent[] = [];
    for (const date of days) {
      const events = workingDay(date);
      all.push(...events);
      feed(engine, events);
      // settled up to before its latest event, as the roll-up settles an hour behind
      engine.settle(attos('16:00', date));
      consumer.apply(engine.collectChanges());
      expect(engine.exact).toBe(true);
      // every day before this one is final: only this one is still recomputed
      expect(engine.liveAgentDayCount()).toBe(1);
    }
    const whole = new CostEngine(rates);
    feed(whole, all);
    const snapshot = whole.snapshot(engine.latestEventTime()!);
    expect(snapshot.agentDays).toHaveLength(days.length);
    for (const d of snapshot.agentDays)
      expect(consumer.agentDays.get(`acme/a-1/${d.day}`)).toEqual({ ...d, shrinkageSeconds: expect.any(Map) });
    // the visited figures hold the final days too
    expect(engine.snapshot().agentDays.map((d) => d.day)).toEqual(days);
    expect(engine.snapshot().agentDays.map((d) => d.paidSeconds.toSeconds3())).toEqual([32400, 32400, 32400, 32400]);
  });
});

describe('CostEngine event times below the attosecond', () => {
  // events.md keeps every fraction digit: two times equal to the 18th digit are still ordered by the rest.
  const second = '2026-11-02T09:00:00.000000000000000000';

  it('orders two states of one agent by the digits beyond the attosecond, not by id', () => {
    const e = eventWriter();
    const engine = new CostEngine(rates);
    feed(engine, [
      e('agent.state', '08:00', { agent: 'a-1', state: 'available' }),
      // by id, "a" would come first and "b" (lunch) would stand; by time, lunch comes first and break stands
      { ...e('agent.state', '09:00', { agent: 'a-1', state: 'break' }), id: 'a', time: `${second}2Z` },
      { ...e('agent.state', '09:00', { agent: 'a-1', state: 'lunch' }), id: 'b', time: `${second}10Z` },
      e('agent.state', '10:00', { agent: 'a-2', state: 'available' }),
    ]);
    const [day] = engine.snapshot().agentDays.filter((d) => d.agent === 'a-1');
    const shrinkage = [...day.shrinkageSeconds].filter(([, s]) => s.isPositive());
    expect(Object.fromEntries(shrinkage.map(([state, s]) => [state, s.toSeconds3()]))).toEqual({ break: 3600 });
  });

  it('orders a contact whose events are equal to the attosecond by time before type', () => {
    const e = eventWriter();
    const engine = new CostEngine(rates);
    feed(engine, [
      e('call.started', '08:59', { contact: 'c-1', direction: 'inbound' }),
      // by time the call ends first and the answer opens a talk that runs on ("an answered after call.ended opens a
      // talk"); by type rank the answer would come first and the end would turn its talk into a wrapup
      { ...e('call.answered', '09:00', { contact: 'c-1', agent: 'a-1' }), time: `${second}5Z` },
      { ...e('call.ended', '09:00', { contact: 'c-1' }), time: `${second}49Z` },
      e('agent.state', '10:00', { agent: 'a-2', state: 'available' }),
    ]);
    const [c] = engine.snapshot().contacts;
    expect({ open: c.open, handleSeconds: c.handleSeconds.toSeconds3() }).toEqual({ open: true, handleSeconds: 3600 });
  });
});
