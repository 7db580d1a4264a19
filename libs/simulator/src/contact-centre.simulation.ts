// A discrete-event simulation of contact centres: agents on shifts, Poisson arrivals of calls, chats, tickets and
// SMS notifications, queues, holds, transfers, consults, wrapups, reclassifications and compensations. Every action
// runs at its simulated time and emits the events that happen then, so the output is in event-time order. Only live
// contacts, future actions and queues are held in memory: the simulation runs for as many days as asked in flat space.

import { EVENT_TYPES, EventTopicRole, EventType } from '@contact-cost/contracts';
import { TenantTimeFormatter } from './event-time.formatter';
import { SeededRandom } from './seeded-random';
import {
  CHANNEL_AGENT,
  CHANNEL_CHAT,
  CHANNEL_TICKET,
  CHANNEL_UNKNOWN,
  CHANNEL_VOICE,
  FLAG_ABANDONED,
  FLAG_NEW_COMPLAINT_CASE,
  FLAG_WITH_CONTACT,
  ProducedMessage,
} from './simulated-message';
import { simulationWindow, SimulatorOptions } from './simulator-options';
import { AgentChannel, RosterAgent, TenantProfile, tenantProfile, tenantRoster } from './tenant-catalogue';
import {
  LocalDate,
  localDateOf,
  localMidnight,
  nextLocalDate,
  previousLocalDate,
  weekdayOf,
  zoneOffsetMinutes,
} from './time-zone.util';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const typeIndex = (type: EventType): number => EVENT_TYPES.indexOf(type);
const T = {
  callStarted: typeIndex('call.started'),
  callAnswered: typeIndex('call.answered'),
  callHeld: typeIndex('call.held'),
  callResumed: typeIndex('call.resumed'),
  callAgentLeft: typeIndex('call.agent_left'),
  callEnded: typeIndex('call.ended'),
  callWrapupDone: typeIndex('call.wrapup_done'),
  chatStarted: typeIndex('chat.started'),
  chatAnswered: typeIndex('chat.answered'),
  chatAgentLeft: typeIndex('chat.agent_left'),
  chatEnded: typeIndex('chat.ended'),
  chatWrapupDone: typeIndex('chat.wrapup_done'),
  ticketCreated: typeIndex('ticket.created'),
  workStarted: typeIndex('ticket.work_started'),
  workStopped: typeIndex('ticket.work_stopped'),
  workLogged: typeIndex('ticket.work_logged'),
  ticketSolved: typeIndex('ticket.solved'),
  ticketReopened: typeIndex('ticket.reopened'),
  classified: typeIndex('contact.classified'),
  usage: typeIndex('usage.recorded'),
  compensated: typeIndex('case.compensated'),
  agentState: typeIndex('agent.state'),
};

// Arrivals per hour at the busiest local hour, per staffed agent (voice, outbound), per staffed chat slot (chat),
// per ticket agent employed (tickets, which arrive around the clock) and per agent employed (SMS notifications).
const VOICE_PER_AGENT_HOUR = 5.8;
const OUTBOUND_PER_AGENT_HOUR = 0.6;
const CHAT_PER_SLOT_HOUR = 3.6;
const TICKET_PER_AGENT_HOUR = 1.1;
const NOTIFICATION_PER_AGENT_HOUR = 0.3;
const MAX_DAY_FACTOR = 1.12;

// Relative demand by local hour (0–23), peak 1.
const VOICE_PROFILE = [
  0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.6, 0.75, 0.9, 1, 1, 0.95, 0.8, 0.85, 0.95, 0.95, 0.9, 0.8, 0.75, 0.7, 0.65, 0.6, 0.5,
  0.4,
];
const CHAT_PROFILE = [
  0.4, 0.3, 0.3, 0.3, 0.3, 0.4, 0.5, 0.65, 0.8, 0.9, 0.95, 0.95, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.95, 1, 1, 0.9, 0.75,
  0.6,
];
const TICKET_PROFILE = [
  0.25, 0.2, 0.15, 0.15, 0.2, 0.3, 0.45, 0.65, 0.85, 1, 1, 0.95, 0.85, 0.9, 0.95, 0.95, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5,
  0.4, 0.3,
];

const VOICE_QUEUES = ['billing', 'tech_support', 'sales', 'retention'] as const;
const VOICE_QUEUE_WEIGHTS = [0.35, 0.35, 0.15, 0.15];
const OUTBOUND_QUEUES = ['collections', 'callbacks'] as const;
const CHAT_QUEUES = ['web', 'app', 'whatsapp'] as const;
const CHAT_QUEUE_WEIGHTS = [0.5, 0.3, 0.2];
const TICKET_QUEUES = ['email', 'webform', 'social'] as const;
const TICKET_QUEUE_WEIGHTS = [0.6, 0.3, 0.1];
const REASONS: Record<string, readonly string[]> = {
  billing: ['billing_question', 'payment_issue', 'refund_request', 'invoice_copy'],
  tech_support: ['connection_issue', 'device_setup', 'password_reset', 'outage'],
  sales: ['new_order', 'upgrade', 'pricing'],
  retention: ['cancellation', 'contract_end', 'downgrade'],
  collections: ['payment_reminder', 'overdue_balance'],
  callbacks: ['callback', 'follow_up'],
  web: ['order_status', 'returns', 'delivery_issue', 'account_update'],
  app: ['order_status', 'password_reset', 'account_update'],
  whatsapp: ['order_status', 'delivery_issue', 'returns'],
  email: ['invoice_copy', 'returns', 'address_change', 'refund_request'],
  webform: ['address_change', 'password_reset', 'account_update'],
  social: ['delivery_issue', 'outage', 'order_status'],
};
const COMPENSATION_KINDS = ['refund', 'credit', 'goodwill', 'replacement', 'fee'] as const;
const COMPENSATION_KIND_WEIGHTS = [0.35, 0.3, 0.2, 0.1, 0.05];
const OUTCOMES = ['resolved', 'unresolved', 'transferred', ''] as const;
const CALL_OUTCOME_WEIGHTS = [0.72, 0.18, 0.04, 0.06];
const CHAT_OUTCOME_WEIGHTS = [0.8, 0.15, 0, 0.05];
const TICKET_OUTCOME_WEIGHTS = [0.88, 0.07, 0, 0.05];

