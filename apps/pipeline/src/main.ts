import { loadConfigOrExit, loadPipelineConfig } from '@contact-cost/config';
import { createPipelineApp } from './pipeline.app';

async function main(): Promise<void> {
  const config = loadConfigOrExit(() => loadPipelineConfig());
  const app = await createPipelineApp(config);
  app.enableShutdownHooks();
  await app.listen();
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
