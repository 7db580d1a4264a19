import { AgentDayLedger, ContactShare, RateTable, sweepAgentLedger } from './agent-ledger';
import { ContactTimeline, Segment, deriveContactTimeline } from './contact-timeline';
import { StoredEvent, compareContactEvents } from './event-order';
import { Rational } from './rational';
import { ContactFigures } from './figures';
import { ATTOS_PER_SECOND, LocalCalendar } from './local-calendar';
import { TenantRateCard } from './rate-card';
import { EngineArchive, SettledContact } from './settled-contact.codec';
import { priceContact } from './contact-pricing';

/**
 * The part of a tenant's history that is already accounted for, so its events need not be kept: closed contacts
 * (their figures reduced to a summary), and each agent's slices before its `agentFrom` (reduced to per-day and
 * per-contact sums). An event that would change that part ("late" beyond the settling horizon) marks the prefix
 * `violated`; the caller then recomputes from the events themselves.
 */
export class SettledPrefix {
  /** Closed contacts whose events were dropped; `segments` is emptied (the remaining ones live in segmentsByAgent). */
  readonly contacts = new Map<string, ContactTimeline>();
  /** Settled contacts that received later events: their settled part, which those events continue. */
  readonly bases = new Map<string, ContactTimeline>();
  /** Segments of settled contacts not yet wholly before their agent's agentFrom. */
  readonly segmentsByAgent = new Map<string, Segment[]>();
  readonly agentFrom = new Map<string, bigint>();
  /** Settled slices per agent and local day, of days not yet wholly before the agent's agentFrom. */
  readonly agentDays = new Map<string, Map<string, AgentDayLedger>>();
  /**
   * Days wholly before the agent's agentFrom: final (short of a violation), kept apart so that a live ledger's work
   * at each step does not grow with the days behind it.
   */
  readonly finalAgentDays = new Map<string, Map<string, AgentDayLedger>>();
  /** Settled shares of agent time per contact (keys as in ContactShare, all agents merged). */
  readonly shares = new Map<string, ContactShare>();
  /** How many segments of each settled contact are still in segmentsByAgent (its shares are not complete yet). */
  readonly pendingSegments = new Map<string, number>();
  /** Settled contacts that may have become complete since the last settling: archive them if they are. */
  readonly archiveCandidates = new Set<string>();
  /** The latest settling limit: figures as of an earlier instant cannot be derived from this prefix. */
  limit: bigint | null = null;
  /**
   * The longest `ticket.work_logged` seen: a time entry reaches that far back, so agents settle only up to the
   * limit minus it (a longer entry later would need a recompute).
   */
  workLoggedReach = 0n;
  /** Why the prefix can no longer give exact figures (the first cause), or null. */
  violation: string | null = null;

  get violated(): boolean {
    return this.violation !== null;
  }

  violate(cause: string): void {
    this.violation ??= cause;
  }

  isEmpty(): boolean {
    return this.limit === null;
  }
}

export interface SettlableTenant {
  readonly name: string;
  readonly archive: EngineArchive | null;
  readonly card: TenantRateCard;
  readonly calendar: LocalCalendar;
  readonly rateTable: RateTable;
  readonly contactEvents: Map<string, StoredEvent[]>;
  readonly agentStates: Map<string, StoredEvent[]>;
  readonly settled: SettledPrefix;
  /**
   * Compensation naming each contact, which an archived contact's figures include (see CostEngineOptions.archive);
   * null: they leave without it.
   */
  readonly compensationByContact: ReadonlyMap<string, Rational> | null;
}

function addRated<K>(target: Map<K, bigint>, source: Map<K, bigint>): void {
  source.forEach((v, k) => target.set(k, (target.get(k) ?? 0n) + v));
}

export function addDayLedger(target: AgentDayLedger, source: AgentDayLedger): void {
  addRated(target.contact, source.contact);
  addRated(target.idle, source.idle);
  for (const [state, rated] of source.shrinkage) {
    let into = target.shrinkage.get(state);
    if (!into) {
      into = new Map();
      target.shrinkage.set(state, into);
    }
    addRated(into, rated);
  }
}

export function emptyDayLedger(): AgentDayLedger {
  return { contact: new Map(), idle: new Map(), shrinkage: new Map() };
}

/**
 * Settles everything of one tenant that ends before `limit`: contacts that are closed with all their events before
 * it, and each agent's slices up to the earliest segment it still has on an unsettled contact (at most `limit`).
 * Exact: a settled slice is one that no event at or after `limit` can change.
 */
export interface SettledMoves {
  contacts: string[];
  agents: string[];
  /** Agent days that became final (moved to finalAgentDays). */
  finalDays: { agent: string; day: string }[];
}