const MAX_TICKET_BACKLOG = 5000;
const COMPLAINT_CASE_MEMORY = 32;

const enum ContactState {
  Waiting,
  Assigned,
  Active,
  Done,
}

const enum VoiceStep {
  Hold,
  Resume,
  Consult,
  ConsultEnd,
  Transfer,
  End,
}

const enum Arrival {
  Voice,
  Outbound,
  Chat,
  Ticket,
  Notification,
}
const ARRIVAL_KINDS = [Arrival.Voice, Arrival.Outbound, Arrival.Chat, Arrival.Ticket, Arrival.Notification];

/**
 * Min-heap of actions by (time, insertion order): ties run in the order they were scheduled. Keys live in typed
 * arrays (no object per action, no boxed times), which keeps the hottest loop of the simulation cheap.
 */
class ActionQueue {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private runs: (() => void)[] = [];
  private count = 0;
  private nextSeq = 0;
  /** Time of the action returned by the latest pop. */
  poppedTime = 0;

  get size(): number {
    return this.count;
  }

  push(t: number, run: () => void): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const runs = this.runs;
    const seq = this.nextSeq++;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < t || (pt === t && seqs[parent] < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent];
      runs[i] = runs[parent];
      i = parent;
    }
    times[i] = t;
    seqs[i] = seq;
    runs[i] = run;
  }

  pop(): (() => void) | undefined {
    if (this.count === 0) return undefined;
    const times = this.times;
    const seqs = this.seqs;
    const runs = this.runs;
    const top = runs[0];
    this.poppedTime = times[0];
    const n = --this.count;
    const t = times[n];
    const seq = seqs[n];
    const run = runs[n];
    runs[n] = undefined as unknown as () => void;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && (times[r] < times[l] || (times[r] === times[l] && seqs[r] < seqs[l]))) c = r;
        const ct = times[c];
        if (t < ct || (t === ct && seq < seqs[c])) break;
        times[i] = ct;
        seqs[i] = seqs[c];
        runs[i] = runs[c];
        i = c;
      }
      times[i] = t;
      seqs[i] = seq;
      runs[i] = run;
    }
    return top;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
  }
}

/** FIFO with O(1) amortised shift. */
class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

interface PlannedBreak {
  at: number;
  state: string;
  durationMs: number;
}

class AgentRuntime {
  /** `,"agent":"<id>"` inside a body; `head` is the same closing the `time` string, when it is the first field. */
  readonly frag: string;
  readonly head: string;
  readonly firstStateExtra: string;
  onShift = false;
  /** Takes new work: on shift, available, no break or end of shift pending. */
  accepting = false;
  shiftOver = false;
  staffed = false;
  state = 'offline';
  /** Contacts reserved or worked (including wrapup): ≤ cap. */
  busy = 0;
  /** Chats in handle right now (answered, not yet ended or left). */
  handleChats = 0;
  peakChats = 0;
  /** In its tenant's idle set (voice, ticket) or the chat set of its load (chat), -1 when in none. */
  availableSlot = -1;
  pending: PlannedBreak | 'offline' | null = null;
  breakToken = 0;

  constructor(
    readonly tenant: TenantRuntime,
    readonly roster: RosterAgent,
    readonly channel: AgentChannel,
    readonly cap: number,
  ) {
    this.frag = `,"agent":"${roster.id}"`;
    this.head = `","agent":"${roster.id}"`;
    this.firstStateExtra =
      (roster.announcesRateClass ? `,"rateClass":"${roster.rateClass}"` : '') + `,"team":"${roster.team}"`;
  }
}

interface CaseRef {
  id: string;
  customer: string;
  topic: EventTopicRole;
  channel: number;
}

class ContactRuntime {
  readonly frag: string;
  readonly head: string;
  state = ContactState.Waiting;
  agent: AgentRuntime | null = null;
  consultant: AgentRuntime | null = null;
  steps: number[] = [];
  stepIndex = 0;
  sessions = 0;
  startedAt: number;

  constructor(
    readonly id: string,
    readonly tenant: TenantRuntime,
    readonly channel: number,
    readonly topic: EventTopicRole,
    readonly queue: string,
    public reason: string,
    public caseRef: CaseRef | null,
    readonly customer: string,
    now: number,
  ) {
    this.frag = `,"contact":"${id}"`;
    this.head = `","contact":"${id}"`;
    this.startedAt = now;
  }
}

class TenantRuntime {
  readonly name: string;
  readonly formatter: TenantTimeFormatter;
  readonly typeFrags: string[];
  /** `{"id":"<tenant>-e-`: the start of every event of the tenant. */
  readonly idHead: string;
  readonly agents: AgentRuntime[] = [];
  readonly chatAgents: AgentRuntime[] = [];
  readonly ticketAgents: AgentRuntime[] = [];
  /** Accepting agents with nothing to do, longest idle first. */
  readonly idleVoice = new Set<AgentRuntime>();
  readonly idleTicket = new Set<AgentRuntime>();
  /** Accepting chat agents with a free slot, by how many chats they hold (0, 1, 2). */
  readonly chatsByLoad = [new Set<AgentRuntime>(), new Set<AgentRuntime>(), new Set<AgentRuntime>()];
  readonly voiceQueue = new Deque<ContactRuntime>();
  readonly chatQueue = new Deque<ContactRuntime>();
  readonly backlog = new Deque<ContactRuntime>();
  readonly complaintCases: CaseRef[] = [];
  readonly customerPool: number;
  /** Per arrival kind: bumped to cancel the pending draw when the rate changes. */
  readonly arrivalTokens: number[] = [0, 0, 0, 0, 0];
  staffedVoice = 0;
  staffedChatSlots = 0;
  offsetMs = 0;
  dayFactor = 1;
  eventSeq = 0;
  contactSeq = 0;
  caseSeq = 0;

  constructor(
    readonly index: number,
    readonly profile: TenantProfile,
    roster: RosterAgent[],
  ) {
    this.name = profile.name;
    this.formatter = new TenantTimeFormatter(profile.timeStyle);
    this.idHead = `{"id":"${this.name}-e-`;
    this.typeFrags = EVENT_TYPES.map((type) => `","type":"${type}","tenant":"${this.name}","time":"`);
    this.customerPool = 400 * roster.length + 1000;
    for (const member of roster) {
      const agent = new AgentRuntime(this, member, member.channel, member.chatCap);
      this.agents.push(agent);
      if (member.channel === 'chat') this.chatAgents.push(agent);
      else if (member.channel === 'ticket') this.ticketAgents.push(agent);
    }
  }

