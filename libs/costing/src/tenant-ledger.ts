import { StoredEvent } from './event-order';
import { AgentLedger, ContactShare, RateTable, sweepAgentLedger } from './agent-ledger';
import { ContactTimeline, Segment, deriveContactTimeline } from './contact-timeline';
import { AgentDayFigures, ContactFigures, LinkedCompensationFigures, UnlinkedCompensationFigures } from './figures';
import { ATTOS_PER_SECOND, LocalCalendar } from './local-calendar';
import { Rational } from './rational';
import { TenantRateCard } from './rate-card';
import { SettledPrefix, addDayLedger, emptyDayLedger } from './settled-prefix';
import { priceContact } from './contact-pricing';
import { EngineArchive } from './settled-contact.codec';

export interface Compensation {
  id: string;
  at: bigint;
  case: string;
  contact?: string;
  amount: Rational;
}

/** The events of one tenant, as the engine keeps them. */
export interface TenantEvents {
  readonly name: string;
  readonly card: TenantRateCard;
  readonly calendar: LocalCalendar;
  readonly rateTable: RateTable;
  readonly contactEvents: Map<string, StoredEvent[]>;
  readonly agentStates: Map<string, StoredEvent[]>;
  readonly compensations: Compensation[];
  readonly settled: SettledPrefix;
  readonly archive: EngineArchive | null;
}

export interface LedgerUpdate {
  contacts: Set<string>;
  agents: Set<string>;
}

const SECOND = Rational.of(1n, ATTOS_PER_SECOND);

/**
 * The derived figures of one tenant, kept up to date incrementally: a change re-derives only the contacts it
 * touched (and those still running when the as-of moves), re-slices only the agents whose segments or states
 * changed, and re-prices only the contacts whose shares moved.
 */
export class TenantLedger {
  private asOf: bigint | null = null;
  private readonly timelines = new Map<string, ContactTimeline>();
  private readonly segmentsByAgent = new Map<string, Map<string, Segment[]>>();
  private readonly ledgers = new Map<string, AgentLedger>();
  private readonly contactAgents = new Map<string, Set<string>>();
  private readonly runningContacts = new Set<string>();
  private readonly runningAgents = new Set<string>();
  private compensationByContact = new Map<string, Rational>();
  /** How many of the tenant's compensations (kept in arrival order) have been placed or set aside. */
  private compensationsSeen = 0;
  /** Compensations later than the as-of: placed when it passes them. */
  private laterCompensations: Compensation[] = [];
  /** Unlinked compensations naming a contact that does not exist (yet): linked when it does. */
  private readonly awaitingContact = new Map<string, Compensation[]>();
  private readonly linkedById = new Map<string, LinkedCompensationFigures>();
  private readonly unlinkedById = new Map<string, UnlinkedCompensationFigures>();
  readonly contactFigures = new Map<string, ContactFigures>();
  /** Each agent's days still open to settling; final days are in finalDays once, not here. */
  readonly agentDays = new Map<string, AgentDayFigures[]>();
  /** Agent days that became final (wholly settled) since the previous update; all of them after a rebuild. */
  finalDays: AgentDayFigures[] = [];
  readonly listedAgents = new Set<string>();
  /**
   * Compensations placed (linked or unlinked) by the last update: new ones, and unlinked ones whose contact came to
   * exist. Each is placed once, not at every update, so a step's work does not grow with the compensations behind it.
   */
  changedLinked: LinkedCompensationFigures[] = [];
  changedUnlinked: UnlinkedCompensationFigures[] = [];

  constructor(private readonly events: TenantEvents) {}

  /**
   * Brings every figure to `asOf`, given what changed since the last update: contacts, agents, and the agent days
   * that settling made final.
   */
  update(
    asOf: bigint,
    dirtyContacts: Iterable<string>,
    dirtyAgents: Iterable<string>,
    finishedDays: Iterable<{ agent: string; day: string }> = [],
  ): LedgerUpdate {
    const settled = this.events.settled;
    this.finalDays = [];
    for (const { agent, day } of finishedDays) this.addFinalDay(agent, day);
    // A settled prefix holds figures up to its limit: an earlier as-of needs the events themselves.
    if (settled.limit !== null && asOf < settled.limit) settled.violate('as-of earlier than the settled time');
    if (this.asOf !== null && asOf < this.asOf) return this.rebuild(asOf);
    const asOfMoved = this.asOf !== asOf;
    this.asOf = asOf;
    const derive = new Set(dirtyContacts);
    const sweep = new Set(dirtyAgents);
    if (asOfMoved) {
      for (const c of this.runningContacts) derive.add(c);
      for (const a of this.runningAgents) sweep.add(a);
    }
    for (const contact of derive) this.deriveContact(contact, asOf, sweep);

    const reprice = new Set(derive);
    for (const agent of sweep) this.sweepAgent(agent, asOf, reprice);
    this.linkCompensations(asOf, derive, reprice);
    for (const contact of reprice) this.priceContact(contact);
    return { contacts: reprice, agents: sweep };
  }

