import { MigrationInterface, QueryRunner } from 'typeorm';
import { parseEventTime } from '@contact-cost/contracts';

const BACKFILL_BATCH = 5_000;

/**
 * Each stored event's instant, exact (attoseconds since the epoch: `event_time` as text does not sort by time), so
 * the rollup can rebuild in event-time order: in that order no event arrives late, and the engine keeps settling
 * (memory stays flat) while it rebuilds.
 */
export class AddEventInstant1767398400000 implements MigrationInterface {
  name = 'AddEventInstant1767398400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events ADD COLUMN event_at numeric(40, 0)`);
    // Rows stored before this migration: their times passed validation at intake, so each one parses.
    for (let after = '0'; ;) {
      // `seq` as the bigint column (pg gives it as a string): ordered as a number, not as text.
      const rows: { seq: string; event_time: string }[] = await db.query(
        'SELECT seq, event_time FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
        [after, BACKFILL_BATCH],
      );
      if (rows.length === 0) break;
      const instants = rows.map((row) => {
        const at = parseEventTime(row.event_time);
        if (at === null)
          throw new Error(`events seq ${row.seq}: event_time ${JSON.stringify(row.event_time)} is not a time`);
        return at.toString();
      });
      await db.query(
        `UPDATE events SET event_at = v.at::numeric
           FROM unnest($1::bigint[], $2::text[]) AS v(seq, at)
          WHERE events.seq = v.seq`,
        [rows.map((row) => String(row.seq)), instants],
      );
      after = String(rows[rows.length - 1].seq);
    }
    await db.query(`ALTER TABLE events ALTER COLUMN event_at SET NOT NULL`);
    await db.query(`CREATE INDEX events_event_at_seq_idx ON events (event_at, seq)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX events_event_at_seq_idx`);
    await db.query(`ALTER TABLE events DROP COLUMN event_at`);
  }
}
