import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ADVISORY_LOCKS } from './advisory-locks';
import { AgentDayCostRecord } from './entities/agent-day-cost.record';
import { ContactCostRecord } from './entities/contact-cost.record';
import { EventRecord } from './entities/event.record';
import { RollupCursorRecord } from './entities/rollup-cursor.record';
import { UnlinkedCompensationRecord } from './entities/unlinked-compensation.record';
import { CreateCostTables1767225600000 } from './migrations/1767225600000-create-cost-tables.migration';
import { TypeOrmNestLogger } from './typeorm-nest.logger';
import { CreateApiKeys1767312000000 } from './migrations/1767312000000-create-api-keys.migration';
import { AddEventInstant1767398400000 } from './migrations/1767398400000-add-event-instant.migration';

export const STORAGE_ENTITIES = [
  EventRecord,
  ContactCostRecord,
  AgentDayCostRecord,
  UnlinkedCompensationRecord,
  RollupCursorRecord,
];

/** In order; listed as classes so they run the same from ts-jest and from dist/. */
export const STORAGE_MIGRATIONS = [
  CreateCostTables1767225600000,
  CreateApiKeys1767312000000,
  AddEventInstant1767398400000,
];

export function dataSourceOptions(url: string, applicationName = 'contact-cost'): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: STORAGE_ENTITIES,
    migrations: STORAGE_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    logger: new TypeOrmNestLogger(),
    maxQueryExecutionTime: 5_000,
    extra: { max: 10, application_name: applicationName },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates the URL's database when missing (connecting to the server's `postgres` database to do so). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      } catch (error) {
        // Another process created it between the check and the create.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

/** Applies pending migrations, one process at a time. Returns the names of those applied. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.migrations]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    try {
      await runner.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.migrations]);
    } finally {
      await runner.release();
    }
  }
}

/** Creates the database if needed, connects, and (when asked) migrates it to the current schema. */
export async function openDataSource(
  url: string,
  options: { migrate: boolean; applicationName?: string },
): Promise<DataSource> {
  await ensureDatabase(url);
  const dataSource = await new DataSource(dataSourceOptions(url, options.applicationName)).initialize();
  if (options.migrate) {
    try {
      await runMigrations(dataSource);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
  }
  return dataSource;
}
