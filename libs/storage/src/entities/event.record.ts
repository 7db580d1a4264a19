import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every accepted event, once: the durable duplicate filter (first to arrive wins on (tenant, event_id)) and the
 * ordered log the rollup tails by `seq`.
 */
@Entity({ name: 'events' })
@Index('events_tenant_event_id_key', ['tenant', 'eventId'], { unique: true })
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