  localHour(now: number): number {
    const local = (now + this.offsetMs) % (24 * HOUR);
    return Math.floor((local < 0 ? local + 24 * HOUR : local) / HOUR);
  }
}

/** Produces the valid events of the simulated contact centres, in event-time order. */
export class ContactCentreSimulation {
  readonly tenants: TenantRuntime[] = [];
  maxConcurrentChats = 0;
  private readonly actions = new ActionQueue();
  private readonly random: SeededRandom;
  private readonly startMs: number;
  private readonly endMs: number;
  private now: number;

  /** Messages of the latest step: out[0 … outCount). The reader resets outCount. */
  readonly out: ProducedMessage[] = [];
  outCount = 0;

  constructor(options: SimulatorOptions) {
    this.random = new SeededRandom(options.seed, 1);
    const window = simulationWindow(options);
    this.startMs = window.startMs;
    this.endMs = window.endMs;
    this.now = this.startMs;
    for (let index = 0; index < options.tenants; index++) {
      const tenant = new TenantRuntime(index, tenantProfile(index), tenantRoster(options.seed, index, options.agents));
      this.tenants.push(tenant);
      const today = localDateOf(tenant.profile.timezone, this.startMs);
      this.planDay(tenant, previousLocalDate(today));
      this.planDay(tenant, today);
      this.scheduleNextPlan(tenant, today);
      this.rearmAll(tenant);
      this.scheduleHourTick(tenant);
    }
  }

  /** Runs the next action; false when nothing is left to happen. */
  step(): boolean {
    const run = this.actions.pop();
    if (run === undefined) return false;
    this.now = this.actions.poppedTime;
    run();
    return true;
  }

  /** How many agents peaked at 1, 2, 3 … chats at once. */
  chatPeaks(): Record<number, number> {
    const peaks: Record<number, number> = {};
    for (const tenant of this.tenants) {
      for (const agent of tenant.chatAgents) {
        if (agent.peakChats > 0) peaks[agent.peakChats] = (peaks[agent.peakChats] ?? 0) + 1;
      }
    }
    return peaks;
  }

  private at(t: number, run: () => void): void {
    this.actions.push(Math.round(t), run);
  }

  private after(ms: number, run: () => void): void {
    this.actions.push(this.now + Math.max(1, Math.round(ms)), run);
  }

  // ---- emission ---------------------------------------------------------------------------------------------

  private emit(
    tenant: TenantRuntime,
    type: number,
    topic: EventTopicRole,
    key: string,
    head: string,
    body: string,
    channel: number,
    flags = 0,
  ): void {
    const formatter = tenant.formatter;
    const ms = formatter.truncate(this.now);
    const time = formatter.format(ms);
    const value = tenant.idHead + ++tenant.eventSeq + tenant.typeFrags[type] + time + head + body + '}';
    const canonical = formatter.style === 'utc-ms' ? time : null;
    this.out[this.outCount++] = new ProducedMessage(
      topic,
      key,
      value,
      'valid',
      canonical,
      ms,
      type,
      channel,
      flags,
      tenant.name,
      undefined,
    );
  }

  private emitContact(contact: ContactRuntime, type: number, body: string, flags = 0): void {
    this.emit(contact.tenant, type, contact.topic, contact.id, contact.head, body, contact.channel, flags);
  }

  private emitState(agent: AgentRuntime, state: string, first = false): void {
    agent.state = state;
    const body = ',"state":"' + state + (first ? '"' + agent.firstStateExtra : '"');
    this.emit(agent.tenant, T.agentState, 'agents', agent.roster.id, agent.head, body, CHANNEL_AGENT);
  }

  private outcomeField(weights: readonly number[]): string {
    const outcome = this.random.weighted(OUTCOMES, weights);
    return outcome === '' ? '' : `,"outcome":"${outcome}"`;
  }

  // ---- shifts -----------------------------------------------------------------------------------------------

  private scheduleNextPlan(tenant: TenantRuntime, date: LocalDate): void {
    const next = nextLocalDate(date);
    const midnight = localMidnight(tenant.profile.timezone, next);
    if (midnight >= this.endMs) return;
    this.at(midnight, () => {
      this.planDay(tenant, next);
      this.rearmAll(tenant);
      this.scheduleNextPlan(tenant, next);
    });
  }

  /** Draws who works on a local day, when, and their breaks; schedules what falls in the simulated window. */
  private planDay(tenant: TenantRuntime, date: LocalDate): void {
    const random = this.random;
    const timeZone = tenant.profile.timezone;
    const midnight = localMidnight(timeZone, date);
    const offsetMinutes = zoneOffsetMinutes(timeZone, midnight + 12 * HOUR);
    tenant.offsetMs = offsetMinutes * MINUTE;
    tenant.formatter.setOffsetMinutes(offsetMinutes);
    tenant.dayFactor = random.between(0.88, MAX_DAY_FACTOR);
    const weekday = weekdayOf(date);
    const weekend = weekday === 0 || weekday === 6;
    for (const agent of tenant.agents) {
      if (!random.chance(weekend ? 0.45 : 0.85)) continue;
      const breaks: PlannedBreak[] = [];
      let startMin: number;
      let lengthMin: number;
      if (random.chance(0.18)) {
        startMin = 16 * 60 + 15 * random.intBetween(0, 14);
        lengthMin = 270;
        breaks.push({ at: 120 + random.intBetween(-15, 15), state: 'break', durationMs: 15 * MINUTE });
      } else {
        startMin =
          agent.channel === 'ticket'
            ? 7 * 60 + 30 + 15 * random.intBetween(0, 10)
            : 6 * 60 + 15 * random.intBetween(0, 32);
        lengthMin = 510;
        breaks.push({ at: 120 + random.intBetween(-20, 20), state: 'break', durationMs: 15 * MINUTE });
        breaks.push({ at: 255 + random.intBetween(-30, 30), state: 'lunch', durationMs: 30 * MINUTE });
        breaks.push({ at: 390 + random.intBetween(-20, 20), state: 'break', durationMs: 15 * MINUTE });
        if (random.chance(0.12)) breaks.push({ at: 75, state: 'meeting', durationMs: 30 * MINUTE });
        if (random.chance(0.12)) {
          breaks.push({ at: 320, state: 'training', durationMs: random.intBetween(45, 90) * MINUTE });
        }
        if (random.chance(0.08))
          breaks.push({ at: 450, state: 'admin', durationMs: random.intBetween(10, 25) * MINUTE });
      }
      const start = midnight + startMin * MINUTE + random.intBetween(-180, 180) * SECOND;
      const end = start + lengthMin * MINUTE + random.intBetween(0, 300) * SECOND;
      const absolute = breaks
        .map((b) => ({ ...b, at: start + b.at * MINUTE + random.intBetween(0, 59) * SECOND }))
        .sort((a, b) => a.at - b.at);
      this.scheduleShift(agent, start, end, absolute);
    }
  }

