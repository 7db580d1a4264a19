import type { EventTopicRole } from '@contact-cost/contracts';
import type { TopicSubscription } from '@contact-cost/kafka';

/** The `@EventPattern`s of the intake handlers; the topics they read are configured (KAFKA_TOPIC_*). */
export const INTAKE_PATTERNS: Record<EventTopicRole, string> = {
  calls: 'intake.calls',
  chats: 'intake.chats',
  tickets: 'intake.tickets',
  agents: 'intake.agents',
};

/** Which configured topic feeds which intake handler. */
export function intakeSubscriptions(topics: Record<EventTopicRole, string>): TopicSubscription[] {
  return (Object.keys(INTAKE_PATTERNS) as EventTopicRole[]).map((role) => ({
    topic: topics[role],
    pattern: INTAKE_PATTERNS[role],
  }));
}
