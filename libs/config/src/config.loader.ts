import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseRateCards, RateCardSet } from '@contact-cost/costing';
import {
  ApiConfig,
  DatabaseSettings,
  KafkaSettings,
  LogLevelName,
  PipelineConfig,
  RateCardSettings,
} from './app-config';
import { AppName, CONFIG_VARIABLES, ConfigVariable, LOG_LEVEL_NAMES } from './config-variables';
import { ConfigError } from './config.error';

export type Environment = Record<string, string | undefined>;

const KAFKA_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const KEY_PREFIX = /^[A-Za-z0-9._-]{1,64}$/;
const HOST_PORT = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):([0-9]{1,5})$/;

/** Reads one variable of `app`: its value, else its default; an empty value counts as unset. */
function reader(app: AppName, env: Environment) {
  const known = new Map(CONFIG_VARIABLES[app].map((v) => [v.name, v]));
  return (name: string): string => {
    const variable = known.get(name) as ConfigVariable;
    const raw = env[name]?.trim();
    if (raw) return raw;
    if (variable.default !== undefined) return variable.default;
    throw new ConfigError(name, `is required (${variable.description})`);
  };
}

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(text)) throw new ConfigError(name, `"${text}" is not a whole number`);
  const value = Number(text);
  if (value < min || value > max) throw new ConfigError(name, `${value} is out of range ${min}..${max}`);
  return value;
}

function kafkaName(name: string, text: string): string {
  if (!KAFKA_NAME.test(text)) {
    throw new ConfigError(name, `"${text}" is not a valid Kafka name (1-249 of letters, digits, ".", "_", "-")`);
  }
  return text;
}

function brokers(name: string, text: string): string[] {
  const list = text.split(',').map((b) => b.trim());
  for (const broker of list) {
    const match = HOST_PORT.exec(broker);
    if (!match) throw new ConfigError(name, `"${broker}" is not host:port (e.g. 127.0.0.1:9092)`);
    const port = Number(match[2]);
    if (port < 1 || port > 65535) throw new ConfigError(name, `"${broker}" has port ${port}, out of range 1..65535`);
  }
  return list;
}

function url(name: string, text: string, protocols: string[], example: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError(name, `"${text}" is not a URL (e.g. ${example})`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `"${text}" must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  if (!parsed.hostname) throw new ConfigError(name, `"${text}" names no host (e.g. ${example})`);
  return parsed;
}

function databaseUrl(name: string, text: string): string {
  const parsed = url(name, text, ['postgres:', 'postgresql:'], 'postgres://postgres@127.0.0.1:5432/contact_cost');
  if (parsed.pathname.length <= 1) throw new ConfigError(name, `"${text}" names no database after the host`);
  return text;
}

function redisUrl(name: string, text: string): string {
  const parsed = url(name, text, ['redis:', 'rediss:'], 'redis://127.0.0.1:6379/0');
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^[0-9]+$/.test(db)) throw new ConfigError(name, `"${text}": database "${db}" is not a number`);
  return text;
}

function keyPrefix(name: string, text: string): string {
  if (!KEY_PREFIX.test(text)) {
    throw new ConfigError(name, `"${text}" must be 1-64 of letters, digits, ".", "_", "-"`);
  }
  return text;
}

function logLevel(name: string, text: string): LogLevelName {
  const level = LOG_LEVEL_NAMES.find((l) => l === text.toLowerCase());
  if (!level) throw new ConfigError(name, `"${text}" is not one of ${LOG_LEVEL_NAMES.join(', ')}`);
  return level;
}

/** Reads and validates the rate-card file once; the running apps never re-read it. */
function rateCards(name: string, file: string): RateCardSettings {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(name, `cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(name, `${path} is not JSON: ${(error as Error).message}`);
  }
  let cards: RateCardSet;
  try {
    cards = parseRateCards(json);
  } catch (error) {
    throw new ConfigError(name, `${path} is not a valid rate-card file: ${(error as Error).message}`);
  }
  return { file: path, rateCards: cards };
}

/** The variable that names each topic of KafkaSettings.topics. */
export const KAFKA_TOPIC_VARIABLES = {
  calls: 'KAFKA_TOPIC_CALLS',
  chats: 'KAFKA_TOPIC_CHATS',
  tickets: 'KAFKA_TOPIC_TICKETS',
  agents: 'KAFKA_TOPIC_AGENTS',
  deadLetter: 'KAFKA_TOPIC_DEAD_LETTER',
} as const;

