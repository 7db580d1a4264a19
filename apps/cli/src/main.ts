import { runReplayCommand } from '@contact-cost/replay';
import type { SimulatedMessage } from '@contact-cost/simulator';

// The other commands load Nest, TypeORM and kafkajs only when they run: a replay starts in a fraction of a second.

const USAGE =
  'usage: cost <replay|simulate|api-key|dead-letters> [options]  ' +
  '(cost simulate --help, cost dead-letters --help for their options)';

const print = (line: string) => process.stdout.write(`${line}\n`);
const printError = (line: string) => process.stderr.write(`${line}\n`);

/** `api-key create --tenant T`: a key for HTTP ingest, stored (hashed) in the database of DATABASE_URL. */
async function apiKey(argv: string[]): Promise<number> {
  const { loadDatabaseSettings } = await import('@contact-cost/config');
  const { ApiKeyService, runApiKeyCommand } = await import('@contact-cost/http-ingest');
  const { openDataSource } = await import('@contact-cost/storage');
  // The database is opened only once the arguments are known to be right.
  const createApiKey = async (tenant: string) => {
    const database = loadDatabaseSettings();
    const dataSource = await openDataSource(database.url, { migrate: true, applicationName: 'contact-cost-cli' });
    try {
      return await new ApiKeyService(dataSource).createApiKey(tenant);
    } finally {
      await dataSource.destroy();
    }
  };
  return runApiKeyCommand(argv, { apiKeys: { createApiKey }, print, printError });
}

/** `dead-letters redrive …`: re-checks dead letters against the rate-card file as it is now. */
async function deadLetters(argv: string[]): Promise<number> {
  const { loadKafkaSettings, loadRateCardSettings } = await import('@contact-cost/config');
  const { DeadLetterRedriver, EventAdmission, parseDeadLettersArgs, runDeadLettersCommand } =
    await import('@contact-cost/intake');
  const { KafkaProducer } = await import('@contact-cost/kafka');
  // Usage problems are answered before any configuration is read.
  if (!parseDeadLettersArgs(argv).ok) {
    return runDeadLettersCommand(argv, { redrive: () => Promise.reject(new Error('unreachable')), print, printError });
  }
  const kafka = loadKafkaSettings();
  const admission = new EventAdmission(loadRateCardSettings());
  const connection = { brokers: kafka.brokers, clientId: `${kafka.clientId}-redrive`, logLevel: 'warn' as const };
  const producer = new KafkaProducer(connection);
  const redriver = new DeadLetterRedriver({
    connection,
    kafka,
    admission,
    publish: async (batches) => {
      await producer.connect();
      await producer.sendToTopics(batches);
    },
  });
  try {
    return await runDeadLettersCommand(argv, { redrive: (request) => redriver.redrive(request), print, printError });
  } finally {
    await producer.disconnect();
  }
}

/** `simulate` publishing to Kafka: brokers and topic names come from the validated configuration. */
async function simulate(argv: string[]): Promise<number> {
  const { runSimulateCommand } = await import('@contact-cost/simulator');
  const publishes = !argv.includes('--no-kafka') && !argv.includes('--help') && !argv.includes('-h');
  if (!publishes) return runSimulateCommand(argv, { stdout: process.stdout, stderr: process.stderr });
  const { loadKafkaSettings } = await import('@contact-cost/config');
  const { KafkaProducer, assertKafkaTopicsExist } = await import('@contact-cost/kafka');
  const kafka = loadKafkaSettings();
  await assertKafkaTopicsExist(kafka);
  const producer = new KafkaProducer({
    brokers: kafka.brokers,
    clientId: `${kafka.clientId}-simulator`,
    logLevel: 'warn',
  });
  await producer.connect();
  try {
    const publish = async (batch: SimulatedMessage[]) => {
      const byTopic = new Map<string, { key: string; value: string }[]>();
      for (const m of batch) {
        const topic = kafka.topics[m.topicRole];
        const list = byTopic.get(topic) ?? [];
        list.push({ key: m.key, value: m.value });
        byTopic.set(topic, list);
      }
      await producer.sendToTopics([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    };
    return await runSimulateCommand(argv, { publish, stdout: process.stdout, stderr: process.stderr });
  } finally {
    await producer.disconnect();
  }
}

/** Library logs go to standard error, so standard output carries only a command's result. */
async function logToStderr(): Promise<void> {
  const { Logger } = await import('@nestjs/common');
  const { StderrLogger } = await import('./stderr.logger');
  Logger.overrideLogger(new StderrLogger());
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'replay') await logToStderr();
  const io = { stdin: process.stdin, stdinFd: 0, stdout: process.stdout, stderr: process.stderr };
  switch (command) {
    case 'replay':
      return runReplayCommand(rest, io);
    case 'simulate':
      return simulate(rest);
    case 'api-key':
      return apiKey(rest);
    case 'dead-letters':
      return deadLetters(rest);
    default:
      process.stderr.write(`cost: unknown command ${JSON.stringify(command ?? '')}; ${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if ((error as Error)?.name === 'ConfigError') {
      process.stderr.write(`cost: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`cost: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