  private scheduleShift(agent: AgentRuntime, start: number, end: number, breaks: PlannedBreak[]): void {
    if (end <= this.startMs || start >= this.endMs) return;
    const begin = Math.max(start, this.startMs);
    this.at(begin, () => this.startShift(agent));
    for (const planned of breaks) {
      if (planned.at > begin && planned.at < end && planned.at < this.endMs) {
        this.at(planned.at, () => this.breakDue(agent, planned));
      }
    }
    this.at(Math.min(end, this.endMs), () => this.endShift(agent));
  }

  private setStaffed(agent: AgentRuntime, staffed: boolean): void {
    if (agent.staffed === staffed) return;
    agent.staffed = staffed;
    const sign = staffed ? 1 : -1;
    if (agent.channel === 'voice') {
      agent.tenant.staffedVoice += sign;
      this.rearm(agent.tenant, Arrival.Voice);
      this.rearm(agent.tenant, Arrival.Outbound);
    } else if (agent.channel === 'chat') {
      agent.tenant.staffedChatSlots += sign * agent.cap;
      this.rearm(agent.tenant, Arrival.Chat);
    }
  }

  private startShift(agent: AgentRuntime): void {
    agent.shiftOver = false;
    agent.pending = null;
    agent.breakToken++;
    this.setStaffed(agent, true);
    // An agent still finishing last night's work simply carries on.
    if (!agent.onShift || agent.state !== 'available') this.emitState(agent, 'available', true);
    agent.onShift = true;
    this.setAccepting(agent, true);
    this.offerWork(agent);
  }

  private breakDue(agent: AgentRuntime, planned: PlannedBreak): void {
    if (!agent.onShift || agent.shiftOver || agent.pending !== null || agent.state !== 'available') return;
    this.setAccepting(agent, false);
    agent.pending = planned;
    if (agent.busy === 0) this.beginPending(agent);
  }

  private beginPending(agent: AgentRuntime): void {
    const pending = agent.pending;
    agent.pending = null;
    if (pending === null) return;
    if (pending === 'offline') {
      this.goOffline(agent);
      return;
    }
    this.emitState(agent, pending.state);
    const token = ++agent.breakToken;
    this.after(pending.durationMs, () => this.breakEnd(agent, token));
  }

  private breakEnd(agent: AgentRuntime, token: number): void {
    if (token !== agent.breakToken || !agent.onShift) return;
    if (agent.shiftOver) {
      this.goOffline(agent);
      return;
    }
    this.emitState(agent, 'available');
    this.setAccepting(agent, true);
    this.offerWork(agent);
  }

  private endShift(agent: AgentRuntime): void {
    this.setStaffed(agent, false);
    if (!agent.onShift) return;
    agent.shiftOver = true;
    this.setAccepting(agent, false);
    if (agent.state !== 'available') {
      // On a break when the shift ends: log off now rather than come back.
      agent.breakToken++;
      if (agent.busy === 0) this.goOffline(agent);
      else agent.pending = 'offline';
      return;
    }
    agent.pending = 'offline';
    if (agent.busy === 0) this.beginPending(agent);
  }

  private goOffline(agent: AgentRuntime): void {
    this.emitState(agent, 'offline');
    agent.onShift = false;
    this.setAccepting(agent, false);
    agent.pending = null;
  }

  /** One contact (reservation, work or wrapup) of the agent is over. */
  private release(agent: AgentRuntime): void {
    agent.busy--;
    this.refreshAvailability(agent);
    if (agent.busy === 0 && agent.pending !== null) this.beginPending(agent);
    else if (agent.accepting) this.offerWork(agent);
  }

  private offerWork(agent: AgentRuntime): void {
    const tenant = agent.tenant;
    if (agent.channel === 'voice') {
      if (agent.busy > 0) return;
      const call = this.nextWaiting(tenant.voiceQueue);
      if (call) this.assignCall(call, agent);
    } else if (agent.channel === 'chat') {
      while (agent.accepting && agent.busy < agent.cap) {
        const chat = this.nextWaiting(tenant.chatQueue);
        if (!chat) break;
        this.assignChat(chat, agent);
      }
    } else if (agent.busy === 0) {
      const ticket = this.nextWaiting(tenant.backlog);
      if (ticket) this.startSession(ticket, agent);
    }
  }

  private nextWaiting(queue: Deque<ContactRuntime>): ContactRuntime | null {
    for (let contact = queue.shift(); contact !== undefined; contact = queue.shift()) {
      if (contact.state === ContactState.Waiting) return contact;
    }
    return null;
  }

  private setAccepting(agent: AgentRuntime, accepting: boolean): void {
    agent.accepting = accepting;
    this.refreshAvailability(agent);
  }

  /**
   * Keeps the tenant's sets of agents able to take work in step with `accepting` and `busy`. Sets keep insertion
   * order, so the first idle agent is the longest idle (the usual routing rule), and selection costs O(1).
   */
  private refreshAvailability(agent: AgentRuntime): void {
    const tenant = agent.tenant;
    if (agent.channel === 'chat') {
      const slot = agent.accepting && agent.busy < agent.cap ? agent.busy : -1;
      if (slot === agent.availableSlot) return;
      if (agent.availableSlot >= 0) tenant.chatsByLoad[agent.availableSlot].delete(agent);
      if (slot >= 0) tenant.chatsByLoad[slot].add(agent);
      agent.availableSlot = slot;
      return;
    }
    const idle = agent.channel === 'voice' ? tenant.idleVoice : tenant.idleTicket;
    const slot = agent.accepting && agent.busy === 0 ? 0 : -1;
    if (slot === agent.availableSlot) return;
    if (slot === 0) idle.add(agent);
    else idle.delete(agent);
    agent.availableSlot = slot;
  }

