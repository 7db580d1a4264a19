import { Logger } from '@nestjs/common';
import { checkConfigOrExit, loadConfigOrExit, loadPipelineConfig } from '@contact-cost/config';
import { assertKafkaTopicsExist } from '@contact-cost/kafka';
import { createPipelineApp } from './pipeline.app';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

async function main(): Promise<void> {
  const config = loadConfigOrExit(() => loadPipelineConfig());
  await checkConfigOrExit(() => assertKafkaTopicsExist(config.kafka, config.logging.level));
  const app = await createPipelineApp(config);
  const logger = new Logger('pipeline');
  // Not app.enableShutdownHooks(): it re-raises the signal once closed, so a clean stop would not exit 0.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn(`${signal}: already stopping`);
      return;
    }
    stopping = true;
    logger.log(`${signal}: stopping: finishing the batch in flight, committing it, leaving the consumer group`);
    app.close().then(
      () => {
        logger.log('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`stopping failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => stop(signal));
  await app.listen();
  logger.log(`consuming as group ${config.kafka.consumerGroup}`);
}

main().catch((error) => {
  // A configuration problem found while starting (e.g. REDIS_URL's database) is one line naming the variable.
  const configProblem = error instanceof Error && error.name === 'ConfigError';
  console.error(
    error instanceof Error ? (configProblem ? error.message : (error.stack ?? error.message)) : String(error),
  );
  process.exit(1);
});
