import { Logger } from '@nestjs/common';
import { loadApiConfig, loadConfigOrExit } from '@contact-cost/config';
import { createApiApp } from './api.app';

async function main(): Promise<void> {
  const config = loadConfigOrExit(() => loadApiConfig());
  const app = await createApiApp(config);
  app.enableShutdownHooks();
  await app.listen(config.http.port);
  new Logger('api').log(`listening on ${await app.getUrl()}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
