import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-tenant API keys of HTTP ingest: only the sha256 of each key is stored, never the key. */
export class CreateApiKeys1767312000000 implements MigrationInterface {
  name = 'CreateApiKeys1767312000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_keys (
        key_hash text PRIMARY KEY CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        tenant text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX api_keys_tenant_idx ON api_keys (tenant)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE api_keys`);
  }
}