/**
 * The Kafka settings alone (brokers, client id, group, topics) of `app`: the pipeline's also serve tools such as the
 * CLI. The API consumes nothing and reads no CONSUMER_GROUP: it carries the pipeline's default, unused.
 */
export function loadKafkaSettings(env: Environment = process.env, app: AppName = 'pipeline'): KafkaSettings {
  const read = reader(app, env);
  const readsGroup = CONFIG_VARIABLES[app].some((v) => v.name === 'CONSUMER_GROUP');
  const topicVariables = KAFKA_TOPIC_VARIABLES;
  const topics = {} as Record<keyof typeof topicVariables, string>;
  const seen = new Map<string, string>();
  for (const [role, variable] of Object.entries(topicVariables) as [keyof typeof topicVariables, string][]) {
    const topic = kafkaName(variable, read(variable));
    const other = seen.get(topic);
    // A shared topic would make the pipeline consume its own dead letters, or count a topic twice.
    if (other) throw new ConfigError(variable, `"${topic}" is already the topic of ${other}; each must differ`);
    seen.set(topic, variable);
    topics[role] = topic;
  }
  const kafka = {
    brokers: brokers('KAFKA_BROKERS', read('KAFKA_BROKERS')),
    clientId: kafkaName('KAFKA_CLIENT_ID', read('KAFKA_CLIENT_ID')),
    consumerGroup: kafkaName(
      'CONSUMER_GROUP',
      readsGroup ? read('CONSUMER_GROUP') : reader('pipeline', {})('CONSUMER_GROUP'),
    ),
    topics,
  };
  return kafka;
}

/** The database settings alone, for CLI commands that only touch Postgres (`cost api-key create`). */
export function loadDatabaseSettings(env: Environment = process.env): DatabaseSettings {
  return { url: databaseUrl('DATABASE_URL', reader('pipeline', env)('DATABASE_URL')) };
}

/** The rate cards alone, read and validated now (`cost dead-letters redrive` checks against the current file). */
export function loadRateCardSettings(env: Environment = process.env): RateCardSettings {
  return rateCards('RATE_CARDS_FILE', reader('pipeline', env)('RATE_CARDS_FILE'));
}

export function loadPipelineConfig(env: Environment = process.env): PipelineConfig {
  const read = reader('pipeline', env);
  const kafka = loadKafkaSettings(env);
  const database = { url: databaseUrl('DATABASE_URL', read('DATABASE_URL')) };
  const redis = {
    url: redisUrl('REDIS_URL', read('REDIS_URL')),
    keyPrefix: keyPrefix('REDIS_KEY_PREFIX', read('REDIS_KEY_PREFIX')),
  };
  const rollup = { intervalMs: integer('ROLLUP_INTERVAL_MS', read('ROLLUP_INTERVAL_MS'), 10, 3_600_000) };
  const logging = { level: logLevel('LOG_LEVEL', read('LOG_LEVEL')) };
  // Last: the only check that touches the file system.
  const cards = rateCards('RATE_CARDS_FILE', read('RATE_CARDS_FILE'));
  return { app: 'pipeline', kafka, database, redis, rateCards: cards, rollup, logging };
}

export function loadApiConfig(env: Environment = process.env): ApiConfig {
  const read = reader('api', env);
  const kafka = loadKafkaSettings(env, 'api');
  const database = { url: databaseUrl('DATABASE_URL', read('DATABASE_URL')) };
  const redis = {
    url: redisUrl('REDIS_URL', read('REDIS_URL')),
    keyPrefix: keyPrefix('REDIS_KEY_PREFIX', read('REDIS_KEY_PREFIX')),
  };
  const http = { port: integer('HTTP_PORT', read('HTTP_PORT'), 0, 65535) };
  const logging = { level: logLevel('LOG_LEVEL', read('LOG_LEVEL')) };
  const cards = rateCards('RATE_CARDS_FILE', read('RATE_CARDS_FILE'));
  return { app: 'api', kafka, database, redis, rateCards: cards, http, logging };
}

/** Nest logger levels up to and including the configured one. */
export function nestLogLevels(level: LogLevelName): LogLevelName[] {
  return LOG_LEVEL_NAMES.slice(0, LOG_LEVEL_NAMES.indexOf(level) + 1);
}

/** A ConfigError is printed on one line and ends the process with 1; anything else is thrown on. */
function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

/** For the apps' main(): loads the configuration, or ends the process on a ConfigError (exitOnConfigError). */
export function loadConfigOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    return exitOnConfigError(error);
  }
}

/** Runs a start-up check that needs a connection (a topic, a database), ending the process on a ConfigError. */
export async function checkConfigOrExit(check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    exitOnConfigError(error);
  }
}
