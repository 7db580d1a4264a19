import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  KafkaAdmin,
  KafkaBatch,
  KafkaBatchServer,
  KafkaProducer,
  RethrowRpcExceptionFilter,
} from '@contact-cost/kafka';
import { TEST_BROKERS, uniqueRunId, waitFor } from '../support/test-environment';

jest.setTimeout(180_000);

const PATTERN = 'test.batches';
const connection = { brokers: TEST_BROKERS, clientId: 'cc-batch-server-test', logLevel: 'warn' as const };

interface Delivery {
  partition: number;
  offsets: string[];
  values: string[];
}

/** What the test's handler does with each batch; records every delivery and every success. */
class Recorder {
  readonly deliveries: Delivery[] = [];
  readonly handled: Delivery[] = [];
  behaviour: (batch: KafkaBatch, attempt: number) => Promise<void> = async () => undefined;

  async handle(batch: KafkaBatch): Promise<void> {
    const delivery = {
      partition: batch.partition,
      offsets: batch.messages.map((m) => m.offset),
      values: batch.messages.map((m) => m.value?.toString() ?? ''),
    };
    this.deliveries.push(delivery);
    const attempt = this.deliveries.filter((d) => d.partition === batch.partition).length;
    await this.behaviour(batch, attempt);
    this.handled.push(delivery);
  }

  handledOffsets(partition = 0): string[] {
    return this.handled.filter((d) => d.partition === partition).flatMap((d) => d.offsets);
  }
}

function gate(): { wait: Promise<void>; open: () => void; fail: (error: Error) => void } {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const wait = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { wait, open, fail };
}

async function startConsumer(topic: string, groupId: string, recorder: Recorder): Promise<INestMicroservice> {
  @Controller()
  class TestBatchConsumer {
    @EventPattern(PATTERN)
    handle(@Payload() batch: KafkaBatch): Promise<void> {
      return recorder.handle(batch);
    }
  }
  @Module({ controllers: [TestBatchConsumer] })
  class TestModule {}

  const app = await NestFactory.createMicroservice(TestModule, {
    strategy: new KafkaBatchServer({
      connection,
      groupId,
      subscriptions: [{ topic, pattern: PATTERN }],
      retryBackoff: { initialMs: 100, maxMs: 400 },
    }),
    logger: ['error', 'warn'],
  });
  app.useGlobalFilters(new RethrowRpcExceptionFilter());
  await app.listen();
  return app;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => String(from + i));

