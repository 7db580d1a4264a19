// Drain rate of the Kafka intake path beside a bare kafkajs consumer that only counts, on one preloaded topic.
// Usage: node -r ./scripts/register-aliases.js dist/bench/intake.bench.js [messages=1000000] [--cpu-prof]
//          [--without-rollup]   (diagnostic: the app's rollup stopped, so nothing reaches the cost engine)
// Needs Kafka on 127.0.0.1:9092, PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (deploy/up.sh).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { KafkaProducer, OutgoingMessage, withKafkaAdmin } from '@contact-cost/kafka';
import { generateMessages, SimulatorOptions, simulatorRateCards } from '@contact-cost/simulator';
import { describeMachine } from './bench-machine';
import type { DrainJob, DrainResult } from './intake-drain.bench-worker';

const ROOT = resolve(__dirname, '../..');
const WORKER = join(ROOT, 'dist/bench/intake-drain.bench-worker.js');
const BROKERS = ['127.0.0.1:9092'];
// The bench's own database, dropped before and after each run (the pipeline creates and migrates it).
const BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/contact_cost_bench';
const BENCH_REDIS_URL = 'redis://127.0.0.1:6379/14';
const PARTITIONS = 3;
const PRODUCE_BATCH = 5_000;

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));

const FLAGS = ['--cpu-prof', '--without-rollup'];

class BenchUsageError extends Error {}

function parseArgs(argv: string[]): { messages: number; cpuProf: boolean; rollup: boolean } {
  const positional = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && !FLAGS.includes(a));
  const messages = Number(positional[0] ?? 1_000_000);
  if (unknown.length > 0 || positional.length > 1 || !Number.isSafeInteger(messages) || messages < 1) {
    const usage = `usage: intake.bench.js [messages=1000000] ${FLAGS.map((f) => `[${f}]`).join(' ')}`;
    throw new BenchUsageError(`${usage} (got: ${argv.join(' ')})`);
  }
  return { messages, cpuProf: argv.includes('--cpu-prof'), rollup: !argv.includes('--without-rollup') };
}

