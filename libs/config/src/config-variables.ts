import { DEFAULT_TOPICS } from '@contact-cost/contracts';

export interface ConfigVariable {
  name: string;
  required: boolean;
  description: string;
  default?: string;
}

export type AppName = 'pipeline' | 'api';

export const LOG_LEVEL_NAMES = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

const DATABASE_URL: ConfigVariable = {
  name: 'DATABASE_URL',
  required: false,
  description: 'PostgreSQL connection URL (postgres://user[:password]@host:port/database)',
  default: 'postgres://postgres@127.0.0.1:5432/contact_cost',
};
const REDIS_URL: ConfigVariable = {
  name: 'REDIS_URL',
  required: false,
  description: 'Redis connection URL (redis://host:port/db) holding the live running totals',
  default: 'redis://127.0.0.1:6379/0',
};
const REDIS_KEY_PREFIX: ConfigVariable = {
  name: 'REDIS_KEY_PREFIX',
  required: false,
  description: 'Prefix of every Redis key the live totals write (letters, digits, -, _, .)',
  default: 'cc',
};
const RATE_CARDS_FILE: ConfigVariable = {
  name: 'RATE_CARDS_FILE',
  required: true,
  description: 'Path of the rate-card JSON file (cost-model.md); read and validated at start-up',
};
const LOG_LEVEL: ConfigVariable = {
  name: 'LOG_LEVEL',
  required: false,
  description: `Most verbose level logged: ${LOG_LEVEL_NAMES.join(', ')}`,
  default: 'log',
};

const KAFKA_BROKERS: ConfigVariable = {
  name: 'KAFKA_BROKERS',
  required: false,
  description: 'Comma-separated Kafka bootstrap brokers, host:port',
  default: '127.0.0.1:9092',
};
/** The topic variables, shared by the pipeline (consumes, dead-letters) and the API (HTTP ingest produces). */
const KAFKA_TOPICS: ConfigVariable[] = [
  {
    name: 'KAFKA_TOPIC_CALLS',
    required: false,
    description: 'Topic carrying call.* events',
    default: DEFAULT_TOPICS.calls,
  },
  {
    name: 'KAFKA_TOPIC_CHATS',
    required: false,
    description: 'Topic carrying chat.* events',
    default: DEFAULT_TOPICS.chats,
  },
  {
    name: 'KAFKA_TOPIC_TICKETS',
    required: false,
    description: 'Topic carrying ticket.* events',
    default: DEFAULT_TOPICS.tickets,
  },
  {
    name: 'KAFKA_TOPIC_AGENTS',
    required: false,
    description: 'Topic carrying agent.* events',
    default: DEFAULT_TOPICS.agents,
  },
  {
    name: 'KAFKA_TOPIC_DEAD_LETTER',
    required: false,
    description: 'Topic receiving rejected events, with the reason in headers',
    default: DEFAULT_TOPICS.deadLetter,
  },
];

/** Every environment variable each app reads, with its default. The single source for docs and deployment files. */
export const CONFIG_VARIABLES: Record<AppName, ConfigVariable[]> = {
  pipeline: [
    KAFKA_BROKERS,
    {
      name: 'KAFKA_CLIENT_ID',
      required: false,
      description: 'Kafka client id of the pipeline',
      default: 'contact-cost-pipeline',
    },
    {
      name: 'CONSUMER_GROUP',
      required: false,
      description: 'Kafka consumer group of the event intake',
      default: 'contact-cost-intake',
    },
    ...KAFKA_TOPICS,
    DATABASE_URL,
    REDIS_URL,
    REDIS_KEY_PREFIX,
    RATE_CARDS_FILE,
    {
      name: 'ROLLUP_INTERVAL_MS',
      required: false,
      description: 'How often the rollup looks for newly stored events, in milliseconds',
      default: '500',
    },
    LOG_LEVEL,
  ],
  api: [
    KAFKA_BROKERS,
    {
      name: 'KAFKA_CLIENT_ID',
      required: false,
      description: 'Kafka client id of the API (HTTP ingest produces events)',
      default: 'contact-cost-api',
    },
    ...KAFKA_TOPICS,
    DATABASE_URL,
    REDIS_URL,
    REDIS_KEY_PREFIX,
    RATE_CARDS_FILE,
    {
      name: 'HTTP_PORT',
      required: false,
      description: 'TCP port of the HTTP API (0 picks a free port)',
      default: '3000',
    },
    LOG_LEVEL,
  ],
};