  /** The longest-idle agent of the set; a senior among the first few when asked (transfers, consults). */
  private idleAgent(idle: Set<AgentRuntime>, seniorFirst = false): AgentRuntime | null {
    let first: AgentRuntime | null = null;
    let looked = 0;
    for (const agent of idle) {
      if (!seniorFirst || agent.roster.rateClass === 'senior') return agent;
      first ??= agent;
      if (++looked >= 32) break;
    }
    return first;
  }

  /** The chat agent with a free slot and the fewest chats, longest at that load first. */
  private chatAgent(tenant: TenantRuntime, exclude: AgentRuntime | null): AgentRuntime | null {
    for (const agents of tenant.chatsByLoad) {
      for (const agent of agents) if (agent !== exclude) return agent;
    }
    return null;
  }

  private reserve(agent: AgentRuntime): void {
    agent.busy++;
    this.refreshAvailability(agent);
  }

  // ---- arrivals ---------------------------------------------------------------------------------------------

  /**
   * Arrivals are Poisson with a rate that is constant between changes (local hour, staffing, day): on every change
   * the pending draw is dropped and a new one made from now, which memorylessness makes exact.
   */
  private rearm(tenant: TenantRuntime, kind: Arrival): void {
    const token = ++tenant.arrivalTokens[kind];
    const rate = this.arrivalRate(tenant, kind);
    if (!(rate > 0)) return;
    const t = this.now + Math.max(1, Math.round(this.random.exponential(1 / rate)));
    if (t >= this.endMs) return;
    this.at(t, () => {
      if (tenant.arrivalTokens[kind] !== token) return;
      this.arrive(tenant, kind);
      this.rearm(tenant, kind);
    });
  }

  private rearmAll(tenant: TenantRuntime): void {
    for (const kind of ARRIVAL_KINDS) this.rearm(tenant, kind);
  }

  /** Demand follows the local hour: re-draw arrivals at every local hour boundary. */
  private scheduleHourTick(tenant: TenantRuntime): void {
    const local = (((this.now + tenant.offsetMs) % HOUR) + HOUR) % HOUR;
    const next = this.now - local + HOUR;
    if (next >= this.endMs) return;
    this.at(next, () => {
      this.rearmAll(tenant);
      this.scheduleHourTick(tenant);
    });
  }

  private arrivalRate(tenant: TenantRuntime, kind: Arrival): number {
    const hour = tenant.localHour(this.now);
    const perMs = tenant.dayFactor / HOUR;
    switch (kind) {
      case Arrival.Voice:
        return tenant.staffedVoice * VOICE_PER_AGENT_HOUR * VOICE_PROFILE[hour] * perMs;
      case Arrival.Outbound:
        return hour >= 9 && hour < 19 ? tenant.staffedVoice * OUTBOUND_PER_AGENT_HOUR * perMs : 0;
      case Arrival.Chat:
        return tenant.staffedChatSlots * CHAT_PER_SLOT_HOUR * CHAT_PROFILE[hour] * perMs;
      case Arrival.Ticket:
        return tenant.ticketAgents.length * TICKET_PER_AGENT_HOUR * TICKET_PROFILE[hour] * perMs;
      case Arrival.Notification:
        return hour >= 8 && hour < 20 ? tenant.agents.length * NOTIFICATION_PER_AGENT_HOUR * perMs : 0;
    }
  }

  private arrive(tenant: TenantRuntime, kind: Arrival): void {
    switch (kind) {
      case Arrival.Voice:
        return this.inboundCall(tenant);
      case Arrival.Outbound:
        return this.outboundCall(tenant);
      case Arrival.Chat:
        return this.chatStarted(tenant);
      case Arrival.Ticket:
        return this.ticketCreated(tenant);
      case Arrival.Notification:
        return this.notification(tenant);
    }
  }

  private customer(tenant: TenantRuntime): string {
    return `cu-${100_000 + this.random.int(tenant.customerPool)}`;
  }

  private newCase(tenant: TenantRuntime, customer: string, topic: EventTopicRole, channel: number): CaseRef {
    const ref: CaseRef = { id: `${tenant.name}-K-${++tenant.caseSeq}`, customer, topic, channel };
    if (tenant.complaintCases.length >= COMPLAINT_CASE_MEMORY) tenant.complaintCases.shift();
    tenant.complaintCases.push(ref);
    return ref;
  }

  /** A new contact: usually a fresh question, sometimes a new complaint, sometimes a follow-up on a complaint case. */
  private newContact(
    tenant: TenantRuntime,
    prefix: string,
    channel: number,
    topic: EventTopicRole,
    queue: string,
  ): { contact: ContactRuntime; newCase: boolean } {
    const random = this.random;
    const id = `${tenant.name}-${prefix}-${++tenant.contactSeq}`;
    const r = random.next();
    if (r < 0.015 && tenant.complaintCases.length > 0) {
      const ref = random.pick(tenant.complaintCases);
      return {
        contact: new ContactRuntime(id, tenant, channel, topic, queue, 'complaint', ref, ref.customer, this.now),
        newCase: false,
      };
    }
    const customer = this.customer(tenant);
    if (r < 0.03) {
      const ref = this.newCase(tenant, customer, topic, channel);
      return {
        contact: new ContactRuntime(id, tenant, channel, topic, queue, 'complaint', ref, customer, this.now),
        newCase: true,
      };
    }
    const reason = random.pick(REASONS[queue]);
    return {
      contact: new ContactRuntime(id, tenant, channel, topic, queue, reason, null, customer, this.now),
      newCase: false,
    };
  }

