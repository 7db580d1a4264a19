import { Logger } from '@nestjs/common';
import { ConfigError, loadDatabaseSettings, loadKafkaSettings, loadRateCardSettings } from '@contact-cost/config';
import { ApiKeyService, runApiKeyCommand } from '@contact-cost/http-ingest';
import { DeadLetterRedriver, EventAdmission, parseDeadLettersArgs, runDeadLettersCommand } from '@contact-cost/intake';
import { KafkaProducer } from '@contact-cost/kafka';
import { runReplayCommand } from '@contact-cost/replay';
import { SimulatedMessage, runSimulateCommand } from '@contact-cost/simulator';
import { openDataSource } from '@contact-cost/storage';
import { StderrLogger } from './stderr.logger';

const USAGE =
  'usage: cost <replay|simulate|api-key|dead-letters> [options]  ' +
  '(cost simulate --help, cost dead-letters --help for their options)';

const print = (line: string) => process.stdout.write(`${line}\n`);
const printError = (line: string) => process.stderr.write(`${line}\n`);

/** `api-key create --tenant T`: a key for HTTP ingest, stored (hashed) in the database of DATABASE_URL. */
function apiKey(argv: string[]): Promise<number> {
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
  const publishes = !argv.includes('--no-kafka') && !argv.includes('--help') && !argv.includes('-h');
  if (!publishes) return runSimulateCommand(argv, { stdout: process.stdout, stderr: process.stderr });
  const kafka = loadKafkaSettings();
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

async function main(argv: string[]): Promise<number> {
  Logger.overrideLogger(new StderrLogger());
  const [command, ...rest] = argv;
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
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
    if (error instanceof ConfigError) {
      process.stderr.write(`cost: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`cost: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
