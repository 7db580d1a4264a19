import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseSettings } from '@contact-cost/config';
import { DataSource } from 'typeorm';
import { CostReader } from './cost.reader';
import { CostStore } from './cost.store';
import { dataSourceOptions, ensureDatabase, runMigrations } from './data-source.factory';
import { EventStore } from './event.store';

export interface StorageModuleOptions {
  /** Apply pending migrations at start-up (serialised by an advisory lock, so apps may start together). */
  migrate: boolean;
  applicationName: string;
}

/** The Postgres data source (closed at application shutdown) and the stores over it. */
@Module({})
export class StorageModule {
  static forRoot(options: StorageModuleOptions): DynamicModule {
    return {
      module: StorageModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [DatabaseSettings],
          useFactory: (database: DatabaseSettings) => ({
            ...dataSourceOptions(database.url, options.applicationName),
            retryAttempts: 5,
            retryDelay: 2000,
          }),
          dataSourceFactory: async (dataSourceOptionsIn) => {
            const settings = dataSourceOptionsIn as { url: string };
            await ensureDatabase(settings.url);
            const dataSource = await new DataSource(dataSourceOptionsIn!).initialize();
            if (options.migrate) await runMigrations(dataSource);
            return dataSource;
          },
        }),
      ],
      global: true,
      providers: [EventStore, CostStore, CostReader],
      exports: [EventStore, CostStore, CostReader],
    };
  }
}
