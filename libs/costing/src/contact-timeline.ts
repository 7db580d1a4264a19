import { Channel, channelOfType } from '@contact-cost/contracts';
import { StoredEvent, compareContactEvents } from './event-order';
import { ATTOS_PER_SECOND, LocalCalendar } from './local-calendar';
import { Rational } from './rational';
import { TenantRateCard } from './rate-card';

export type SegmentKind = 'talk' | 'hold' | 'handle' | 'wrapup' | 'work';

/** A closed interval of one agent's work on one contact, [start, end) in attoseconds. */
export interface Segment {
  contact: string;
  agent: string;
  kind: SegmentKind;
  channel: Channel;
  start: bigint;
  end: bigint;
}

/** What a contact's own events say, as of a moment: segments and the resources it used. */
export interface ContactTimeline {
  contact: string;
  /** False when no event naming the contact has happened by the as-of. */
  exists: boolean;
  channel: Channel | 'unknown';
  reason: string;
  case: string | null;
  queue: string | null;
  day: string;
  open: boolean;
  segments: Segment[];
  handleAttos: bigint;
  telephony: Rational;
  fees: Rational;
  usage: Rational;
  /** Number of events that did not fit the contact's state (applied as no-ops). */
  anomalies: number;
  /** Whether a later as-of could change these figures (something still running, or events still to come). */
  dependsOnAsOf: boolean;
  /** What settled contacts need to take a late classification or usage without their events. */
  reasonSetBy: StoredEvent | null;
  caseSetBy: StoredEvent | null;
  earliestAt: bigint | null;
  lastAt: bigint | null;
  hasStart: boolean;
}

interface OpenSegment {
  kind: SegmentKind;
  channel: Channel;
  start: bigint;
}

const SECONDS_PER_MINUTE = Rational.fromInt(60);

/**
 * The segments open on a contact, by agent, in the order they were opened (as a Map would iterate them). A contact
 * has one agent or a few: arrays searched in turn beat a Map, whose delete allocates a smaller table as it empties.
 */
class OpenSegments {
  readonly agents: string[] = [];
  readonly segments: OpenSegment[] = [];

  get(agent: string): OpenSegment | undefined {
    const i = this.agents.indexOf(agent);
    return i < 0 ? undefined : this.segments[i];
  }

  set(agent: string, segment: OpenSegment): void {
    const i = this.agents.indexOf(agent);
    if (i >= 0) this.segments[i] = segment;
    else {
      this.agents.push(agent);
      this.segments.push(segment);
    }
  }

  delete(agent: string): void {
    const i = this.agents.indexOf(agent);
    if (i < 0) return;
    // Shifted by hand: splice returns an array of what it removed.
    const { agents, segments } = this;
    for (let j = i + 1; j < agents.length; j++) {
      agents[j - 1] = agents[j];
      segments[j - 1] = segments[j];
    }
    agents.pop();
    segments.pop();
  }
}

function isStart(type: string): boolean {
  return type === 'call.started' || type === 'chat.started' || type === 'ticket.created';
}

/**
 * Runs the segment table of cost-model.md over one contact's events (sorted in event-time order) up to `asOf`.
 */
