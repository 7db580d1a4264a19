import { Channel } from '@contact-cost/contracts';
import { Rational } from './rational';

export type ContactChannel = Channel | 'unknown';

export interface CostParts {
  labour: Rational;
  overhead: Rational;
  telephony: Rational;
  fees: Rational;
  usage: Rational;
  compensation: Rational;
  total: Rational;
}

/** One contact's figures as of a moment (cost-model.md "Figures"). */
export interface ContactFigures {
  tenant: string;
  contact: string;
  channel: ContactChannel;
  reason: string;
  case: string | null;
  queue: string | null;
  /** Local date (rate-card time zone), YYYY-MM-DD. */
  day: string;
  open: boolean;
  handleSeconds: Rational;
  agentSeconds: Rational;
  cost: CostParts;
}

/** One agent's closed ledger for one local day. */
export interface AgentDayFigures {
  tenant: string;
  agent: string;
  day: string;
  paidSeconds: Rational;
  contactSeconds: Rational;
  idleSeconds: Rational;
  shrinkageSeconds: Map<string, Rational>;
  contactCost: Rational;
  idleCost: Rational;
  shrinkageCost: Rational;
}

/** Compensation whose contact does not exist: it stays on its case and on the day of its own time. */
export interface UnlinkedCompensationFigures {
  tenant: string;
  /** The compensation event's id (unique per tenant). */
  id: string;
  case: string;
  day: string;
  amount: Rational;
}

/** Everything the engine knows, as of one moment. Aggregates (channels, reasons, cases, days) derive from it. */
export interface EngineSnapshot {
  /** Attoseconds since the epoch; null when no event was accepted. */
  asOf: bigint | null;
  tenants: string[];
  /** Every agent with a segment or a state up to the as-of. */
  agents: { tenant: string; agent: string }[];
  contacts: ContactFigures[];
  agentDays: AgentDayFigures[];
  unlinkedCompensations: UnlinkedCompensationFigures[];
  /** Compensation booked to a case and to an existing contact (already inside that contact's cost). */
  linkedCompensations: LinkedCompensationFigures[];
}

export interface LinkedCompensationFigures {
  tenant: string;
  id: string;
  case: string;
  contact: string;
  amount: Rational;
}

/** What changed since the previous collectChanges(): the current figures of every entity whose figures moved. */
export interface ChangeSet {
  asOf: bigint | null;
  contacts: ContactFigures[];
  agentDays: AgentDayFigures[];
  unlinkedCompensations: UnlinkedCompensationFigures[];
  linkedCompensations: LinkedCompensationFigures[];
}
