import { Module } from '@nestjs/common';
import { KafkaProducerModule } from '@contact-cost/kafka';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { HttpIngestController } from './http-ingest.controller';
import { HttpIngestService } from './http-ingest.service';
import { IngestBodyMiddlewareInstaller } from './ingest-body.middleware';

/**
 * POST /v1/events. Needs StorageModule (the `api_keys` table) and config providing KafkaSettings, RateCardSettings
 * and LoggingSettings; the app must be created with NestFactory.create (see IngestBodyMiddlewareInstaller).
 */
@Module({
  imports: [KafkaProducerModule],
  controllers: [HttpIngestController],
  providers: [IngestBodyMiddlewareInstaller, ApiKeyService, ApiKeyGuard, HttpIngestService],
  exports: [ApiKeyService],
})
export class HttpIngestModule {}
