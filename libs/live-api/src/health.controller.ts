import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { LiveTotalsService } from '@contact-cost/live-totals';
import { CostReader } from '@contact-cost/storage';

@Controller('health')
export class HealthController {
  constructor(
    private readonly costs: CostReader,
    private readonly liveTotals: LiveTotalsService,
  ) {}

  @Get()
  async health(): Promise<{ status: 'ok'; postgres: 'up'; redis: 'up' }> {
    const [postgres, redis] = await Promise.allSettled([this.costs.ping(), this.liveTotals.ping()]);
    if (postgres.status === 'rejected' || redis.status === 'rejected') {
      throw new ServiceUnavailableException({
        status: 'down',
        postgres: postgres.status === 'fulfilled' ? 'up' : `down: ${String(postgres.reason)}`,
        redis: redis.status === 'fulfilled' ? 'up' : `down: ${String(redis.reason)}`,
      });
    }
    return { status: 'ok', postgres: 'up', redis: 'up' };
  }
}
