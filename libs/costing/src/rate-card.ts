import { Channel } from '@contact-cost/contracts';
import { Rational } from './rational';

/** One effective-dated version of a tenant's rate card, with defaults applied and money parsed exactly. */
export interface RateVersion {
  /** Attoseconds since the epoch. */
  effectiveFrom: bigint;
  labourPerHour: Map<string, Rational>;
  overheadPerAgentHour: Rational;
  agents: Map<string, string>;
  telephonyPerMinute: Map<string, Rational>;
  telephonyIncrementSeconds: Rational;
  chatPerSession: Rational;
  ticketPerTicket: Rational;
  usage: Map<string, Rational>;
  /** Concurrency weights scaled to integers by the tenant's weightScale (so splits stay in integer arithmetic). */
  scaledWeights: Record<Channel, bigint>;
  /** Seconds; 0 means no wrapup. */
  wrapupLimitSeconds: Rational;
  /** The same limit in attoseconds (below one truncated), as it cuts a wrapup segment. */
  wrapupLimitAttos: bigint;
}

export class TenantRateCard {
  private readonly boundaries: readonly bigint[];

  /** Versions sorted by effectiveFrom. */
  constructor(
    readonly tenant: string,
    readonly currency: string,
    readonly timezone: string,
    readonly versions: RateVersion[],
  ) {
    this.boundaries = versions.slice(1).map((v) => v.effectiveFrom);
  }

  /** The version in force at `at`: the latest that started at or before it; before the first, the first. */
  versionAt(at: bigint): RateVersion {
    const versions = this.versions;
    let lo = 0;
    let hi = versions.length - 1;
    if (at < versions[0].effectiveFrom) return versions[0];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (versions[mid].effectiveFrom <= at) lo = mid;
      else hi = mid - 1;
    }
    return versions[lo];
  }

  /** Instants where a new version takes over (the first version's start changes nothing). */
  versionBoundaries(): readonly bigint[] {
    return this.boundaries;
  }
}

export class RateCardSet {
  constructor(private readonly cards: Map<string, TenantRateCard>) {}

  hasTenant(tenant: string): boolean {
    return this.cards.has(tenant);
  }

  tenant(tenant: string): TenantRateCard {
    const card = this.cards.get(tenant);
    if (!card) throw new Error(`no rate card for tenant ${tenant}`);
    return card;
  }

  find(tenant: string): TenantRateCard | undefined {
    return this.cards.get(tenant);
  }

  tenants(): string[] {
    return [...this.cards.keys()];
  }

  currency(tenant: string): string {
    return this.tenant(tenant).currency;
  }

  timezone(tenant: string): string {
    return this.tenant(tenant).timezone;
  }
}
