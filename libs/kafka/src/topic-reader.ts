import { randomUUID } from 'crypto';
import { KafkaBatchMessage } from './kafka-batch';
import { createKafkaClient, KafkaConnectionOptions } from './kafka-client.factory';

export interface ReadTopicOptions {
  topic: string;
  /** Stop once this many messages were read. */
  count: number;
  /** Give up (returning what was read) after this long. */
  timeoutMs: number;
}

export interface ReadMessage extends KafkaBatchMessage {
  partition: number;
}

/** Reads a topic from the beginning with a throwaway consumer group (tools, tests, the demo). */
export async function readTopic(connection: KafkaConnectionOptions, options: ReadTopicOptions): Promise<ReadMessage[]> {
  const consumer = createKafkaClient(connection).consumer({ groupId: `cc-reader-${randomUUID()}` });
  const read: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.timeoutMs);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) {
            const last = Array.isArray(value) ? value[value.length - 1] : value;
            if (last !== undefined) headers[name] = last.toString();
          }
          read.push({
            partition,
            offset: message.offset,
            key: message.key ? message.key.toString('utf8') : null,
            value: message.value,
            timestamp: message.timestamp,
            headers,
          });
          if (read.length >= options.count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return read;
}