  /** The start event's optional fields; one start in ten does not know its reason yet, one in twenty its customer. */
  private startFields(contact: ContactRuntime): string {
    const random = this.random;
    let body = ',"queue":"' + contact.queue + '"';
    if (contact.caseRef !== null || random.next() >= 0.1) body += ',"reason":"' + contact.reason + '"';
    if (contact.caseRef !== null) body += ',"case":"' + contact.caseRef.id + '"';
    if (random.next() >= 0.05) body += ',"customer":"' + contact.customer + '"';
    return body;
  }

  private afterNewCase(contact: ContactRuntime, isNew: boolean): void {
    if (isNew && contact.caseRef) this.planCompensations(contact.tenant, contact.caseRef, contact);
  }

  // ---- voice ------------------------------------------------------------------------------------------------

  private inboundCall(tenant: TenantRuntime): void {
    const queue = this.random.weighted(VOICE_QUEUES, VOICE_QUEUE_WEIGHTS);
    const { contact: call, newCase } = this.newContact(tenant, 'v', CHANNEL_VOICE, 'calls', queue);
    this.emitContact(
      call,
      T.callStarted,
      ',"direction":"inbound"' + this.startFields(call),
      newCase ? FLAG_NEW_COMPLAINT_CASE : 0,
    );
    this.afterNewCase(call, newCase);
    const agent = this.idleAgent(tenant.idleVoice);
    if (agent) {
      this.assignCall(call, agent);
      return;
    }
    call.state = ContactState.Waiting;
    tenant.voiceQueue.push(call);
    const patience = Math.max(10 * SECOND, this.random.exponential(180 * SECOND));
    this.after(patience, () => this.abandon(call, T.callEnded));
  }

  private outboundCall(tenant: TenantRuntime): void {
    const agent = this.idleAgent(tenant.idleVoice);
    if (!agent) return;
    const queue = this.random.pick(OUTBOUND_QUEUES);
    const { contact: call, newCase } = this.newContact(tenant, 'v', CHANNEL_VOICE, 'calls', queue);
    this.emitContact(
      call,
      T.callStarted,
      ',"direction":"outbound"' + this.startFields(call),
      newCase ? FLAG_NEW_COMPLAINT_CASE : 0,
    );
    this.afterNewCase(call, newCase);
    this.reserve(agent);
    call.state = ContactState.Assigned;
    if (this.random.chance(0.65)) {
      this.after(this.random.between(5, 25) * SECOND, () => this.answerCall(call, agent, true));
    } else {
      this.after(this.random.between(20, 45) * SECOND, () => {
        call.state = ContactState.Done;
        this.emitContact(call, T.callEnded, ',"outcome":"unresolved"');
        this.release(agent);
      });
    }
  }

  private abandon(contact: ContactRuntime, endType: number): void {
    if (contact.state !== ContactState.Waiting) return;
    contact.state = ContactState.Done;
    this.emitContact(contact, endType, ',"outcome":"abandoned"', FLAG_ABANDONED);
  }

  private assignCall(call: ContactRuntime, agent: AgentRuntime): void {
    this.reserve(agent);
    call.state = ContactState.Assigned;
    this.after(this.random.between(2, 12) * SECOND, () => this.answerCall(call, agent, true));
  }

  /** The agent joins; plans its leg: talk cut by holds, perhaps a consult, ending in a transfer or the end. */
  private answerCall(call: ContactRuntime, agent: AgentRuntime, firstLeg: boolean): void {
    const random = this.random;
    call.state = ContactState.Active;
    call.agent = agent;
    this.emitContact(call, T.callAnswered, agent.frag);
    const r = random.next();
    const holds = r < 0.2 ? 1 : r < 0.25 ? 2 : 0;
    const s = firstLeg ? random.next() : 1;
    const special = s < 0.07 ? VoiceStep.Transfer : s < 0.1 ? VoiceStep.Consult : VoiceStep.End;
    const cuts: number[] = [];
    for (let i = 0; i < holds; i++) cuts.push(VoiceStep.Hold);
    if (special === VoiceStep.Consult) cuts.splice(random.int(cuts.length + 1), 0, VoiceStep.Consult);
    const talk = random.logNormal(240 * SECOND, 0.6, 30 * SECOND, 40 * MINUTE);
    const weights: number[] = [];
    let total = 0;
    for (let i = 0; i <= cuts.length; i++) {
      const w = 0.3 + random.next();
      weights.push(w);
      total += w;
    }
    const steps: number[] = [];
    for (let i = 0; i < cuts.length; i++) {
      steps.push(cuts[i], (talk * weights[i]) / total);
      if (cuts[i] === VoiceStep.Hold) {
        steps.push(VoiceStep.Resume, random.logNormal(60 * SECOND, 0.6, 10 * SECOND, 10 * MINUTE));
      } else {
        steps.push(VoiceStep.ConsultEnd, random.between(60, 240) * SECOND);
      }
    }
    steps.push(
      special === VoiceStep.Transfer ? VoiceStep.Transfer : VoiceStep.End,
      (talk * weights[cuts.length]) / total,
    );
    call.steps = steps;
    call.stepIndex = 0;
    this.nextVoiceStep(call);
  }

  private nextVoiceStep(call: ContactRuntime): void {
    const i = call.stepIndex;
    if (i >= call.steps.length) return;
    call.stepIndex = i + 2;
    const step = call.steps[i];
    this.after(call.steps[i + 1], () => this.voiceStep(call, step));
  }

  private voiceStep(call: ContactRuntime, step: number): void {
    const agent = call.agent;
    if (agent === null) return;
    switch (step) {
      case VoiceStep.Hold:
        this.emitContact(call, T.callHeld, agent.frag);
        return this.nextVoiceStep(call);
      case VoiceStep.Resume:
        this.emitContact(call, T.callResumed, agent.frag);
        return this.nextVoiceStep(call);
      case VoiceStep.Consult: {
        const colleague = this.idleAgent(call.tenant.idleVoice, true);
        if (colleague) {
          this.reserve(colleague);
          call.consultant = colleague;
          this.emitContact(call, T.callAnswered, colleague.frag);
          return this.nextVoiceStep(call);
        }
        call.stepIndex += 2; // nobody free: no consult
        return this.nextVoiceStep(call);
      }
      case VoiceStep.ConsultEnd: {
        const colleague = call.consultant;
        if (colleague) {
          call.consultant = null;
          this.emitContact(call, T.callAgentLeft, colleague.frag);
          this.startWrapup(colleague, call, T.callWrapupDone, 20 * SECOND);
        }
        return this.nextVoiceStep(call);
      }
      case VoiceStep.Transfer: {
        const target = this.idleAgent(call.tenant.idleVoice, true);
        if (!target) return this.endCall(call);
        this.reserve(target);
        call.agent = null;
        this.emitContact(call, T.callAgentLeft, agent.frag);
        this.startWrapup(agent, call, T.callWrapupDone, 30 * SECOND);
        this.after(this.random.between(5, 40) * SECOND, () => this.answerCall(call, target, false));
        return;
      }
      case VoiceStep.End:
        return this.endCall(call);
    }
  }