  /** Everything from scratch (first use, or an as-of earlier than the last one). */
  rebuild(asOf: bigint): LedgerUpdate {
    this.asOf = null;
    for (const map of [
      this.timelines,
      this.segmentsByAgent,
      this.ledgers,
      this.contactAgents,
      this.contactFigures,
      this.agentDays,
    ])
      map.clear();
    this.runningContacts.clear();
    this.runningAgents.clear();
    this.listedAgents.clear();
    this.compensationByContact = new Map();
    this.compensationsSeen = 0;
    this.laterCompensations = [];
    this.awaitingContact.clear();
    this.linkedById.clear();
    this.unlinkedById.clear();
    const { contactEvents, agentStates, settled } = this.events;
    const finalDays: { agent: string; day: string }[] = [];
    for (const [agent, days] of settled.finalAgentDays) for (const day of days.keys()) finalDays.push({ agent, day });
    return this.update(
      asOf,
      [...contactEvents.keys(), ...settled.contacts.keys()],
      [...agentStates.keys(), ...settled.agentFrom.keys(), ...settled.segmentsByAgent.keys()],
      finalDays,
    );
  }

  private addFinalDay(agent: string, day: string): void {
    const ledger = this.events.settled.finalAgentDays.get(agent)?.get(day);
    if (ledger === undefined) return;
    const days: AgentLedger['days'] = new Map([[day, ledger]]);
    this.finalDays.push(
      ...agentDayFigures(this.events.name, agent, { shares: new Map(), days }, this.events.rateTable),
    );
  }

  private deriveContact(contact: string, asOf: bigint, sweep: Set<string>): void {
    const { card, calendar } = this.events;
    const previous = this.timelines.get(contact);
    const timeline =
      this.events.settled.contacts.get(contact) ??
      deriveContactTimeline(
        contact,
        this.events.contactEvents.get(contact) ?? [],
        asOf,
        card,
        calendar,
        this.events.settled.bases.get(contact) ?? null,
      );
    if (timeline.dependsOnAsOf) this.runningContacts.add(contact);
    else this.runningContacts.delete(contact);
    if (timeline.exists) this.timelines.set(contact, timeline);
    else this.timelines.delete(contact);

    const byAgent = new Map<string, Segment[]>();
    for (const s of timeline.segments) {
      const list = byAgent.get(s.agent);
      if (list) list.push(s);
      else byAgent.set(s.agent, [s]);
    }
    const touched = new Set(byAgent.keys());
    for (const s of previous?.segments ?? []) touched.add(s.agent);
    for (const agent of touched) {
      const segments = byAgent.get(agent);
      let agentSegments = this.segmentsByAgent.get(agent);
      if (!agentSegments) {
        agentSegments = new Map();
        this.segmentsByAgent.set(agent, agentSegments);
      }
      if (!sameSegments(agentSegments.get(contact), segments)) sweep.add(agent);
      if (segments) agentSegments.set(contact, segments);
      else agentSegments.delete(contact);
    }
  }

  private sweepAgent(agent: string, asOf: bigint, reprice: Set<string>): void {
    const { card, calendar, rateTable, name } = this.events;
    const states = this.events.agentStates.get(agent) ?? [];
    const settled = this.events.settled;
    const from = settled.agentFrom.get(agent) ?? null;
    const segments: Segment[] = [];
    for (const list of this.segmentsByAgent.get(agent)?.values() ?? []) {
      // An unsettled contact's work inside the agent's settled prefix: an event arrived later than settling allows.
      if (from !== null)
        for (const s of list)
          if (s.start < from) settled.violate(`work of ${agent} reaches back into its settled time`);
      segments.push(...list);
    }
    segments.push(...(settled.segmentsByAgent.get(agent) ?? []));
    const ledger = sweepAgentLedger(agent, states, segments, asOf, card, calendar, rateTable, from);
    const settledDays = settled.agentDays.get(agent);
    if (settledDays)
      for (const [day, d] of settledDays) {
        let into = ledger.days.get(day);
        if (!into) {
          into = emptyDayLedger();
          ledger.days.set(day, into);
        }
        addDayLedger(into, d);
      }

    for (const contact of this.ledgers.get(agent)?.shares.keys() ?? []) {
      reprice.add(contact);
      const agents = this.contactAgents.get(contact);
      // An emptied entry goes too: left behind, one would stay for every contact the roll-up ever saw.
      if (agents?.delete(agent) && agents.size === 0) this.contactAgents.delete(contact);
    }
    for (const contact of ledger.shares.keys()) {
      reprice.add(contact);
      let agents = this.contactAgents.get(contact);
      if (!agents) {
        agents = new Set();
        this.contactAgents.set(contact, agents);
      }
      agents.add(agent);
    }
    this.ledgers.set(agent, ledger);
    this.agentDays.set(agent, agentDayFigures(name, agent, ledger, rateTable));

    const applicable = states.filter((s) => s.at <= asOf);
    if (segments.length > 0 || applicable.length > 0 || from !== null) this.listedAgents.add(agent);
    else this.listedAgents.delete(agent);
    const last = applicable[applicable.length - 1];
    if ((last !== undefined && last.state !== 'offline') || applicable.length < states.length)
      this.runningAgents.add(agent);
    else this.runningAgents.delete(agent);
  }