async function dropBenchDatabase(): Promise<void> {
  const name = new URL(BENCH_DATABASE_URL).pathname.slice(1);
  const client = new Client({ connectionString: BENCH_DATABASE_URL.replace(`/${name}`, '/postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Fills the topic with the simulated stream in large acks=all batches through the project's producer. */
async function preload(topic: string, options: Partial<SimulatorOptions>): Promise<{ ms: number; bytes: number }> {
  const producer = new KafkaProducer({ brokers: BROKERS, clientId: 'cc-bench-preload', logLevel: 'warn' });
  await producer.connect();
  const started = process.hrtime.bigint();
  let bytes = 0;
  try {
    let batch: OutgoingMessage[] = [];
    for (const message of generateMessages(options)) {
      bytes += Buffer.byteLength(message.value) + Buffer.byteLength(message.key);
      batch.push({ key: message.key, value: message.value });
      if (batch.length === PRODUCE_BATCH) {
        await producer.send(topic, batch);
        batch = [];
      }
    }
    await producer.send(topic, batch);
  } finally {
    await producer.disconnect();
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes };
}

function drain(job: DrainJob, nodeArgs: string[] = []): DrainResult {
  const out = execFileSync(
    process.execPath,
    [...nodeArgs, '-r', join(ROOT, 'scripts/register-aliases.js'), WORKER, JSON.stringify(job)],
    { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = out.split('\n');
  // Whatever the apps logged is passed on; the figures are on the RESULT line.
  for (const line of lines) if (line && !line.startsWith('RESULT ')) process.stderr.write(`  [${job.mode}] ${line}\n`);
  const found = lines.find((l) => l.startsWith('RESULT '));
  if (!found) throw new Error(`${job.mode} worker printed no result`);
  return JSON.parse(found.slice('RESULT '.length)) as DrainResult;
}

async function main(): Promise<void> {
  const { messages, cpuProf, rollup } = parseArgs(process.argv.slice(2));
  const runId = `${Date.now().toString(36)}`;
  const topic = `bench.intake.${runId}`;
  // The pipeline subscribes to four event topics: all messages go to the first, the others stay empty.
  const topics = {
    calls: topic,
    chats: `${topic}.chats`,
    tickets: `${topic}.tickets`,
    agents: `${topic}.agents`,
    deadLetter: `${topic}.dead-letter`,
  };
  const simulation: Partial<SimulatorOptions> = {
    seed: 42,
    tenants: 6,
    agents: 400,
    events: messages,
    duplicates: 0.01,
    outOfOrder: 0.02,
    invalid: 0.001,
  };
  const dir = mkdtempSync(join(tmpdir(), 'cc-intake-bench-'));
  const ratesFile = join(dir, 'rates.json');
  writeFileSync(ratesFile, JSON.stringify(simulatorRateCards(simulation)));
  const connection = { brokers: BROKERS, clientId: 'cc-bench-admin', logLevel: 'warn' as const };
  const groups = { bare: `cc-bench-bare-${runId}`, intake: `cc-bench-intake-${runId}` };
  const groupIds: string[] = [];

  console.log(describeMachine());
  console.log(
    `intake drain benchmark: ${messages} simulated messages (6 tenants × 400 agents, 1 % duplicates, ` +
      `2 % out-of-order, 0.1 % invalid) on ${topic} (${PARTITIONS} partitions), broker ${BROKERS.join(',')}`,
  );
  try {
    await dropBenchDatabase();
    await withKafkaAdmin(connection, (admin) =>
      admin.ensureTopics([
        ...[topics.calls, topics.chats, topics.tickets, topics.agents].map((t) => ({
          topic: t,
          partitions: PARTITIONS,
        })),
        { topic: topics.deadLetter, partitions: 1 },
      ]),
    );

    const loaded = await preload(topic, simulation);
    console.log(
      `preload: ${messages} messages (${mib(loaded.bytes)} of keys and values) produced in batches of ` +
        `${PRODUCE_BATCH}, acks=all, in ${(loaded.ms / 1000).toFixed(1)} s (${perSecond(messages, loaded.ms)} msg/s)`,
    );

    const job = {
      brokers: BROKERS,
      runId,
      topics,
      messages,
      databaseUrl: BENCH_DATABASE_URL,
      redisUrl: BENCH_REDIS_URL,
      ratesFile,
      timeoutMs: 120_000 + messages * 3,
      rollup,
    };
    groupIds.push(groups.bare);
    const bare = drain({ ...job, mode: 'bare', groupId: groups.bare });
    console.log(
      `bare kafkajs eachBatch (count + resolveOffset only): ${bare.messages} messages in ` +
        `${(bare.drainMs / 1000).toFixed(1)} s = ${perSecond(bare.messages, bare.drainMs)} msg/s | ` +
        `peak RSS ${mib(bare.maxRssKb * 1024)}`,
    );

    const profileDir = join(ROOT, '.data/bench-profiles');
    if (cpuProf) mkdirSync(profileDir, { recursive: true });
    groupIds.push(groups.intake);
    const intake = drain(
      { ...job, mode: 'intake', groupId: groups.intake },
      cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    );
    const { accepted, duplicates, rejected } = intake.outcome!;
    const intakeRss = `peak RSS ${mib(intake.maxRssKb * 1024)}`;
    console.log(
      `intake path${rollup ? '' : ' WITHOUT the rollup'}, offsets committed: ${intake.messages} messages in ` +
        `${(intake.drainMs / 1000).toFixed(1)} s = ${perSecond(intake.messages, intake.drainMs)} msg/s ` +
        `(stored ${accepted}, duplicates ${duplicates}, dead-lettered ${rejected})${rollup ? '' : ` | ${intakeRss}`}`,
    );
    const bareRate = perSecond(bare.messages, bare.drainMs);
    const committedRatio = (perSecond(intake.messages, intake.drainMs) / bareRate).toFixed(3);
    if (intake.foldedMs !== undefined) {
      const foldedMs = intake.foldedMs;
      console.log(
        `intake path, folded by the rollup (CostEngine.apply, cost tables, Redis totals): ${intake.storedEvents} ` +
          `events, ${intake.contactsCosted} contacts costed, all in ${(foldedMs / 1000).toFixed(1)} s = ` +
          `${perSecond(intake.messages, foldedMs)} msg/s | ${intakeRss}`,
      );
      console.log(
        `ratio intake/bare: ${(perSecond(intake.messages, foldedMs) / bareRate).toFixed(3)} through the engine, ` +
          `${committedRatio} to committed offsets (aim ≥ 0.5)`,
      );
    } else {
      console.log(`ratio intake/bare: ${committedRatio} to committed offsets, rollup stopped (aim ≥ 0.5 with it)`);
    }
    if (cpuProf) console.log(`CPU profile of the intake process: ${profileDir}`);
    console.log(
      `command: node -r ./scripts/register-aliases.js dist/bench/intake.bench.js ${process.argv.slice(2).join(' ')}`,
    );
  } finally {
    await withKafkaAdmin(connection, async (admin) => {
      // The workers have left their groups by now (or died), so the groups are empty.
      await admin
        .deleteGroups(groupIds)
        .catch((error) => console.error(`cleanup: could not delete consumer groups ${groupIds.join(', ')}: ${error}`));
      await admin.deleteTopics(Object.values(topics));
    }).catch((error) => console.error(`cleanup: could not delete the bench topics: ${String(error)}`));
    await dropBenchDatabase().catch((error) => console.error(`cleanup: could not drop the bench database: ${error}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  if (error instanceof BenchUsageError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