  private endCall(call: ContactRuntime): void {
    const random = this.random;
    call.state = ContactState.Done;
    this.emitContact(call, T.callEnded, this.outcomeField(CALL_OUTCOME_WEIGHTS));
    const agent = call.agent;
    call.agent = null;
    if (agent) this.startWrapup(agent, call, T.callWrapupDone, 45 * SECOND);
    const minutes = Math.max(1, Math.ceil((this.now - call.startedAt) / 600)) / 100;
    if (random.chance(0.7)) {
      this.after(random.between(5, 60) * SECOND, () =>
        this.emitContact(call, T.usage, ',"resource":"transcription_minute","quantity":' + minutes),
      );
    }
    if (random.chance(0.12)) {
      this.after(random.between(30, 180) * SECOND, () =>
        this.emitContact(call, T.usage, ',"resource":"sms","quantity":1'),
      );
    }
    this.maybeClassify(call, 0.12);
  }

  /** After-contact work; one wrapup in ten is never closed by the platform, so the rate card's limit applies. */
  private startWrapup(agent: AgentRuntime, contact: ContactRuntime, doneType: number, medianMs: number): void {
    const duration = this.random.logNormal(medianMs, 0.7, 5 * SECOND, 10 * MINUTE);
    if (this.random.chance(0.9)) {
      this.after(duration, () => {
        this.emitContact(contact, doneType, agent.frag);
        this.release(agent);
      });
    } else {
      this.after(duration, () => this.release(agent));
    }
  }

  // ---- chat -------------------------------------------------------------------------------------------------

  private chatStarted(tenant: TenantRuntime): void {
    const random = this.random;
    const queue = random.weighted(CHAT_QUEUES, CHAT_QUEUE_WEIGHTS);
    const { contact: chat, newCase } = this.newContact(tenant, 'ch', CHANNEL_CHAT, 'chats', queue);
    this.emitContact(chat, T.chatStarted, this.startFields(chat), newCase ? FLAG_NEW_COMPLAINT_CASE : 0);
    this.afterNewCase(chat, newCase);
    if (!random.chance(0.65)) return this.routeChat(chat);
    // A bot answers first; it solves some chats alone and hands the others over.
    const botMessages = random.intBetween(2, 12);
    const solvedByBot = random.chance(0.18);
    this.after(random.between(20, 150) * SECOND, () => {
      this.emitContact(chat, T.usage, ',"resource":"bot_message","quantity":' + botMessages);
      if (solvedByBot) {
        chat.state = ContactState.Done;
        this.emitContact(chat, T.chatEnded, ',"outcome":"resolved"');
      } else {
        this.routeChat(chat);
      }
    });
  }

  private routeChat(chat: ContactRuntime): void {
    const agent = this.chatAgent(chat.tenant, null);
    if (agent) return this.assignChat(chat, agent);
    chat.state = ContactState.Waiting;
    chat.tenant.chatQueue.push(chat);
    const patience = Math.max(20 * SECOND, this.random.exponential(300 * SECOND));
    this.after(patience, () => this.abandon(chat, T.chatEnded));
  }

  private assignChat(chat: ContactRuntime, agent: AgentRuntime): void {
    this.reserve(agent);
    chat.state = ContactState.Assigned;
    this.after(this.random.between(3, 25) * SECOND, () => this.answerChat(chat, agent, true));
  }

  private answerChat(chat: ContactRuntime, agent: AgentRuntime, mayTransfer: boolean): void {
    chat.state = ContactState.Active;
    chat.agent = agent;
    this.emitContact(chat, T.chatAnswered, agent.frag);
    agent.handleChats++;
    if (agent.handleChats > agent.peakChats) {
      agent.peakChats = agent.handleChats;
      if (agent.peakChats > this.maxConcurrentChats) this.maxConcurrentChats = agent.peakChats;
    }
    const duration = this.random.logNormal(600 * SECOND, 0.5, 2 * MINUTE, HOUR);
    if (mayTransfer && this.random.chance(0.04)) {
      const before = duration * this.random.between(0.3, 0.7);
      this.after(before, () => this.transferChat(chat, agent, duration - before));
    } else {
      this.after(duration, () => this.endChat(chat));
    }
  }

  private transferChat(chat: ContactRuntime, agent: AgentRuntime, remainingMs: number): void {
    const target = this.chatAgent(chat.tenant, agent);
    if (!target) {
      this.after(remainingMs, () => this.endChat(chat));
      return;
    }
    this.reserve(target);
    chat.agent = null;
    this.emitContact(chat, T.chatAgentLeft, agent.frag);
    agent.handleChats--;
    this.startWrapup(agent, chat, T.chatWrapupDone, 30 * SECOND);
    this.after(this.random.between(5, 60) * SECOND, () => this.answerChat(chat, target, false));
  }

  private endChat(chat: ContactRuntime): void {
    chat.state = ContactState.Done;
    this.emitContact(chat, T.chatEnded, this.outcomeField(CHAT_OUTCOME_WEIGHTS));
    const agent = chat.agent;
    chat.agent = null;
    if (agent) {
      agent.handleChats--;
      this.startWrapup(agent, chat, T.chatWrapupDone, 30 * SECOND);
    }
    this.maybeClassify(chat, 0.1);
  }

  // ---- tickets ----------------------------------------------------------------------------------------------

  private ticketCreated(tenant: TenantRuntime): void {
    const queue = this.random.weighted(TICKET_QUEUES, TICKET_QUEUE_WEIGHTS);
    const { contact: ticket, newCase } = this.newContact(tenant, 't', CHANNEL_TICKET, 'tickets', queue);
    this.emitContact(ticket, T.ticketCreated, this.startFields(ticket), newCase ? FLAG_NEW_COMPLAINT_CASE : 0);
    this.afterNewCase(ticket, newCase);
    this.enqueueTicket(ticket);
  }

