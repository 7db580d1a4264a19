import { Admin } from 'kafkajs';
import { createKafkaClient, KafkaConnectionOptions } from './kafka-client.factory';

export interface TopicSpec {
  topic: string;
  partitions?: number;
  /** Broker default when absent. */
  replicationFactor?: number;
}

/** Topic administration: creating topics and reading offsets. */
export class KafkaAdmin {
  private readonly admin: Admin;

  constructor(connection: KafkaConnectionOptions) {
    this.admin = createKafkaClient(connection).admin();
  }

  connect(): Promise<void> {
    return this.admin.connect();
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect();
  }

  /** Creates the topics that do not exist yet; existing topics are left as they are. Returns those created. */
  async ensureTopics(specs: TopicSpec[]): Promise<string[]> {
    const existing = new Set(await this.admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return [];
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.topic,
        numPartitions: s.partitions ?? 1,
        replicationFactor: s.replicationFactor ?? -1,
      })),
    });
    return missing.map((s) => s.topic);
  }

  async deleteTopics(topics: string[]): Promise<void> {
    const existing = new Set(await this.admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length > 0) await this.admin.deleteTopics({ topics: present });
  }

  /** Deletes consumer groups that have no member running (tools and benchmarks cleaning up after themselves). */
  async deleteGroups(groupIds: string[]): Promise<void> {
    if (groupIds.length > 0) await this.admin.deleteGroups(groupIds);
  }

  async listTopics(): Promise<string[]> {
    return this.admin.listTopics();
  }

  /** The group's committed offset per partition (the next offset it will read); -1 when none. */
  async committedOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
    const [entry] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((entry?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  }

  /**
   * Starts a consumer group (with no member running) at the current end of each topic, so it reads only what is
   * produced from now on.
   */
  async startGroupAtEnd(groupId: string, topics: string[]): Promise<void> {
    for (const topic of topics) {
      const ends = await this.endOffsets(topic);
      await this.admin.setOffsets({
        groupId,
        topic,
        partitions: [...ends].map(([partition, offset]) => ({ partition, offset: offset.toString() })),
      });
    }
  }

  /** The next offset to be written per partition (the high watermark). */
  async endOffsets(topic: string): Promise<Map<number, bigint>> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
  }
}

/** Runs `work` with a connected admin client and always disconnects it. */
export async function withKafkaAdmin<T>(
  connection: KafkaConnectionOptions,
  work: (admin: KafkaAdmin) => Promise<T>,
): Promise<T> {
  const admin = new KafkaAdmin(connection);
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
