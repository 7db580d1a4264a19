import { ContactCentreEvent, Rejection, parseEvent } from '@contact-cost/contracts';
import { AgentLedger, AgentSegment, ContactShare, RateTable, splitShareKey, sweepAgentLedger } from './agent-ledger';
import { ContactTimeline, deriveContactTimeline } from './contact-timeline';
import { compareAgentEvents, compareContactEvents, insertSorted } from './event-order';
import {
  AgentDayFigures,
  ChangeSet,
  ContactFigures,
  EngineSnapshot,
  LinkedCompensationFigures,
  UnlinkedCompensationFigures,
} from './figures';
import { ATTOS_PER_SECOND, LocalCalendar } from './local-calendar';
import { Rational } from './rational';
import { RateCardSet, TenantRateCard } from './rate-card';

export type AdmitResult = { status: 'accepted' } | { status: 'duplicate' } | { status: 'rejected'; rejection: Rejection };

export type IngestResult =
  | { status: 'accepted'; event: ContactCentreEvent }
  | { status: 'duplicate'; id: string; tenant: string }
  | { status: 'rejected'; rejection: Rejection };

interface Compensation {
  id: string;
  at: bigint;
  case: string;
  contact?: string;
  amount: Rational;
}

class TenantState {
  readonly calendar: LocalCalendar;
  readonly rateTable = new RateTable();
  readonly acceptedIds = new Set<string>();
  readonly contactEvents = new Map<string, ContactCentreEvent[]>();
  readonly agentStates = new Map<string, ContactCentreEvent[]>();
  readonly compensations: Compensation[] = [];

  constructor(readonly card: TenantRateCard) {
    this.calendar = new LocalCalendar(card.timezone);
  }
}

interface TenantFigures {
  contacts: ContactFigures[];
  agents: string[];
  agentDays: AgentDayFigures[];
  unlinked: UnlinkedCompensationFigures[];
  linked: LinkedCompensationFigures[];
}

const SECOND = Rational.of(1n, ATTOS_PER_SECOND);

function attosToSeconds(attos: bigint): Rational {
  return Rational.of(attos, ATTOS_PER_SECOND);
}

/**
 * The costing engine of cost-model.md. Feed it schema-valid events in any order and in any batches; ask it for
 * figures as of a moment. The live stream, nightly reports and offline replay all use this class.
 *
 * State is kept per contact (its events in event-time order) and per agent (its states); figures are derived
 * from that state for the requested as-of, so a late or out-of-order event simply lands in its place.
 */
export class CostEngine {
  private readonly tenants = new Map<string, TenantState>();
  private latest: bigint | null = null;
  /** Formatted figures last returned by collectChanges, to report only what moved. */
  private readonly lastReported = new Map<string, string>();
  private readonly changedTenants = new Set<string>();
  private lastAsOf: bigint | null = null;

  constructor(readonly rates: RateCardSet) {}

  /** Tenant and resource checks of events.md (the ones that need rate cards); null when the event may be applied. */
  check(event: ContactCentreEvent): Rejection | null {
    const card = this.rates.find(event.tenant);
    if (!card)
      return {
        reason: 'unknown_tenant',
        detail: `tenant ${event.tenant} has no rate card`,
        id: event.id,
        tenant: event.tenant,
      };
    if (event.type === 'usage.recorded' && !card.versionAt(event.at).usage.has(event.resource!))
      return {
        reason: 'unknown_resource',
        detail: `usage resource ${event.resource} is not priced in ${event.tenant}'s rate card at ${event.time}`,
        id: event.id,
        tenant: event.tenant,
      };
    return null;
  }

  /** Whether (tenant, id) belongs to an already accepted event. */
  isDuplicate(tenant: string, id: string): boolean {
    return this.tenants.get(tenant)?.acceptedIds.has(id) ?? false;
  }

  /** check + first-wins duplicate detection by (tenant, id) + apply. */
  admit(event: ContactCentreEvent): AdmitResult {
    if (this.isDuplicate(event.tenant, event.id)) return { status: 'duplicate' };
    const rejection = this.check(event);
    if (rejection) return { status: 'rejected', rejection };
    this.apply(event);
    return { status: 'accepted' };
  }

