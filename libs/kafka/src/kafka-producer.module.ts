import { Module } from '@nestjs/common';
import { KafkaSettings, LoggingSettings } from '@contact-cost/config';
import { KafkaProducer } from './kafka-producer';

/** An idempotent, acks=all producer for the app's Kafka settings, connected at start and closed at shutdown. */
@Module({
  providers: [
    {
      provide: KafkaProducer,
      inject: [KafkaSettings, LoggingSettings],
      useFactory: (kafka: KafkaSettings, logging: LoggingSettings) =>
        new KafkaProducer({ brokers: kafka.brokers, clientId: kafka.clientId, logLevel: logging.level }),
    },
  ],
  exports: [KafkaProducer],
})
export class KafkaProducerModule {}
