import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { RateCardSettings } from '@contact-cost/config';
import { GroupTotal, LiveTotalsService } from '@contact-cost/live-totals';
import { CostReader } from '@contact-cost/storage';
import { formatMicros, formatPerContact } from './money.format';

export interface GroupView {
  contacts: number;
  cost: string;
  costPerContact: string | null;
}

export interface TenantLiveView {
  tenant: string;
  currency: string;
  asOf: string | null;
  channels: Record<string, GroupView>;
  reasons: Record<string, GroupView>;
  days: Record<string, GroupView>;
}

export interface ContactView {
  tenant: string;
  contact: string;
  currency: string;
  channel: string;
  reason: string;
  case: string | null;
  queue: string | null;
  day: string;
  open: boolean;
  handleSeconds: number;
  agentSeconds: number;
  cost: {
    labour: string;
    overhead: string;
    telephony: string;
    fees: string;
    usage: string;
    compensation: string;
    total: string;
  };
  updatedAt: string;
}

function groupViews(groups: Record<string, GroupTotal>): Record<string, GroupView> {
  return Object.fromEntries(
    Object.entries(groups).map(([name, g]) => [
      name,
      {
        contacts: g.contacts,
        cost: formatMicros(g.costMicros),
        costPerContact: formatPerContact(g.costMicros, g.contacts),
      },
    ]),
  );
}

@Injectable()
export class LiveCostService {
  constructor(
    private readonly liveTotals: LiveTotalsService,
    private readonly costs: CostReader,
    private readonly rateCards: RateCardSettings,
  ) {}

  async tenantLive(tenant: string): Promise<TenantLiveView> {
    const currency = this.currencyOf(tenant);
    let totals: Awaited<ReturnType<LiveTotalsService['readTenant']>>;
    try {
      totals = await this.liveTotals.readTenant(tenant);
    } catch (error) {
      // Redis down is the service's state, not the caller's mistake (GET /health says the same).
      throw new ServiceUnavailableException(
        `the live totals cannot be read now: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (Object.keys(totals.channels).length === 0) {
      throw new NotFoundException(`no live figures for tenant ${tenant} yet`);
    }
    return {
      tenant,
      currency,
      asOf: totals.asOf,
      channels: groupViews(totals.channels),
      reasons: groupViews(totals.reasons),
      days: groupViews(totals.days),
    };
  }

  async contact(tenant: string, contact: string): Promise<ContactView> {
    const currency = this.currencyOf(tenant);
    const row = await this.costs.findContact(tenant, contact);
    if (!row) throw new NotFoundException(`no contact ${JSON.stringify(contact)} for tenant ${tenant}`);
    return {
      tenant,
      contact,
      currency,
      channel: row.channel,
      reason: row.reason,
      case: row.caseId,
      queue: row.queue,
      day: row.day,
      open: row.open,
      // Stored rounded to 3 decimals, so the number is the reported value exactly as printed.
      handleSeconds: Number(row.handleSeconds),
      agentSeconds: Number(row.agentSeconds),
      cost: {
        labour: formatMicros(row.labourMicros),
        overhead: formatMicros(row.overheadMicros),
        telephony: formatMicros(row.telephonyMicros),
        fees: formatMicros(row.feesMicros),
        usage: formatMicros(row.usageMicros),
        compensation: formatMicros(row.compensationMicros),
        total: formatMicros(row.totalMicros),
      },
      updatedAt: row.updatedAt,
    };
  }

  private currencyOf(tenant: string): string {
    if (!this.rateCards.rateCards.hasTenant(tenant)) {
      throw new NotFoundException(`tenant ${tenant} has no rate card`);
    }
    return this.rateCards.rateCards.currency(tenant);
  }
}
