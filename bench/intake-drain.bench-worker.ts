// One measured drain of the preloaded bench topic, in its own process so its peak RSS is its own.
// Mode `bare`: a bare kafkajs eachBatch consumer that only counts. Mode `intake`: the pipeline app as deployed.
// Prints one line `RESULT {json}` (other stdout lines are the apps' own logs).
import type { IntakeOutcome } from '@contact-cost/intake';
import type { LiveTotalsService } from '@contact-cost/live-totals';

/** What the bench process hands to a worker (one JSON argument). */
export interface DrainJob {
  mode: 'bare' | 'intake';
  brokers: string[];
  runId: string;
  groupId: string;
  /** The preloaded topic, then the other topics the pipeline subscribes to (empty). */
  topics: { calls: string; chats: string; tickets: string; agents: string; deadLetter: string };
  messages: number;
  databaseUrl: string;
  redisUrl: string;
  ratesFile: string;
  /** Give up (exit 1) when not drained after this long. */
  timeoutMs: number;
  /** intake only: false keeps the app's rollup from starting (a diagnostic split of the path). */
  rollup: boolean;
}

export interface DrainResult {
  /** First message handed to the consumer's code → last message counted (bare) or committed (intake). */
  drainMs: number;
  messages: number;
  maxRssKb: number;
  /** intake with rollup: first message → the rollup's cursor at the last stored event (CostEngine.apply done). */
  foldedMs?: number;
  outcome?: IntakeOutcome;
  storedEvents?: number;
  contactsCosted?: number;
}

const POLL_MS = 100;

function result(out: DrainResult): void {
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

async function drainBare(job: DrainJob): Promise<DrainResult> {
  // The baseline alone talks to kafkajs directly: nothing of the project runs in it.
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: `cc-bench-bare-${job.runId}`, brokers: job.brokers, logLevel: logLevel.ERROR });
  // The same consumer settings as KafkaBatchServer, so only the work per batch differs.
  const consumer = kafka.consumer({
    groupId: job.groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 1_000,
    allowAutoTopicCreation: false,
  });
  let counted = 0;
  let firstAt = 0n;
  let lastAt = 0n;
  let done!: () => void;
  const drained = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(job.topics).slice(0, 4), fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 1,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      if (batch.isEmpty()) return;
      if (firstAt === 0n) firstAt = process.hrtime.bigint();
      counted += batch.messages.length;
      resolveOffset(batch.lastOffset());
      await heartbeat();
      if (counted >= job.messages) {
        lastAt = process.hrtime.bigint();
        done();
      }
    },
  });
  await withTimeout(drained, job.timeoutMs, () => `bare consumer counted ${counted} of ${job.messages}`);
  await consumer.disconnect();
  return { drainMs: Number(lastAt - firstAt) / 1e6, messages: counted, maxRssKb: process.resourceUsage().maxRSS };
}

