import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Compensation whose contact does not exist (yet): it stays on its case and the day of its own time. */
@Entity({ name: 'unlinked_compensations' })
export class UnlinkedCompensationRecord {
  @PrimaryColumn({ type: 'text' })
  tenant!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ type: 'text' })
  day!: string;

  @Column({ name: 'amount_micros', type: 'bigint' })
  amountMicros!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