export function settleTenant(tenant: SettlableTenant, limit: bigint): SettledMoves {
  const moved: SettledMoves = { contacts: [], agents: [], finalDays: [] };
  const settled = tenant.settled;
  if (settled.violated) return moved;
  const { card, calendar, rateTable } = tenant;

  const newlySettled: [string, ContactTimeline][] = [];
  const unsettledStart = new Map<string, bigint>();
  // Keys, not entries: an entry is a fresh [key, value] array, and this visits every held contact at every settle.
  for (const contact of tenant.contactEvents.keys()) {
    const events = tenant.contactEvents.get(contact)!;
    // Nothing of a contact that starts at or after the limit can be settled or hold an agent back.
    if (events[0].at >= limit && !settled.bases.has(contact)) continue;
    if (events[events.length - 1].at >= limit) {
      // Still going at the limit, so it cannot settle: no need to derive it, only to hold its agents back.
      holdBackAgents(events, unsettledStart);
      continue;
    }
    const timeline = deriveContactTimeline(contact, events, limit, card, calendar, settled.bases.get(contact) ?? null);
    for (const s of timeline.segments) {
      const from = settled.agentFrom.get(s.agent);
      // Work reaching back into an agent's settled prefix arrived later than settling allows.
      if (from !== undefined && s.start < from) {
        settled.violate(`contact ${contact}: work of ${s.agent} reaches back into the agent's settled time`);
        return moved;
      }
    }
    if (events[events.length - 1].at < limit && timeline.exists && !timeline.dependsOnAsOf) {
      newlySettled.push([contact, timeline]);
      continue;
    }
    for (const s of timeline.segments) {
      const earliest = unsettledStart.get(s.agent);
      if (earliest === undefined || s.start < earliest) unsettledStart.set(s.agent, s.start);
    }
  }
  const segmentsMoved = new Set<string>();
  for (const [contact, timeline] of newlySettled) {
    for (const s of timeline.segments) {
      const list = settled.segmentsByAgent.get(s.agent);
      if (list) list.push(s);
      else settled.segmentsByAgent.set(s.agent, [s]);
      segmentsMoved.add(s.agent);
    }
    if (timeline.segments.length > 0)
      settled.pendingSegments.set(contact, (settled.pendingSegments.get(contact) ?? 0) + timeline.segments.length);
    settled.archiveCandidates.add(contact);
    // The timeline was derived for settling alone: its segments now live in segmentsByAgent.
    timeline.segments = [];
    settled.contacts.set(contact, timeline);
    settled.bases.delete(contact);
    tenant.contactEvents.delete(contact);
    moved.contacts.push(contact);
  }

  const agents = new Set([...tenant.agentStates.keys(), ...settled.segmentsByAgent.keys()]);
  for (const agent of agents) {
    const agentLimit = limit - settled.workLoggedReach;
    let until = unsettledStart.get(agent) ?? agentLimit;
    if (until > agentLimit) until = agentLimit;
    const from = settled.agentFrom.get(agent) ?? null;
    if (from !== null && until <= from) continue;
    const states = tenant.agentStates.get(agent) ?? [];
    const segments = settled.segmentsByAgent.get(agent) ?? [];
    if (from === null && segments.length === 0 && (states.length === 0 || states[0].at > until)) continue;

    const ledger = sweepAgentLedger(agent, states, segments, until, card, calendar, rateTable, from);
    let days = settled.agentDays.get(agent);
    if (!days) {
      days = new Map();
      settled.agentDays.set(agent, days);
    }
    // The sweep's own ledger is fresh: a day or share seen for the first time is taken as it is, not copied.
    const agentDays = days;
    ledger.days.forEach((d, day) => {
      const into = agentDays.get(day);
      if (into) addDayLedger(into, d);
      else agentDays.set(day, d);
    });
    ledger.shares.forEach((share, contact) => {
      const into = settled.shares.get(contact);
      if (into) addRated(into, share);
      else settled.shares.set(contact, share);
    });
    settled.agentFrom.set(agent, until);
    moved.agents.push(agent);
    segmentsMoved.delete(agent);
    finishDaysBefore(settled, agent, agentDays, calendar.dayOf(until), moved.finalDays);

    const remaining: Segment[] = [];
    for (const s of segments) {
      if (s.end > until) remaining.push(s);
      else {
        const pending = settled.pendingSegments.get(s.contact)! - 1;
        if (pending > 0) settled.pendingSegments.set(s.contact, pending);
        else {
          settled.pendingSegments.delete(s.contact);
          settled.archiveCandidates.add(s.contact);
        }
      }
    }
    if (remaining.length > 0) settled.segmentsByAgent.set(agent, remaining);
    else settled.segmentsByAgent.delete(agent);
    tenant.agentStates.set(agent, statesFrom(states, until));
  }
  // An agent whose segments moved into the settled part but who could not be swept yet (another contact holds it
  // back) has moved too: a live ledger that never saw those segments must sweep it again to count them.
  moved.agents.push(...segmentsMoved);
  if (settled.limit === null || limit > settled.limit) settled.limit = limit;
  // An archived contact has moved too: live figures that still hold it must drop it (its last figures went to the sink).
  moved.contacts.push(...archiveCompleteContacts(tenant));
  return moved;
}

/**
 * Moves the agent's days before `openDay` (the local day its settled time ends in; dates compare as text) to
 * finalAgentDays: no slice can reach them any more.
 */