async function drainIntake(job: DrainJob): Promise<DrainResult> {
  const { Client } = await import('pg');
  const { loadPipelineConfig } = await import('@contact-cost/config');
  const { EventIntakeService } = await import('@contact-cost/intake');
  const { KafkaAdmin } = await import('@contact-cost/kafka');
  const liveTotalsModule = await import('@contact-cost/live-totals');
  const { RollupService } = await import('@contact-cost/rollup');
  const { createPipelineApp } = await import('../apps/pipeline/src/pipeline.app');

  // Through the production loader, so the settings are validated as the pipeline's own.
  const config = loadPipelineConfig({
    KAFKA_BROKERS: job.brokers.join(','),
    KAFKA_CLIENT_ID: `cc-bench-${job.runId}`,
    CONSUMER_GROUP: job.groupId,
    KAFKA_TOPIC_CALLS: job.topics.calls,
    KAFKA_TOPIC_CHATS: job.topics.chats,
    KAFKA_TOPIC_TICKETS: job.topics.tickets,
    KAFKA_TOPIC_AGENTS: job.topics.agents,
    KAFKA_TOPIC_DEAD_LETTER: job.topics.deadLetter,
    DATABASE_URL: job.databaseUrl,
    REDIS_URL: job.redisUrl,
    REDIS_KEY_PREFIX: `bench-${job.runId}`,
    RATE_CARDS_FILE: job.ratesFile,
    LOG_LEVEL: 'warn',
  });
  const app = await createPipelineApp(config);

  // Timing only: note when the first batch reaches the intake, and add up what it did with each batch.
  const intake = app.get(EventIntakeService);
  const ingest = intake.ingest.bind(intake);
  const outcome: IntakeOutcome = { accepted: 0, duplicates: 0, rejected: 0 };
  let firstAt = 0n;
  intake.ingest = async (batch) => {
    if (firstAt === 0n) firstAt = process.hrtime.bigint();
    const one = await ingest(batch);
    outcome.accepted += one.accepted;
    outcome.duplicates += one.duplicates;
    outcome.rejected += one.rejected;
    return one;
  };

  const admin = new KafkaAdmin({ brokers: job.brokers, clientId: `cc-bench-admin-${job.runId}`, logLevel: 'error' });
  const db = new Client({ connectionString: job.databaseUrl, application_name: 'contact-cost-bench-probe' });
  await admin.connect();
  await db.connect();
  // The rollup starts from its bootstrap hook, which listen() runs; without it, it never starts. (Not app.init():
  // on a Nest 11 microservice, init() then listen() run the bootstrap hooks twice, i.e. two rollup loops.)
  if (!job.rollup) app.get(RollupService).onApplicationBootstrap = () => undefined;
  await app.listen();
  try {
    const ends = await admin.endOffsets(job.topics.calls);
    const committedAll = async () => {
      const committed = await admin.committedOffsets(job.groupId, job.topics.calls);
      return [...ends].every(([partition, end]) => (committed.get(partition) ?? -1n) >= end);
    };
    const drain = pollUntil(committedAll).then(() => process.hrtime.bigint());
    const committedAt = await withTimeout(drain, job.timeoutMs, () => `intake: not all offsets committed`);

    // The rollup folds stored events into the engine in seq order; caught up = its cursor at the last event.
    let foldedAt: bigint | undefined;
    if (job.rollup) {
      const folded = pollUntil(async () => {
        const { rows } = await db.query(
          `SELECT (SELECT last_seq FROM rollup_cursor WHERE name = 'live') >= (SELECT max(seq) FROM events) AS done`,
        );
        return rows[0].done === true;
      }).then(() => process.hrtime.bigint());
      foldedAt = await withTimeout(folded, job.timeoutMs, () => `rollup: not caught up with the events table`);
    }

    const { rows } = await db.query(
      'SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM contact_costs)::int AS contacts',
    );
    const maxRssKb = process.resourceUsage().maxRSS;
    await clearLiveTotals(app.get(liveTotalsModule.LiveTotalsService), job.redisUrl);
    return {
      drainMs: Number(committedAt - firstAt) / 1e6,
      foldedMs: foldedAt === undefined ? undefined : Number(foldedAt - firstAt) / 1e6,
      messages: outcome.accepted + outcome.duplicates + outcome.rejected,
      maxRssKb,
      outcome,
      storedEvents: rows[0].events,
      contactsCosted: rows[0].contacts,
    };
  } finally {
    await app.close();
    await db.end();
    await admin.disconnect();
  }
}

/** Removes the run's Redis totals; the key names come from live-totals itself. */
async function clearLiveTotals(liveTotals: LiveTotalsService, redisUrl: string): Promise<void> {
  for (const tenant of await liveTotals.tenants()) await liveTotals.clearTenant(tenant);
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  try {
    await redis.del(liveTotals.keys.asOf());
  } finally {
    redis.disconnect();
  }
}

async function pollUntil(probe: () => Promise<boolean>): Promise<void> {
  while (!(await probe())) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${Math.round(ms / 1000)} s: ${what()}`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as DrainJob;
  result(job.mode === 'bare' ? await drainBare(job) : await drainIntake(job));
}

main().then(
  // Lingering sockets and timers of the apps must not keep the measured process alive.
  () => process.exit(0),
  (error) => {
    console.error(`intake bench worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
