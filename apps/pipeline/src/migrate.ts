import { Logger } from '@nestjs/common';
import { loadConfigOrExit, loadPipelineConfig } from '@contact-cost/config';
import { openDataSource, runMigrations } from '@contact-cost/storage';

/** Creates the database if missing and applies pending migrations (the pipeline also does so at start-up). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(() => loadPipelineConfig());
  const logger = new Logger('migrate');
  const dataSource = await openDataSource(config.database.url, {
    migrate: false,
    applicationName: 'contact-cost-migrate',
  });
  try {
    const applied = await runMigrations(dataSource);
    logger.log(applied.length > 0 ? `applied ${applied.join(', ')}` : 'schema up to date');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
