import { ContactFigures } from './figures';
import { DayFigures, GroupFigures, TenantReport, dayTotal, perContact } from './cost-report';
import { Rational } from './rational';

/** Money as the contract prints it: a 6-decimal string, or null for a per-contact figure of no contacts. */
function money(value: Rational): string {
  return value.toFixed6();
}
function moneyOrNull(value: Rational | null): string | null {
  return value === null ? null : value.toFixed6();
}

export function contactJson(c: ContactFigures) {
  const p = c.cost;
  return {
    channel: c.channel,
    reason: c.reason,
    case: c.case,
    queue: c.queue,
    day: c.day,
    open: c.open,
    handleSeconds: c.handleSeconds.toSeconds3(),
    agentSeconds: c.agentSeconds.toSeconds3(),
    cost: {
      labour: money(p.labour),
      overhead: money(p.overhead),
      telephony: money(p.telephony),
      fees: money(p.fees),
      usage: money(p.usage),
      compensation: money(p.compensation),
      total: money(p.total),
    },
  };
}

const jsonText = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/**
 * JSON.stringify(contactJson(c)), written directly: a replay formats every contact, and building the object first
 * costs about as much again.
 */
export function contactJsonText(c: ContactFigures): string {
  const p = c.cost;
  return (
    `{"channel":"${c.channel}","reason":${jsonText(c.reason)},"case":${jsonText(c.case)},` +
    `"queue":${jsonText(c.queue)},"day":${jsonText(c.day)},"open":${c.open},` +
    `"handleSeconds":${c.handleSeconds.toSeconds3()},"agentSeconds":${c.agentSeconds.toSeconds3()},` +
    `"cost":{"labour":"${p.labour.toFixed6()}","overhead":"${p.overhead.toFixed6()}",` +
    `"telephony":"${p.telephony.toFixed6()}","fees":"${p.fees.toFixed6()}","usage":"${p.usage.toFixed6()}",` +
    `"compensation":"${p.compensation.toFixed6()}","total":"${p.total.toFixed6()}"}}`
  );
}

function groupJson(g: GroupFigures) {
  return { contacts: g.contacts, cost: money(g.cost), costPerContact: moneyOrNull(perContact(g.cost, g.contacts)) };
}

function dayJson(d: DayFigures) {
  const total = dayTotal(d);
  return {
    contacts: d.contacts,
    contactCost: money(d.contactCost),
    idleCost: money(d.idleCost),
    shrinkageCost: money(d.shrinkageCost),
    unlinkedCompensation: money(d.unlinkedCompensation),
    total: money(total),
    costPerContact: moneyOrNull(perContact(d.contactCost, d.contacts)),
    fullyLoadedCostPerContact: moneyOrNull(perContact(total, d.contacts)),
  };
}

function sortedEntries<V>(map: Map<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One tenant's section of the replay JSON document (replay.md). */
export function tenantReportJson(r: TenantReport) {
  return {
    currency: r.currency,
    contacts: Object.fromEntries(r.contacts.map((c) => [c.contact, contactJson(c)])),
    ...tenantAggregatesJson(r),
  };
}

/** A tenant's section without its contacts (a streamed report writes those as they come). */
export function tenantAggregatesJson(r: TenantReport) {
  const mapOf = <V, R>(map: Map<string, V>, f: (v: V) => R) =>
    Object.fromEntries(sortedEntries(map).map(([k, v]) => [k, f(v)]));
  return {
    channels: mapOf(r.channels, groupJson),
    reasons: mapOf(r.reasons, groupJson),
    cases: mapOf(r.cases, (k) => ({
      contacts: k.contacts,
      complaint: k.complaint,
      contactCost: money(k.contactCost),
      compensation: money(k.compensation),
      cost: money(k.contactCost.add(k.compensation)),
    })),
    agents: mapOf(r.agents, (a) => ({
      paidSeconds: a.paidSeconds.toSeconds3(),
      contactSeconds: a.contactSeconds.toSeconds3(),
      idleSeconds: a.idleSeconds.toSeconds3(),
      shrinkageSeconds: Object.fromEntries(
        sortedEntries(a.shrinkageSeconds)
          .filter(([, s]) => s.isPositive())
          .map(([k, s]) => [k, s.toSeconds3()]),
      ),
      contactCost: money(a.contactCost),
      idleCost: money(a.idleCost),
      shrinkageCost: money(a.shrinkageCost),
    })),
    days: mapOf(r.days, dayJson),
    totals: dayJson(r.totals),
  };
}

export const CSV_COLUMNS = [
  'tenant',
  'contact',
  'channel',
  'reason',
  'case',
  'queue',
  'day',
  'open',
  'handleSeconds',
  'agentSeconds',
  'labour',
  'overhead',
  'telephony',
  'fees',
  'usage',
  'compensation',
  'total',
] as const;

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV row per contact, columns as replay.md lists them. */
export function contactCsvRow(c: ContactFigures): string {
  const j = contactJson(c);
  return [
    c.tenant,
    c.contact,
    j.channel,
    j.reason,
    j.case,
    j.queue,
    j.day,
    j.open,
    j.handleSeconds,
    j.agentSeconds,
    j.cost.labour,
    j.cost.overhead,
    j.cost.telephony,
    j.cost.fees,
    j.cost.usage,
    j.cost.compensation,
    j.cost.total,
  ]
    .map(csvField)
    .join(',');
}