  private enqueueTicket(ticket: ContactRuntime): void {
    const tenant = ticket.tenant;
    const agent = this.idleAgent(tenant.idleTicket);
    if (agent) return this.startSession(ticket, agent);
    // A backlog beyond this is left unworked rather than held in memory.
    if (tenant.backlog.size >= MAX_TICKET_BACKLOG) return;
    ticket.state = ContactState.Waiting;
    tenant.backlog.push(ticket);
  }

  /** One work session: tracked with work_started/work_stopped, or (one in five) booked afterwards as work_logged. */
  private startSession(ticket: ContactRuntime, agent: AgentRuntime): void {
    this.reserve(agent);
    ticket.state = ContactState.Active;
    ticket.sessions++;
    const duration = Math.round(this.random.logNormal(420 * SECOND, 0.6, MINUTE, HOUR) / SECOND) * SECOND;
    const tracked = this.random.chance(0.8);
    if (tracked) this.emitContact(ticket, T.workStarted, agent.frag);
    this.after(duration, () => this.finishSession(ticket, agent, tracked, duration));
  }

  private finishSession(ticket: ContactRuntime, agent: AgentRuntime, tracked: boolean, durationMs: number): void {
    const random = this.random;
    const solve = ticket.sessions >= 4 || random.chance(ticket.sessions === 1 ? 0.55 : 0.7);
    if (tracked && solve && random.chance(0.15)) {
      // Solved with the work still open: ticket.solved closes it.
      this.solveTicket(ticket);
      this.release(agent);
      return;
    }
    if (tracked) this.emitContact(ticket, T.workStopped, agent.frag);
    else this.emitContact(ticket, T.workLogged, agent.frag + ',"seconds":' + Math.round(durationMs / SECOND));
    this.release(agent);
    if (solve) {
      this.after(random.between(1, 120) * SECOND, () => this.solveTicket(ticket));
      return;
    }
    ticket.state = ContactState.Done; // waiting for the customer
    this.after(Math.max(5 * MINUTE, random.exponential(90 * MINUTE)), () => {
      if (this.now < this.endMs) this.enqueueTicket(ticket);
    });
  }

  private solveTicket(ticket: ContactRuntime): void {
    ticket.state = ContactState.Done;
    this.emitContact(ticket, T.ticketSolved, this.outcomeField(TICKET_OUTCOME_WEIGHTS));
    this.maybeClassify(ticket, 0.1);
    if (this.random.chance(0.06)) {
      this.after(this.random.between(1, 10) * HOUR, () => {
        if (this.now >= this.endMs) return;
        this.emitContact(ticket, T.ticketReopened, '');
        ticket.sessions = 1;
        this.enqueueTicket(ticket);
      });
    }
  }

  // ---- usage only ---------------------------------------------------------------------------------------------

  private notification(tenant: TenantRuntime): void {
    const id = `${tenant.name}-n-${++tenant.contactSeq}`;
    this.emit(
      tenant,
      T.usage,
      'calls',
      id,
      `","contact":"${id}"`,
      `,"resource":"sms","quantity":${this.random.intBetween(1, 3)}`,
      CHANNEL_UNKNOWN,
    );
  }

  // ---- classification and compensation ------------------------------------------------------------------------

  /** Some handled contacts are reclassified by the agent or QA later; three in ten of those become complaints. */
  private maybeClassify(contact: ContactRuntime, probability: number): void {
    const random = this.random;
    if (!random.chance(probability)) return;
    this.after(random.between(1, 20) * MINUTE, () => {
      if (this.now >= this.endMs) return;
      const tenant = contact.tenant;
      if (random.chance(0.3)) {
        let ref = contact.caseRef;
        const isNew = ref === null;
        if (ref === null) ref = this.newCase(tenant, contact.customer, contact.topic, contact.channel);
        contact.caseRef = ref;
        contact.reason = 'complaint';
        this.emitContact(
          contact,
          T.classified,
          ',"reason":"complaint","case":"' + ref.id + '"',
          isNew ? FLAG_NEW_COMPLAINT_CASE : 0,
        );
        if (isNew) this.planCompensations(tenant, ref, contact);
        return;
      }
      const reasons = REASONS[contact.queue];
      let reason = random.pick(reasons);
      if (reason === contact.reason) reason = reasons[(reasons.indexOf(reason) + 1) % reasons.length];
      contact.reason = reason;
      this.emitContact(contact, T.classified, ',"reason":"' + reason + '"');
    });
  }

  /** Most complaints are compensated on the contact; some also get a back-office credit on the case alone. */
  private planCompensations(tenant: TenantRuntime, ref: CaseRef, contact: ContactRuntime): void {
    const random = this.random;
    if (random.chance(0.6)) this.after(random.between(10, 180) * MINUTE, () => this.compensate(tenant, ref, contact));
    if (random.chance(0.3)) this.after(random.between(1, 8) * HOUR, () => this.compensate(tenant, ref, null));
  }

  private compensate(tenant: TenantRuntime, ref: CaseRef, contact: ContactRuntime | null): void {
    if (this.now >= this.endMs) return;
    const random = this.random;
    const units = tenant.profile.compensationUnit * random.between(5, 150);
    let amount: string;
    if (random.chance(0.2)) {
      amount = String(Math.max(1, Math.round(units)));
    } else {
      const cents = Math.round(units * 100);
      const rest = cents % 100;
      amount = `"${Math.floor(cents / 100)}.${rest < 10 ? '0' : ''}${rest}"`;
    }
    const kind = random.weighted(COMPENSATION_KINDS, COMPENSATION_KIND_WEIGHTS);
    const body = (contact ? contact.frag : '') + ',"amount":' + amount + ',"kind":"' + kind + '"';
    this.emit(
      tenant,
      T.compensated,
      contact ? contact.topic : ref.topic,
      contact ? contact.id : ref.id,
      '","case":"' + ref.id + '"',
      body,
      contact ? contact.channel : ref.channel,
      contact ? FLAG_WITH_CONTACT : 0,
    );
  }
}
