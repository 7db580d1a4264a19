import { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { nestLogLevels, PipelineConfig } from '@contact-cost/config';
import { intakeSubscriptions } from '@contact-cost/intake';
import { KafkaBatchServer, RethrowRpcExceptionFilter } from '@contact-cost/kafka';
import { PipelineModule } from './pipeline.module';

/** The pipeline as a Nest microservice: Kafka intake (KafkaBatchServer) and the rollup. Not yet listening. */
export async function createPipelineApp(config: PipelineConfig): Promise<INestMicroservice> {
  const { kafka } = config;
  const app = await NestFactory.createMicroservice(PipelineModule.forConfig(config), {
    strategy: new KafkaBatchServer({
      connection: { brokers: kafka.brokers, clientId: kafka.clientId, logLevel: config.logging.level },
      groupId: kafka.consumerGroup,
      subscriptions: intakeSubscriptions(kafka.topics),
    }),
    logger: nestLogLevels(config.logging.level),
  });
  app.useGlobalFilters(new RethrowRpcExceptionFilter());
  return app;
}
