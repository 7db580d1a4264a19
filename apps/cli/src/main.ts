import { ConfigError, loadKafkaSettings } from '@contact-cost/config';
import { KafkaProducer } from '@contact-cost/kafka';
import { runReplayCommand } from '@contact-cost/replay';
import { SimulatedMessage, runSimulateCommand } from '@contact-cost/simulator';

const USAGE = 'usage: cost <replay|simulate> [options]  (cost simulate --help for its options)';

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
  const [command, ...rest] = argv;
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  switch (command) {
    case 'replay':
      return runReplayCommand(rest, io);
    case 'simulate':
      return simulate(rest);
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
