import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One agent's closed ledger for one local day: paid = contact + idle + Σ shrinkage. */
@Entity({ name: 'agent_day_costs' })
export class AgentDayCostRecord {
  @PrimaryColumn({ type: 'text' })
  tenant!: string;

  @PrimaryColumn({ type: 'text' })
  agent!: string;

  @PrimaryColumn({ type: 'text' })
  day!: string;

  @Column({ name: 'paid_seconds', type: 'numeric' })
  paidSeconds!: string;

  @Column({ name: 'contact_seconds', type: 'numeric' })
  contactSeconds!: string;

  @Column({ name: 'idle_seconds', type: 'numeric' })
  idleSeconds!: string;

  /** Seconds per shrinkage state, as decimal strings. */
  @Column({ name: 'shrinkage_seconds', type: 'jsonb' })
  shrinkageSeconds!: Record<string, string>;

  @Column({ name: 'contact_cost_micros', type: 'bigint' })
  contactCostMicros!: string;

  @Column({ name: 'idle_cost_micros', type: 'bigint' })
  idleCostMicros!: string;

  @Column({ name: 'shrinkage_cost_micros', type: 'bigint' })
  shrinkageCostMicros!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
