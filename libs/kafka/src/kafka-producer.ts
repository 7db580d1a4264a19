import { Partitioners, Producer } from 'kafkajs';
import { createKafkaClient, KafkaConnectionOptions } from './kafka-client.factory';

export interface OutgoingMessage {
  key?: string | null;
  value: Buffer | string | null;
  headers?: Record<string, string>;
  /** Milliseconds since the epoch, as a string (Kafka's convention); the broker's time when absent. */
  timestamp?: string;
}

export interface KafkaProducerOptions {
  /** Idempotent producer: a retried send is written once (default true). */
  idempotent?: boolean;
}

/** The brokers did not acknowledge a send in the time allowed (see KafkaProducer.sendToTopics). */
export class KafkaSendTimeoutError extends Error {
  constructor(topics: string[], timeoutMs: number) {
    super(`no acknowledgement from Kafka within ${timeoutMs} ms for topics ${topics.join(', ')}`);
    this.name = 'KafkaSendTimeoutError';
  }
}

/**
 * `work`'s outcome, or the error of `timedOut()` once `timeoutMs` have passed first. The work is not stopped: a failure
 * after the timeout has nobody left to tell, and is dropped.
 */
export async function withinTime<T>(work: Promise<T>, timeoutMs: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), timeoutMs);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends messages and resolves only once every in-sync replica has them (acks=all). */
export class KafkaProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(connection: KafkaConnectionOptions, options: KafkaProducerOptions = {}) {
    const idempotent = options.idempotent ?? true;
    this.producer = createKafkaClient(connection).producer({
      idempotent,
      // An idempotent producer keeps order and exactly-once writes only with one request in flight.
      maxInFlightRequests: idempotent ? 1 : undefined,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // kafkajs's rule for idempotence: retry until the broker answers (each attempt still times out).
      retry: idempotent ? { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 } : undefined,
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.send({ topic, acks: -1, messages });
  }

  /**
   * With `timeoutMs`, gives up waiting after that long (KafkaSendTimeoutError): the idempotent producer retries a send
   * to a missing topic or an unreachable broker without end, which a caller answering a request cannot wait out. The
   * send itself goes on in the background and may still land; a caller that retries sends the same events again,
   * which their `(tenant, id)` makes harmless downstream.
   */
  async sendToTopics(
    batches: { topic: string; messages: OutgoingMessage[] }[],
    options: { timeoutMs?: number } = {},
  ): Promise<void> {
    const topicMessages = batches.filter((b) => b.messages.length > 0);
    if (topicMessages.length === 0) return;
    const sent = this.producer.sendBatch({ acks: -1, topicMessages });
    if (options.timeoutMs === undefined) {
      await sent;
      return;
    }
    const timeoutMs = options.timeoutMs;
    await withinTime(
      sent,
      timeoutMs,
      () =>
        new KafkaSendTimeoutError(
          topicMessages.map((b) => b.topic),
          timeoutMs,
        ),
    );
  }

  // Nest lifecycle, when provided as a Nest provider (KafkaProducerModule).
  onModuleInit(): Promise<void> {
    return this.connect();
  }

  onApplicationShutdown(): Promise<void> {
    return this.disconnect();
  }
}
