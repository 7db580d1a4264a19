export const TOTAL_DIMENSIONS = ['channel', 'reason', 'day'] as const;
export type TotalDimension = (typeof TOTAL_DIMENSIONS)[number];

/**
 * Every Redis key the project uses is built here. A tenant's keys share the hash tag `{tenant}`, so one tenant's
 * update is a single-slot script on a Redis Cluster too.
 */
export class RedisKeys {
  constructor(private readonly prefix: string) {}

  /** Set of tenants with live totals. */
  tenants(): string {
    return `${this.prefix}:tenants`;
  }

  /** The as-of instant (UTC ISO) of the latest figures written. */
  asOf(): string {
    return `${this.prefix}:as-of`;
  }

  /** Hash contact → its last applied [channel, reason, day, totalMicros] (JSON), so updates apply differences. */
  contactLast(tenant: string): string {
    return `${this.prefix}:{${tenant}}:contact-last`;
  }

  /** Hash dimension value → number of contacts. */
  contacts(tenant: string, dimension: TotalDimension): string {
    return `${this.prefix}:{${tenant}}:by-${dimension}:contacts`;
  }

  /** Hash dimension value → summed contact cost, integer micro-units. */
  costMicros(tenant: string, dimension: TotalDimension): string {
    return `${this.prefix}:{${tenant}}:by-${dimension}:cost-micros`;
  }

  /** All keys of one tenant, in the order the update script expects them. */
  tenantKeys(tenant: string): string[] {
    return [
      this.contactLast(tenant),
      ...TOTAL_DIMENSIONS.flatMap((d) => [this.contacts(tenant, d), this.costMicros(tenant, d)]),
    ];
  }
}
