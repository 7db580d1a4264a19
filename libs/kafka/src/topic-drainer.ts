import { KafkaBatch } from './kafka-batch';
import { toBatchMessage } from './kafka-batch.server';
import { createKafkaClient, KafkaConnectionOptions } from './kafka-client.factory';

export interface DrainTopicOptions {
  topic: string;
  /** The group whose committed offsets say where to start; a group with none starts at the beginning. */
  groupId: string;
  /** Commit each handled batch's offsets (false for a dry run: the group stays where it was). */
  commit: boolean;
  /** Called once per batch of one partition, in offset order; its offsets are committed only once it resolved. */
  handleBatch: (batch: KafkaBatch) => Promise<void>;
  /** Fail when nothing arrives for this long although messages remain (default 60 s). */
  idleTimeoutMs?: number;
}

export interface DrainedPartition {
  partition: number;
  /** First offset read this run (the group's position at the start). */
  from: bigint;
  /** The topic's end at the start: offsets below it were read this run. */
  to: bigint;
}

export interface DrainResult {
  /** Messages handed to handleBatch. */
  read: number;
  partitions: DrainedPartition[];
}

/**
 * Reads a topic with a consumer group from where the group stopped up to the topic's end as it was at the start
 * (what is written meanwhile is left for the next run), then leaves the group. Handy for tools that work through a
 * topic in runs, such as the dead-letter re-drive: a second run continues where the first stopped.
 */
export async function drainTopic(connection: KafkaConnectionOptions, options: DrainTopicOptions): Promise<DrainResult> {
  const { topic, groupId } = options;
  const kafka = createKafkaClient(connection);
  const admin = kafka.admin();
  const ranges = new Map<number, { from: bigint; to: bigint }>();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new Error(`topic ${topic} does not exist`);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committedBy = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
      const start = committedBy.get(partition) ?? -1n;
      // A committed offset below the log start (retention deleted those messages) reads from the log start.
      const from = start > BigInt(low) ? start : BigInt(low);
      ranges.set(partition, { from, to: BigInt(high) });
    }
  } finally {
    await admin.disconnect();
  }
  const partitions = [...ranges].map(([partition, range]) => ({ partition, ...range }));
  const remaining = new Set(partitions.filter((p) => p.from < p.to).map((p) => p.partition));
  if (remaining.size === 0) return { read: 0, partitions };

  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
  let read = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const idleMs = options.idleTimeoutMs ?? 60_000;
      let idle: NodeJS.Timeout | undefined;
      const finish = (error?: unknown) => {
        clearTimeout(idle);
        if (error === undefined) resolve();
        else reject(error);
      };
      const armIdleTimer = () => {
        clearTimeout(idle);
        idle = setTimeout(() => {
          const left = [...remaining].map((p) => `${topic}/${p}`).join(', ');
          finish(new Error(`nothing arrived from ${left} for ${idleMs} ms although messages remain`));
        }, idleMs);
      };
      armIdleTimer();
      consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, pause }) => {
            const end = ranges.get(batch.partition)?.to ?? 0n;
            const inRange = batch.messages.filter((m) => BigInt(m.offset) < end);
            try {
              if (inRange.length > 0) {
                armIdleTimer();
                await options.handleBatch({ topic, partition: batch.partition, messages: inRange.map(toBatchMessage) });
                read += inRange.length;
                const last = inRange[inRange.length - 1].offset;
                resolveOffset(last);
                if (options.commit) {
                  await commitOffsetsIfNecessary({
                    topics: [
                      { topic, partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }] },
                    ],
                  });
                }
              }
            } catch (error) {
              pause();
              finish(error);
              return;
            }
            // Past the end seen at the start: stop fetching this partition; the rest is for the next run.
            const reached = inRange.length < batch.messages.length || BigInt(batch.lastOffset()) + 1n >= end;
            if (reached && remaining.delete(batch.partition)) {
              pause();
              if (remaining.size === 0) finish();
            }
          },
        })
        .catch((error: unknown) => finish(error ?? new Error(`the consumer of ${topic} stopped`)));
    });
  } finally {
    // Waits for a batch in flight, then leaves the group.
    await consumer.disconnect();
  }
  return { read, partitions };
}
