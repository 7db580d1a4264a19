import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ADVISORY_LOCKS } from './advisory-locks';
import { valueChunks } from './multi-row-insert';
import { NewEventRow, StoredEventRow } from './storage-rows';

export interface EventInsertResult {
  /** `seq` of each row inserted; rows already present (same tenant and id) are duplicates. */
  insertedSeqs: string[];
  duplicates: number;
}

/** The `events` table: the durable duplicate filter and the ordered log of accepted events. */
@Injectable()
export class EventStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the events in one transaction; the first to arrive with a given (tenant, id) wins, here and forever
   * after, and later ones (in this call or any other) are counted as duplicates.
   */
  async insertEvents(events: NewEventRow[]): Promise<EventInsertResult> {
    if (events.length === 0) return { insertedSeqs: [], duplicates: 0 };
    return this.dataSource.transaction(async (manager) => {
      // Writers take turns until commit, so a larger seq is never visible before a smaller one.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.eventLog]);
      const insertedSeqs: string[] = [];
      for (const { placeholders, params } of valueChunks(events, 8, (e) => [
        e.tenant,
        e.eventId,
        e.type,
        e.eventTime,
        e.raw,
        e.topic,
        e.partition,
        e.kafkaOffset,
      ])) {
        const rows: { seq: string }[] = await manager.query(
          `INSERT INTO events (tenant, event_id, type, event_time, raw, topic, partition, kafka_offset)
           VALUES ${placeholders}
           ON CONFLICT (tenant, event_id) DO NOTHING
           RETURNING seq`,
          params,
        );
        insertedSeqs.push(...rows.map((r) => String(r.seq)));
      }
      return { insertedSeqs, duplicates: events.length - insertedSeqs.length };
    });
  }

  /** Events with seq > `afterSeq`, in seq order. */
  async readAfter(afterSeq: string, limit: number): Promise<StoredEventRow[]> {
    const rows: { seq: string; raw: string }[] = await this.dataSource.query(
      'SELECT seq, raw FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
      [afterSeq, limit],
    );
    return rows.map((r) => ({ seq: String(r.seq), raw: r.raw }));
  }

  /** Events with `afterSeq` < seq ≤ `upToSeq`, in seq order. */
  async readRange(afterSeq: string, upToSeq: string, limit: number): Promise<StoredEventRow[]> {
    const rows: { seq: string; raw: string }[] = await this.dataSource.query(
      'SELECT seq, raw FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3',
      [afterSeq, upToSeq, limit],
    );
    return rows.map((r) => ({ seq: String(r.seq), raw: r.raw }));
  }

  async count(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM events');
    return row.n;
  }
}