  /** One raw message, as events.md orders the checks: duplicate first, then validity, then apply. */
  ingest(raw: string | Buffer): IngestResult {
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      const { id, tenant } = parsed.rejection;
      if (id !== undefined && tenant !== undefined && this.isDuplicate(tenant, id))
        return { status: 'duplicate', id, tenant };
      return { status: 'rejected', rejection: parsed.rejection };
    }
    const event = parsed.event;
    const result = this.admit(event);
    if (result.status === 'accepted') return { status: 'accepted', event };
    if (result.status === 'duplicate') return { status: 'duplicate', id: event.id, tenant: event.tenant };
    return result;
  }

  /** Applies an event already checked and de-duplicated elsewhere (e.g. by a durable event store). */
  apply(event: ContactCentreEvent): void {
    const tenant = this.tenantState(event.tenant);
    tenant.acceptedIds.add(event.id);
    this.changedTenants.add(event.tenant);
    if (this.latest === null || event.at > this.latest) this.latest = event.at;

    if (event.type === 'agent.state') {
      let states = tenant.agentStates.get(event.agent!);
      if (!states) {
        states = [];
        tenant.agentStates.set(event.agent!, states);
      }
      insertSorted(states, event, compareAgentEvents);
      return;
    }
    if (event.type === 'case.compensated') {
      tenant.compensations.push({
        id: event.id,
        at: event.at,
        case: event.case!,
        contact: event.contact,
        amount: Rational.parseDecimal(event.amount!),
      });
      return;
    }
    const contact = event.contact!;
    let events = tenant.contactEvents.get(contact);
    if (!events) {
      events = [];
      tenant.contactEvents.set(contact, events);
    }
    insertSorted(events, event, compareContactEvents);
  }

  /** Latest `time` of any applied event (attoseconds), the default as-of. */
  latestEventTime(): bigint | null {
    return this.latest;
  }

  /** Every figure as of `asOf` (default: the latest event time). */
  snapshot(asOf: bigint | null = this.latest): EngineSnapshot {
    const snapshot: EngineSnapshot = {
      asOf,
      tenants: [...this.tenants.keys()],
      agents: [],
      contacts: [],
      agentDays: [],
      unlinkedCompensations: [],
      linkedCompensations: [],
    };
    if (asOf === null) return snapshot;
    for (const [name, tenant] of this.tenants) {
      const figures = this.computeTenant(name, tenant, asOf);
      snapshot.contacts.push(...figures.contacts);
      snapshot.agents.push(...figures.agents.map((agent) => ({ tenant: name, agent })));
      snapshot.agentDays.push(...figures.agentDays);
      snapshot.unlinkedCompensations.push(...figures.unlinked);
      snapshot.linkedCompensations.push(...figures.linked);
    }
    return snapshot;
  }

  /**
   * Figures of every contact, agent-day and compensation whose figures changed since the previous call
   * (new events, or the as-of moving on: open contacts and running agent states change with time).
   */
  collectChanges(asOf: bigint | null = this.latest): ChangeSet {
    const changes: ChangeSet = {
      asOf,
      contacts: [],
      agentDays: [],
      unlinkedCompensations: [],
      linkedCompensations: [],
    };
    if (asOf === null) return changes;
    const tenants = asOf === this.lastAsOf ? [...this.changedTenants] : [...this.tenants.keys()];
    this.changedTenants.clear();
    this.lastAsOf = asOf;
    for (const name of tenants) {
      const figures = this.computeTenant(name, this.tenantState(name), asOf);
      const moved = <T>(kind: string, key: string, value: T, format: (v: T) => string): boolean => {
        const id = `${kind}\u0000${name}\u0000${key}`;
        const text = format(value);
        if (this.lastReported.get(id) === text) return false;
        this.lastReported.set(id, text);
        return true;
      };
      for (const c of figures.contacts) if (moved('c', c.contact, c, formatContact)) changes.contacts.push(c);
      for (const d of figures.agentDays)
        if (moved('a', `${d.agent}\u0000${d.day}`, d, formatAgentDay)) changes.agentDays.push(d);
      for (const u of figures.unlinked) if (moved('u', u.id, u, formatUnlinked)) changes.unlinkedCompensations.push(u);
      for (const l of figures.linked) if (moved('l', l.id, l, formatLinked)) changes.linkedCompensations.push(l);
    }
    return changes;
  }

  private tenantState(name: string): TenantState {
    let tenant = this.tenants.get(name);
    if (!tenant) {
      tenant = new TenantState(this.rates.tenant(name));
      this.tenants.set(name, tenant);
    }
    return tenant;
  }

  private computeTenant(name: string, tenant: TenantState, asOf: bigint): TenantFigures {
    const { card, calendar, rateTable } = tenant;
    const timelines = new Map<string, ContactTimeline>();
    const segmentsByAgent = new Map<string, AgentSegment[]>();
    for (const [contact, events] of tenant.contactEvents) {
      const timeline = deriveContactTimeline(contact, events, asOf, card, calendar);
      if (!timeline.exists) continue;
      timelines.set(contact, timeline);
      for (const s of timeline.segments) {
        let list = segmentsByAgent.get(s.agent);
        if (!list) {
          list = [];
          segmentsByAgent.set(s.agent, list);
        }
        list.push({ ...s, contact });
      }
    }

    const agents = new Set<string>(segmentsByAgent.keys());
    for (const [agent, states] of tenant.agentStates) if (states[0].at <= asOf) agents.add(agent);

    const shares = new Map<string, ContactShare[]>();
    const agentDays: AgentDayFigures[] = [];
    for (const agent of [...agents].sort()) {
      const ledger = sweepAgentLedger(
        agent,
        tenant.agentStates.get(agent) ?? [],
        segmentsByAgent.get(agent) ?? [],
        asOf,
        card,
        calendar,
        rateTable,
      );
      for (const [contact, share] of ledger.shares) {
        const list = shares.get(contact);
        if (list) list.push(share);
        else shares.set(contact, [share]);
      }
      agentDays.push(...agentDayFigures(name, agent, ledger, rateTable));
    }

    const compensationByContact = new Map<string, Rational>();
    const unlinked: UnlinkedCompensationFigures[] = [];
    const linked: LinkedCompensationFigures[] = [];
    for (const c of tenant.compensations) {
      if (c.at > asOf) continue;
      if (c.contact !== undefined && timelines.has(c.contact)) {
        compensationByContact.set(c.contact, (compensationByContact.get(c.contact) ?? Rational.ZERO).add(c.amount));
        linked.push({ tenant: name, id: c.id, case: c.case, contact: c.contact, amount: c.amount });
      } else {
        unlinked.push({ tenant: name, id: c.id, case: c.case, day: calendar.dayOf(c.at), amount: c.amount });
      }
    }

    const contacts: ContactFigures[] = [];
    for (const [contact, t] of timelines) {
      const { agentSeconds, labour, overhead } = contactLabour(shares.get(contact), rateTable);
      const compensation = compensationByContact.get(contact) ?? Rational.ZERO;
      const total = labour.add(overhead).add(t.telephony).add(t.fees).add(t.usage).add(compensation);
      contacts.push({
        tenant: name,
        contact,
        channel: t.channel,
        reason: t.reason,
        case: t.case,
        queue: t.queue,
        day: t.day,
        open: t.open,
        handleSeconds: attosToSeconds(t.handleAttos),
        agentSeconds,
        cost: { labour, overhead, telephony: t.telephony, fees: t.fees, usage: t.usage, compensation, total },
      });
    }
    return { contacts, agents: [...agents].sort(), agentDays, unlinked, linked };
  }
}

