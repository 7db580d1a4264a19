import { ConfigError, KAFKA_TOPIC_VARIABLES, KafkaSettings } from '@contact-cost/config';
import { withKafkaAdmin } from './kafka-admin';
import { KafkaConnectionOptions } from './kafka-client.factory';

/**
 * Fails with a ConfigError naming the variable of the first configured topic the brokers do not have. Producers here
 * never create topics, and kafkajs retries a send to a missing topic for as long as it is let: checked at start-up,
 * a misnamed topic stops the app with its name instead of hanging its first send.
 */
export async function assertKafkaTopicsExist(
  kafka: KafkaSettings,
  logLevel: KafkaConnectionOptions['logLevel'] = 'warn',
): Promise<void> {
  const connection = { brokers: kafka.brokers, clientId: `${kafka.clientId}-check`, logLevel };
  const existing = new Set(await withKafkaAdmin(connection, (admin) => admin.listTopics()));
  for (const [role, variable] of Object.entries(KAFKA_TOPIC_VARIABLES) as [keyof KafkaSettings['topics'], string][]) {
    const topic = kafka.topics[role];
    if (!existing.has(topic))
      throw new ConfigError(
        variable,
        `topic "${topic}" does not exist on ${kafka.brokers.join(',')} (topics are not created automatically; ` +
          'bash deploy/up.sh creates the default ones)',
      );
  }
}
