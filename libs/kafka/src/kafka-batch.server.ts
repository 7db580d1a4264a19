import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { KafkaBatch, KafkaBatchContext, KafkaBatchMessage } from './kafka-batch';
import { createKafkaClient, KafkaConnectionOptions } from './kafka-client.factory';

export interface TopicSubscription {
  topic: string;
  /** The `@EventPattern` of the handler; topic names come from configuration, patterns are fixed in code. */
  pattern: string;
}

export interface KafkaBatchServerOptions {
  connection: KafkaConnectionOptions;
  groupId: string;
  subscriptions: TopicSubscription[];
  /** Where a group with no committed offset starts (default: the beginning, so nothing is skipped). */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Pause after a failed handler, doubled on each consecutive failure of the partition up to maxMs. */
  retryBackoff?: { initialMs: number; maxMs: number };
  maxBytesPerPartition?: number;
  /** Longest a fetch waits on the broker for data; also how soon a resumed partition is fetched again. */
  maxWaitTimeMs?: number;
}

interface PartitionRetry {
  failures: number;
  timer?: NodeJS.Timeout;
}

export const KAFKA_BATCH_TRANSPORT = Symbol('KAFKA_BATCH_TRANSPORT');

/**
 * Nest transport consuming Kafka in batches with at-least-once delivery: a batch's offsets are committed only after
 * its `@EventPattern` handler resolved (its effects are durable). A handler that fails commits nothing: its partition
 * is paused, then consumed again from the first uncommitted offset after a backoff. Handlers must therefore be
 * idempotent. close() lets the batch in flight finish and commit, then leaves the group.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  override readonly transportId = KAFKA_BATCH_TRANSPORT;
  protected override readonly logger = new Logger(KafkaBatchServer.name);
  private consumer: Consumer | null = null;
  private closing = false;
  private readonly retries = new Map<string, PartitionRetry>();
  private readonly patternByTopic: Map<string, string>;
  /** `topic/partition@first..last` of each batch being handled, for the shutdown log. */
  private readonly inFlight = new Set<string>();
  /** `topic/partition→next offset` committed after close() began. */
  private readonly committedWhileClosing = new Set<string>();

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
    this.patternByTopic = new Map(options.subscriptions.map((s) => [s.topic, s.pattern]));
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const retry of this.retries.values()) clearTimeout(retry.timer);
    this.retries.clear();
    const consumer = this.consumer;
    this.consumer = null;
    if (consumer) {
      const { groupId } = this.options;
      const inFlight = [...this.inFlight].join(', ');
      this.logger.log(
        `stopping consumer group ${groupId} member: ` +
          (inFlight ? `finishing the batch in flight (${inFlight})` : 'no batch in flight'),
      );
      // kafkajs stops fetching, waits for the batch in flight (which commits), then leaves the group.
      await consumer.disconnect();
      const committed = [...this.committedWhileClosing].join(', ');
      this.logger.log(
        `stopped: ${committed ? `committed ${committed}` : 'nothing left to commit'}; left consumer group ${groupId}`,
      );
    }
    this._status$.next('disconnected');
  }

  on(): never {
    throw new Error('KafkaBatchServer does not expose consumer events');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaBatchServer is not listening');
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const { subscriptions } = this.options;
    if (subscriptions.length === 0) throw new Error('KafkaBatchServer: no topic to consume');
    for (const { topic, pattern } of subscriptions) {
      if (!this.getHandlerByPattern(pattern)) {
        throw new Error(`KafkaBatchServer: no @EventPattern('${pattern}') handler for topic ${topic}`);
      }
    }
    this.closing = false;
    this.committedWhileClosing.clear();
    const consumer = createKafkaClient(this.options.connection).consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? 3_000,
      maxBytesPerPartition: this.options.maxBytesPerPartition,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 1_000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({
      topics: subscriptions.map((s) => s.topic),
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
    this._status$.next('connected');
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, pause, resolveOffset, commitOffsetsIfNecessary } = payload;
    const { topic, partition } = batch;
    if (batch.isEmpty()) return;
    const handler = this.getHandlerByPattern(this.patternByTopic.get(topic) ?? topic) as MessageHandler;
    const data: KafkaBatch = { topic, partition, messages: batch.messages.map(toBatchMessage) };
    const context = new KafkaBatchContext([topic, partition, heartbeat]);

    // Keeps the group membership alive however long the handler takes; kafkajs throttles to its interval.
    const heartbeats = setInterval(
      () => heartbeat().catch(() => undefined),
      Math.max(500, (this.options.heartbeatIntervalMs ?? 3_000) / 2),
    );
    const lastOffset = batch.lastOffset();
    const label = `${topic}/${partition}@${batch.firstOffset()}..${lastOffset}`;
    this.inFlight.add(label);
    try {
      try {
        await lastValueFrom(this.transformToObservable(await handler(data, context)), { defaultValue: undefined });
      } catch (error) {
        this.retryLater(topic, partition, pause, error);
        return;
      } finally {
        clearInterval(heartbeats);
      }

      resolveOffset(lastOffset);
      // The committed offset is the next one to read.
      const next = (BigInt(lastOffset) + 1n).toString();
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next }] }] });
      if (this.closing) this.committedWhileClosing.add(`${topic}/${partition}→${next}`);
      this.retries.delete(`${topic}/${partition}`);
    } finally {
      this.inFlight.delete(label);
    }
  }

  /** Nothing was resolved, so after the pause kafkajs fetches the same messages again. */
  private retryLater(topic: string, partition: number, pause: () => () => void, error: unknown): void {
    const key = `${topic}/${partition}`;
    if (this.closing) {
      this.logger.warn(`${key}: batch failed during shutdown; left uncommitted for the next consumer`);
      return;
    }
    const retry = this.retries.get(key) ?? { failures: 0 };
    retry.failures += 1;
    const { initialMs, maxMs } = this.options.retryBackoff ?? { initialMs: 200, maxMs: 10_000 };
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(retry.failures - 1, 20));
    this.logger.warn(
      `${key}: batch handler failed (${describe(error)}), failure ${retry.failures} in a row; ` +
        `nothing committed, partition paused for ${delay} ms`,
    );
    if (error instanceof Error && error.stack) this.logger.debug?.(error.stack);
    const resume = pause();
    clearTimeout(retry.timer);
    retry.timer = setTimeout(() => {
      retry.timer = undefined;
      if (!this.closing) resume();
    }, delay);
    this.retries.set(key, retry);
  }
}

/** A kafkajs message as the batch handlers see it: key as text, headers decoded. */
export function toBatchMessage(message: KafkaMessage): KafkaBatchMessage {
  return {
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    timestamp: message.timestamp,
    headers: decodeHeaders(message.headers),
  };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) decoded[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return decoded;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
