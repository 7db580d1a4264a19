import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far a rollup has folded the `events` log into the cost tables (the last `events.seq` applied). */
@Entity({ name: 'rollup_cursor' })
export class RollupCursorRecord {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ name: 'last_seq', type: 'bigint' })
  lastSeq!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
