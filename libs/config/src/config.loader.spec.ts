import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CONFIG_VARIABLES } from './config-variables';
import { ConfigError } from './config.error';
import {
  Environment,
  loadApiConfig,
  loadDatabaseSettings,
  loadPipelineConfig,
  loadRateCardSettings,
  nestLogLevels,
} from './config.loader';

const dir = mkdtempSync(join(tmpdir(), 'cc-config-'));
const ratesFile = join(dir, 'rates.json');
writeFileSync(
  ratesFile,
  JSON.stringify({
    acme: {
      currency: 'USD',
      timezone: 'America/New_York',
      versions: [{ effectiveFrom: '2026-01-01T00:00:00Z', labourPerHour: { default: '30.00' } }],
    },
  }),
);
const notJsonFile = join(dir, 'not-json.json');
writeFileSync(notJsonFile, '{ "acme": ');
const invalidRatesFile = join(dir, 'invalid-rates.json');
writeFileSync(invalidRatesFile, JSON.stringify({ acme: { currency: 'USD', versions: [{ labourPerHour: {} }] } }));

const base: Environment = { RATE_CARDS_FILE: ratesFile };

function failure(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadPipelineConfig', () => {
  it('applies every documented default', () => {
    const config = loadPipelineConfig(base);
    expect(config.kafka).toEqual({
      brokers: ['127.0.0.1:9092'],
      clientId: 'contact-cost-pipeline',
      consumerGroup: 'contact-cost-intake',
      topics: {
        calls: 'cc.calls',
        chats: 'cc.chats',
        tickets: 'cc.tickets',
        agents: 'cc.agents',
        deadLetter: 'cc.dead-letter',
      },
    });
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/contact_cost');
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379/0', keyPrefix: 'cc' });
    expect(config.rollup.intervalMs).toBe(500);
    expect(config.logging.level).toBe('log');
    expect(config.rateCards.file).toBe(ratesFile);
    expect(config.rateCards.rateCards.hasTenant('acme')).toBe(true);
  });

  it('reads every variable it documents', () => {
    const config = loadPipelineConfig({
      ...base,
      KAFKA_BROKERS: 'k1:9092, k2:9093',
      KAFKA_CLIENT_ID: 'client-x',
      CONSUMER_GROUP: 'group-x',
      KAFKA_TOPIC_CALLS: 't.calls',
      KAFKA_TOPIC_CHATS: 't.chats',
      KAFKA_TOPIC_TICKETS: 't.tickets',
      KAFKA_TOPIC_AGENTS: 't.agents',
      KAFKA_TOPIC_DEAD_LETTER: 't.dlq',
      DATABASE_URL: 'postgresql://u:p@db:5433/x',
      REDIS_URL: 'redis://cache:6380/3',
      REDIS_KEY_PREFIX: 'cc-test',
      ROLLUP_INTERVAL_MS: '250',
      LOG_LEVEL: 'debug',
    });
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9093']);
    expect(config.kafka.clientId).toBe('client-x');
    expect(config.kafka.consumerGroup).toBe('group-x');
    expect(config.kafka.topics).toEqual({
      calls: 't.calls',
      chats: 't.chats',
      tickets: 't.tickets',
      agents: 't.agents',
      deadLetter: 't.dlq',
    });
    expect(config.database.url).toBe('postgresql://u:p@db:5433/x');
    expect(config.redis).toEqual({ url: 'redis://cache:6380/3', keyPrefix: 'cc-test' });
    expect(config.rollup.intervalMs).toBe(250);
    expect(config.logging.level).toBe('debug');
    const documented = CONFIG_VARIABLES.pipeline.map((v) => v.name).sort();
    expect(documented).toEqual(
      [
        'KAFKA_BROKERS',
        'KAFKA_CLIENT_ID',
        'CONSUMER_GROUP',
        'KAFKA_TOPIC_CALLS',
        'KAFKA_TOPIC_CHATS',
        'KAFKA_TOPIC_TICKETS',
        'KAFKA_TOPIC_AGENTS',
        'KAFKA_TOPIC_DEAD_LETTER',
        'DATABASE_URL',
        'REDIS_URL',
        'REDIS_KEY_PREFIX',
        'ROLLUP_INTERVAL_MS',
        'LOG_LEVEL',
        'RATE_CARDS_FILE',
      ].sort(),
    );
  });

  it('treats an empty value as unset', () => {
    expect(loadPipelineConfig({ ...base, KAFKA_BROKERS: '  ' }).kafka.brokers).toEqual(['127.0.0.1:9092']);
  });

  const bad: [string, string, RegExp][] = [
    ['KAFKA_BROKERS', '127.0.0.1', /not host:port/],
    ['KAFKA_BROKERS', 'a:9092,,b:9092', /"" is not host:port/],
    ['KAFKA_BROKERS', 'a:70000', /out of range/],
    ['KAFKA_CLIENT_ID', 'has space', /not a valid Kafka name/],
    ['CONSUMER_GROUP', 'g/1', /not a valid Kafka name/],
    ['KAFKA_TOPIC_CALLS', 'calls!', /not a valid Kafka name/],
    ['KAFKA_TOPIC_CHATS', 'x'.repeat(250), /not a valid Kafka name/],
    ['KAFKA_TOPIC_TICKETS', 'a b', /not a valid Kafka name/],
    ['KAFKA_TOPIC_AGENTS', 'é', /not a valid Kafka name/],
    ['KAFKA_TOPIC_DEAD_LETTER', 'cc.calls', /already the topic of KAFKA_TOPIC_CALLS/],
    ['DATABASE_URL', 'not a url', /not a URL/],
    ['DATABASE_URL', 'mysql://127.0.0.1/x', /must start with postgres:\/\/ or postgresql:\/\//],
    ['DATABASE_URL', 'postgres://127.0.0.1:5432', /names no database/],
    ['REDIS_URL', 'http://127.0.0.1:6379', /must start with redis:\/\/ or rediss:\/\//],
    ['REDIS_URL', 'redis://127.0.0.1:6379/abc', /database "abc" is not a number/],
    ['REDIS_KEY_PREFIX', 'a:b', /must be 1-64/],
    ['ROLLUP_INTERVAL_MS', 'soon', /"soon" is not a whole number/],
    ['ROLLUP_INTERVAL_MS', '-5', /not a whole number/],
    ['ROLLUP_INTERVAL_MS', '1', /out of range 10\.\.3600000/],
    ['LOG_LEVEL', 'chatty', /not one of error, warn, log, debug, verbose/],
    ['RATE_CARDS_FILE', join(dir, 'missing.json'), /cannot read .*missing\.json/],
    ['RATE_CARDS_FILE', notJsonFile, /not-json\.json is not JSON/],
    ['RATE_CARDS_FILE', invalidRatesFile, /invalid-rates\.json is not a valid rate-card file/],
  ];
  it.each(bad)('rejects %s=%j naming the variable', (name, value, problem) => {
    const error = failure(() => loadPipelineConfig({ ...base, [name]: value }));
    expect(error.variable).toBe(name);
    expect(error.message).toContain(`configuration ${name}:`);
    expect(error.problem).toMatch(problem);
  });

  it('requires RATE_CARDS_FILE', () => {
    const error = failure(() => loadPipelineConfig({}));
    expect(error.variable).toBe('RATE_CARDS_FILE');
    expect(error.problem).toMatch(/is required/);
  });
});

describe('loadApiConfig', () => {
  it('applies defaults', () => {
    const config = loadApiConfig(base);
    expect(config.kafka).toEqual({
      brokers: ['127.0.0.1:9092'],
      clientId: 'contact-cost-api',
      consumerGroup: 'contact-cost-intake',
      topics: {
        calls: 'cc.calls',
        chats: 'cc.chats',
        tickets: 'cc.tickets',
        agents: 'cc.agents',
        deadLetter: 'cc.dead-letter',
      },
    });
    expect(config.http.port).toBe(3000);
    expect(config.redis.keyPrefix).toBe('cc');
    expect(config.rateCards.rateCards.hasTenant('acme')).toBe(true);
  });

  it('reads the Kafka variables HTTP ingest produces with, and no consumer group', () => {
    const config = loadApiConfig({
      ...base,
      KAFKA_BROKERS: 'k1:9092',
      KAFKA_CLIENT_ID: 'api-x',
      CONSUMER_GROUP: 'ignored',
      KAFKA_TOPIC_CALLS: 't.calls',
      KAFKA_TOPIC_AGENTS: 't.agents',
    });
    expect(config.kafka).toMatchObject({
      brokers: ['k1:9092'],
      clientId: 'api-x',
      consumerGroup: 'contact-cost-intake',
    });
    expect(config.kafka.topics).toMatchObject({ calls: 't.calls', agents: 't.agents', chats: 'cc.chats' });
    expect(CONFIG_VARIABLES.api.map((v) => v.name)).not.toContain('CONSUMER_GROUP');
  });

  it.each([
    ['KAFKA_BROKERS', 'nohost', /not host:port/],
    ['KAFKA_TOPIC_CHATS', 'cc.calls', /already the topic of KAFKA_TOPIC_CALLS/],
    ['HTTP_PORT', '80a', /not a whole number/],
    ['HTTP_PORT', '65536', /out of range 0\.\.65535/],
    ['DATABASE_URL', 'postgres://', /not a URL|names no host/],
    ['LOG_LEVEL', 'trace', /not one of/],
  ])('rejects %s=%j naming the variable', (name, value, problem) => {
    const error = failure(() => loadApiConfig({ ...base, [name]: value }));
    expect(error.variable).toBe(name);
    expect(error.problem).toMatch(problem);
  });

  it('requires RATE_CARDS_FILE', () => {
    expect(failure(() => loadApiConfig({ HTTP_PORT: '8080' })).variable).toBe('RATE_CARDS_FILE');
  });
});

describe('loadDatabaseSettings and loadRateCardSettings (CLI commands)', () => {
  it('read one concern each, with the same defaults and checks', () => {
    expect(loadDatabaseSettings({}).url).toBe('postgres://postgres@127.0.0.1:5432/contact_cost');
    expect(failure(() => loadDatabaseSettings({ DATABASE_URL: 'mysql://h/x' })).variable).toBe('DATABASE_URL');
    expect(loadRateCardSettings(base).rateCards.hasTenant('acme')).toBe(true);
    expect(failure(() => loadRateCardSettings({})).problem).toMatch(/is required/);
    expect(failure(() => loadRateCardSettings({ RATE_CARDS_FILE: notJsonFile })).problem).toMatch(/is not JSON/);
  });
});

describe('CONFIG_VARIABLES', () => {
  it('gives a default to every optional variable and none to a required one', () => {
    for (const variable of [...CONFIG_VARIABLES.pipeline, ...CONFIG_VARIABLES.api]) {
      expect(variable.required).toBe(variable.default === undefined);
      expect(variable.description.length).toBeGreaterThan(10);
    }
  });
});

describe('nestLogLevels', () => {
  it('keeps the levels up to the configured one', () => {
    expect(nestLogLevels('warn')).toEqual(['error', 'warn']);
    expect(nestLogLevels('verbose')).toEqual(['error', 'warn', 'log', 'debug', 'verbose']);
  });
});
