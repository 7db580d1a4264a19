import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every accepted event, once: the durable duplicate filter (first to arrive wins on (tenant, event_id)) and the
 * ordered log the rollup tails by `seq`.
 */
@Entity({ name: 'events' })
@Index('events_tenant_event_id_key', ['tenant', 'eventId'], { unique: true })
@Index('events_event_at_seq_idx', ['eventAt', 'seq'])
export class EventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  tenant!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  type!: string;

  /** The event's `time` exactly as sent. */
  @Column({ name: 'event_time', type: 'text' })
  eventTime!: string;

  /** The instant of `time`, exact: attoseconds since the epoch (the order the rollup rebuilds in). */
  @Column({ name: 'event_at', type: 'numeric', precision: 40, scale: 0 })
  eventAt!: string;

  /** The original message (UTF-8). */
  @Column({ type: 'text' })
  raw!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'integer' })
  partition!: number;

  @Column({ name: 'kafka_offset', type: 'bigint' })
  kafkaOffset!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
