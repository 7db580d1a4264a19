import { Module } from '@nestjs/common';
import { LiveTotalsModule } from '@contact-cost/live-totals';
import { RollupService } from './rollup.service';

/** Stored events → cost tables + live totals. Needs the app's StorageModule and config. */
@Module({
  imports: [LiveTotalsModule],
  providers: [RollupService],
  exports: [RollupService],
})
export class RollupModule {}
