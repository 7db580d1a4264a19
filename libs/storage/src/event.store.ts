import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ADVISORY_LOCKS } from './advisory-locks';
import { valueChunks } from './multi-row-insert';
import { EventTimePosition, NewEventRow, StoredEventRow } from './storage-rows';

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
      for (const { placeholders, params } of valueChunks(events, 9, (e) => [
        e.tenant,
        e.eventId,
        e.type,
        e.eventTime,
        e.eventAt.toString(),
        e.raw,
        e.topic,
        e.partition,
        e.kafkaOffset,
      ])) {
        const rows: { seq: string }[] = await manager.query(
          `INSERT INTO events (tenant, event_id, type, event_time, event_at, raw, topic, partition, kafka_offset)
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

  /**
   * Events with seq ≤ `upToSeq`, in event-time order (then seq), from just after `after` (null: from the first).
   * Replayed in this order no event is late, so an engine can settle as it goes.
   */
  async readInTimeOrder(
    after: EventTimePosition | null,
    upToSeq: string,
    limit: number,
  ): Promise<{ rows: StoredEventRow[]; last: EventTimePosition | null }> {
    // `seq` stays a bigint column (not ::text) so that ORDER BY sorts it as a number.
    const rows: { seq: string; raw: string; at: string }[] =
      after === null
        ? await this.dataSource.query(
            `SELECT seq, raw, event_at::text AS at FROM events
              WHERE seq <= $1 ORDER BY event_at, seq LIMIT $2`,
            [upToSeq, limit],
          )
        : await this.dataSource.query(
            `SELECT seq, raw, event_at::text AS at FROM events
              WHERE seq <= $1 AND (event_at, seq) > ($2::numeric, $3::bigint) ORDER BY event_at, seq LIMIT $4`,
            [upToSeq, after.at, after.seq, limit],
          );
    const lastRow = rows[rows.length - 1];
    return {
      rows: rows.map((r) => ({ seq: String(r.seq), raw: r.raw })),
      last: lastRow === undefined ? null : { at: lastRow.at, seq: String(lastRow.seq) },
    };
  }

  async count(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM events');
    return row.n;
  }
}
