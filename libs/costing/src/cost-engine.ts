import { ContactCentreEvent, Rejection, parseEvent } from '@contact-cost/contracts';
import { RateTable } from './agent-ledger';
import { StoredEvent, compactEvent, compareAgentEvents, compareContactEvents, insertSorted } from './event-order';
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
import { SettledPrefix, applyToSettledContact, reviveArchivedContact, settleTenant } from './settled-prefix';
import { EngineArchive } from './settled-contact.codec';
import { DuplicateKeys, InMemoryDuplicateKeys } from './duplicate-keys';
import { Compensation, TenantEvents, TenantLedger } from './tenant-ledger';

export type AdmitResult =
  { status: 'accepted' } | { status: 'duplicate' } | { status: 'rejected'; rejection: Rejection };

export type IngestResult =
  | { status: 'accepted'; event: ContactCentreEvent }
  | { status: 'duplicate'; id: string; tenant: string }
  | { status: 'rejected'; rejection: Rejection };

export interface CostEngineOptions {
  /** Where accepted `(tenant, id)` pairs are kept (default: in memory). */
  duplicateKeys?: DuplicateKeys;
  /**
   * Where settled contacts go once complete, and their figures with them (default: none, they stay in memory).
   * snapshot() and visitFigures() then leave archived contacts to the archive's figure sink. With changes tracked
   * (the live roll-up), an archived contact's final figures reach the sink instead of collectChanges(), its linked
   * compensation included; without (a replay), they leave without it, and visitFigures() links compensation at the
   * end.
   */
  archive?: EngineArchive;
  /** Whether collectChanges() will be called: false spares tracking what changed (a replay never asks). */
  tracksChanges?: boolean;
  /**
   * The one as-of figures will be asked for, when known up front (a replay with `--as-of`): a later event changes
   * no figure (cost-model.md, "As-of"), so it is taken (its tenant, its `(tenant, id)`, the latest time) but not
   * kept, and memory does not grow with the events after the as-of.
   */
  asOf?: bigint | null;
  /**
   * That as-of's fraction digits below the attosecond (timeBeyondAttoseconds): an event equal to it to the
   * attosecond is later when its own digits are greater.
   */
  asOfSubAttoseconds?: string;
}

/** Receives the figures of one moment, tenant by tenant (see visitFigures). */
export interface FigureVisitor {
  contact(c: ContactFigures): void;
  agent(tenant: string, agent: string): void;
  agentDay(d: AgentDayFigures): void;
  unlinkedCompensation(u: UnlinkedCompensationFigures): void;
  linkedCompensation(l: LinkedCompensationFigures): void;
}

class TenantState implements TenantEvents {
  readonly calendar: LocalCalendar;
  readonly rateTable = new RateTable();
  readonly contactEvents = new Map<string, StoredEvent[]>();
  readonly agentStates = new Map<string, StoredEvent[]>();
  readonly compensations: Compensation[] = [];
  readonly settled = new SettledPrefix();
  /** What changed since the live ledger's last update. */
  readonly dirtyContacts = new Set<string>();
  readonly dirtyAgents = new Set<string>();
  /** Agent days settling made final since the live ledger's last update. */
  finishedDays: { agent: string; day: string }[] = [];
  readonly live: TenantLedger;
  /**
   * Compensation naming each contact, summed as it arrives, while changes are tracked with an archive: the figures
   * an archived contact leaves with include it. Null otherwise.
   */
  readonly compensationByContact: Map<string, Rational> | null;

  constructor(
    readonly name: string,
    readonly card: TenantRateCard,
    readonly archive: EngineArchive | null,
    tracksChanges: boolean,
  ) {
    this.calendar = new LocalCalendar(card.timezone);
    this.live = new TenantLedger(this);
    this.compensationByContact = tracksChanges && archive !== null ? new Map() : null;
  }
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
  /** Figures last returned by collectChanges, to report only what moved. */
  private readonly lastReported = new Map<string, ReportedFigures>();
  private readonly changedTenants = new Set<string>();
  private lastAsOf: bigint | null = null;
  private readonly reportedAgentDays = new Map<string, Set<string>>();
  private readonly duplicateKeys: DuplicateKeys;
  private readonly archive: EngineArchive | null;
  private readonly tracksChanges: boolean;
  private readonly fixedAsOf: bigint | null;
  private readonly fixedAsOfSubAttoseconds: string;

