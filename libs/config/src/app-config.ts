import type { RateCardSet } from '@contact-cost/costing';
import type { LOG_LEVEL_NAMES } from './config-variables';

export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];

// Abstract classes double as Nest injection tokens: a lib injects only the settings it needs.

export abstract class KafkaSettings {
  abstract readonly brokers: string[];
  abstract readonly clientId: string;
  abstract readonly consumerGroup: string;
  abstract readonly topics: {
    readonly calls: string;
    readonly chats: string;
    readonly tickets: string;
    readonly agents: string;
    readonly deadLetter: string;
  };
}

export abstract class DatabaseSettings {
  abstract readonly url: string;
}

export abstract class RedisSettings {
  abstract readonly url: string;
  abstract readonly keyPrefix: string;
}

export abstract class RateCardSettings {
  abstract readonly file: string;
  abstract readonly rateCards: RateCardSet;
}

export abstract class RollupSettings {
  abstract readonly intervalMs: number;
}

export abstract class HttpSettings {
  abstract readonly port: number;
}

export abstract class LoggingSettings {
  abstract readonly level: LogLevelName;
}

export interface PipelineConfig {
  app: 'pipeline';
  kafka: KafkaSettings;
  database: DatabaseSettings;
  redis: RedisSettings;
  rateCards: RateCardSettings;
  rollup: RollupSettings;
  logging: LoggingSettings;
}

export interface ApiConfig {
  app: 'api';
  /** HTTP ingest produces accepted events to the event topics. */
  kafka: KafkaSettings;
  database: DatabaseSettings;
  redis: RedisSettings;
  rateCards: RateCardSettings;
  http: HttpSettings;
  logging: LoggingSettings;
}
