// Statistics of a simulated stream, counted as messages are yielded.

import { EVENT_TYPES, EventTopicRole, REJECTION_REASONS, RejectionReason } from '@contact-cost/contracts';
import {
  CHANNEL_CHAT,
  CHANNEL_UNKNOWN,
  CHANNEL_VOICE,
  FLAG_ABANDONED,
  FLAG_NEW_COMPLAINT_CASE,
  FLAG_WITH_CONTACT,
  MessageKind,
  ProducedMessage,
  STATS_CHANNELS,
  StatsChannel,
} from './simulated-message';
import { formatUtcMillis } from './event-time.formatter';

export interface SimulatorStats {
  seed: number;
  tenants: string[];
  /** Agents per tenant. */
  agentsPerTenant: number;
  messages: number;
  byKind: Record<MessageKind, number>;
  invalidByReason: Record<RejectionReason, number>;
  /** Duplicates whose content differs from the first message with that id. */
  changedDuplicates: number;
  /** Valid messages emitted late (delayed 1 s – 10 min behind their event time). */
  outOfOrder: number;
  /** Valid messages by channel (agent = agent.state; unknown = usage-only contacts). */
  byChannel: Record<StatsChannel, number>;
  /** Valid messages by event type (types that occurred). */
  byType: Record<string, number>;
  /** All messages by topic role. */
  byTopic: Record<EventTopicRole, number>;
  /** Contacts started (call.started, chat.started, ticket.created) and usage-only contacts. */
  contacts: { voice: number; chat: number; ticket: number; unknown: number };
  abandoned: { calls: number; chats: number };
  /** Most chats one agent handled at once, as simulated. */
  maxConcurrentChatsPerAgent: number;
  /** How many chat agents peaked at 1, 2, 3 chats at once. */
  chatAgentsByPeak: Record<string, number>;
  complaintCases: number;
  compensations: { total: number; withContact: number; withoutContact: number };
  /** Earliest and latest event time among valid messages. */
  firstEventTime: string | null;
  lastEventTime: string | null;
}

export const FLAG_CHANGED_DUPLICATE = 8;

const TYPE_CALL_STARTED = EVENT_TYPES.indexOf('call.started');
const TYPE_CHAT_STARTED = EVENT_TYPES.indexOf('chat.started');
const TYPE_TICKET_CREATED = EVENT_TYPES.indexOf('ticket.created');
const TYPE_COMPENSATED = EVENT_TYPES.indexOf('case.compensated');

export class SimulatorStatsCollector {
  private messages = 0;
  private valid = 0;
  private duplicates = 0;
  private invalid = 0;
  private changedDuplicates = 0;
  outOfOrder = 0;
  private readonly types = new Array<number>(EVENT_TYPES.length).fill(0);
  private readonly channels = new Array<number>(STATS_CHANNELS.length).fill(0);
  private readonly topics: Record<EventTopicRole, number> = { calls: 0, chats: 0, tickets: 0, agents: 0 };
  private readonly reasons = new Map<RejectionReason, number>();
  private usageOnlyContacts = 0;
  private abandonedCalls = 0;
  private abandonedChats = 0;
  private complaintCases = 0;
  private compensationsWithContact = 0;
  private firstMs = Infinity;
  private lastMs = -Infinity;

  constructor(
    private readonly seed: number,
    private readonly tenants: string[],
    private readonly agentsPerTenant: number,
    private readonly chatConcurrency: () => { max: number; peaks: Record<number, number> },
  ) {}

  record(message: ProducedMessage): void {
    this.messages++;
    this.topics[message.topicRole]++;
    if (message.kind === 'valid') {
      this.valid++;
      this.types[message.typeIndex]++;
      this.channels[message.channel]++;
      const flags = message.flags;
      if (flags !== 0) {
        if (flags & FLAG_ABANDONED) {
          if (message.channel === CHANNEL_VOICE) this.abandonedCalls++;
          else if (message.channel === CHANNEL_CHAT) this.abandonedChats++;
        }
        if (flags & FLAG_NEW_COMPLAINT_CASE) this.complaintCases++;
        if (flags & FLAG_WITH_CONTACT) this.compensationsWithContact++;
      }
      if (message.channel === CHANNEL_UNKNOWN) this.usageOnlyContacts++;
      if (message.atMs < this.firstMs) this.firstMs = message.atMs;
      if (message.atMs > this.lastMs) this.lastMs = message.atMs;
    } else if (message.kind === 'duplicate') {
      this.duplicates++;
      if (message.flags & FLAG_CHANGED_DUPLICATE) this.changedDuplicates++;
    } else {
      this.invalid++;
      if (message.invalidReason)
        this.reasons.set(message.invalidReason, (this.reasons.get(message.invalidReason) ?? 0) + 1);
    }
  }

