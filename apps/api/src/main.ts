import { Logger } from '@nestjs/common';
import { checkConfigOrExit, loadApiConfig, loadConfigOrExit } from '@contact-cost/config';
import { assertKafkaTopicsExist } from '@contact-cost/kafka';
import { createApiApp } from './api.app';

async function main(): Promise<void> {
  const config = loadConfigOrExit(() => loadApiConfig());
  await checkConfigOrExit(() => assertKafkaTopicsExist(config.kafka, config.logging.level));
  const app = await createApiApp(config);
  app.enableShutdownHooks();
  await app.listen(config.http.port);
  new Logger('api').log(`listening on ${await app.getUrl()}`);
}

main().catch((error) => {
  // A configuration problem found while starting (e.g. REDIS_URL's database) is one line naming the variable.
  const configProblem = error instanceof Error && error.name === 'ConfigError';
  console.error(
    error instanceof Error ? (configProblem ? error.message : (error.stack ?? error.message)) : String(error),
  );
  process.exit(1);
});
