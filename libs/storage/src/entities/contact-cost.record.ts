import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One contact's current figures (cost-model.md), money in integer micro-units, seconds to 3 decimals. */
@Entity({ name: 'contact_costs' })
export class ContactCostRecord {
  @PrimaryColumn({ type: 'text' })
  tenant!: string;

  @PrimaryColumn({ type: 'text' })
  contact!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'case_id', type: 'text', nullable: true })
  caseId!: string | null;

  @Column({ type: 'text', nullable: true })
  queue!: string | null;

  /** Local date of the contact (rate-card time zone), YYYY-MM-DD. */
  @Column({ type: 'text' })
  day!: string;

  @Column({ type: 'boolean' })
  open!: boolean;

  @Column({ name: 'handle_seconds', type: 'numeric' })
  handleSeconds!: string;

  @Column({ name: 'agent_seconds', type: 'numeric' })
  agentSeconds!: string;

  @Column({ name: 'labour_micros', type: 'bigint' })
  labourMicros!: string;

  @Column({ name: 'overhead_micros', type: 'bigint' })
  overheadMicros!: string;

  @Column({ name: 'telephony_micros', type: 'bigint' })
  telephonyMicros!: string;

  @Column({ name: 'fees_micros', type: 'bigint' })
  feesMicros!: string;

  @Column({ name: 'usage_micros', type: 'bigint' })
  usageMicros!: string;

  @Column({ name: 'compensation_micros', type: 'bigint' })
  compensationMicros!: string;

  /** Rounded once from the exact total, so it may differ from the sum of the rounded parts by a few micros. */
  @Column({ name: 'total_micros', type: 'bigint' })
  totalMicros!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
