import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCostTables1767225600000 implements MigrationInterface {
  name = 'CreateCostTables1767225600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        seq bigserial PRIMARY KEY,
        tenant text NOT NULL,
        event_id text NOT NULL,
        type text NOT NULL,
        event_time text NOT NULL,
        raw text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        kafka_offset bigint NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_tenant_event_id_key UNIQUE (tenant, event_id)
      )`);
    await db.query(`
      CREATE TABLE contact_costs (
        tenant text NOT NULL,
        contact text NOT NULL,
        channel text NOT NULL,
        reason text NOT NULL,
        case_id text,
        queue text,
        day text NOT NULL,
        open boolean NOT NULL,
        handle_seconds numeric NOT NULL,
        agent_seconds numeric NOT NULL,
        labour_micros bigint NOT NULL,
        overhead_micros bigint NOT NULL,
        telephony_micros bigint NOT NULL,
        fees_micros bigint NOT NULL,
        usage_micros bigint NOT NULL,
        compensation_micros bigint NOT NULL,
        total_micros bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, contact)
      )`);
    await db.query(`CREATE INDEX contact_costs_tenant_day_idx ON contact_costs (tenant, day)`);
    await db.query(`
      CREATE TABLE agent_day_costs (
        tenant text NOT NULL,
        agent text NOT NULL,
        day text NOT NULL,
        paid_seconds numeric NOT NULL,
        contact_seconds numeric NOT NULL,
        idle_seconds numeric NOT NULL,
        shrinkage_seconds jsonb NOT NULL,
        contact_cost_micros bigint NOT NULL,
        idle_cost_micros bigint NOT NULL,
        shrinkage_cost_micros bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, agent, day)
      )`);
    await db.query(`
      CREATE TABLE unlinked_compensations (
        tenant text NOT NULL,
        event_id text NOT NULL,
        case_id text NOT NULL,
        day text NOT NULL,
        amount_micros bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, event_id)
      )`);
    await db.query(`
      CREATE TABLE rollup_cursor (
        name text PRIMARY KEY,
        last_seq bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rollup_cursor`);
    await db.query(`DROP TABLE unlinked_compensations`);
    await db.query(`DROP TABLE agent_day_costs`);
    await db.query(`DROP TABLE contact_costs`);
    await db.query(`DROP TABLE events`);
  }
}