  constructor(
    readonly rates: RateCardSet,
    options: CostEngineOptions = {},
  ) {
    this.duplicateKeys = options.duplicateKeys ?? new InMemoryDuplicateKeys();
    this.archive = options.archive ?? null;
    this.tracksChanges = options.tracksChanges ?? this.archive === null;
    this.fixedAsOf = options.asOf ?? null;
    this.fixedAsOfSubAttoseconds = options.asOfSubAttoseconds ?? '';
  }

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
    return this.duplicateKeys.has(tenant, id);
  }

  /** check + first-wins duplicate detection by (tenant, id) + apply. */
  admit(event: ContactCentreEvent, origin = 0): AdmitResult {
    const result = this.take(event, origin);
    if (result.status === 'accepted') this.applyScreened(event);
    return result;
  }

  /** First-wins duplicates, then check(); an accepted event's `(tenant, id)` is taken, nothing is applied. */
  private take(event: ContactCentreEvent, origin: number): AdmitResult {
    if (this.isDuplicate(event.tenant, event.id)) return { status: 'duplicate' };
    const rejection = this.check(event);
    if (rejection) return { status: 'rejected', rejection };
    this.duplicateKeys.add(event.tenant, event.id, origin);
    return { status: 'accepted' };
  }

  /**
   * One raw message, as events.md orders the checks: duplicate first, then validity, then apply. `origin` tells the
   * duplicate keys where the message came from (see DuplicateKeys).
   */
  ingest(raw: string | Buffer, origin = 0): IngestResult {
    const result = this.screen(raw, origin);
    if (result.status === 'accepted') this.applyScreened(result.event);
    return result;
  }

  /**
   * What ingest() answers, without applying the event: an accepted one only takes its `(tenant, id)`, so later
   * copies are duplicates. A replay that must feed the accepted events in another order screens them first.
   */
  screen(raw: string | Buffer, origin = 0): IngestResult {
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      const { id, tenant } = parsed.rejection;
      if (id !== undefined && tenant !== undefined && this.isDuplicate(tenant, id))
        return { status: 'duplicate', id, tenant };
      return { status: 'rejected', rejection: parsed.rejection };
    }
    const event = parsed.event;
    const result = this.take(event, origin);
    if (result.status === 'accepted') return { status: 'accepted', event };
    if (result.status === 'duplicate') return { status: 'duplicate', id: event.id, tenant: event.tenant };
    return result;
  }

  /** Applies an event already checked and de-duplicated elsewhere (e.g. by a durable event store). */
  apply(parsed: ContactCentreEvent, origin = 0): void {
    this.duplicateKeys.add(parsed.tenant, parsed.id, origin);
    this.applyScreened(parsed);
  }

  /** apply() for an event whose `(tenant, id)` is already taken. */
  private applyScreened(parsed: ContactCentreEvent): void {
    if (this.fixedAsOf !== null && this.isAfterFixedAsOf(parsed)) {
      // Not kept, but its tenant is one with an accepted event, and the latest time moves on (settling follows it).
      this.tenantState(parsed.tenant);
      if (this.latest === null || parsed.at > this.latest) this.latest = parsed.at;
      return;
    }
    const event = compactEvent(parsed);
    const tenant = this.tenantState(parsed.tenant);
    if (this.tracksChanges) this.changedTenants.add(parsed.tenant);
    if (this.latest === null || event.at > this.latest) this.latest = event.at;

    if (event.type === 'agent.state') {
      const settledUntil = tenant.settled.agentFrom.get(event.agent!);
      if (settledUntil !== undefined && event.at < settledUntil)
        tenant.settled.violate(`agent.state ${event.id} is earlier than ${event.agent}'s settled time`);
      let states = tenant.agentStates.get(event.agent!);
      if (!states) {
        states = [];
        tenant.agentStates.set(event.agent!, states);
      }
      insertSorted(states, event, compareAgentEvents);
      if (this.tracksChanges) tenant.dirtyAgents.add(event.agent!);
      return;
    }
    if (event.type === 'case.compensated') {
      const amount = Rational.parseDecimal(parsed.amount!);
      const byContact = tenant.compensationByContact;
      if (byContact !== null && parsed.contact !== undefined) {
        // The live figures link it to the contact: an archived one comes back to be priced with it (withdrawn with
        // the compensation it left with, so before this one is added).
        if (!tenant.contactEvents.has(parsed.contact)) reviveArchivedContact(tenant, parsed.contact);
        byContact.set(parsed.contact, (byContact.get(parsed.contact) ?? Rational.ZERO).add(amount));
        tenant.dirtyContacts.add(parsed.contact);
      }
      tenant.compensations.push({ id: event.id, at: event.at, case: event.case!, contact: parsed.contact, amount });
      return;
    }
    const contact = parsed.contact!;
    if (event.type === 'ticket.work_logged') {
      const reach = BigInt(event.seconds!) * ATTOS_PER_SECOND;
      if (reach > tenant.settled.workLoggedReach) tenant.settled.workLoggedReach = reach;
    }
    let events = tenant.contactEvents.get(contact);
    if (!events) {
      reviveArchivedContact(tenant, contact);
      if (!this.applyToSettledPart(tenant, contact, event)) return;
      events = [];
      tenant.contactEvents.set(contact, events);
    } else if (!this.applyToSettledPart(tenant, contact, event)) return;
    insertSorted(events, event, compareContactEvents);
    if (this.tracksChanges) tenant.dirtyContacts.add(contact);
  }

  private isAfterFixedAsOf(event: ContactCentreEvent): boolean {
    if (event.at !== this.fixedAsOf) return event.at > this.fixedAsOf!;
    // Digit strings without trailing zeros compare as text as their fractions do.
    return (event.subAttoseconds ?? '') > this.fixedAsOfSubAttoseconds;
  }

  /**
   * Reduces everything that ends before `limit` to sums, so memory and work stay flat in the number of events.
   * Exact while no later event reaches back before `limit`; otherwise `exact` turns false and the caller must
   * recompute from the events (the replay does).
   */
  settle(limit: bigint): void {
    for (const tenant of this.tenants.values()) {
      const moved = settleTenant(tenant, limit);
      if (!this.tracksChanges) continue;
      // The live figures re-derive what moved into the settled part (same figures, now from sums).
      for (const contact of moved.contacts) tenant.dirtyContacts.add(contact);
      for (const agent of moved.agents) tenant.dirtyAgents.add(agent);
      tenant.finishedDays.push(...moved.finalDays);
      if (moved.contacts.length > 0 || moved.agents.length > 0) this.changedTenants.add(tenant.name);
    }
  }

  /** False once an event arrived that a settled prefix cannot take (see settle()). */
  get exact(): boolean {
    for (const tenant of this.tenants.values()) if (tenant.settled.violated) return false;
    return true;
  }

  /**
   * An event for a contact with a settled part: a classification, usage or reopen is applied to that part; later
   * work continues it (returns true: store the event); anything else earlier than its last event is beyond what
   * settling can take.
   */
  private applyToSettledPart(tenant: TenantState, contact: string, event: StoredEvent): boolean {
    const { settled } = tenant;
    const closed = settled.contacts.get(contact);
    const base = closed ?? settled.bases.get(contact);
    if (!base) return true;
    if (this.tracksChanges) tenant.dirtyContacts.add(contact);
    // Only an event before the settling limit can be folded into the summary: a later one may lie beyond the as-of
    // of the figures asked for, so it is kept like any event and derived from the settled part as of then.
    const beforeLimit = settled.limit !== null && event.at < settled.limit;
    const patched = beforeLimit ? applyToSettledContact(base, event, tenant.card, tenant.calendar) : null;
    if (patched && (closed || base.lastAt === null || event.at <= base.lastAt)) {
      (closed ? settled.contacts : settled.bases).set(contact, patched);
      return false;
    }
    if (base.lastAt !== null && event.at <= base.lastAt) {
      settled.violate(`${event.type} ${event.id} is not later than the settled part of contact ${contact}`);
      return false;
    }
    if (closed) {
      // Later work on a closed contact (another ticket session): it continues from the settled part.
      settled.contacts.delete(contact);
      settled.bases.set(contact, closed);
    }
    return true;
  }

  /** Latest `time` of any applied event (attoseconds), the default as-of. */
  latestEventTime(): bigint | null {
    return this.latest;
  }

  /** Every figure as of `asOf` (default: the latest event time), gathered in memory (see visitFigures). */
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
    if (this.archive !== null) throw new Error('snapshot() cannot list archived contacts: use visitFigures()');
    this.visitFigures(asOf, {
      contact: (c) => snapshot.contacts.push(c),
      agent: (tenant, agent) => snapshot.agents.push({ tenant, agent }),
      agentDay: (d) => snapshot.agentDays.push(d),
      unlinkedCompensation: (u) => snapshot.unlinkedCompensations.push(u),
      linkedCompensation: (l) => snapshot.linkedCompensations.push(l),
    });
    return snapshot;
  }

  /** How many events the engine holds (contacts' events and agents' states): what its memory follows. */
  heldEventCount(): number {
    let held = 0;
    for (const tenant of this.tenants.values()) {
      for (const events of tenant.contactEvents.values()) held += events.length;
      for (const states of tenant.agentStates.values()) held += states.length;
    }
    return held;
  }

  /**
   * How many agent days the live figures recompute at each collectChanges(): those not yet wholly settled. A day
   * settling has made final is reported once and then left alone, so this follows the open days, not the history.
   */
  liveAgentDayCount(): number {
    let days = 0;
    for (const tenant of this.tenants.values()) for (const list of tenant.live.agentDays.values()) days += list.length;
    return days;
  }

  /** Tenants with an accepted event. */
  tenantNames(): string[] {
    return [...this.tenants.keys()];
  }

  /**
   * Every figure as of `asOf`, handed over one at a time, tenant by tenant. With an archive, archived contacts are
   * not visited (the archive's figure sink has them), except those a compensation links to: they are taken back,
   * withdrawn from the sink and visited with their compensation.
   */
  visitFigures(asOf: bigint, visitor: FigureVisitor): void {
    if (this.fixedAsOf !== null && asOf !== this.fixedAsOf)
      throw new Error(`this engine keeps only what figures as of ${this.fixedAsOf} need, not those as of ${asOf}`);
    for (const [name, tenant] of this.tenants) {
      if (this.archive !== null)
        for (const c of tenant.compensations)
          if (c.contact !== undefined && c.at <= asOf && !tenant.contactEvents.has(c.contact))
            reviveArchivedContact(tenant, c.contact);
      const ledger = new TenantLedger(tenant);
      ledger.rebuild(asOf);
      for (const c of ledger.contactFigures.values()) visitor.contact(c);
      for (const agent of [...ledger.listedAgents].sort()) visitor.agent(name, agent);
      for (const d of ledger.finalDays) visitor.agentDay(d);
      for (const days of ledger.agentDays.values()) for (const d of days) visitor.agentDay(d);
      for (const u of ledger.unlinked) visitor.unlinkedCompensation(u);
      for (const l of ledger.linked) visitor.linkedCompensation(l);
    }
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
    if (!this.tracksChanges) throw new Error('collectChanges needs an engine that tracks changes');
    if (asOf === null) return changes;
    const tenants = asOf === this.lastAsOf ? [...this.changedTenants] : [...this.tenants.keys()];
    this.changedTenants.clear();
    this.lastAsOf = asOf;
    for (const name of tenants) {
      const tenant = this.tenantState(name);
      const update = tenant.live.update(asOf, tenant.dirtyContacts, tenant.dirtyAgents, tenant.finishedDays);
      tenant.dirtyContacts.clear();
      tenant.dirtyAgents.clear();
      tenant.finishedDays = [];
      // Compared by value, not as text: writing a rational exactly reduces it (a gcd), figure by figure, step by
      // step, which cost more than the rest of a step.
      const moved = <T extends ReportedFigures>(key: string, figures: T, same: (a: T, b: T) => boolean): boolean => {
        const id = `${name}\u0000${key}`;
        const last = this.lastReported.get(id) as T | undefined;
        if (last !== undefined && same(last, figures)) return false;
        this.lastReported.set(id, figures);
        return true;
      };
      for (const contact of update.contacts) {
        const c = tenant.live.contactFigures.get(contact);
        if (c) {
          if (moved(`c\u0000${contact}`, c, sameContact)) changes.contacts.push(c);
        } else {
          // Gone from the live figures (archived: its last figures went to the archive's sink).
          this.lastReported.delete(`${name}\u0000c\u0000${contact}`);
        }
      }
      // A day made final is reported once more if it moved, then left alone: the work of a step does not grow
      // with the days behind it.
      for (const d of tenant.live.finalDays) {
        const key = `a\u0000${d.agent}\u0000${d.day}`;
        if (moved(key, d, sameAgentDay)) changes.agentDays.push(d);
        this.lastReported.delete(`${name}\u0000${key}`);
        this.reportedAgentDays.get(`${name}\u0000${d.agent}`)?.delete(d.day);
      }
      for (const agent of update.agents) {
        const days = tenant.live.agentDays.get(agent) ?? [];
        for (const d of days) if (moved(`a\u0000${agent}\u0000${d.day}`, d, sameAgentDay)) changes.agentDays.push(d);
        // A day reported before that late events emptied is reported again, as zero, so stores can correct it.
        const key = `${name}\u0000${agent}`;
        const current = new Set(days.map((d) => d.day));
        for (const day of this.reportedAgentDays.get(key) ?? [])
          if (!current.has(day)) {
            const empty = emptyAgentDay(name, agent, day);
            if (moved(`a\u0000${agent}\u0000${day}`, empty, sameAgentDay)) changes.agentDays.push(empty);
          }
        this.reportedAgentDays.set(key, current);
      }
      for (const u of tenant.live.changedUnlinked)
        if (moved(`u\u0000${u.id}`, u, sameUnlinked)) changes.unlinkedCompensations.push(u);
      for (const l of tenant.live.changedLinked)
        if (moved(`l\u0000${l.id}`, l, sameLinked)) changes.linkedCompensations.push(l);
    }
    return changes;
  }

  private tenantState(name: string): TenantState {
    let tenant = this.tenants.get(name);
    if (!tenant) {
      tenant = new TenantState(name, this.rates.tenant(name), this.archive, this.tracksChanges);
      this.tenants.set(name, tenant);
    }
    return tenant;
  }
}

