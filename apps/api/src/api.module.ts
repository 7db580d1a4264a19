import { DynamicModule, Module } from '@nestjs/common';
import { ApiConfig, AppConfigModule } from '@contact-cost/config';
import { LiveApiModule } from '@contact-cost/live-api';
import { StorageModule } from '@contact-cost/storage';

@Module({})
export class ApiModule {
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(config),
        StorageModule.forRoot({ migrate: true, applicationName: 'contact-cost-api' }),
        LiveApiModule,
      ],
    };
  }
}
