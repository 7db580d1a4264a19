// The validated, normalised shape of every event in ../shared/spec/events.md (contract v1).

export const CALL_EVENT_TYPES = [
  'call.started',
  'call.answered',
  'call.held',
  'call.resumed',
  'call.agent_left',
  'call.ended',
  'call.wrapup_done',
] as const;
export const CHAT_EVENT_TYPES = [
  'chat.started',
  'chat.answered',
  'chat.agent_left',
  'chat.ended',
  'chat.wrapup_done',
] as const;
export const TICKET_EVENT_TYPES = [
  'ticket.created',
  'ticket.work_started',
  'ticket.work_stopped',
  'ticket.work_logged',
  'ticket.solved',
  'ticket.reopened',
] as const;
export const ANY_CHANNEL_EVENT_TYPES = ['contact.classified', 'usage.recorded', 'case.compensated'] as const;
export const AGENT_EVENT_TYPES = ['agent.state'] as const;

export const EVENT_TYPES = [
  ...CALL_EVENT_TYPES,
  ...CHAT_EVENT_TYPES,
  ...TICKET_EVENT_TYPES,
  ...ANY_CHANNEL_EVENT_TYPES,
  ...AGENT_EVENT_TYPES,
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
export type Channel = 'voice' | 'chat' | 'ticket';
export type Outcome = 'resolved' | 'unresolved' | 'abandoned' | 'transferred';
export type CompensationKind = 'refund' | 'credit' | 'goodwill' | 'replacement' | 'fee';

/**
 * An event that passed the schema checks of events.md. Tenant and usage-resource checks need the rate cards
 * and are done by the costing engine.
 */
export interface ContactCentreEvent {
  id: string;
  type: EventType;
  tenant: string;
  /** The `time` field exactly as sent. */
  time: string;
  /** Event time as an exact count of attoseconds (1e-18 s) since the Unix epoch, UTC. */
  at: bigint;
  /**
   * The digits of `time`'s fraction below the attosecond (beyond the 18th), trailing zeros dropped; absent when
   * there are none (timeBeyondAttoseconds). They order events whose `at` is equal: events.md keeps times exactly.
   */
  subAttoseconds?: string;
  contact?: string;
  agent?: string;
  // call.started
  direction?: 'inbound' | 'outbound';
  // *.started / ticket.created / contact.classified
  queue?: string;
  reason?: string;
  case?: string;
  customer?: string;
  outcome?: Outcome;
  // ticket.work_logged: whole seconds, 1..86400
  seconds?: number;
  // usage.recorded
  resource?: string;
  /** usage.recorded quantity as a canonical decimal string (e.g. "3", "0.5"). */
  quantity?: string;
  // case.compensated
  /** case.compensated amount as a canonical decimal string (e.g. "25.00", "0.0000001"). */
  amount?: string;
  kind?: CompensationKind;
  // agent.state
  state?: string;
  rateClass?: string;
  team?: string;
}

export const REJECTION_REASONS = [
  'invalid_json',
  'schema',
  'unknown_type',
  'unknown_tenant',
  'unknown_resource',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface Rejection {
  reason: RejectionReason;
  /** Free text for a person: what is wrong, naming the field. */
  detail: string;
  /** The event's id and tenant when they could be read (strings only). */
  id?: string;
  tenant?: string;
}

export type ParseResult = { ok: true; event: ContactCentreEvent } | { ok: false; rejection: Rejection };

export function channelOfType(type: EventType): Channel | null {
  if (type.startsWith('call.')) return 'voice';
  if (type.startsWith('chat.')) return 'chat';
  if (type.startsWith('ticket.')) return 'ticket';
  return null;
}
