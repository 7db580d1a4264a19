import { Client } from 'pg';
import { KafkaAdmin, KafkaProducer } from '@contact-cost/kafka';
import { generateMessages, SimulatedMessage, SimulatorOptions } from '@contact-cost/simulator';
import { AppProcess } from '../support/app-process.runner';
import {
  createTestTopics,
  deleteTestTopics,
  produceSimulated,
  simulatedTestStack,
  testPipelineEnv,
} from '../support/pipeline-harness';
import { differencesFromReplay, offlineReplay, waitForStoredAndRolledUp } from '../support/replay-comparison';
import { E2E_DATABASE_URL, emptyTestDatabase, TEST_BROKERS, waitFor } from '../support/test-environment';

jest.setTimeout(600_000);

/**
 * The real pipeline process (dist/apps/pipeline) stopped with SIGTERM while a batch is in flight: it finishes that
 * batch, commits it, leaves the group and exits 0; a second process resumes where it stopped. In the end Postgres
 * holds each accepted event once and the figures of the offline replay, and each invalid message was dead-lettered
 * exactly once (no batch was consumed twice, none skipped).
 */
describe('e2e: SIGTERM mid-stream, then a new pipeline process resumes', () => {
  const options: Partial<SimulatorOptions> = {
    seed: 17,
    tenants: 3,
    agents: 20,
    events: 20_000,
    duplicates: 0.02,
    outOfOrder: 0.05,
    invalid: 0.01,
  };
  const { runId, ratesJson, stack } = simulatedTestStack(options, E2E_DATABASE_URL);
  const group = `cc-test-${runId}`;
  const env = testPipelineEnv(stack, { LOG_LEVEL: 'log' });
  const connection = { brokers: TEST_BROKERS, clientId: `cc-sigterm-e2e-${runId}`, logLevel: 'warn' as const };
  const producer = new KafkaProducer(connection);
  const admin = new KafkaAdmin(connection);
  const db = new Client({ connectionString: E2E_DATABASE_URL });
  // Holds a lock on `events` so that an intake batch is surely in flight when the signal arrives.
  const locker = new Client({ connectionString: E2E_DATABASE_URL });
  const processes: AppProcess[] = [];

  const produce = (messages: SimulatedMessage[]) => produceSimulated(producer, stack.topics, messages);
  const eventTopics = [stack.topics.calls, stack.topics.chats, stack.topics.tickets, stack.topics.agents];
  const committedTotal = async () => {
    let total = 0n;
    for (const topic of eventTopics) {
      for (const offset of (await admin.committedOffsets(group, topic)).values()) if (offset > 0n) total += offset;
    }
    return total;
  };
  const deadLetterCount = async () =>
    [...(await admin.endOffsets(stack.topics.deadLetter)).values()].reduce((a, b) => a + b, 0n);
  const storedCount = async () => Number((await db.query('SELECT count(*)::int AS n FROM events')).rows[0].n);
  const start = () => {
    const app = AppProcess.start('pipeline', env);
    processes.push(app);
    return app;
  };

  beforeAll(async () => {
    await emptyTestDatabase(E2E_DATABASE_URL);
    await createTestTopics(stack.topics);
    await producer.connect();
    await admin.connect();
    await db.connect();
    await locker.connect();
  });

  afterAll(async () => {
    await locker.query('ROLLBACK').catch(() => undefined);
    for (const app of processes) await app.kill();
    await producer.disconnect();
    await admin.disconnect();
    await locker.end();
    await db.end();
    await deleteTestTopics(stack.topics).catch(() => undefined);
  });

  it('finishes and commits the batch in flight, exits 0, and the next process loses and doubles nothing', async () => {
    const messages = [...generateMessages(options)];
    expect(messages).toHaveLength(20_000);
    const half = messages.length / 2;
    const expected = await offlineReplay(
      messages.map((m) => m.value),
      ratesJson,
    );
    const firstHalf = await offlineReplay(
      messages.slice(0, half).map((m) => m.value),
      ratesJson,
    );

    // The first process catches up with the first half...
    await produce(messages.slice(0, half));
    const first = start();
    await waitFor(
      'the first process to store the first half',
      async () => {
        if (!first.running) throw new Error(`the pipeline exited early:\n${first.log}`);
        return (await storedCount()) === firstHalf.stats.accepted;
      },
      300_000,
      250,
    );

    // ...then, with inserts blocked, gets the second half: its next batch waits on the lock, in flight.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE events IN SHARE MODE');
    await produce(messages.slice(half));
    await waitFor('an intake insert waiting on the lock', async () => {
      const { rows } = await locker.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO events%'`,
      );
      return rows[0].n > 0;
    });
    const committedBeforeSignal = await committedTotal();
    first.signal('SIGTERM');
    await waitFor('the pipeline to report the batch in flight', async () =>
      /stopping consumer group .* member: finishing the batch in flight \(test\./.test(first.log),
    );
    await locker.query('COMMIT');

    const exit = await first.exited;
    expect({ exit, log: exit.code === 0 ? '' : first.log }).toEqual({ exit: { code: 0, signal: null }, log: '' });
    expect(first.log).toContain('SIGTERM: stopping');
    expect(first.log).toMatch(
      new RegExp(`stopped: committed test\\.${runId}\\.[a-z]+/\\d+→\\d+.*; left consumer group ${group}`),
    );
    expect(first.log).toContain('stopped cleanly');
    // The batch in flight was committed, and the stream was left mid-way.
    const committedAtExit = await committedTotal();
    expect(committedAtExit).toBeGreaterThan(committedBeforeSignal);
    expect(committedAtExit).toBeLessThan(BigInt(messages.length));
    const storedAtExit = await storedCount();
    console.log(
      `first process: ${storedAtExit} of ${expected.stats.accepted} events stored, ` +
        `${committedAtExit} of ${messages.length} messages committed at exit; its shutdown log:\n` +
        first.log
          .split('\n')
          .filter((line) => /SIGTERM|stopping|stopped/.test(line))
          .join('\n'),
    );
    expect(storedAtExit).toBeGreaterThan(firstHalf.stats.accepted);
    expect(storedAtExit).toBeLessThan(expected.stats.accepted);

    // A second process resumes from the committed offsets.
    const second = start();
    await waitForStoredAndRolledUp(db, expected.stats.accepted, 480_000);
    await waitFor(
      'every message consumed and committed',
      async () => (await committedTotal()) === BigInt(messages.length),
    );
    // Every invalid message dead-lettered exactly once: no batch was consumed twice.
    expect(await deadLetterCount()).toBe(BigInt(expected.stats.rejected));
    const differences = await differencesFromReplay(db, expected);
    expect(differences.compared).toBeGreaterThan(500);
    expect({
      differing: differences.differing,
      examples: differences.examples,
      unexpected: differences.unexpected,
    }).toEqual({ differing: 0, examples: [], unexpected: [] });

    second.signal('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.log).toContain(`left consumer group ${group}`);
  });
});