function gcdInt(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * A contact's agent seconds, labour and overhead from its shares of every agent: summed in integers over a common
 * weight denominator first, so only a few exact divisions are needed per contact.
 */
function contactLabour(
  shares: ContactShare[] | undefined,
  rates: RateTable,
): { agentSeconds: Rational; labour: Rational; overhead: Rational } {
  if (!shares) return { agentSeconds: Rational.ZERO, labour: Rational.ZERO, overhead: Rational.ZERO };
  let common = 1n;
  for (const share of shares)
    for (const key of share.keys()) {
      const { weightSum } = splitShareKey(key);
      common = (common / gcdInt(common, weightSum)) * weightSum;
    }
  const byRate = new Map<number, bigint>();
  let attos = 0n;
  for (const share of shares)
    for (const [key, weighted] of share) {
      const { weightSum, rateIndex } = splitShareKey(key);
      const scaled = weighted * (common / weightSum);
      attos += scaled;
      byRate.set(rateIndex, (byRate.get(rateIndex) ?? 0n) + scaled);
    }
  const denominator = common * ATTOS_PER_SECOND;
  let labour = Rational.ZERO;
  let overhead = Rational.ZERO;
  for (const [rateIndex, scaled] of byRate) {
    labour = labour.add(rates.labourPerSecond[rateIndex].mulInt(scaled));
    overhead = overhead.add(rates.overheadPerSecond[rateIndex].mulInt(scaled));
  }
  return {
    agentSeconds: Rational.of(attos, denominator),
    labour: labour.divInt(denominator),
    overhead: overhead.divInt(denominator),
  };
}

function ratedSeconds(rated: Map<number, bigint>): Rational {
  let attos = 0n;
  for (const v of rated.values()) attos += v;
  return attosToSeconds(attos);
}

function ratedCost(rated: Map<number, bigint>, rates: RateTable): Rational {
  let cost = Rational.ZERO;
  for (const [rateIndex, attos] of rated) cost = cost.add(rates.loadedPerSecond(rateIndex).mul(SECOND).mulInt(attos));
  return cost;
}

function agentDayFigures(tenant: string, agent: string, ledger: AgentLedger, rates: RateTable): AgentDayFigures[] {
  const out: AgentDayFigures[] = [];
  for (const [day, d] of ledger.days) {
    const contactSeconds = ratedSeconds(d.contact);
    const idleSeconds = ratedSeconds(d.idle);
    const shrinkageSeconds = new Map<string, Rational>();
    let shrinkageCost = Rational.ZERO;
    let paid = contactSeconds.add(idleSeconds);
    for (const [state, rated] of d.shrinkage) {
      const seconds = ratedSeconds(rated);
      shrinkageSeconds.set(state, seconds);
      paid = paid.add(seconds);
      shrinkageCost = shrinkageCost.add(ratedCost(rated, rates));
    }
    out.push({
      tenant,
      agent,
      day,
      paidSeconds: paid,
      contactSeconds,
      idleSeconds,
      shrinkageSeconds,
      contactCost: ratedCost(d.contact, rates),
      idleCost: ratedCost(d.idle, rates),
      shrinkageCost,
    });
  }
  return out;
}

function formatContact(c: ContactFigures): string {
  const p = c.cost;
  return [
    c.channel,
    c.reason,
    c.case,
    c.queue,
    c.day,
    c.open,
    c.handleSeconds,
    c.agentSeconds,
    p.labour,
    p.overhead,
    p.telephony,
    p.fees,
    p.usage,
    p.compensation,
  ].join('|');
}

function formatAgentDay(d: AgentDayFigures): string {
  const shrink = [...d.shrinkageSeconds].map(([k, v]) => `${k}=${v}`).join(',');
  return [d.paidSeconds, d.contactSeconds, d.idleSeconds, shrink, d.contactCost, d.idleCost, d.shrinkageCost].join('|');
}

function formatUnlinked(u: UnlinkedCompensationFigures): string {
  return `${u.case}|${u.day}|${u.amount}`;
}

function formatLinked(l: LinkedCompensationFigures): string {
  return `${l.case}|${l.contact}|${l.amount}`;
}