  /** Every linked compensation (in the order placed). */
  get linked(): LinkedCompensationFigures[] {
    return [...this.linkedById.values()];
  }

  /** Every unlinked compensation (in the order placed). */
  get unlinked(): UnlinkedCompensationFigures[] {
    return [...this.unlinkedById.values()];
  }

  /**
   * Places the compensations that arrived or that the as-of reached since the last update, and links those waiting
   * for a contact just derived that now exists (cost-model.md "Compensation": linked when its contact exists up to
   * the as-of, whatever the order of their times). A contact, once it exists, exists at every later as-of.
   */
  private linkCompensations(asOf: bigint, derived: Set<string>, reprice: Set<string>): void {
    this.changedLinked = [];
    this.changedUnlinked = [];
    const toPlace: Compensation[] = [];
    if (this.laterCompensations.length > 0) {
      const stillLater: Compensation[] = [];
      for (const c of this.laterCompensations) (c.at > asOf ? stillLater : toPlace).push(c);
      this.laterCompensations = stillLater;
    }
    const all = this.events.compensations;
    for (; this.compensationsSeen < all.length; this.compensationsSeen++) {
      const c = all[this.compensationsSeen];
      (c.at > asOf ? this.laterCompensations : toPlace).push(c);
    }
    if (this.awaitingContact.size > 0)
      for (const contact of derived) {
        const waiting = this.awaitingContact.get(contact);
        if (waiting === undefined || !this.contactExists(contact)) continue;
        this.awaitingContact.delete(contact);
        toPlace.push(...waiting);
      }
    for (const c of toPlace) this.placeCompensation(c, reprice);
  }

  private placeCompensation(c: Compensation, reprice: Set<string>): void {
    const { name, calendar } = this.events;
    if (c.contact !== undefined && this.contactExists(c.contact)) {
      this.compensationByContact.set(c.contact, this.compensationOf(c.contact).add(c.amount));
      reprice.add(c.contact);
      const linked = { tenant: name, id: c.id, case: c.case, contact: c.contact, amount: c.amount };
      this.linkedById.set(c.id, linked);
      this.unlinkedById.delete(c.id);
      this.changedLinked.push(linked);
      return;
    }
    const unlinked = { tenant: name, id: c.id, case: c.case, day: calendar.dayOf(c.at), amount: c.amount };
    this.unlinkedById.set(c.id, unlinked);
    this.changedUnlinked.push(unlinked);
    if (c.contact === undefined) return;
    const waiting = this.awaitingContact.get(c.contact);
    if (waiting) waiting.push(c);
    else this.awaitingContact.set(c.contact, [c]);
  }

  /** A contact exists in the tenant's data up to the as-of (cost-model.md "Compensation"), archived or not. */
  private contactExists(contact: string): boolean {
    return this.timelines.has(contact) || (this.events.archive?.contacts.has(this.events.name, contact) ?? false);
  }

  /** Compensation linked to the contact as of the last update. */
  compensationOf(contact: string): Rational {
    return this.compensationByContact.get(contact) ?? Rational.ZERO;
  }

  private priceContact(contact: string): void {
    const t = this.timelines.get(contact);
    if (!t) {
      this.contactFigures.delete(contact);
      return;
    }
    const shares: ContactShare[] = [];
    const settledShare = this.events.settled.shares.get(contact);
    if (settledShare) shares.push(settledShare);
    for (const agent of this.contactAgents.get(contact) ?? []) {
      const share = this.ledgers.get(agent)?.shares.get(contact);
      if (share) shares.push(share);
    }
    this.contactFigures.set(
      contact,
      priceContact(this.events.name, t, shares, this.compensationOf(contact), this.events.rateTable),
    );
  }
}

function sameSegments(a: Segment[] | undefined, b: Segment[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.start !== y.start || x.end !== y.end || x.channel !== y.channel) return false;
  }
  return true;
}

function ratedSeconds(rated: Map<number, bigint>): Rational {
  let attos = 0n;
  for (const v of rated.values()) attos += v;
  return Rational.of(attos, ATTOS_PER_SECOND);
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
