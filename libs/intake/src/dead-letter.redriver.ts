import type { KafkaSettings } from '@contact-cost/config';
import {
  drainTopic,
  KafkaBatch,
  KafkaBatchMessage,
  KafkaConnectionOptions,
  OutgoingMessage,
} from '@contact-cost/kafka';
import { DEAD_LETTER_HEADERS } from './dead-letter';
import type { EventAdmission } from './event-admission.service';

/** Which dead letters a re-drive considers, by the headers they were dead-lettered with. */
export interface RedriveFilter {
  reason?: string;
  tenant?: string;
}

export interface RedriveRequest {
  filter: RedriveFilter;
  /** Decide and count, but publish and commit nothing. */
  dryRun: boolean;
  /** The consumer group keeping the re-drive's position; default: redriveGroupId(). */
  groupId?: string;
}

/** Header on a re-driven message: where on the dead-letter topic it came from. */
export const REDRIVEN_FROM_HEADER = 'cc-redriven-from';

/** A dead letter whose `cc-original-topic` is missing or not one of the event topics: it has nowhere to go. */
export const UNROUTABLE = 'unroutable';

export type RedriveDecision =
  | { action: 'skip' }
  | { action: 'republish'; topic: string; message: OutgoingMessage }
  | { action: 'keep'; reason: string };

export interface RedriveSummary {
  groupId: string;
  dryRun: boolean;
  /** Dead letters read this run (from where the group stopped to the topic's end at the start). */
  read: number;
  /** Not matching the filter. */
  skipped: number;
  /** Re-published (or, in a dry run, that would be), per original topic. */
  republished: Record<string, number>;
  /** Still rejected by the current rate cards and schema, per current reason (or `unroutable`). */
  stillInvalid: Record<string, number>;
}

/** A run that failed part-way: what it had re-published and committed before. */
export class RedriveError extends Error {
  constructor(
    message: string,
    readonly summary: RedriveSummary,
  ) {
    super(message);
    this.name = 'RedriveError';
  }
}

/** The default group: one per filter, so that each filter continues where its own last run stopped. */
export function redriveGroupId(intakeGroup: string, filter: RedriveFilter): string {
  let group = `${intakeGroup}.redrive`;
  if (filter.reason !== undefined) group += `.reason-${filter.reason}`;
  if (filter.tenant !== undefined) group += `.tenant-${filter.tenant}`;
  return group;
}

/**
 * What to do with one dead letter: skip it (filter), re-publish its original key and bytes to its original topic
 * (it is acceptable now, e.g. its tenant's rate card was added), or keep it (still invalid, with the current reason).
 */
export function redriveDecision(
  message: KafkaBatchMessage,
  source: { topic: string; partition: number },
  filter: RedriveFilter,
  admission: Pick<EventAdmission, 'admit'>,
  eventTopics: ReadonlySet<string>,
): RedriveDecision {
  const headers = message.headers;
  if (filter.reason !== undefined && headers[DEAD_LETTER_HEADERS.reason] !== filter.reason) return { action: 'skip' };
  if (filter.tenant !== undefined && headers[DEAD_LETTER_HEADERS.tenant] !== filter.tenant) return { action: 'skip' };
  const checked = admission.admit(message.value);
  if (!checked.ok) return { action: 'keep', reason: checked.rejection.reason };
  const topic = headers[DEAD_LETTER_HEADERS.originalTopic];
  if (topic === undefined || !eventTopics.has(topic)) return { action: 'keep', reason: UNROUTABLE };
  return {
    action: 'republish',
    topic,
    message: {
      key: message.key,
      value: message.value,
      headers: { [REDRIVEN_FROM_HEADER]: `${source.topic}/${source.partition}@${message.offset}` },
    },
  };
}

export interface DeadLetterRedriverDeps {
  connection: KafkaConnectionOptions;
  kafka: KafkaSettings;
  /** Built from the rate-card file as it is now, not as the pipeline read it at its start. */
  admission: Pick<EventAdmission, 'admit'>;
  /** Resolves once the messages are durable (acks=all); not called in a dry run. */
  publish(batches: { topic: string; messages: OutgoingMessage[] }[]): Promise<void>;
}

/**
 * Works through the dead-letter topic in runs: each run reads from where its consumer group stopped, re-publishes
 * what is now valid and commits after each batch is published (at least once: a re-sent event is a duplicate the
 * intake drops). Still-invalid dead letters stay on the topic, counted, and are passed over by later runs of the
 * same group; a new group (--group) examines the whole topic again.
 */
export class DeadLetterRedriver {
  constructor(private readonly deps: DeadLetterRedriverDeps) {}

  async redrive(request: RedriveRequest): Promise<RedriveSummary> {
    const { kafka, admission } = this.deps;
    const groupId = request.groupId ?? redriveGroupId(kafka.consumerGroup, request.filter);
    const eventTopics = new Set([kafka.topics.calls, kafka.topics.chats, kafka.topics.tickets, kafka.topics.agents]);
    const summary: RedriveSummary = {
      groupId,
      dryRun: request.dryRun,
      read: 0,
      skipped: 0,
      republished: {},
      stillInvalid: {},
    };
    const handleBatch = async (batch: KafkaBatch) => {
      const byTopic = new Map<string, OutgoingMessage[]>();
      const counted = { skipped: 0, republished: new Map<string, number>(), stillInvalid: new Map<string, number>() };
      for (const message of batch.messages) {
        const decision = redriveDecision(message, batch, request.filter, admission, eventTopics);
        if (decision.action === 'skip') counted.skipped += 1;
        else if (decision.action === 'keep') increment(counted.stillInvalid, decision.reason);
        else {
          const messages = byTopic.get(decision.topic) ?? [];
          messages.push(decision.message);
          byTopic.set(decision.topic, messages);
          increment(counted.republished, decision.topic);
        }
      }
      if (!request.dryRun) {
        await this.deps.publish([...byTopic].map(([topic, messages]) => ({ topic, messages })));
      }
      // Counted only once published, so a failed run reports what it really did.
      summary.read += batch.messages.length;
      summary.skipped += counted.skipped;
      for (const [topic, n] of counted.republished) summary.republished[topic] = (summary.republished[topic] ?? 0) + n;
      for (const [reason, n] of counted.stillInvalid)
        summary.stillInvalid[reason] = (summary.stillInvalid[reason] ?? 0) + n;
    };
    try {
      await drainTopic(this.deps.connection, {
        topic: kafka.topics.deadLetter,
        groupId,
        commit: !request.dryRun,
        handleBatch,
      });
    } catch (error) {
      throw new RedriveError(error instanceof Error ? error.message : String(error), summary);
    }
    return summary;
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