function emptyAgentDay(tenant: string, agent: string, day: string): AgentDayFigures {
  return {
    tenant,
    agent,
    day,
    paidSeconds: Rational.ZERO,
    contactSeconds: Rational.ZERO,
    idleSeconds: Rational.ZERO,
    shrinkageSeconds: new Map(),
    contactCost: Rational.ZERO,
    idleCost: Rational.ZERO,
    shrinkageCost: Rational.ZERO,
  };
}

type ReportedFigures = ContactFigures | AgentDayFigures | UnlinkedCompensationFigures | LinkedCompensationFigures;

function sameContact(a: ContactFigures, b: ContactFigures): boolean {
  const x = a.cost;
  const y = b.cost;
  return (
    a.channel === b.channel &&
    a.reason === b.reason &&
    a.case === b.case &&
    a.queue === b.queue &&
    a.day === b.day &&
    a.open === b.open &&
    a.handleSeconds.equals(b.handleSeconds) &&
    a.agentSeconds.equals(b.agentSeconds) &&
    x.labour.equals(y.labour) &&
    x.overhead.equals(y.overhead) &&
    x.telephony.equals(y.telephony) &&
    x.fees.equals(y.fees) &&
    x.usage.equals(y.usage) &&
    x.compensation.equals(y.compensation)
  );
}

function sameAgentDay(a: AgentDayFigures, b: AgentDayFigures): boolean {
  if (
    !a.paidSeconds.equals(b.paidSeconds) ||
    !a.contactSeconds.equals(b.contactSeconds) ||
    !a.idleSeconds.equals(b.idleSeconds) ||
    !a.contactCost.equals(b.contactCost) ||
    !a.idleCost.equals(b.idleCost) ||
    !a.shrinkageCost.equals(b.shrinkageCost) ||
    a.shrinkageSeconds.size !== b.shrinkageSeconds.size
  )
    return false;
  for (const [state, seconds] of a.shrinkageSeconds) {
    const other = b.shrinkageSeconds.get(state);
    if (other === undefined || !seconds.equals(other)) return false;
  }
  return true;
}

function sameUnlinked(a: UnlinkedCompensationFigures, b: UnlinkedCompensationFigures): boolean {
  return a.case === b.case && a.day === b.day && a.amount.equals(b.amount);
}

function sameLinked(a: LinkedCompensationFigures, b: LinkedCompensationFigures): boolean {
  return a.case === b.case && a.contact === b.contact && a.amount.equals(b.amount);
}
