import { Module } from '@nestjs/common';
import { LiveTotalsModule } from '@contact-cost/live-totals';
import { HealthController } from './health.controller';
import { LiveCostController } from './live-cost.controller';
import { LiveCostService } from './live-cost.service';

/** The HTTP read side: live totals from Redis, contact figures from Postgres. Needs StorageModule and config. */
@Module({
  imports: [LiveTotalsModule],
  controllers: [LiveCostController, HealthController],
  providers: [LiveCostService],
})
export class LiveApiModule {}