  snapshot(): SimulatorStats {
    const byType: Record<string, number> = {};
    EVENT_TYPES.forEach((type, i) => {
      if (this.types[i] > 0) byType[type] = this.types[i];
    });
    const byChannel = {} as Record<StatsChannel, number>;
    STATS_CHANNELS.forEach((channel, i) => (byChannel[channel] = this.channels[i]));
    const invalidByReason = {} as Record<RejectionReason, number>;
    for (const reason of REJECTION_REASONS) invalidByReason[reason] = this.reasons.get(reason) ?? 0;
    const chats = this.chatConcurrency();
    const compensations = this.types[TYPE_COMPENSATED];
    return {
      seed: this.seed,
      tenants: [...this.tenants],
      agentsPerTenant: this.agentsPerTenant,
      messages: this.messages,
      byKind: { valid: this.valid, duplicate: this.duplicates, invalid: this.invalid },
      invalidByReason,
      changedDuplicates: this.changedDuplicates,
      outOfOrder: this.outOfOrder,
      byChannel,
      byType,
      byTopic: { ...this.topics },
      contacts: {
        voice: this.types[TYPE_CALL_STARTED],
        chat: this.types[TYPE_CHAT_STARTED],
        ticket: this.types[TYPE_TICKET_CREATED],
        unknown: this.usageOnlyContacts,
      },
      abandoned: { calls: this.abandonedCalls, chats: this.abandonedChats },
      maxConcurrentChatsPerAgent: chats.max,
      chatAgentsByPeak: { ...chats.peaks },
      complaintCases: this.complaintCases,
      compensations: {
        total: compensations,
        withContact: this.compensationsWithContact,
        withoutContact: compensations - this.compensationsWithContact,
      },
      firstEventTime: Number.isFinite(this.firstMs) ? formatUtcMillis(this.firstMs) : null,
      lastEventTime: Number.isFinite(this.lastMs) ? formatUtcMillis(this.lastMs) : null,
    };
  }
}

function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
}

function listing(entries: [string, number][]): string {
  return entries.map(([name, n]) => `${name} ${count(n)}`).join(' · ');
}

/** A readable multi-line summary (what `simulate` prints at the end). */
export function formatSimulatorStats(stats: SimulatorStats): string {
  const total = stats.messages;
  const lines = [
    `Simulated ${count(total)} messages — seed ${stats.seed}, ${stats.tenants.length} tenant(s) ` +
      `(${stats.tenants.join(', ')}) × ${stats.agentsPerTenant} agents`,
    `  event time     ${stats.firstEventTime ?? '-'} → ${stats.lastEventTime ?? '-'}`,
    `  kinds          valid ${count(stats.byKind.valid)} · duplicate ${count(stats.byKind.duplicate)} ` +
      `(${percent(stats.byKind.duplicate, total)}, ${count(stats.changedDuplicates)} with changed content) · ` +
      `invalid ${count(stats.byKind.invalid)} (${percent(stats.byKind.invalid, total)}) · ` +
      `out-of-order ${count(stats.outOfOrder)} (${percent(stats.outOfOrder, stats.byKind.valid)} of valid)`,
    `  invalid        ${listing(Object.entries(stats.invalidByReason))}`,
    `  topics         ${listing(Object.entries(stats.byTopic))}`,
    `  channels       ${listing(Object.entries(stats.byChannel))}`,
    `  contacts       voice ${count(stats.contacts.voice)} (abandoned ${count(stats.abandoned.calls)}) · ` +
      `chat ${count(stats.contacts.chat)} (abandoned ${count(stats.abandoned.chats)}) · ` +
      `ticket ${count(stats.contacts.ticket)} · usage-only ${count(stats.contacts.unknown)}`,
    `  chats at once  max ${stats.maxConcurrentChatsPerAgent} per agent; agents peaking at ` +
      (Object.keys(stats.chatAgentsByPeak).length === 0
        ? '-'
        : Object.entries(stats.chatAgentsByPeak)
            .map(([peak, agents]) => `${peak}: ${agents}`)
            .join(', ')),
    `  complaints     ${count(stats.complaintCases)} case(s) · compensations ${count(stats.compensations.total)} ` +
      `(${count(stats.compensations.withContact)} with contact, ${count(stats.compensations.withoutContact)} on the case only)`,
  ];
  // Event types, one line per family: "call     started 1,633 · answered 1,438 · …"
  const families = new Map<string, [string, number][]>();
  for (const [type, n] of Object.entries(stats.byType)) {
    const family = type.slice(0, type.indexOf('.'));
    const group = ['contact', 'usage', 'case'].includes(family) ? 'any' : family;
    if (!families.has(group)) families.set(group, []);
    families.get(group)!.push([group === 'any' ? type : type.slice(family.length + 1), n]);
  }
  families.forEach((entries, family) => lines.push(`  ${(family + ' events').padEnd(15)}${listing(entries)}`));
  return lines.join('\n');
}
