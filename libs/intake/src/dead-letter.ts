import type { Rejection } from '@contact-cost/contracts';
import type { KafkaBatchMessage, OutgoingMessage } from '@contact-cost/kafka';

export const DEAD_LETTER_HEADERS = {
  reason: 'cc-reason',
  detail: 'cc-detail',
  originalTopic: 'cc-original-topic',
  originalPartition: 'cc-original-partition',
  originalOffset: 'cc-original-offset',
  originalTimestamp: 'cc-original-timestamp',
  eventId: 'cc-event-id',
  tenant: 'cc-tenant',
} as const;

/** Not a contract rejection: the intake itself failed on this message; kept so nothing is lost. */
export const INTERNAL_ERROR_REASON = 'internal_error';

const MAX_DETAIL_CHARS = 1000;

/** The rejected message as it was (key and bytes), with why and where from in headers. */
export function deadLetterFor(
  source: { topic: string; partition: number },
  message: KafkaBatchMessage,
  rejection: Pick<Rejection, 'detail' | 'id' | 'tenant'> & { reason: string },
): OutgoingMessage {
  const headers: Record<string, string> = {
    [DEAD_LETTER_HEADERS.reason]: rejection.reason,
    [DEAD_LETTER_HEADERS.detail]: rejection.detail.slice(0, MAX_DETAIL_CHARS),
    [DEAD_LETTER_HEADERS.originalTopic]: source.topic,
    [DEAD_LETTER_HEADERS.originalPartition]: String(source.partition),
    [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
    [DEAD_LETTER_HEADERS.originalTimestamp]: message.timestamp,
  };
  if (rejection.id !== undefined) headers[DEAD_LETTER_HEADERS.eventId] = rejection.id;
  if (rejection.tenant !== undefined) headers[DEAD_LETTER_HEADERS.tenant] = rejection.tenant;
  return { key: message.key, value: message.value, headers };
}
