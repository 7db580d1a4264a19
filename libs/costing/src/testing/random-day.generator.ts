// A fast-check generator of small VALID days of events for property tests: 1–2 tenants, agents with states, calls,
// chats, tickets and SMS-only contacts with plausible (and sometimes anomalous but valid) event sequences,
// classifications, usage and compensation. Times sit on a 30 s grid so ties are frequent; tenant `acme` runs across
// local midnight in America/New_York and across a rate-version boundary.
import fc from 'fast-check';
import { RateCardSet } from '../rate-card';
import { parseRateCards } from '../rate-card.parser';
import { RawEvent } from './cost-day.builder';

export const PROPERTY_RATES_JSON = {
  acme: {
    currency: 'USD',
    timezone: 'America/New_York',
    versions: [
      {
        effectiveFrom: '2026-01-01T00:00:00Z',
        labourPerHour: { default: '30.00', senior: '42.00' },
        overheadPerAgentHour: '6.00',
        agents: { 'a-2': 'senior' },
        telephonyPerMinute: { inbound: '0.012', outbound: '0.020' },
        telephonyIncrementSeconds: 6,
        chatPerSession: '0.05',
        ticketPerTicket: '0.02',
        usage: { sms: '0.0079' },
        concurrencyWeights: { voice: 3, chat: 1, ticket: '0.5' },
        wrapupLimitSeconds: 300,
      },
      {
        // 00:15 local on 11-03: a boundary inside the generated window
        effectiveFrom: '2026-11-03T05:15:00Z',
        labourPerHour: { default: '33.30' },
        overheadPerAgentHour: '7.10',
        telephonyPerMinute: { inbound: '0.013' },
        telephonyIncrementSeconds: 60,
        chatPerSession: '0.07',
        usage: { sms: '0.0081' },
        concurrencyWeights: { voice: 1, chat: '1.5' },
        wrapupLimitSeconds: 120,
      },
    ],
  },
  globex: {
    currency: 'EUR',
    timezone: 'UTC',
    versions: [
      {
        effectiveFrom: '2026-01-01T00:00:00Z',
        labourPerHour: { default: '25.00' },
        telephonyPerMinute: { inbound: '0.01' },
        chatPerSession: '0.03',
        usage: { sms: '0.005' },
      },
    ],
  },
};

export function propertyRates(): RateCardSet {
  return parseRateCards(PROPERTY_RATES_JSON);
}

const BASE_MS: Record<string, number> = {
  acme: Date.parse('2026-11-03T04:00:00Z'), // 23:00 EST on 11-02
  globex: Date.parse('2026-11-02T10:00:00Z'),
};
const STEP_MS = 30_000;
const AGENTS = ['a-1', 'a-2', 'a-3'];
const STATES = ['available', 'available', 'available', 'break', 'training', 'offline'];
const REASONS = ['billing', 'complaint', 'sales'];
const CASES = ['K-1', 'K-2', 'K-3'];

const participantArb = fc.record({
  agent: fc.constantFrom(...AGENTS),
  join: fc.integer({ min: 0, max: 12 }),
  hold: fc.option(fc.record({ at: fc.integer({ min: 0, max: 6 }), length: fc.integer({ min: 0, max: 6 }) }), {
    nil: undefined,
  }),
  leave: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  wrapup: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
});

const contactArb = fc.record({
  channel: fc.constantFrom('voice', 'chat', 'ticket', 'sms'),
  start: fc.integer({ min: 0, max: 200 }),
  hasStart: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
  direction: fc.constantFrom('inbound', 'outbound'),
  queue: fc.option(fc.constantFrom('billing', 'web'), { nil: undefined }),
  reason: fc.option(fc.constantFrom(...REASONS), { nil: undefined }),
  case: fc.option(fc.constantFrom(...CASES), { nil: undefined }),
  participants: fc.array(participantArb, { maxLength: 2 }),
  length: fc.integer({ min: 0, max: 50 }),
  ends: fc.integer({ min: 0, max: 5 }).map((n) => n > 0),
  jitterMs: fc.constantFrom(0, 0, 250, 500),
  classifications: fc.array(
    fc.record({
      at: fc.integer({ min: -4, max: 60 }),
      reason: fc.constantFrom(...REASONS),
      case: fc.option(fc.constantFrom(...CASES), { nil: undefined }),
    }),
    { maxLength: 2 },
  ),
  usage: fc.array(fc.record({ at: fc.integer({ min: 0, max: 50 }), quantity: fc.integer({ min: 1, max: 5 }) }), {
    maxLength: 2,
  }),
  compensation: fc.option(
    fc.record({
      at: fc.integer({ min: -10, max: 80 }),
      cents: fc.integer({ min: 0, max: 5000 }),
      case: fc.constantFrom(...CASES),
      ghost: fc.boolean(),
      kind: fc.constantFrom('refund', 'credit', 'goodwill'),
    }),
    { nil: undefined },
  ),
});

