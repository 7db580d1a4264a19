// Plain rows as the stores read and write them. Money: integer micro-units; seconds: decimal strings. Bigints stay
// strings end to end so no figure ever passes through a binary float.

export interface NewEventRow {
  tenant: string;
  eventId: string;
  type: string;
  eventTime: string;
  /** The instant of `eventTime` in attoseconds since the epoch (the parsed event's `at`). */
  eventAt: bigint;
  raw: string;
  topic: string;
  partition: number;
  kafkaOffset: string;
}

export interface StoredEventRow {
  seq: string;
  raw: string;
}

/** Where a read in event-time order stopped: the next read starts after this event. */
export interface EventTimePosition {
  /** The event's instant in attoseconds since the epoch, as a decimal string. */
  at: string;
  seq: string;
}

export interface ContactCostRow {
  tenant: string;
  contact: string;
  channel: string;
  reason: string;
  caseId: string | null;
  queue: string | null;
  day: string;
  open: boolean;
  handleSeconds: string;
  agentSeconds: string;
  labourMicros: string;
  overheadMicros: string;
  telephonyMicros: string;
  feesMicros: string;
  usageMicros: string;
  compensationMicros: string;
  totalMicros: string;
}

export interface AgentDayCostRow {
  tenant: string;
  agent: string;
  day: string;
  paidSeconds: string;
  contactSeconds: string;
  idleSeconds: string;
  shrinkageSeconds: Record<string, string>;
  contactCostMicros: string;
  idleCostMicros: string;
  shrinkageCostMicros: string;
}

export interface UnlinkedCompensationRow {
  tenant: string;
  eventId: string;
  caseId: string;
  day: string;
  amountMicros: string;
}

export interface CostChangeRows {
  contacts: ContactCostRow[];
  agentDays: AgentDayCostRow[];
  unlinkedCompensations: UnlinkedCompensationRow[];
  /** Compensations now linked to an existing contact: no longer unlinked. */
  linkedCompensations?: { tenant: string; eventId: string }[];
}
