import type { ChangeSet, Rational } from '@contact-cost/costing';
import type { ContactTotal } from '@contact-cost/live-totals';
import type { CostChangeRows } from '@contact-cost/storage';

/** A rational as a decimal string rounded half-to-even to `places` (how seconds are stored and reported). */
export function toDecimalString(value: Rational, places: number): string {
  const scaled = value.roundToScale(places);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

const micros = (value: Rational): string => value.toMicros().toString();

/** The engine's changed figures as table rows: money in micro-units, each rounded once from its exact value. */
export function toCostRows(changes: ChangeSet): CostChangeRows {
  return {
    contacts: changes.contacts.map((c) => ({
      tenant: c.tenant,
      contact: c.contact,
      channel: c.channel,
      reason: c.reason,
      caseId: c.case,
      queue: c.queue,
      day: c.day,
      open: c.open,
      handleSeconds: toDecimalString(c.handleSeconds, 3),
      agentSeconds: toDecimalString(c.agentSeconds, 3),
      labourMicros: micros(c.cost.labour),
      overheadMicros: micros(c.cost.overhead),
      telephonyMicros: micros(c.cost.telephony),
      feesMicros: micros(c.cost.fees),
      usageMicros: micros(c.cost.usage),
      compensationMicros: micros(c.cost.compensation),
      totalMicros: micros(c.cost.total),
    })),
    agentDays: changes.agentDays.map((a) => ({
      tenant: a.tenant,
      agent: a.agent,
      day: a.day,
      paidSeconds: toDecimalString(a.paidSeconds, 3),
      contactSeconds: toDecimalString(a.contactSeconds, 3),
      idleSeconds: toDecimalString(a.idleSeconds, 3),
      shrinkageSeconds: Object.fromEntries(
        [...a.shrinkageSeconds].map(([state, seconds]) => [state, toDecimalString(seconds, 3)]),
      ),
      contactCostMicros: micros(a.contactCost),
      idleCostMicros: micros(a.idleCost),
      shrinkageCostMicros: micros(a.shrinkageCost),
    })),
    unlinkedCompensations: changes.unlinkedCompensations.map((u) => ({
      tenant: u.tenant,
      eventId: u.id,
      caseId: u.case,
      day: u.day,
      amountMicros: micros(u.amount),
    })),
    linkedCompensations: changes.linkedCompensations.map((l) => ({ tenant: l.tenant, eventId: l.id })),
  };
}

/** What the running totals need of each changed contact. */
export function toContactTotals(changes: ChangeSet): ContactTotal[] {
  return changes.contacts.map((c) => ({
    tenant: c.tenant,
    contact: c.contact,
    channel: c.channel,
    reason: c.reason,
    day: c.day,
    totalMicros: c.cost.total.toMicros(),
  }));
}
