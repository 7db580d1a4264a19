import { Logger } from '@nestjs/common';
import { Logger as TypeOrmLogger } from 'typeorm';

/** TypeORM's messages through the Nest logger (one format); failed queries are warnings, their callers retry. */
export class TypeOrmNestLogger implements TypeOrmLogger {
  private readonly logger = new Logger('TypeORM');

  logQuery(): void {
    // Queries are not logged.
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.warn(`query failed (${error instanceof Error ? error.message : error}): ${query.slice(0, 200)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query.slice(0, 200)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.verbose(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.verbose(String(message));
  }
}
