import { INestMicroservice } from '@nestjs/common';
import { Client } from 'pg';
import { KafkaAdmin, KafkaProducer } from '@contact-cost/kafka';
import { generateMessages, SimulatedMessage, SimulatorOptions } from '@contact-cost/simulator';
import {
  createTestTopics,
  deleteTestTopics,
  produceSimulated,
  simulatedTestStack,
  startPipeline,
  testPipelineConfig,
} from '../support/pipeline-harness';
import { differencesFromReplay, offlineReplay, waitForStoredAndRolledUp } from '../support/replay-comparison';
import { emptyTestDatabase, INTEGRATION_DATABASE_URL, TEST_BROKERS, waitFor } from '../support/test-environment';

jest.setTimeout(300_000);

/**
 * Duplicates across a consumer restart: the pipeline consumes a first part of a simulated day and stops; the same
 * messages are produced again (same ids) with new ones; a new pipeline on the same group stores each (tenant, id)
 * once, and the figures are those of the offline replay of the unique messages.
 */
describe('duplicates across a consumer restart (real Kafka, Postgres)', () => {
  const options: Partial<SimulatorOptions> = {
    seed: 23,
    tenants: 2,
    agents: 6,
    events: 1500,
    duplicates: 0.02,
    outOfOrder: 0.05,
    invalid: 0.02,
  };
  const { runId, ratesJson, stack } = simulatedTestStack(options, INTEGRATION_DATABASE_URL);
  const connection = { brokers: TEST_BROKERS, clientId: `cc-restart-test-${runId}`, logLevel: 'warn' as const };
  const producer = new KafkaProducer(connection);
  const admin = new KafkaAdmin(connection);
  const db = new Client({ connectionString: INTEGRATION_DATABASE_URL });
  let pipeline: INestMicroservice | undefined;

  const produce = (messages: SimulatedMessage[]) => produceSimulated(producer, stack.topics, messages, messages.length);
  const deadLetterCount = async () =>
    [...(await admin.endOffsets(stack.topics.deadLetter)).values()].reduce((a, b) => a + b, 0n);

  beforeAll(async () => {
    await emptyTestDatabase(INTEGRATION_DATABASE_URL);
    await createTestTopics(stack.topics);
    await producer.connect();
    await admin.connect();
    await db.connect();
  });

  afterAll(async () => {
    await pipeline?.close();
    await producer.disconnect();
    await admin.disconnect();
    await db.end();
    await deleteTestTopics(stack.topics).catch(() => undefined);
  });

  it('stores each (tenant, id) once and ends with the figures of the replay of the unique messages', async () => {
    const messages = [...generateMessages(options)];
    const firstPart = messages.slice(0, 900);
    const first = await offlineReplay(
      firstPart.map((m) => m.value),
      ratesJson,
    );
    const unique = await offlineReplay(
      messages.map((m) => m.value),
      ratesJson,
    );
    expect(first.stats.accepted).toBeGreaterThan(500);
    expect(unique.stats.accepted).toBeGreaterThan(first.stats.accepted);

    await produce(firstPart);
    pipeline = await startPipeline(testPipelineConfig(stack));
    await waitForStoredAndRolledUp(db, first.stats.accepted);
    await waitFor(
      'the first part dead-lettered',
      async () => (await deadLetterCount()) === BigInt(first.stats.rejected),
    );
    await pipeline.close();
    pipeline = undefined;

    // The same messages again (same tenants and ids), then the rest of the day, to a new pipeline on the same group.
    await produce(messages);
    pipeline = await startPipeline(testPipelineConfig(stack));
    await waitForStoredAndRolledUp(db, unique.stats.accepted);
    // Each re-sent invalid message is rejected again (a rejected event claims no id).
    await waitFor(
      'the re-sent and new invalid messages dead-lettered',
      async () => (await deadLetterCount()) === BigInt(first.stats.rejected + unique.stats.rejected),
    );

    const { rows } = await db.query(
      'SELECT count(*)::int AS n, count(DISTINCT (tenant, event_id))::int AS distinct_ids FROM events',
    );
    expect(rows[0]).toEqual({ n: unique.stats.accepted, distinct_ids: unique.stats.accepted });
    const differences = await differencesFromReplay(db, unique);
    expect(differences.compared).toBeGreaterThan(50);
    expect({
      differing: differences.differing,
      examples: differences.examples,
      unexpected: differences.unexpected,
    }).toEqual({
      differing: 0,
      examples: [],
      unexpected: [],
    });
  });
});
