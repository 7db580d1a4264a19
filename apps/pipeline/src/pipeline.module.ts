import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule, PipelineConfig } from '@contact-cost/config';
import { IntakeModule } from '@contact-cost/intake';
import { RollupModule } from '@contact-cost/rollup';
import { StorageModule } from '@contact-cost/storage';

@Module({})
export class PipelineModule {
  static forConfig(config: PipelineConfig): DynamicModule {
    return {
      module: PipelineModule,
      imports: [
        AppConfigModule.forRoot(config),
        StorageModule.forRoot({ migrate: true, applicationName: 'contact-cost-pipeline' }),
        IntakeModule,
        RollupModule,
      ],
    };
  }
}
