import {
  AgentDayFigures,
  ContactFigures,
  EngineSnapshot,
  LinkedCompensationFigures,
  UnlinkedCompensationFigures,
} from './figures';
import { Rational } from './rational';
import { RateCardSet } from './rate-card';

/** Aggregates of one tenant, exact; formatting happens at the edge (rounded once from these values). */
export interface GroupFigures {
  contacts: number;
  cost: Rational;
}

export interface CaseFigures {
  contacts: number;
  complaint: boolean;
  contactCost: Rational;
  compensation: Rational;
}

export interface AgentFigures {
  paidSeconds: Rational;
  contactSeconds: Rational;
  idleSeconds: Rational;
  shrinkageSeconds: Map<string, Rational>;
  contactCost: Rational;
  idleCost: Rational;
  shrinkageCost: Rational;
}

export interface DayFigures {
  contacts: number;
  contactCost: Rational;
  idleCost: Rational;
  shrinkageCost: Rational;
  unlinkedCompensation: Rational;
}

export interface TenantReport {
  tenant: string;
  currency: string;
  contacts: ContactFigures[];
  channels: Map<string, GroupFigures>;
  reasons: Map<string, GroupFigures>;
  cases: Map<string, CaseFigures>;
  agents: Map<string, AgentFigures>;
  days: Map<string, DayFigures>;
  totals: DayFigures;
}

function emptyDay(): DayFigures {
  return {
    contacts: 0,
    contactCost: Rational.ZERO,
    idleCost: Rational.ZERO,
    shrinkageCost: Rational.ZERO,
    unlinkedCompensation: Rational.ZERO,
  };
}

