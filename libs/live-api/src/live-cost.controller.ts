import { Controller, Get, Param } from '@nestjs/common';
import { ContactView, LiveCostService, TenantLiveView } from './live-cost.service';
import { TenantParamPipe } from './tenant-param.pipe';

@Controller('v1/tenants/:tenant')
export class LiveCostController {
  constructor(private readonly live: LiveCostService) {}

  /** Running cost per contact by channel (and by reason and day), from the live totals. */
  @Get('live')
  tenantLive(@Param('tenant', TenantParamPipe) tenant: string): Promise<TenantLiveView> {
    return this.live.tenantLive(tenant);
  }

  /** One contact's current figures. */
  @Get('contacts/:contact')
  contact(@Param('tenant', TenantParamPipe) tenant: string, @Param('contact') contact: string): Promise<ContactView> {
    return this.live.contact(tenant, contact);
  }
}
