import { EventTopicRole, RejectionReason } from '@contact-cost/contracts';
import { formatUtcMillis } from './event-time.formatter';

export type MessageKind = 'valid' | 'duplicate' | 'invalid';

/** One Kafka message of the simulated stream. */
export interface SimulatedMessage {
  topicRole: EventTopicRole;
  /** Message key per events.md: the contact, the agent for agent.*, else the case. */
  key: string;
  /** The message body: JSON text (not JSON at all for an invalid_json message). */
  value: string;
  kind: MessageKind;
  /** When the event happened, as `YYYY-MM-DDTHH:MM:SS.mmmZ` (comparable as text). */
  eventTime?: string;
  /** For invalid messages: the rejection the pipeline should give. */
  invalidReason?: RejectionReason;
}

/** Channel buckets of the statistics; `unknown` is a contact with usage only (an SMS notification). */
export const STATS_CHANNELS = ['voice', 'chat', 'ticket', 'agent', 'unknown'] as const;
export type StatsChannel = (typeof STATS_CHANNELS)[number];
export const CHANNEL_VOICE = 0;
export const CHANNEL_CHAT = 1;
export const CHANNEL_TICKET = 2;
export const CHANNEL_AGENT = 3;
export const CHANNEL_UNKNOWN = 4;

export const FLAG_ABANDONED = 1;
export const FLAG_NEW_COMPLAINT_CASE = 2;
export const FLAG_WITH_CONTACT = 4;

/** A message with what the statistics need, kept beside the public fields. */
export class ProducedMessage implements SimulatedMessage {
  constructor(
    readonly topicRole: EventTopicRole,
    readonly key: string,
    readonly value: string,
    readonly kind: MessageKind,
    /** formatUtcMillis(atMs) when already known, else null (formatted on first read). */
    private canonicalTime: string | null,
    /** Event time in epoch milliseconds. */
    readonly atMs: number,
    /** Index in EVENT_TYPES, -1 for an invalid message. */
    readonly typeIndex: number,
    /** CHANNEL_* */
    readonly channel: number,
    /** FLAG_* bits */
    readonly flags: number,
    readonly tenant: string,
    readonly invalidReason?: RejectionReason,
  ) {}

  get eventTime(): string {
    if (this.canonicalTime === null) this.canonicalTime = formatUtcMillis(this.atMs);
    return this.canonicalTime;
  }
}
