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

  async sendToTopics(batches: { topic: string; messages: OutgoingMessage[] }[]): Promise<void> {
    const topicMessages = batches.filter((b) => b.messages.length > 0);
    if (topicMessages.length === 0) return;
    await this.producer.sendBatch({ acks: -1, topicMessages });
  }

  // Nest lifecycle, when provided as a Nest provider (KafkaProducerModule).
  onModuleInit(): Promise<void> {
    return this.connect();
  }

  onApplicationShutdown(): Promise<void> {
    return this.disconnect();
  }
}