function finishDaysBefore(
  settled: SettledPrefix,
  agent: string,
  days: Map<string, AgentDayLedger>,
  openDay: string,
  finished: { agent: string; day: string }[],
): void {
  for (const [day, ledger] of days) {
    if (day >= openDay) continue;
    let final = settled.finalAgentDays.get(agent);
    if (!final) {
      final = new Map();
      settled.finalAgentDays.set(agent, final);
    }
    final.set(day, ledger);
    days.delete(day);
    finished.push({ agent, day });
  }
}

/** A settled contact's figures as it leaves for the archive's sink (see SettlableTenant.compensationByContact). */
function settledFigures(tenant: SettlableTenant, settled: SettledContact): ContactFigures {
  const shares = settled.share === undefined ? [] : [settled.share];
  const compensation = tenant.compensationByContact?.get(settled.timeline.contact) ?? Rational.ZERO;
  return priceContact(tenant.name, settled.timeline, shares, compensation, tenant.rateTable);
}

/**
 * Settled contacts whose every segment is swept will never change again (short of a later event naming them).
 * Returns the contacts archived.
 */
function archiveCompleteContacts(tenant: SettlableTenant): string[] {
  const { settled, archive } = tenant;
  const archived: string[] = [];
  if (archive !== null)
    for (const contact of settled.archiveCandidates) {
      const timeline = settled.contacts.get(contact);
      if (timeline === undefined || settled.pendingSegments.has(contact)) continue;
      const complete = { timeline, share: settled.shares.get(contact) };
      const receipt = archive.figures.add(settledFigures(tenant, complete));
      archive.contacts.store(tenant.name, contact, complete, receipt);
      settled.contacts.delete(contact);
      settled.shares.delete(contact);
      archived.push(contact);
    }
  settled.archiveCandidates.clear();
  return archived;
}

/** Brings an archived contact back among the settled ones (an event names it again); its figures are withdrawn. */
export function reviveArchivedContact(tenant: SettlableTenant, contact: string): void {
  const taken = tenant.archive?.contacts.take(tenant.name, contact);
  if (taken === undefined) return;
  const revived = taken.settled;
  tenant.archive!.figures.withdraw(settledFigures(tenant, revived), taken.receipt);
  tenant.settled.contacts.set(contact, revived.timeline);
  if (revived.share !== undefined) tenant.settled.shares.set(contact, revived.share);
  tenant.settled.archiveCandidates.add(contact);
}

/**
 * Holds each agent named by a contact's events back from settling past that event (a work_logged from the start of
 * its entry): no earlier than the agent's first segment on the contact, which is all settling needs.
 */
function holdBackAgents(events: readonly StoredEvent[], unsettledStart: Map<string, bigint>): void {
  for (const event of events) {
    if (event.agent === undefined) continue;
    const at =
      event.type === 'ticket.work_logged' ? event.at - BigInt(event.seconds ?? 0) * ATTOS_PER_SECOND : event.at;
    const earliest = unsettledStart.get(event.agent);
    if (earliest === undefined || at < earliest) unsettledStart.set(event.agent, at);
  }
}

/** The states from `until` on, led by the one in force at `until` (carrying the rate class then in force). */
function statesFrom(states: StoredEvent[], until: bigint): StoredEvent[] {
  let firstKept = 0;
  while (firstKept < states.length && states[firstKept].at < until) firstKept++;
  if (firstKept === 0) return states;
  let rateClass: string | undefined;
  for (let i = 0; i < firstKept; i++) if (states[i].rateClass !== undefined) rateClass = states[i].rateClass;
  const inForce: StoredEvent = { ...states[firstKept - 1] };
  if (rateClass !== undefined) inForce.rateClass = rateClass;
  return [inForce, ...states.slice(firstKept)];
}

/**
 * A late event for a settled contact that does not touch its segments (a classification, metered usage, an
 * informational reopen) is applied to its summary; false when the event needs the contact's events.
 */
export function applyToSettledContact(
  timeline: ContactTimeline,
  event: StoredEvent,
  card: TenantRateCard,
  calendar: LocalCalendar,
): ContactTimeline | null {
  const patched: ContactTimeline = { ...timeline };
  switch (event.type) {
    case 'contact.classified':
      if (
        event.reason !== undefined &&
        (!patched.reasonSetBy || compareContactEvents(patched.reasonSetBy, event) < 0)
      ) {
        patched.reason = event.reason;
        patched.reasonSetBy = event;
      }
      if (event.case !== undefined && (!patched.caseSetBy || compareContactEvents(patched.caseSetBy, event) < 0)) {
        patched.case = event.case;
        patched.caseSetBy = event;
      }
      break;
    case 'usage.recorded': {
      const price = card.versionAt(event.at).usage.get(event.resource!);
      if (price) patched.usage = patched.usage.add(Rational.parseDecimal(event.quantity!).mul(price));
      break;
    }
    case 'ticket.reopened':
      // a contact known only from classifications or usage takes its channel from its first ticket.* event
      if (patched.channel === 'unknown') patched.channel = 'ticket';
      break;
    default:
      return null;
  }
  if (!patched.hasStart && (patched.earliestAt === null || event.at < patched.earliestAt)) {
    patched.earliestAt = event.at;
    patched.day = calendar.dayOf(event.at);
  }
  return patched;
}
