import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import {
  ApiConfig,
  DatabaseSettings,
  HttpSettings,
  KafkaSettings,
  LoggingSettings,
  PipelineConfig,
  RateCardSettings,
  RedisSettings,
  RollupSettings,
} from './app-config';

/** Provides the already-validated config of one app, one settings class per concern, to every module. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: PipelineConfig | ApiConfig): DynamicModule {
    const providers: Provider[] = [
      { provide: DatabaseSettings, useValue: config.database },
      { provide: RedisSettings, useValue: config.redis },
      { provide: RateCardSettings, useValue: config.rateCards },
      { provide: LoggingSettings, useValue: config.logging },
      { provide: KafkaSettings, useValue: config.kafka },
    ];
    if (config.app === 'pipeline') {
      providers.push({ provide: RollupSettings, useValue: config.rollup });
    } else {
      providers.push({ provide: HttpSettings, useValue: config.http });
    }
    return {
      module: AppConfigModule,
      providers,
      exports: providers.map((p) => (p as { provide: unknown }).provide as never),
    };
  }
}
