// Configuration that only a connection can check (a topic, a Redis database) stops start-up with one line naming the
// variable (real Kafka and Redis); the live endpoint answers 503 while Redis is down.
import { ConfigError, KafkaSettings } from '@contact-cost/config';
import { assertKafkaTopicsExist } from '@contact-cost/kafka';
import { parseRateCards } from '@contact-cost/costing';
import { LiveCostService } from '@contact-cost/live-api';
import { LiveTotalsService } from '@contact-cost/live-totals';
import { ServiceUnavailableException } from '@nestjs/common';
import { rateCardJson } from '../../libs/costing/src/testing/cost-day.builder';
import { createTestTopics, deleteTestTopics } from '../support/pipeline-harness';
import { TEST_BROKERS, topicsFor, uniqueRunId } from '../support/test-environment';

describe('start-up checks that need a connection (Kafka, Redis)', () => {
  const runId = uniqueRunId();
  const topics = topicsFor(runId);
  const kafka: KafkaSettings = {
    brokers: TEST_BROKERS,
    clientId: `cc-test-${runId}`,
    consumerGroup: `cc-test-${runId}`,
    topics,
  };

  beforeAll(() => createTestTopics(topics));
  afterAll(() => deleteTestTopics(topics));

  it('passes when every configured topic exists, and names the variable of one that does not', async () => {
    await expect(assertKafkaTopicsExist(kafka)).resolves.toBeUndefined();
    const misnamed = { ...kafka, topics: { ...topics, agents: `${topics.agents}-typo` } };
    const failure = assertKafkaTopicsExist(misnamed);
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(
      `configuration KAFKA_TOPIC_AGENTS: topic "${topics.agents}-typo" does not exist on 127.0.0.1:9092`,
    );
  });

  // Was a bug (fixed): GET /v1/tenants/{tenant}/live answered 500 "Internal server error" while Redis was down.
  it('answers the live figures with 503 naming the cause while Redis cannot be reached', async () => {
    const unreachable = new LiveTotalsService({ url: 'redis://127.0.0.1:1/0', keyPrefix: `test-${runId}` });
    try {
      const rateCards = { file: 'rates.json', rateCards: parseRateCards(rateCardJson()) };
      const live = new LiveCostService(unreachable, null as never, rateCards);
      const read = live.tenantLive('acme');
      await expect(read).rejects.toBeInstanceOf(ServiceUnavailableException);
      await expect(read).rejects.toThrow('the live totals cannot be read now');
    } finally {
      await unreachable.close();
    }
  });

  it('fails start-up naming REDIS_URL when its database does not exist on the server, and not otherwise', async () => {
    const missing = new LiveTotalsService({ url: 'redis://127.0.0.1:6379/99', keyPrefix: `test-${runId}` });
    try {
      const init = missing.onModuleInit();
      await expect(init).rejects.toBeInstanceOf(ConfigError);
      await expect(init).rejects.toThrow('configuration REDIS_URL: database 99 does not exist on this Redis server');
    } finally {
      await missing.close();
    }
    const present = new LiveTotalsService({ url: 'redis://127.0.0.1:6379/14', keyPrefix: `test-${runId}` });
    try {
      await expect(present.onModuleInit()).resolves.toBeUndefined();
    } finally {
      await present.close();
    }
  });
});
