import { INestApplication, INestMicroservice } from '@nestjs/common';
import { readFileSync } from 'fs';
import { Client } from 'pg';
import { DEFAULT_TOPICS } from '@contact-cost/contracts';
import { KafkaAdmin, KafkaProducer } from '@contact-cost/kafka';
import type { ContactView, TenantLiveView } from '@contact-cost/live-api';
import { startApi, startPipeline, testApiConfig, testPipelineConfig, TestStack } from '../support/pipeline-harness';
import { loadScenario, routeLine } from '../support/scenarios';
import {
  E2E_DATABASE_URL,
  emptyTestDatabase,
  TEST_BROKERS,
  uniqueRunId,
  waitFor,
  writeTempFile,
} from '../support/test-environment';

jest.setTimeout(240_000);

/**
 * Scenario 01 (one inbound call) end to end: Kafka (cc.calls, cc.agents on 127.0.0.1:9092) → pipeline (intake,
 * Postgres, rollup, Redis) → HTTP API. The scenario's tenant is renamed to one unique to this run so that other
 * traffic on the shared cc.* topics cannot mix into its figures.
 */
describe('e2e: live cost per contact of one voice call', () => {
  const scenario = loadScenario('01-single-call');
  const runId = uniqueRunId();
  const tenant = `e2e-${runId}`;
  const rates = JSON.parse(readFileSync(scenario.ratesFile, 'utf8'));
  const stack: TestStack = {
    runId,
    databaseUrl: E2E_DATABASE_URL,
    ratesFile: writeTempFile('rates.json', JSON.stringify({ [tenant]: rates.acme })),
    topics: { ...DEFAULT_TOPICS },
  };
  const connection = { brokers: TEST_BROKERS, clientId: `cc-e2e-${runId}`, logLevel: 'warn' as const };
  const producer = new KafkaProducer(connection);
  const db = new Client({ connectionString: E2E_DATABASE_URL });
  let pipeline: INestMicroservice | undefined;
  let api: { app: INestApplication; url: string } | undefined;

  beforeAll(async () => {
    await emptyTestDatabase(E2E_DATABASE_URL);
    const admin = new KafkaAdmin(connection);
    await admin.connect();
    try {
      await admin.ensureTopics(Object.values(DEFAULT_TOPICS).map((topic) => ({ topic, partitions: 3 })));
      // This run's consumer group reads only what is produced from here on, not the topics' history.
      await admin.startGroupAtEnd(`cc-test-${runId}`, [
        DEFAULT_TOPICS.calls,
        DEFAULT_TOPICS.chats,
        DEFAULT_TOPICS.tickets,
        DEFAULT_TOPICS.agents,
      ]);
    } finally {
      await admin.disconnect();
    }
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
  });

  it('serves the voice channel cost per contact that the offline replay gives (4.462700)', async () => {
    const byTopic = new Map<string, { key: string | null; value: string }[]>();
    for (const line of scenario.lines) {
      const event = JSON.parse(line);
      const value = JSON.stringify({ ...event, tenant });
      const { role, key } = routeLine(value);
      const topic = stack.topics[role];
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key, value }]);
    }
    for (const [topic, messages] of byTopic) {
      await producer.send(topic, messages);
      console.log(`produced ${messages.length} events of ${scenario.name} to ${topic} on ${TEST_BROKERS.join(',')}`);
    }

    // Ready when the rollup has folded in all ten events (Postgres) and Redis shows that same figure.
    await waitFor('the rollup to fold in the ten events', async () => {
      const [row] = (
        await db.query(
          `SELECT count(*)::int AS n, (SELECT last_seq FROM rollup_cursor WHERE name = 'live') >= max(seq) AS done
             FROM events WHERE tenant = $1`,
          [tenant],
        )
      ).rows;
      return row.n === scenario.lines.length && row.done === true;
    });
    const contactUrl = `${api!.url}/v1/tenants/${tenant}/contacts/c-1`;
    const contact = (await (await fetch(contactUrl)).json()) as ContactView;
    const liveUrl = `${api!.url}/v1/tenants/${tenant}/live`;
    const live = await waitFor('the live totals to show the stored figure', async () => {
      const response = await fetch(liveUrl);
      if (response.status !== 200) return undefined;
      const body = (await response.json()) as TenantLiveView;
      return body.channels?.voice?.cost === contact.cost.total ? body : undefined;
    });
    console.log(`GET ${liveUrl} → ${JSON.stringify(live)}`);
    expect(live.tenant).toBe(tenant);
    expect(live.currency).toBe('USD');
    expect((live.asOf ?? '') >= scenario.expected.asOf).toBe(true);
    expect(live.channels).toEqual({ voice: { contacts: 1, cost: '4.462700', costPerContact: '4.462700' } });
    expect(live.reasons.billing_question).toEqual({ contacts: 1, cost: '4.462700', costPerContact: '4.462700' });

    console.log(`GET ${contactUrl} → ${JSON.stringify(contact)}`);
    expect(contact).toMatchObject({
      tenant,
      contact: 'c-1',
      channel: 'voice',
      reason: 'billing_question',
      case: null,
      queue: 'billing',
      day: '2026-11-02',
      open: false,
      handleSeconds: 437.75,
      agentSeconds: 437.75,
      cost: {
        labour: '3.647917',
        overhead: '0.729583',
        telephony: '0.085200',
        fees: '0.000000',
        usage: '0.000000',
        compensation: '0.000000',
        total: '4.462700',
      },
    });
  });

  it('answers 400 for a malformed tenant and 404 for one with no rate card or no contact', async () => {
    const bad = await fetch(`${api!.url}/v1/tenants/Not%20A%20Tenant/live`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/tenant "Not A Tenant" is malformed/);
    const unknown = await fetch(`${api!.url}/v1/tenants/nobody-${runId}/live`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/has no rate card/);
    const noContact = await fetch(`${api!.url}/v1/tenants/${tenant}/contacts/c-404`);
    expect(noContact.status).toBe(404);
    const health = await fetch(`${api!.url}/health`);
    expect(await health.json()).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
  });
});
