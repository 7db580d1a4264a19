import { Injectable, Logger } from '@nestjs/common';
import { KafkaSettings } from '@contact-cost/config';
import { KafkaBatch, KafkaProducer, OutgoingMessage } from '@contact-cost/kafka';
import { EventStore, NewEventRow } from '@contact-cost/storage';
import { deadLetterFor, INTERNAL_ERROR_REASON } from './dead-letter';
import { EventAdmission } from './event-admission.service';

export interface IntakeOutcome {
  accepted: number;
  duplicates: number;
  rejected: number;
}

/**
 * Stores a batch's acceptable events (the first of each (tenant, id) wins) and dead-letters the others. Resolves
 * only when both are durable, so the batch's offsets may then be committed; safe to run again on the same batch.
 */
@Injectable()
export class EventIntakeService {
  private readonly logger = new Logger(EventIntakeService.name);

  constructor(
    private readonly admission: EventAdmission,
    private readonly events: EventStore,
    private readonly producer: KafkaProducer,
    private readonly kafka: KafkaSettings,
  ) {}

  async ingest(batch: KafkaBatch): Promise<IntakeOutcome> {
    const accepted: NewEventRow[] = [];
    const deadLetters: OutgoingMessage[] = [];
    for (const message of batch.messages) {
      try {
        const admission = this.admission.admit(message.value);
        if (admission.ok) {
          const { event } = admission;
          accepted.push({
            tenant: event.tenant,
            eventId: event.id,
            type: event.type,
            eventTime: event.time,
            eventAt: event.at,
            // Accepted messages are valid UTF-8, so the text is the original bytes.
            raw: (message.value as Buffer).toString('utf8'),
            topic: batch.topic,
            partition: batch.partition,
            kafkaOffset: message.offset,
          });
        } else {
          deadLetters.push(deadLetterFor(batch, message, admission.rejection));
        }
      } catch (error) {
        // A bug must not wedge the partition or drop the message: keep it beside the rejected ones.
        this.logger.error(`${batch.topic}/${batch.partition}@${message.offset}: intake failed: ${String(error)}`);
        deadLetters.push(
          deadLetterFor(batch, message, { reason: INTERNAL_ERROR_REASON, detail: `intake failed: ${String(error)}` }),
        );
      }
    }
    const stored = await this.events.insertEvents(accepted);
    await this.producer.send(this.kafka.topics.deadLetter, deadLetters);
    const outcome = {
      accepted: stored.insertedSeqs.length,
      duplicates: stored.duplicates,
      rejected: deadLetters.length,
    };
    this.logger.debug(
      `${batch.topic}/${batch.partition} offsets ${batch.messages[0]?.offset}..${batch.messages.at(-1)?.offset}: ` +
        `${outcome.accepted} accepted, ${outcome.duplicates} duplicates, ${outcome.rejected} dead-lettered`,
    );
    return outcome;
  }
}