export function deriveContactTimeline(
  contact: string,
  events: readonly StoredEvent[],
  asOf: bigint,
  card: TenantRateCard,
  calendar: LocalCalendar,
  /** A settled (closed) earlier part of the contact: its events are gone; these events continue after it. */
  base: ContactTimeline | null = null,
): ContactTimeline {
  const segments: Segment[] = [];
  const open = new OpenSegments();
  let anomalies = base?.anomalies ?? 0;
  let channel: Channel | 'unknown' = base?.channel ?? 'unknown';
  let reason: string | null = base?.reasonSetBy ? base.reason : null;
  let caseId: string | null = base?.case ?? null;
  let queue: string | null = base?.queue ?? null;
  let startEvent: StoredEvent | null = null;
  const baseHasStart = base?.hasStart ?? false;
  let earliestAt: bigint | null = base?.earliestAt ?? null;
  let lastAt: bigint | null = base?.lastAt ?? null;
  let reasonSetBy: StoredEvent | null = base?.reasonSetBy ?? null;
  let caseSetBy: StoredEvent | null = base?.caseSetBy ?? null;
  let callStartAt: bigint | null = null;
  let callEndAt: bigint | null = null;
  let callDirection = 'inbound';
  let fees = base?.fees ?? Rational.ZERO;
  let usage = base?.usage ?? Rational.ZERO;
  let telephonyCard = card.versions[0];

  const wrapupCap = (start: bigint) => start + card.versionAt(start).wrapupLimitAttos;
  // Every segment opened is kept, even one of no length (it lists its agent): only a wrapup under a limit of 0 is
  // never opened ("a limit of 0 means no wrapup").
  const close = (agent: string, segment: OpenSegment, at: bigint) => {
    let end = at;
    if (segment.kind === 'wrapup') {
      const cap = wrapupCap(segment.start);
      if (cap < end) end = cap;
    }
    segments.push({ contact, agent, kind: segment.kind, channel: segment.channel, start: segment.start, end });
    open.delete(agent);
  };
  const openSegment = (agent: string, kind: SegmentKind, segmentChannel: Channel, at: bigint) => {
    if (kind === 'wrapup' && card.versionAt(at).wrapupLimitSeconds.isZero()) return;
    open.set(agent, { kind, channel: segmentChannel, start: at });
  };
  // A start event's reason and case classify like contact.classified; one without a case keeps the case.
  // Keys are compared because a settled part may hold a classification later than events that continue it.
  const classify = (event: StoredEvent) => {
    if (event.reason !== undefined && (!reasonSetBy || compareContactEvents(reasonSetBy, event) < 0)) {
      reason = event.reason;
      reasonSetBy = event;
    }
    if (event.case !== undefined && (!caseSetBy || compareContactEvents(caseSetBy, event) < 0)) {
      caseId = event.case;
      caseSetBy = event;
    }
  };
  const isWorking = (s: OpenSegment | undefined) =>
    s !== undefined && (s.kind === 'talk' || s.kind === 'hold' || s.kind === 'handle');

  let futureEvents = false;
  for (const event of events) {
    if (event.at > asOf) {
      futureEvents = true;
      break;
    }
    if (earliestAt === null) earliestAt = event.at;
    lastAt = event.at;
    const family = channelOfType(event.type);
    if (family !== null && channel === 'unknown') channel = family;
    const agent = event.agent;
    let current = agent === undefined ? undefined : open.get(agent);
    // A wrapup has ended at its cap, done or not: an event at or after the cap finds the agent free.
    if (current !== undefined && current.kind === 'wrapup' && wrapupCap(current.start) <= event.at) {
      close(agent!, current, event.at);
      current = undefined;
    }

    if (isStart(event.type)) {
      if (startEvent !== null || baseHasStart) {
        anomalies++;
        continue;
      }
      startEvent = event;
      queue = event.queue ?? null;
      classify(event);
      const version = card.versionAt(event.at);
      if (event.type === 'call.started') {
        callStartAt = event.at;
        callDirection = event.direction ?? 'inbound';
        telephonyCard = version;
      } else if (event.type === 'chat.started') fees = fees.add(version.chatPerSession);
      else fees = fees.add(version.ticketPerTicket);
      continue;
    }

    switch (event.type) {
      case 'contact.classified':
        classify(event);
        break;
      case 'call.answered':
      case 'chat.answered': {
        const kind: SegmentKind = event.type === 'call.answered' ? 'talk' : 'handle';
        if (current !== undefined && current.kind !== 'wrapup') {
          anomalies++;
          break;
        }
        if (current !== undefined) close(agent!, current, event.at);
        openSegment(agent!, kind, family!, event.at);
        break;
      }
      case 'call.held':
        if (current?.kind === 'talk') {
          close(agent!, current, event.at);
          openSegment(agent!, 'hold', current.channel, event.at);
        } else anomalies++;
        break;
      case 'call.resumed':
        if (current?.kind === 'hold') {
          close(agent!, current, event.at);
          openSegment(agent!, 'talk', current.channel, event.at);
        } else anomalies++;
        break;
      case 'call.agent_left':
      case 'chat.agent_left':
        if (isWorking(current)) {
          close(agent!, current!, event.at);
          openSegment(agent!, 'wrapup', current!.channel, event.at);
        } else anomalies++;
        break;
      case 'call.ended':
      case 'chat.ended': {
        // Over a copy: closing and reopening moves an agent to the end.
        const agents = [...open.agents];
        const opened = [...open.segments];
        for (let i = 0; i < agents.length; i++) {
          if (isWorking(opened[i])) {
            close(agents[i], opened[i], event.at);
            openSegment(agents[i], 'wrapup', opened[i].channel, event.at);
          }
        }
        if (event.type === 'call.ended' && callStartAt !== null && callEndAt === null) callEndAt = event.at;
        break;
      }
      case 'call.wrapup_done':
      case 'chat.wrapup_done':
        if (current !== undefined) close(agent!, current, event.at);
        else anomalies++;
        break;
      case 'ticket.work_started':
        if (current !== undefined) anomalies++;
        else openSegment(agent!, 'work', 'ticket', event.at);
        break;
      case 'ticket.work_stopped':
        if (current?.kind === 'work') close(agent!, current, event.at);
        else anomalies++;
        break;
      case 'ticket.work_logged': {
        const start = event.at - BigInt(event.seconds ?? 0) * ATTOS_PER_SECOND;
        segments.push({ contact, agent: agent!, kind: 'work', channel: 'ticket', start, end: event.at });
        break;
      }
      case 'ticket.solved': {
        const agents = [...open.agents];
        const opened = [...open.segments];
        for (let i = 0; i < agents.length; i++) if (opened[i].kind === 'work') close(agents[i], opened[i], event.at);
        break;
      }
      case 'usage.recorded': {
        const price = card.versionAt(event.at).usage.get(event.resource!);
        if (price) usage = usage.add(Rational.parseDecimal(event.quantity!).mul(price));
        break;
      }
      default:
        break;
    }
  }

  let isOpen = false;
  // A wrapup past its cap has ended, done or not: only what still runs at the as-of depends on it.
  let anythingRunning = false;
  for (const segment of open.segments)
    if (segment.kind !== 'wrapup' || wrapupCap(segment.start) > asOf) anythingRunning = true;
  while (open.agents.length > 0) {
    const segment = open.segments[0];
    if (segment.kind !== 'wrapup') isOpen = true;
    close(open.agents[0], segment, asOf);
  }

  let telephony = base?.telephony ?? Rational.ZERO;
  if (callStartAt !== null) {
    const end = callEndAt ?? asOf;
    if (callEndAt === null) isOpen = true;
    const durationAttos = end - callStartAt;
    if (durationAttos > 0n) {
      const increment = telephonyCard.telephonyIncrementSeconds;
      const duration = Rational.of(durationAttos, ATTOS_PER_SECOND);
      const increments = duration.div(increment).ceil();
      const rate = telephonyCard.telephonyPerMinute.get(callDirection) ?? Rational.ZERO;
      telephony = telephony.add(increment.mulInt(increments).div(SECONDS_PER_MINUTE).mul(rate));
    }
  }

  let handleAttos = base?.handleAttos ?? 0n;
  for (const s of segments) handleAttos += s.end - s.start;
  const day = startEvent
    ? calendar.dayOf(startEvent.at)
    : baseHasStart
      ? base!.day
      : earliestAt !== null
        ? calendar.dayOf(earliestAt)
        : '';

  return {
    contact,
    exists: earliestAt !== null,
    channel,
    reason: reason ?? 'unclassified',
    case: caseId,
    queue,
    day,
    open: isOpen,
    segments,
    handleAttos,
    telephony,
    fees,
    usage,
    anomalies,
    reasonSetBy,
    caseSetBy,
    earliestAt,
    lastAt,
    hasStart: startEvent !== null || baseHasStart,
    dependsOnAsOf: futureEvents || anythingRunning || (callStartAt !== null && callEndAt === null),
  };
}
