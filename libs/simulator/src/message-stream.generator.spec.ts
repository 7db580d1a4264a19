import { messageKeyForEvent, parseEvent, ContactCentreEvent, topicRoleForEvent } from '@contact-cost/contracts';
import { CostEngine, parseRateCards } from '@contact-cost/costing';
import { generateMessages } from './message-stream.generator';
import { simulatorRateCards } from './rate-cards.generator';
import { SimulatedMessage } from './simulated-message';
import { SimulatorOptions } from './simulator-options';
import { tenantRoster } from './tenant-catalogue';

function collect(options: Partial<SimulatorOptions>): SimulatedMessage[] {
  return [...generateMessages(options)];
}

function parsed(message: SimulatedMessage): ContactCentreEvent {
  const result = parseEvent(message.value);
  if (!result.ok) throw new Error(`${message.value} rejected: ${result.rejection.detail}`);
  return result.event;
}

/** Index of the first line where two lists differ (or where one ends), -1 when equal. */
function firstDifference(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

const WORK_STARTS = new Set(['call.answered', 'chat.answered', 'ticket.work_started', 'ticket.work_logged']);

const FAULTY: Partial<SimulatorOptions> = {
  seed: 7,
  events: 20_000,
  duplicates: 0.05,
  outOfOrder: 0.05,
  invalid: 0.05,
};

describe('generateMessages', () => {
  // One faulty 20k stream and one clean stream, shared by the checks below.
  const faulty = collect(FAULTY);
  const clean = collect({ seed: 11, events: 20_000 });

  it('gives identical output for the same seed and different output for another seed', () => {
    const fingerprint = (messages: SimulatedMessage[]) =>
      messages.map((m) => `${m.kind} ${m.topicRole} ${m.key} ${m.eventTime} ${m.value}`);
    expect(firstDifference(fingerprint(collect(FAULTY)), fingerprint(faulty))).toBe(-1);
    expect(firstDifference(fingerprint(collect({ ...FAULTY, seed: 8 })), fingerprint(faulty))).toBe(0);
  });

  it('keeps the valid events of a seed whatever the fault fractions', () => {
    const withFaults = collect({ seed: 11, events: 5000, duplicates: 0.1, invalid: 0.1 })
      .filter((m) => m.kind === 'valid')
      .map((m) => m.value);
    expect(withFaults.length).toBeGreaterThan(3500);
    expect(
      firstDifference(
        withFaults,
        clean.slice(0, withFaults.length).map((m) => m.value),
      ),
    ).toBe(-1);
  });

  it('stops after --events messages', () => {
    expect(faulty).toHaveLength(20_000);
    expect(collect({ seed: 3, events: 1234, invalid: 0.2 })).toHaveLength(1234);
  });

  it('emits valid messages that pass parseEvent, name a priced tenant and resource, with the right topic and key', () => {
    const rates = simulatorRateCards(FAULTY);
    const problems: string[] = [];
    const accepted = new Set<string>();
    for (const message of faulty) {
      const result = parseEvent(message.value);
      const event = result.ok ? result.event : null;
      const card = event ? rates[event.tenant] : undefined;
      const priced = !event || event.type !== 'usage.recorded' || (card && event.resource! in card.versions[0].usage);
      let verdict: string;
      if (!result.ok) verdict = result.rejection.reason;
      else if (!card) verdict = 'unknown_tenant';
      else if (!priced) verdict = 'unknown_resource';
      else if (accepted.has(`${event!.tenant}/${event!.id}`)) verdict = 'duplicate';
      else verdict = 'valid';
      const expected = message.kind === 'invalid' ? message.invalidReason : message.kind;
      if (verdict !== expected) problems.push(`${expected} judged ${verdict}: ${message.value}`);
      if (message.kind !== 'valid' || !event) continue;
      accepted.add(`${event.tenant}/${event.id}`);
      if (!new RegExp(`^${event.tenant}-e-\\d+$`).test(event.id)) problems.push(`id ${event.id}`);
      if (message.key !== messageKeyForEvent(event)) problems.push(`key ${message.key}: ${message.value}`);
      if (/^(agent|call|chat|ticket)\./.test(event.type) && message.topicRole !== topicRoleForEvent(event.type)) {
        problems.push(`topic ${message.topicRole}: ${message.value}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('is judged by the costing engine exactly as its kinds say', () => {
    const engine = new CostEngine(parseRateCards(simulatorRateCards(FAULTY)));
    const verdicts = faulty.map((message) => {
      const outcome = engine.ingest(message.value);
      const verdict = outcome.status === 'rejected' ? outcome.rejection.reason : outcome.status;
      return (
        verdict ===
        (message.kind === 'invalid' ? message.invalidReason : message.kind === 'valid' ? 'accepted' : 'duplicate')
      );
    });
    expect(verdicts.filter((ok) => !ok)).toHaveLength(0);
  });

  it('honours the fault fractions roughly and uses every rejection reason', () => {
    const count = (kind: string) => faulty.filter((m) => m.kind === kind).length;
    expect(count('duplicate') / faulty.length).toBeGreaterThan(0.04);
    expect(count('duplicate') / faulty.length).toBeLessThan(0.06);
    expect(count('invalid') / faulty.length).toBeGreaterThan(0.04);
    expect(count('invalid') / faulty.length).toBeLessThan(0.06);
    const reasons = new Set(faulty.filter((m) => m.kind === 'invalid').map((m) => m.invalidReason));
    expect([...reasons].sort()).toEqual([
      'invalid_json',
      'schema',
      'unknown_resource',
      'unknown_tenant',
      'unknown_type',
    ]);

    // Late messages show up behind a later event time (whole-second platforms blur order by < 1 s).
    const valid = faulty.filter((m) => m.kind === 'valid');
    let latest = 0;
    let late = 0;
    for (const message of valid) {
      const at = Date.parse(message.eventTime!);
      if (at < latest - 1000) late++;
      latest = Math.max(latest, at);
    }
    expect(late / valid.length).toBeGreaterThan(0.035);
    expect(late / valid.length).toBeLessThan(0.06);

    const duplicates = faulty.filter((m) => m.kind === 'duplicate');
    const validValues = new Set(valid.map((v) => v.value));
    const changed = duplicates.filter((d) => !validValues.has(d.value));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(duplicates.length);
  });

  it('counts what it yields in its statistics', () => {
    const stream = generateMessages({ ...FAULTY, events: 5000 });
    const messages = [...stream];
    const stats = stream.stats;
    expect(stats.messages).toBe(5000);
    expect(stats.byKind.valid + stats.byKind.duplicate + stats.byKind.invalid).toBe(5000);
    expect(stats.byKind.invalid).toBe(messages.filter((m) => m.kind === 'invalid').length);
    const calls = messages.filter((m) => m.kind === 'valid' && parsed(m).type === 'call.started').length;
    expect(stats.contacts.voice).toBe(calls);
    expect(stats.byType['call.started']).toBe(calls);
    expect(stats.maxConcurrentChatsPerAgent).toBeGreaterThanOrEqual(2);
    expect(stats.maxConcurrentChatsPerAgent).toBeLessThanOrEqual(3);
  });

  it('covers every channel, transfers, consults, holds, complaints and compensations with and without contact', () => {
    const events = clean.map(parsed);
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'call.started',
      'call.answered',
      'call.held',
      'call.resumed',
      'call.agent_left',
      'call.ended',
      'call.wrapup_done',
      'chat.started',
      'chat.answered',
      'chat.agent_left',
      'chat.ended',
      'chat.wrapup_done',
      'ticket.created',
      'ticket.work_started',
      'ticket.work_stopped',
      'ticket.work_logged',
      'ticket.solved',
      'ticket.reopened',
      'contact.classified',
      'usage.recorded',
      'case.compensated',
      'agent.state',
    ]) {
      expect(types).toContain(type);
    }
    expect(new Set(events.map((e) => e.tenant))).toEqual(new Set(['acme', 'globex', 'initech']));
    expect(events.some((e) => e.type === 'call.ended' && e.outcome === 'abandoned')).toBe(true);
    expect(events.some((e) => e.type === 'contact.classified' && e.reason === 'complaint' && e.case)).toBe(true);
    expect(events.some((e) => e.type === 'case.compensated' && e.contact)).toBe(true);
    expect(events.some((e) => e.type === 'case.compensated' && !e.contact)).toBe(true);
    expect(events.some((e) => e.type === 'usage.recorded' && /-n-\d+$/.test(e.contact!))).toBe(true);
    expect(new Set(events.filter((e) => e.type === 'usage.recorded').map((e) => e.resource))).toEqual(
      new Set(['sms', 'bot_message', 'transcription_minute']),
    );
    const states = new Set(events.filter((e) => e.type === 'agent.state').map((e) => e.state));
    for (const state of ['available', 'break', 'lunch', 'offline']) expect(states).toContain(state);
    expect(events.some((e) => e.type === 'agent.state' && e.rateClass)).toBe(true);
    expect(clean.some((m) => m.value.includes('+05:30"'))).toBe(true);
  });

  it('keeps agents within their concurrency and working only while available', () => {
    const caps = new Map<string, number>();
    for (let index = 0; index < 3; index++) {
      for (const agent of tenantRoster(11, index, 30)) caps.set(agent.id, agent.chatCap);
    }
    const state = new Map<string, string>();
    const chatsOf = new Map<string, number>();
    const callsOf = new Map<string, number>();
    const inContact = new Map<string, Set<string>>();
    let maxChats = 0;
    const problems: string[] = [];
    const join = (counts: Map<string, number>, contact: string, agent: string) => {
      const agents = inContact.get(contact) ?? new Set<string>();
      inContact.set(contact, agents);
      agents.add(agent);
      counts.set(agent, (counts.get(agent) ?? 0) + 1);
      return counts.get(agent)!;
    };
    const leave = (counts: Map<string, number>, contact: string, agent: string) => {
      if (inContact.get(contact)?.delete(agent)) counts.set(agent, counts.get(agent)! - 1);
    };
    for (const event of clean.map(parsed)) {
      const agent = event.agent;
      if (event.type === 'agent.state') {
        state.set(agent!, event.state!);
        continue;
      }
      if (agent !== undefined && (state.get(agent) ?? 'offline') === 'offline') problems.push(`offline: ${event.id}`);
      if (WORK_STARTS.has(event.type) && state.get(agent!) !== 'available') problems.push(`not available: ${event.id}`);
      const contact = event.contact!;
      if (event.type === 'chat.answered') {
        const open = join(chatsOf, contact, agent!);
        maxChats = Math.max(maxChats, open);
        if (open > caps.get(agent!)!) problems.push(`${agent} on ${open} chats: ${event.id}`);
      } else if (event.type === 'call.answered') {
        if (join(callsOf, contact, agent!) > 1) problems.push(`${agent} on two calls: ${event.id}`);
      } else if (event.type === 'chat.agent_left') leave(chatsOf, contact, agent!);
      else if (event.type === 'call.agent_left') leave(callsOf, contact, agent!);
      else if (event.type === 'chat.ended' || event.type === 'call.ended') {
        for (const member of [...(inContact.get(contact) ?? [])])
          leave(event.type === 'chat.ended' ? chatsOf : callsOf, contact, member);
      }
    }
    expect(problems).toEqual([]);
    expect(maxChats).toBe(3);
  });

  it('emits a contact’s events after its start, in event-time order per tenant', () => {
    const started = new Set<string>();
    const lastAt = new Map<string, bigint>();
    const problems: string[] = [];
    for (const event of clean.map(parsed)) {
      if (event.at < (lastAt.get(event.tenant) ?? 0n)) problems.push(`earlier than its predecessor: ${event.id}`);
      lastAt.set(event.tenant, event.at);
      if (['call.started', 'chat.started', 'ticket.created'].includes(event.type)) {
        if (started.has(event.contact!)) problems.push(`started twice: ${event.id}`);
        started.add(event.contact!);
      } else if (/^(call|chat|ticket)\./.test(event.type) && !started.has(event.contact!)) {
        problems.push(`before its start: ${event.id}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('ends a bounded run with every call and chat over and every agent offline', () => {
    const events = collect({ seed: 5, tenants: 2, agents: 12, durationHours: 6, start: '2026-11-02T12:00:00Z' }).map(
      parsed,
    );
    const lastState = new Map<string, string>();
    const open = new Set<string>();
    for (const event of events) {
      if (event.type === 'agent.state') lastState.set(event.agent!, event.state!);
      if (event.type === 'call.started' || event.type === 'chat.started') open.add(event.contact!);
      if (event.type === 'call.ended' || event.type === 'chat.ended') open.delete(event.contact!);
    }
    expect(open.size).toBe(0);
    expect(lastState.size).toBeGreaterThan(0);
    expect([...lastState.values()].every((s) => s === 'offline')).toBe(true);
    const end = BigInt(Date.parse('2026-11-02T18:00:00Z')) * 1_000_000_000_000_000n;
    const starts = events.filter((e) => /\.(started|created)$/.test(e.type));
    expect(starts.length).toBeGreaterThan(100);
    expect(starts.every((e) => e.at < end)).toBe(true);
  });
});