function emptyAgent(): AgentFigures {
  return {
    paidSeconds: Rational.ZERO,
    contactSeconds: Rational.ZERO,
    idleSeconds: Rational.ZERO,
    shrinkageSeconds: new Map(),
    contactCost: Rational.ZERO,
    idleCost: Rational.ZERO,
    shrinkageCost: Rational.ZERO,
  };
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function addGroup(map: Map<string, GroupFigures>, key: string, cost: Rational): void {
  const g = getOrCreate(map, key, () => ({ contacts: 0, cost: Rational.ZERO }));
  g.contacts++;
  g.cost = g.cost.add(cost);
}

function removeFromGroup(map: Map<string, GroupFigures>, key: string, cost: Rational): void {
  const g = map.get(key)!;
  g.contacts--;
  g.cost = g.cost.sub(cost);
  if (g.contacts === 0) map.delete(key);
}

export function dayTotal(d: DayFigures): Rational {
  return d.contactCost.add(d.idleCost).add(d.shrinkageCost).add(d.unlinkedCompensation);
}

/** Per-contact figure of a group: null when the group has no contacts. */
export function perContact(cost: Rational, contacts: number): Rational | null {
  return contacts === 0 ? null : cost.divInt(BigInt(contacts));
}

/**
 * The aggregates of one tenant (cost-model.md "Attribution" and "Figures"), fed one figure at a time so a report
 * need not hold every contact; `keepContacts` also collects the contacts (sorted by id) for in-memory reports.
 */
export class TenantReportBuilder {
  private readonly report: TenantReport;
  /** Contacts with reason `complaint` per case, so removing one can clear the flag. */
  private readonly complaintContacts = new Map<string, number>();

  constructor(
    tenant: string,
    currency: string,
    private readonly keepContacts = true,
  ) {
    this.report = {
      tenant,
      currency,
      contacts: [],
      channels: new Map(),
      reasons: new Map(),
      cases: new Map(),
      agents: new Map(),
      days: new Map(),
      totals: emptyDay(),
    };
  }

  private caseOf(id: string): CaseFigures {
    return getOrCreate(this.report.cases, id, () => ({
      contacts: 0,
      complaint: false,
      contactCost: Rational.ZERO,
      compensation: Rational.ZERO,
    }));
  }

  addContact(c: ContactFigures): void {
    const r = this.report;
    if (this.keepContacts) r.contacts.push(c);
    addGroup(r.channels, c.channel, c.cost.total);
    addGroup(r.reasons, c.reason, c.cost.total);
    const day = getOrCreate(r.days, c.day, emptyDay);
    day.contacts++;
    day.contactCost = day.contactCost.add(c.cost.total);
    if (c.case !== null) {
      const k = this.caseOf(c.case);
      k.contacts++;
      if (c.reason === 'complaint') this.countComplaint(c.case, k, 1);
      k.contactCost = k.contactCost.add(c.cost.total.sub(c.cost.compensation));
    }
  }

  /**
   * Takes back a contact added before (a streamed report whose contact changed): every sum is exact, so the
   * aggregates are as if it had never been added, groups it alone made included. Before any other kind of figure.
   */
  removeContact(c: ContactFigures): void {
    const r = this.report;
    if (this.keepContacts) throw new Error('removeContact needs a builder that does not keep contacts');
    removeFromGroup(r.channels, c.channel, c.cost.total);
    removeFromGroup(r.reasons, c.reason, c.cost.total);
    const day = r.days.get(c.day)!;
    day.contacts--;
    day.contactCost = day.contactCost.sub(c.cost.total);
    if (day.contacts === 0) r.days.delete(c.day);
    if (c.case !== null) {
      const k = r.cases.get(c.case)!;
      k.contacts--;
      if (c.reason === 'complaint') this.countComplaint(c.case, k, -1);
      k.contactCost = k.contactCost.sub(c.cost.total.sub(c.cost.compensation));
      if (k.contacts === 0) r.cases.delete(c.case);
    }
  }

  private countComplaint(caseId: string, k: CaseFigures, by: number): void {
    const count = (this.complaintContacts.get(caseId) ?? 0) + by;
    this.complaintContacts.set(caseId, count);
    k.complaint = count > 0;
  }

  addLinkedCompensation(l: LinkedCompensationFigures): void {
    const k = this.caseOf(l.case);
    k.compensation = k.compensation.add(l.amount);
  }

  addUnlinkedCompensation(u: UnlinkedCompensationFigures): void {
    const k = this.caseOf(u.case);
    k.compensation = k.compensation.add(u.amount);
    const day = getOrCreate(this.report.days, u.day, emptyDay);
    day.unlinkedCompensation = day.unlinkedCompensation.add(u.amount);
  }

  addAgent(agent: string): void {
    getOrCreate(this.report.agents, agent, emptyAgent);
  }

  addAgentDay(d: AgentDayFigures): void {
    const a = getOrCreate(this.report.agents, d.agent, emptyAgent);
    a.paidSeconds = a.paidSeconds.add(d.paidSeconds);
    a.contactSeconds = a.contactSeconds.add(d.contactSeconds);
    a.idleSeconds = a.idleSeconds.add(d.idleSeconds);
    for (const [state, seconds] of d.shrinkageSeconds)
      a.shrinkageSeconds.set(state, (a.shrinkageSeconds.get(state) ?? Rational.ZERO).add(seconds));
    a.contactCost = a.contactCost.add(d.contactCost);
    a.idleCost = a.idleCost.add(d.idleCost);
    a.shrinkageCost = a.shrinkageCost.add(d.shrinkageCost);
    // A day exists for idle or shrinkage slices; contact time alone puts its contact's day there already.
    if (d.idleSeconds.isPositive() || d.shrinkageSeconds.size > 0) {
      const day = getOrCreate(this.report.days, d.day, emptyDay);
      day.idleCost = day.idleCost.add(d.idleCost);
      day.shrinkageCost = day.shrinkageCost.add(d.shrinkageCost);
    }
  }

  /** The report, with totals summed over its days. Call once. */
  finish(): TenantReport {
    const r = this.report;
    r.contacts.sort((a, b) => (a.contact < b.contact ? -1 : a.contact > b.contact ? 1 : 0));
    for (const day of r.days.values()) {
      r.totals.contacts += day.contacts;
      r.totals.contactCost = r.totals.contactCost.add(day.contactCost);
      r.totals.idleCost = r.totals.idleCost.add(day.idleCost);
      r.totals.shrinkageCost = r.totals.shrinkageCost.add(day.shrinkageCost);
      r.totals.unlinkedCompensation = r.totals.unlinkedCompensation.add(day.unlinkedCompensation);
    }
    return r;
  }
}

/** Builds every tenant's report from an engine snapshot, contacts included. */
export function buildTenantReports(snapshot: EngineSnapshot, rates: RateCardSet): TenantReport[] {
  const builders = new Map<string, TenantReportBuilder>();
  for (const tenant of [...snapshot.tenants].sort())
    builders.set(tenant, new TenantReportBuilder(tenant, rates.currency(tenant)));
  const builder = (tenant: string) => builders.get(tenant)!;
  for (const c of snapshot.contacts) builder(c.tenant).addContact(c);
  for (const l of snapshot.linkedCompensations) builder(l.tenant).addLinkedCompensation(l);
  for (const u of snapshot.unlinkedCompensations) builder(u.tenant).addUnlinkedCompensation(u);
  for (const { tenant, agent } of snapshot.agents) builder(tenant).addAgent(agent);
  for (const d of snapshot.agentDays) builder(d.tenant).addAgentDay(d);
  return [...builders.values()].map((b) => b.finish());
}