const agentStatesArb = fc.array(
  fc.record({
    agent: fc.constantFrom(...AGENTS),
    at: fc.integer({ min: 0, max: 240 }),
    state: fc.constantFrom(...STATES),
    rateClass: fc.option(fc.constantFrom('senior', 'default', 'trainee'), { nil: undefined }),
  }),
  { maxLength: 8 },
);

const tenantArb = fc.record({ states: agentStatesArb, contacts: fc.array(contactArb, { minLength: 1, maxLength: 6 }) });

type ContactPlan = typeof contactArb extends fc.Arbitrary<infer T> ? T : never;
type TenantPlan = typeof tenantArb extends fc.Arbitrary<infer T> ? T : never;

function renderTenant(tenant: string, plan: TenantPlan): RawEvent[] {
  const events: RawEvent[] = [];
  let next = 0;
  const base = BASE_MS[tenant];
  const at = (step: number, jitterMs = 0) => new Date(base + Math.max(0, step) * STEP_MS + jitterMs).toISOString();
  const push = (type: string, step: number, fields: RawEvent, jitterMs = 0) =>
    events.push({ id: `${tenant[0]}-${++next}`, type, tenant, time: at(step, jitterMs), ...fields });

  for (const s of plan.states) {
    push('agent.state', s.at, { agent: s.agent, state: s.state, ...(s.rateClass && { rateClass: s.rateClass }) });
  }
  plan.contacts.forEach((c: ContactPlan, index: number) => {
    const contact = `${c.channel[0]}-${index + 1}`;
    const j = c.jitterMs;
    const end = c.start + c.length;
    const classify = { ...(c.reason && { reason: c.reason }), ...(c.case && { case: c.case }) };
    const startFields = { contact, ...(c.queue && { queue: c.queue }), ...classify };
    if (c.channel === 'voice') {
      if (c.hasStart) push('call.started', c.start, { ...startFields, direction: c.direction }, j);
      for (const p of c.participants) {
        const joined = c.start + p.join;
        push('call.answered', joined, { contact, agent: p.agent }, j);
        if (p.hold) {
          push('call.held', joined + p.hold.at, { contact, agent: p.agent }, j);
          push('call.resumed', joined + p.hold.at + p.hold.length, { contact, agent: p.agent }, j);
        }
        if (p.leave !== undefined) push('call.agent_left', joined + p.leave, { contact, agent: p.agent }, j);
        if (p.wrapup !== undefined) push('call.wrapup_done', end + p.wrapup, { contact, agent: p.agent }, j);
      }
      if (c.ends) push('call.ended', end, { contact, outcome: 'resolved' }, j);
    } else if (c.channel === 'chat') {
      if (c.hasStart) push('chat.started', c.start, startFields, j);
      for (const p of c.participants) {
        const joined = c.start + p.join;
        push('chat.answered', joined, { contact, agent: p.agent }, j);
        if (p.leave !== undefined) push('chat.agent_left', joined + p.leave, { contact, agent: p.agent }, j);
        if (p.wrapup !== undefined) push('chat.wrapup_done', end + p.wrapup, { contact, agent: p.agent }, j);
      }
      if (c.ends) push('chat.ended', end, { contact }, j);
    } else if (c.channel === 'ticket') {
      if (c.hasStart) push('ticket.created', c.start, startFields, j);
      for (const p of c.participants) {
        const joined = c.start + p.join;
        push('ticket.work_started', joined, { contact, agent: p.agent }, j);
        if (p.leave !== undefined) push('ticket.work_stopped', joined + p.leave, { contact, agent: p.agent }, j);
        if (p.wrapup !== undefined)
          push('ticket.work_logged', joined + p.wrapup, { contact, agent: p.agent, seconds: 30 * (p.wrapup + 1) }, j);
      }
      if (c.ends) push('ticket.solved', end, { contact }, j);
    } else {
      push('usage.recorded', c.start, { contact, resource: 'sms', quantity: 1 }, j);
    }
    for (const k of c.classifications)
      push('contact.classified', c.start + k.at, { contact, reason: k.reason, ...(k.case && { case: k.case }) }, j);
    for (const u of c.usage)
      push('usage.recorded', c.start + u.at, { contact, resource: 'sms', quantity: u.quantity }, j);
    if (c.compensation) {
      const m = c.compensation;
      const amount = `${Math.floor(m.cents / 100)}.${String(m.cents % 100).padStart(2, '0')}`;
      push('case.compensated', c.start + m.at, {
        case: m.case,
        contact: m.ghost ? `ghost-${index}` : contact,
        amount,
        kind: m.kind,
      });
    }
  });
  return events;
}

/** Valid events of one or two tenants, in plan order (roughly by contact, not by time). */
export const randomDayArb: fc.Arbitrary<RawEvent[]> = fc
  .record({ acme: tenantArb, globex: fc.option(tenantArb, { nil: undefined }) })
  .map(({ acme, globex }) => [...renderTenant('acme', acme), ...(globex ? renderTenant('globex', globex) : [])]);

/** A day and a permutation of it. */
export const shuffledDayArb = randomDayArb.chain((events) =>
  fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }).map((shuffled) => ({
    events,
    shuffled,
  })),
);
