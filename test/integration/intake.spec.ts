import { INestMicroservice } from '@nestjs/common';
import { Client } from 'pg';
import { KafkaAdmin, KafkaProducer, readTopic } from '@contact-cost/kafka';
import { EventStore } from '@contact-cost/storage';
import {
  createTestTopics,
  deleteTestTopics,
  startPipeline,
  testPipelineConfig,
  TestStack,
} from '../support/pipeline-harness';
import { loadScenario, toMicros } from '../support/scenarios';
import {
  emptyTestDatabase,
  INTEGRATION_DATABASE_URL,
  TEST_BROKERS,
  topicsFor,
  uniqueRunId,
  waitFor,
} from '../support/test-environment';

jest.setTimeout(180_000);

const connection = { brokers: TEST_BROKERS, clientId: 'cc-intake-test', logLevel: 'warn' as const };

describe('intake: Kafka → events table + dead-letter topic (real Kafka, Postgres)', () => {
  const scenario = loadScenario('04-invalid-and-duplicates');
  const runId = uniqueRunId();
  const stack: TestStack = {
    runId,
    databaseUrl: INTEGRATION_DATABASE_URL,
    ratesFile: scenario.ratesFile,
    topics: topicsFor(runId),
  };
  const producer = new KafkaProducer(connection);
  const db = new Client({ connectionString: INTEGRATION_DATABASE_URL });
  let pipeline: INestMicroservice | undefined;

  // Scenario 04's lines in file order on one partition, with two more poison messages among them.
  const oversized = JSON.stringify({ id: 'big', type: 'call.started', tenant: 'acme', pad: 'x'.repeat(70_000) });
  const messages: { value: string | null; line?: number }[] = [
    ...scenario.lines.slice(0, 5).map((value, i) => ({ value, line: scenario.lineNumbers[i] })),
    { value: null },
    { value: oversized },
    ...scenario.lines.slice(5).map((value, i) => ({ value, line: scenario.lineNumbers[i + 5] })),
  ];
  const offsetOfLine = (line: number) => messages.findIndex((m) => m.line === line);

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

  it('stores the first of each event, dead-letters the rest with reasons, and never stops on a bad message', async () => {
    await producer.send(
      stack.topics.calls,
      messages.map((m, i) => ({ key: `k-${i}`, value: m.value, partition: 0 }) as never),
    );
    pipeline = await startPipeline(testPipelineConfig(stack));

    // 9 accepted events of the scenario; 2 duplicates never stored.
    const stored = await waitFor('the nine accepted events', async () => {
      const { rows } = await db.query('SELECT seq::text AS seq, tenant, event_id, raw FROM events ORDER BY events.seq');
      return rows.length >= 9 ? rows : undefined;
    });
    expect(stored.map((r) => `${r.tenant}/${r.event_id}`)).toEqual([
      'acme/e-01',
      'acme/e-02',
      'acme/e-03',
      'acme/e-04',
      'acme/e-05',
      'acme/e-06',
      'acme/e-07',
      'acme/e-08',
      'globex/e-01',
    ]);
    // First to arrive wins: the e-06 that ended the call at 14:16:30.
    expect(stored.find((r) => r.event_id === 'e-06').raw).toContain('14:16:30');

    const deadLetters = await readTopic(connection, { topic: stack.topics.deadLetter, count: 7, timeoutMs: 60_000 });
    const byOffset = (offset: number) => deadLetters.find((m) => m.headers['cc-original-offset'] === String(offset));
    const expectedRejections = [
      { offset: 5, reason: 'invalid_json' }, // the tombstone
      { offset: 6, reason: 'schema' }, // over 64 KiB
      ...scenario.expected.rejected.map((r) => ({ offset: offsetOfLine(r.line), reason: r.reason })),
    ];
    expect(deadLetters).toHaveLength(expectedRejections.length);
    for (const { offset, reason } of expectedRejections) {
      const letter = byOffset(offset);
      expect(letter?.headers['cc-reason']).toBe(reason);
      expect(letter?.headers['cc-original-topic']).toBe(stack.topics.calls);
      expect(letter?.headers['cc-original-partition']).toBe('0');
      expect(letter?.headers['cc-original-timestamp']).toMatch(/^[0-9]+$/);
      expect(letter?.headers['cc-detail'].length).toBeGreaterThan(0);
      expect(letter?.key).toBe(`k-${offset}`);
      expect(letter?.value?.toString() ?? null).toBe(messages[offset].value);
    }
    expect(byOffset(offsetOfLine(10))?.headers['cc-tenant']).toBe('ghost');
    expect(byOffset(offsetOfLine(10))?.headers['cc-event-id']).toBe('e-93');

    const admin = new KafkaAdmin(connection);
    await admin.connect();
    try {
      await waitFor('the intake to commit every offset', async () => {
        const offsets = await admin.committedOffsets(`cc-test-${runId}`, stack.topics.calls);
        return offsets.get(0) === BigInt(messages.length);
      });
    } finally {
      await admin.disconnect();
    }

    // The rollup turns the stored events into the figures the offline replay gives.
    const expected = scenario.expected.tenants;
    const contacts = await waitFor('both contacts costed', async () => {
      const { rows } = await db.query(
        'SELECT tenant, contact, total_micros::text AS total FROM contact_costs ORDER BY tenant, contact',
      );
      const cursor = await db.query(`SELECT last_seq::text AS seq FROM rollup_cursor WHERE name = 'live'`);
      return cursor.rows[0]?.seq === stored[stored.length - 1].seq ? rows : undefined;
    });
    expect(contacts).toEqual([
      { tenant: 'acme', contact: 'v-9', total: String(toMicros(expected.acme.contacts['v-9'].cost.total)) },
      { tenant: 'globex', contact: 'g-1', total: String(toMicros(expected.globex.contacts['g-1'].cost.total)) },
    ]);
  });

  it('commits nothing while Postgres refuses the events, then stores each of them once', async () => {
    const admin = new KafkaAdmin(connection);
    await admin.connect();
    const group = `cc-test-${runId}`;
    const committedBefore = (await admin.committedOffsets(group, stack.topics.chats)).get(1) ?? -1n;
    const chats = ['x-1', 'x-2', 'x-3'].map((id, i) =>
      JSON.stringify({
        id,
        type: 'chat.started',
        tenant: 'acme',
        time: `2026-11-05T15:0${i}:00Z`,
        contact: `chat-${id}`,
      }),
    );
    // Counts the event store's failures (the real store, observed, not replaced).
    const store = pipeline!.get(EventStore);
    const insertEvents = store.insertEvents.bind(store);
    let failedInserts = 0;
    store.insertEvents = async (rows) => {
      try {
        return await insertEvents(rows);
      } catch (error) {
        failedInserts += 1;
        throw error;
      }
    };
    try {
      // The events table "disappears": every insert fails as if the database were down.
      await db.query('ALTER TABLE events RENAME TO events_unavailable');
      await producer.send(
        stack.topics.chats,
        chats.map((value) => ({ key: 'k', value, partition: 1 }) as never),
      );
      await waitFor('the intake to fail, and fail again on retry', async () => failedInserts >= 2);
      expect((await admin.committedOffsets(group, stack.topics.chats)).get(1) ?? -1n).toBe(committedBefore);
      await db.query('ALTER TABLE events_unavailable RENAME TO events');

      const stored = await waitFor('the three chats stored after recovery', async () => {
        const { rows } = await db.query(`SELECT event_id FROM events WHERE event_id LIKE 'x-%' ORDER BY event_id`);
        return rows.length === 3 ? rows : undefined;
      });
      expect(stored.map((r) => r.event_id)).toEqual(['x-1', 'x-2', 'x-3']);
      await waitFor('the offsets committed after recovery', async () => {
        const offsets = await admin.committedOffsets(group, stack.topics.chats);
        return offsets.get(1) === 3n;
      });
    } finally {
      await db.query('ALTER TABLE IF EXISTS events_unavailable RENAME TO events').catch(() => undefined);
      await admin.disconnect();
    }
  });
});