describe('KafkaBatchServer (real Kafka on 127.0.0.1:9092)', () => {
  const runId = uniqueRunId();
  const admin = new KafkaAdmin(connection);
  const producer = new KafkaProducer(connection);
  const topics: string[] = [];
  const apps: INestMicroservice[] = [];

  async function topicWith(name: string, partitions: number): Promise<string> {
    const topic = `test.${runId}.${name}`;
    await admin.ensureTopics([{ topic, partitions, replicationFactor: 1 }]);
    topics.push(topic);
    return topic;
  }

  async function produce(topic: string, from: number, to: number, partition = 0): Promise<void> {
    await producer.send(
      topic,
      range(from, to).map((i) => ({ key: `k-${i}`, value: `m-${i}`, partition }) as never),
    );
  }

  async function committed(groupId: string, topic: string, partition = 0): Promise<bigint> {
    return (await admin.committedOffsets(groupId, topic)).get(partition) ?? -1n;
  }

  async function consume(topic: string, groupId: string, recorder: Recorder): Promise<INestMicroservice> {
    const app = await startConsumer(topic, groupId, recorder);
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    await admin.connect();
    await producer.connect();
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await admin.deleteTopics(topics).catch(() => undefined);
    await producer.disconnect();
    await admin.disconnect();
  });

  it('commits a batch only after its handler resolved; a restarted consumer resumes after it', async () => {
    const topic = await topicWith('commit-after-handler', 1);
    const groupId = `test-${runId}-commit`;
    await produce(topic, 0, 10);
    const held = gate();
    const first = new Recorder();
    first.behaviour = () => held.wait;
    const app = await consume(topic, groupId, first);

    await waitFor('the first batch to reach the handler', async () => first.deliveries.length > 0);
    // The handler has the batch but has not resolved: nothing may be committed yet.
    expect(await committed(groupId, topic)).toBe(-1n);
    const delivered = first.deliveries.flatMap((d) => d.offsets);

    held.open();
    await waitFor('the commit', async () => (await committed(groupId, topic)) === BigInt(delivered.length));
    await waitFor('all ten handled', async () => first.handledOffsets().length === 10);
    expect(await committed(groupId, topic)).toBe(10n);
    await app.close();

    await produce(topic, 10, 15);
    const second = new Recorder();
    await consume(topic, groupId, second);
    await waitFor('the five new messages', async () => second.handledOffsets().length >= 5);
    console.log(`restarted consumer read offsets ${second.handledOffsets().join(',')} after commit 10`);
    expect(second.handledOffsets()).toEqual(range(10, 15));
    expect(first.handledOffsets()).toEqual(range(0, 10));
  });

  it('commits nothing when the consumer stops while its handler fails; the next consumer gets every message', async () => {
    const topic = await topicWith('stop-before-commit', 1);
    const groupId = `test-${runId}-stop`;
    await produce(topic, 0, 10);
    const crash = gate();
    const first = new Recorder();
    first.behaviour = () => crash.wait;
    const app = await consume(topic, groupId, first);
    await waitFor('the batch to reach the handler', async () => first.deliveries.length > 0);

    // The app is shutting down when its database write fails, as in a crash mid-batch.
    const closing = app.close();
    crash.fail(new Error('database went away'));
    await closing;
    expect(first.handled).toEqual([]);
    expect(await committed(groupId, topic)).toBe(-1n);

    const second = new Recorder();
    await consume(topic, groupId, second);
    await waitFor('every message again', async () => second.handledOffsets().length >= 10);
    expect(second.handledOffsets()).toEqual(range(0, 10));
    await waitFor('the commit', async () => (await committed(groupId, topic)) === 10n);
  });

  it('pauses a partition whose handler fails and retries it from the same offset, losing nothing', async () => {
    const topic = await topicWith('retry', 3);
    const groupId = `test-${runId}-retry`;
    for (const partition of [0, 1, 2]) await produce(topic, partition * 10, partition * 10 + 10, partition);
    const recorder = new Recorder();
    recorder.behaviour = async (batch, attempt) => {
      if (batch.partition === 0 && attempt <= 2) throw new Error(`Postgres unavailable (attempt ${attempt})`);
    };
    await consume(topic, groupId, recorder);

    await waitFor('every partition handled', async () =>
      [0, 1, 2].every((p) => recorder.handledOffsets(p).length === 10),
    );
    const partitionZero = recorder.deliveries.filter((d) => d.partition === 0);
    expect(partitionZero.length).toBeGreaterThanOrEqual(3);
    // Each retry starts where the failed batch did.
    expect(partitionZero.slice(0, 3).map((d) => d.offsets[0])).toEqual(['0', '0', '0']);
    expect(recorder.handledOffsets(0)).toEqual(range(0, 10));
    expect(recorder.handledOffsets(1)).toEqual(range(0, 10));
    expect(recorder.handled.filter((d) => d.partition === 2).flatMap((d) => d.values)).toEqual(
      range(20, 30).map((i) => `m-${i}`),
    );
    for (const p of [0, 1, 2]) {
      await waitFor(`partition ${p} committed`, async () => (await committed(groupId, topic, p)) === 10n);
    }
  });

  it('on close, finishes the batch in flight and commits it before leaving the group', async () => {
    const topic = await topicWith('graceful-close', 1);
    const groupId = `test-${runId}-close`;
    await produce(topic, 0, 10);
    const held = gate();
    const first = new Recorder();
    first.behaviour = () => held.wait;
    const app = await consume(topic, groupId, first);
    await waitFor('the batch to reach the handler', async () => first.deliveries.length > 0);
    const delivered = first.deliveries.flatMap((d) => d.offsets);

    const closing = app.close();
    held.open();
    await closing;
    expect(first.handledOffsets()).toEqual(delivered);
    expect(await committed(groupId, topic)).toBe(BigInt(delivered.length));

    await produce(topic, 10, 11);
    const second = new Recorder();
    await consume(topic, groupId, second);
    await waitFor('the sentinel message', async () => second.handledOffsets().includes('10'));
    expect(second.handledOffsets()).toEqual(range(delivered.length, 11));
  });
});
