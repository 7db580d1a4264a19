import { INestApplication, INestMicroservice } from '@nestjs/common';
import { Readable } from 'stream';
import { Client } from 'pg';
import { parseRateCards } from '@contact-cost/costing';
import { KafkaProducer, readTopic } from '@contact-cost/kafka';
import type { TenantLiveView } from '@contact-cost/live-api';
import { replayJson, replayStream } from '@contact-cost/replay';
import { generateMessages, SimulatorOptions } from '@contact-cost/simulator';
import {
  createTestTopics,
  deleteTestTopics,
  produceSimulated,
  simulatedTestStack,
  startApi,
  startPipeline,
  testApiConfig,
  testPipelineConfig,
} from '../support/pipeline-harness';
import { differencesFromReplay, waitForStoredAndRolledUp } from '../support/replay-comparison';
import { ExpectedContact, toMicros } from '../support/scenarios';
import { E2E_DATABASE_URL, emptyTestDatabase, TEST_BROKERS, waitFor } from '../support/test-environment';

jest.setTimeout(300_000);

/**
 * A simulated contact centre (duplicates, late and invalid messages included) through Kafka, the pipeline and the
 * API, compared with the offline replay of the very same messages: stream and replay must agree.
 */
describe('e2e: the live pipeline agrees with the offline replay', () => {
  const options: Partial<SimulatorOptions> = {
    seed: 7,
    tenants: 2,
    agents: 8,
    events: 3000,
    duplicates: 0.03,
    outOfOrder: 0.05,
    invalid: 0.02,
  };
  const { runId, ratesJson, stack } = simulatedTestStack(options, E2E_DATABASE_URL);
  const connection = { brokers: TEST_BROKERS, clientId: `cc-e2e-${runId}`, logLevel: 'warn' as const };
  const producer = new KafkaProducer(connection);
  const db = new Client({ connectionString: E2E_DATABASE_URL });
  let pipeline: INestMicroservice | undefined;
  let api: { app: INestApplication; url: string } | undefined;

  beforeAll(async () => {
    await emptyTestDatabase(E2E_DATABASE_URL);
    await createTestTopics(stack.topics);
    pipeline = await startPipeline(testPipelineConfig(stack));
    api = await startApi(testApiConfig(stack));
    await producer.connect();
    await db.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await db.end();
    await api?.app.close();
    await pipeline?.close();
    await deleteTestTopics(stack.topics).catch(() => undefined);
  });

  it('gives every contact the replay figures and every channel the replay totals', async () => {
    const messages = [...generateMessages(options)];
    const replay = await replayStream(Readable.from(messages.map((m) => m.value + '\n')), parseRateCards(ratesJson));
    const expected = replayJson(replay, parseRateCards(ratesJson), null);

    await produceSimulated(producer, stack.topics, messages, 500);
    console.log(
      `produced ${messages.length} simulated messages to ${TEST_BROKERS.join(',')}; replay: ${JSON.stringify(replay.stats)}`,
    );

    await waitForStoredAndRolledUp(db, replay.stats.accepted);
    const contacts = new Map(
      Object.entries(expected.tenants).map(([tenant, report]) => [
        tenant,
        report.contacts as unknown as Record<string, ExpectedContact>,
      ]),
    );
    const differences = await differencesFromReplay(db, { stats: replay.stats, contacts });
    expect(differences.compared).toBeGreaterThan(0);
    expect({ ...differences, compared: 0 }).toEqual({ compared: 0, differing: 0, examples: [], unexpected: [] });

    for (const [tenant, report] of Object.entries(expected.tenants) as [
      string,
      { channels: Record<string, { contacts: number; cost: string }> },
    ][]) {
      const live = await waitFor(`${tenant}'s live totals`, async () => {
        const response = await fetch(`${api!.url}/v1/tenants/${tenant}/live`);
        const body = (await response.json()) as TenantLiveView;
        return body.asOf === expected.asOf ? body : undefined;
      });
      console.log(`live ${tenant}: ${JSON.stringify(live.channels)}`);
      expect(Object.keys(live.channels).sort()).toEqual(Object.keys(report.channels).sort());
      for (const [channel, want] of Object.entries(report.channels)) {
        const got = live.channels[channel];
        expect(got.contacts).toBe(want.contacts);
        // A live total is a sum of contact totals rounded to micro-units: at most one micro-unit off per contact.
        const miss = toMicros(got.cost) - toMicros(want.cost);
        expect({ channel, within: miss <= BigInt(want.contacts) && -miss <= BigInt(want.contacts) }).toEqual({
          channel,
          within: true,
        });
      }
    }

    const deadLetters = await readTopic(connection, {
      topic: stack.topics.deadLetter,
      count: replay.stats.rejected,
      timeoutMs: 60_000,
    });
    expect(deadLetters.length).toBe(replay.stats.rejected);
    expect(deadLetters.map((m) => m.headers['cc-reason']).sort()).toEqual(replay.rejected.map((r) => r.reason).sort());
  });
});
