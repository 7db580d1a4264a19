import { DynamicModule, Module } from '@nestjs/common';
import { ApiConfig, AppConfigModule } from '@contact-cost/config';
import { HttpIngestModule } from '@contact-cost/http-ingest';
import { LiveApiModule } from '@contact-cost/live-api';
import { StorageModule } from '@contact-cost/storage';

/** Live figures (GET) and HTTP ingest (POST /v1/events); needs an app from NestFactory.create (see createApiApp). */
@Module({})
export class ApiModule {
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(config),
        StorageModule.forRoot({ migrate: true, applicationName: 'contact-cost-api' }),
        LiveApiModule,
        HttpIngestModule,
      ],
    };
  }
}
