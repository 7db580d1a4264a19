import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiConfig, nestLogLevels } from '@contact-cost/config';
import { ApiModule } from './api.module';

/** The HTTP API as a Nest application. Not yet listening. */
export function createApiApp(config: ApiConfig): Promise<INestApplication> {
  return NestFactory.create(ApiModule.forConfig(config), { logger: nestLogLevels(config.logging.level) });
}
