import { INestMicroservice } from '@nestjs/common';
import { readFileSync, writeFileSync } from 'fs';
import { Client } from 'pg';
import { KafkaAdmin, KafkaProducer, OutgoingMessage, readTopic } from '@contact-cost/kafka';
import { runBuiltCli } from '../support/app-process.runner';
import {
  createTestTopics,
  deleteTestTopics,
  startPipeline,
  testPipelineConfig,
  testPipelineEnv,
  TestStack,
} from '../support/pipeline-harness';
import { loadScenario, routeLine, toMicros } from '../support/scenarios';
import {
  emptyTestDatabase,
  INTEGRATION_DATABASE_URL,
  TEST_BROKERS,
  topicsFor,
  uniqueRunId,
  waitFor,
  writeTempFile,
} from '../support/test-environment';

jest.setTimeout(240_000);

/**
 * `cost dead-letters redrive` (the built CLI) against the real broker: events of a tenant with no rate card are
 * dead-lettered; once its rate card is added (and the pipeline restarted with it), the re-drive re-publishes them,
 * the pipeline stores and costs them, and a second run has nothing left to do.
 */
describe('dead-letter re-drive (real Kafka, Postgres, the built CLI)', () => {
  const scenario = loadScenario('01-single-call');
  const card = JSON.parse(readFileSync(scenario.ratesFile, 'utf8')).acme;
  const runId = uniqueRunId();
  const stack: TestStack = {
    runId,
    databaseUrl: INTEGRATION_DATABASE_URL,
    // At first only acme is priced.
    ratesFile: writeTempFile('rates.json', JSON.stringify({ acme: card })),
    topics: topicsFor(runId),
  };
  const connection = { brokers: TEST_BROKERS, clientId: `cc-redrive-test-${runId}`, logLevel: 'warn' as const };
  const producer = new KafkaProducer(connection);
  const db = new Client({ connectionString: INTEGRATION_DATABASE_URL });
  let pipeline: INestMicroservice | undefined;

  // Scenario 01's call, for the new tenant newco; one malformed newco event; one event of a tenant never priced.
  const newcoLines = scenario.lines.map((line) => line.replace('"tenant":"acme"', '"tenant":"newco"'));
  const malformed = JSON.stringify({ id: 'bad-1', type: 'call.started', tenant: 'newco', time: 'yesterday' });
  const ghost = JSON.stringify({
    id: 'g-1',
    type: 'call.started',
    tenant: 'ghost',
    time: '2026-11-02T14:00:00Z',
    contact: 'g-c-1',
    direction: 'inbound',
  });
  const lines = [...newcoLines, malformed, ghost];

  const redrive = (...args: string[]) =>
    runBuiltCli(['dead-letters', 'redrive', ...args], testPipelineEnv(stack, { LOG_LEVEL: 'warn' }));

  const deadLetterCount = async () => {
    const admin = new KafkaAdmin(connection);
    await admin.connect();
    try {
      const ends = await admin.endOffsets(stack.topics.deadLetter);
      return [...ends.values()].reduce((a, b) => a + b, 0n);
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    await emptyTestDatabase(INTEGRATION_DATABASE_URL);
    await createTestTopics(stack.topics);
    await producer.connect();
    await db.connect();
  });

  afterAll(async () => {
    await pipeline?.close();
    await producer.disconnect();
    await db.end();
    await deleteTestTopics(stack.topics).catch(() => undefined);
  });

  it('re-publishes what the new rate card makes valid, once, and leaves the rest', async () => {
    expect(newcoLines.every((line) => line.includes('"tenant":"newco"'))).toBe(true);
    pipeline = await startPipeline(testPipelineConfig(stack));
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const line of lines) {
      const { role, key } = routeLine(line);
      const topic = stack.topics[role];
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key, value: line }]);
    }
    await producer.sendToTopics([...byTopic].map(([topic, messages]) => ({ topic, messages })));

    const deadLetters = await readTopic(connection, {
      topic: stack.topics.deadLetter,
      count: lines.length,
      timeoutMs: 60_000,
    });
    expect(deadLetters.map((m) => m.headers['cc-reason']).sort()).toEqual([
      'schema',
      ...Array.from({ length: 11 }, () => 'unknown_tenant'),
    ]);
    expect(Number((await db.query('SELECT count(*) AS n FROM events')).rows[0].n)).toBe(0);

    // Nothing to re-drive yet: the rate cards still lack newco.
    const early = await redrive('--dry-run');
    expect(early.stderr).toBe('');
    expect(early.code).toBe(0);
    expect(early.stdout).toContain('would re-publish: 0\n');

    // newco gets its rate card; the pipeline is restarted with it (it reads the file at start-up).
    writeFileSync(stack.ratesFile, JSON.stringify({ acme: card, newco: card }));
    await pipeline.close();
    pipeline = await startPipeline(testPipelineConfig(stack));

    const dryRun = await redrive('--dry-run');
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout.split('\n')).toEqual([
      `dry run: nothing published or committed; consumer group cc-test-${runId}.redrive: read 12 dead letter(s)`,
      `would re-publish: 10 (${stack.topics.agents} 4, ${stack.topics.calls} 6)`,
      'still invalid: 2 (schema 1, unknown_tenant 1)',
      'skipped by the filter: 0',
      '',
    ]);

    const first = await redrive();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n').slice(0, 3)).toEqual([
      `consumer group cc-test-${runId}.redrive: read 12 dead letter(s)`,
      `re-published: 10 (${stack.topics.agents} 4, ${stack.topics.calls} 6)`,
      'still invalid: 2 (schema 1, unknown_tenant 1)',
    ]);

    // The pipeline stores the re-published events and costs newco's call as the scenario says.
    const expected = scenario.expected.tenants.acme.contacts['c-1'];
    const costed = await waitFor('newco c-1 costed from all ten events', async () => {
      const { rows } = await db.query(
        `SELECT c.total_micros::text AS total, (SELECT count(*)::int FROM events WHERE tenant = 'newco') AS events,
                (SELECT last_seq FROM rollup_cursor WHERE name = 'live') >= (SELECT max(seq) FROM events) AS done
           FROM contact_costs c WHERE c.tenant = 'newco' AND c.contact = 'c-1'`,
      );
      return rows[0]?.events === 10 && rows[0]?.done === true ? rows[0] : undefined;
    });
    expect(costed.total).toBe(String(toMicros(expected.cost.total)));
    const { rows: stored } = await db.query('SELECT tenant, event_id FROM events ORDER BY event_id');
    expect(stored.map((r) => `${r.tenant}/${r.event_id}`)).toEqual(
      newcoLines.map((_, i) => `newco/e-${String(i + 1).padStart(2, '0')}`),
    );
    // None of the re-published events came back as a dead letter.
    expect(await deadLetterCount()).toBe(12n);

    // The second run continues where the first stopped: nothing new, nothing re-published.
    const second = await redrive();
    expect(second.code).toBe(0);
    expect(second.stdout.split('\n').slice(0, 3)).toEqual([
      `consumer group cc-test-${runId}.redrive: read 0 dead letter(s)`,
      're-published: 0',
      'still invalid: 0',
    ]);

    // A filtered run keeps its own position, so it examines the whole topic; ghost still has no rate card.
    const ghostRun = await redrive('--tenant', 'ghost');
    expect(ghostRun.code).toBe(0);
    expect(ghostRun.stdout.split('\n').slice(0, 4)).toEqual([
      `consumer group cc-test-${runId}.redrive.tenant-ghost: read 12 dead letter(s)`,
      're-published: 0',
      'still invalid: 1 (unknown_tenant 1)',
      'skipped by the filter: 11',
    ]);
    expect(await deadLetterCount()).toBe(12n);
    expect(Number((await db.query('SELECT count(*) AS n FROM events')).rows[0].n)).toBe(10);
  });

  it('exits 1 naming the problem when the dead-letter topic does not exist', async () => {
    const run = await runBuiltCli(
      ['dead-letters', 'redrive'],
      testPipelineEnv(stack, { KAFKA_TOPIC_DEAD_LETTER: `test.${runId}.no-such-topic` }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`dead-letter re-drive failed: topic test.${runId}.no-such-topic does not exist`);
  });
});
