import { INestApplication, INestMicroservice } from '@nestjs/common';
import { createApiApp } from '../../apps/api/src/api.app';
import { createPipelineApp } from '../../apps/pipeline/src/pipeline.app';
import { ApiConfig, loadApiConfig, loadPipelineConfig, PipelineConfig } from '@contact-cost/config';
import { KafkaAdmin, KafkaProducer, OutgoingMessage } from '@contact-cost/kafka';
import { SimulatedMessage, SimulatorOptions, simulatorRateCards } from '@contact-cost/simulator';
import { TEST_BROKERS, TEST_REDIS_URL, topicsFor, uniqueRunId, writeTempFile } from './test-environment';

export interface TestStack {
  runId: string;
  databaseUrl: string;
  ratesFile: string;
  /** Topic names; the default cc.* names when `defaultTopics` is set. */
  topics: ReturnType<typeof topicsFor>;
}

/** The pipeline's config for a test run, through the same loader (and validation) as production. */
export function testPipelineConfig(stack: TestStack, extra: Record<string, string> = {}): PipelineConfig {
  return loadPipelineConfig(testPipelineEnv(stack, extra));
}

/** The pipeline's environment variables for a test run (also for the CLI and a spawned pipeline process). */
export function testPipelineEnv(stack: TestStack, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: TEST_BROKERS.join(','),
    KAFKA_CLIENT_ID: `cc-test-${stack.runId}`,
    CONSUMER_GROUP: `cc-test-${stack.runId}`,
    KAFKA_TOPIC_CALLS: stack.topics.calls,
    KAFKA_TOPIC_CHATS: stack.topics.chats,
    KAFKA_TOPIC_TICKETS: stack.topics.tickets,
    KAFKA_TOPIC_AGENTS: stack.topics.agents,
    KAFKA_TOPIC_DEAD_LETTER: stack.topics.deadLetter,
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `test-${stack.runId}`,
    RATE_CARDS_FILE: stack.ratesFile,
    ROLLUP_INTERVAL_MS: '100',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export function testApiConfig(stack: TestStack): ApiConfig {
  return loadApiConfig({
    KAFKA_BROKERS: TEST_BROKERS.join(','),
    KAFKA_CLIENT_ID: `cc-test-api-${stack.runId}`,
    KAFKA_TOPIC_CALLS: stack.topics.calls,
    KAFKA_TOPIC_CHATS: stack.topics.chats,
    KAFKA_TOPIC_TICKETS: stack.topics.tickets,
    KAFKA_TOPIC_AGENTS: stack.topics.agents,
    KAFKA_TOPIC_DEAD_LETTER: stack.topics.deadLetter,
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `test-${stack.runId}`,
    RATE_CARDS_FILE: stack.ratesFile,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
  });
}

export async function createTestTopics(topics: ReturnType<typeof topicsFor>): Promise<void> {
  const admin = new KafkaAdmin({ brokers: TEST_BROKERS, clientId: 'cc-test-admin', logLevel: 'warn' });
  await admin.connect();
  try {
    await admin.ensureTopics([
      { topic: topics.calls, partitions: 3, replicationFactor: 1 },
      { topic: topics.chats, partitions: 3, replicationFactor: 1 },
      { topic: topics.tickets, partitions: 3, replicationFactor: 1 },
      { topic: topics.agents, partitions: 3, replicationFactor: 1 },
      { topic: topics.deadLetter, partitions: 1, replicationFactor: 1 },
    ]);
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTestTopics(topics: ReturnType<typeof topicsFor>): Promise<void> {
  const admin = new KafkaAdmin({ brokers: TEST_BROKERS, clientId: 'cc-test-admin', logLevel: 'error' });
  await admin.connect();
  try {
    await admin.deleteTopics(Object.values(topics).filter((t) => t.startsWith('test.')));
  } finally {
    await admin.disconnect();
  }
}

export async function startPipeline(config: PipelineConfig): Promise<INestMicroservice> {
  const app = await createPipelineApp(config);
  await app.listen();
  return app;
}

export async function startApi(config: ApiConfig): Promise<{ app: INestApplication; url: string }> {
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  return { app, url };
}

/** Produces simulator messages to the stack's topics (each to its role's topic), `batchSize` messages a request. */
export async function produceSimulated(
  producer: KafkaProducer,
  topics: ReturnType<typeof topicsFor>,
  messages: SimulatedMessage[],
  batchSize = 2000,
): Promise<void> {
  for (let start = 0; start < messages.length; start += batchSize) {
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const m of messages.slice(start, start + batchSize)) {
      const topic = topics[m.topicRole];
      const list = byTopic.get(topic) ?? [];
      list.push({ key: m.key, value: m.value });
      byTopic.set(topic, list);
    }
    await producer.sendToTopics([...byTopic].map(([topic, batch]) => ({ topic, messages: batch })));
  }
}

/** A stack of its own for a simulated day: a run id, its topics, and the simulator's rate cards in a file. */
export function simulatedTestStack(
  options: Partial<SimulatorOptions>,
  databaseUrl: string,
): { runId: string; ratesJson: ReturnType<typeof simulatorRateCards>; stack: TestStack } {
  const runId = uniqueRunId();
  const ratesJson = simulatorRateCards(options);
  const stack: TestStack = {
    runId,
    databaseUrl,
    ratesFile: writeTempFile('rates.json', JSON.stringify(ratesJson)),
    topics: topicsFor(runId),
  };
  return { runId, ratesJson, stack };
}
