import { EventType } from './event-types';

/** Default topic names of events.md. Deployments may rename them through configuration. */
export const DEFAULT_TOPICS = {
  calls: 'cc.calls',
  chats: 'cc.chats',
  tickets: 'cc.tickets',
  agents: 'cc.agents',
  deadLetter: 'cc.dead-letter',
} as const;

export type TopicRole = keyof typeof DEFAULT_TOPICS;
export type EventTopicRole = Exclude<TopicRole, 'deadLetter'>;

/** Where a producer publishes an event type; any-channel events follow their contact's channel when known. */
export function topicRoleForEvent(type: EventType, contactChannel?: 'voice' | 'chat' | 'ticket'): EventTopicRole {
  if (type.startsWith('call.')) return 'calls';
  if (type.startsWith('chat.')) return 'chats';
  if (type.startsWith('ticket.')) return 'tickets';
  if (type.startsWith('agent.')) return 'agents';
  if (contactChannel === 'chat') return 'chats';
  if (contactChannel === 'ticket') return 'tickets';
  return 'calls';
}

/** The message key of events.md: the contact, the agent for agent.*, else the case. */
export function messageKeyForEvent(event: { type: string; contact?: string; agent?: string; case?: string }): string {
  if (event.type.startsWith('agent.')) return event.agent ?? '';
  return event.contact ?? event.case ?? '';
}
