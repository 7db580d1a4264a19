import { Injectable } from '@nestjs/common';
import { KafkaSettings, RateCardSettings } from '@contact-cost/config';
import {
  channelOfType,
  ContactCentreEvent,
  messageKeyForEvent,
  parseEvent,
  Rejection,
  topicRoleForEvent,
} from '@contact-cost/contracts';
import { CostEngine } from '@contact-cost/costing';
import { KafkaProducer, OutgoingMessage } from '@contact-cost/kafka';
import type { IngestItem } from './ingest-body.parser';

/** An event naming a tenant other than the API key's: HTTP ingest's own reason, beside those of events.md. */
export const FORBIDDEN_TENANT = 'forbidden_tenant';

export type IngestResult =
  | { line: number; id: string; status: 'accepted' }
  | {
      line: number;
      id?: string;
      status: 'rejected';
      reason: Rejection['reason'] | typeof FORBIDDEN_TENANT;
      detail: string;
    };

export interface IngestOutcome {
  accepted: number;
  rejected: number;
  results: IngestResult[];
}

/**
 * How long a request waits for Kafka to acknowledge its events before it is answered 503 (a client may send them
 * again: the pipeline keeps the first of each `(tenant, id)`).
 */
const PRODUCE_TIMEOUT_MS = 10_000;

/** Kafka did not take the accepted events: nothing of the request may be reported accepted. */
export class IngestProduceError extends Error {}

/**
 * Checks each event as the intake would (contract schema, then rate cards) plus the key's tenant, and produces the
 * valid ones to their topics with acks=all before answering. Rejected events go nowhere: the caller gets the reason.
 */
@Injectable()
export class HttpIngestService {
  // Used only for its check(): it reads the rate cards and holds no event.
  private readonly checker: CostEngine;

  constructor(
    rateCards: RateCardSettings,
    private readonly kafka: KafkaSettings,
    private readonly producer: KafkaProducer,
  ) {
    this.checker = new CostEngine(rateCards.rateCards);
  }

  async ingest(keyTenant: string, items: IngestItem[]): Promise<IngestOutcome> {
    const results: IngestResult[] = [];
    const accepted: { event: ContactCentreEvent; raw: string | Buffer }[] = [];
    for (const item of items) {
      const checked = this.check(keyTenant, item);
      if ('rejection' in checked) results.push(checked.rejection);
      else {
        accepted.push({ event: checked.event, raw: item.raw });
        results.push({ line: item.line, id: checked.event.id, status: 'accepted' });
      }
    }
    try {
      await this.producer.sendToTopics(this.batchesByTopic(accepted), { timeoutMs: PRODUCE_TIMEOUT_MS });
    } catch (error) {
      throw new IngestProduceError(`Kafka did not take the events: ${(error as Error).message}`);
    }
    return { accepted: accepted.length, rejected: results.length - accepted.length, results };
  }

  private check(
    keyTenant: string,
    item: IngestItem,
  ): { event: ContactCentreEvent } | { rejection: Extract<IngestResult, { status: 'rejected' }> } {
    const parsed = parseEvent(item.raw);
    const tenant = parsed.ok ? parsed.event.tenant : parsed.rejection.tenant;
    const id = parsed.ok ? parsed.event.id : parsed.rejection.id;
    // Checked before anything else, so a key learns nothing about another tenant (not even its rate card).
    if (tenant !== undefined && tenant !== keyTenant) {
      return {
        rejection: {
          line: item.line,
          id,
          status: 'rejected',
          reason: FORBIDDEN_TENANT,
          detail: `tenant ${JSON.stringify(tenant)} is not the API key's tenant ${JSON.stringify(keyTenant)}`,
        },
      };
    }
    const rejection = parsed.ok ? this.checker.check(parsed.event) : parsed.rejection;
    if (rejection) {
      return {
        rejection: { line: item.line, id, status: 'rejected', reason: rejection.reason, detail: rejection.detail },
      };
    }
    return { event: (parsed as { event: ContactCentreEvent }).event };
  }

  private batchesByTopic(accepted: { event: ContactCentreEvent; raw: string | Buffer }[]) {
    // Any-channel events follow their contact's channel when this request shows it (events.md, "Topics and keys").
    const channels = new Map<string, 'voice' | 'chat' | 'ticket'>();
    for (const { event } of accepted) {
      const channel = channelOfType(event.type);
      if (channel && event.contact !== undefined) channels.set(event.contact, channel);
    }
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const { event, raw } of accepted) {
      const role = topicRoleForEvent(event.type, event.contact ? channels.get(event.contact) : undefined);
      const topic = this.kafka.topics[role];
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: messageKeyForEvent(event), value: typeof raw === 'string' ? raw : Buffer.from(raw) });
      byTopic.set(topic, messages);
    }
    return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  }
}
