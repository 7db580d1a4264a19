import { Injectable } from '@nestjs/common';
import { TENANT_PATTERN } from '@contact-cost/contracts';
import { DataSource } from 'typeorm';
import { apiKeyHashesMatch, generateApiKey, hashApiKey } from './api-key.hasher';

export class InvalidTenantError extends Error {}

/** Per-tenant API keys for HTTP ingest, kept in `api_keys` as sha256 hashes only. */
@Injectable()
export class ApiKeyService {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates a key for `tenant`, stores its hash and returns the plain key: the only time it is ever visible. */
  async createApiKey(tenant: string): Promise<string> {
    if (!TENANT_PATTERN.test(tenant)) {
      throw new InvalidTenantError(
        `tenant ${JSON.stringify(tenant)} is malformed: it must match ${TENANT_PATTERN.source}`,
      );
    }
    const key = generateApiKey();
    await this.dataSource.query('INSERT INTO api_keys (tenant, key_hash) VALUES ($1, $2)', [tenant, hashApiKey(key)]);
    return key;
  }

  /** The tenant of a live (not revoked) key; null for an unknown or revoked key. */
  async tenantOfKey(key: string): Promise<string | null> {
    const hash = hashApiKey(key);
    const rows: { tenant: string; key_hash: string }[] = await this.dataSource.query(
      'SELECT tenant, key_hash FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = rows[0];
    return row && apiKeyHashesMatch(row.key_hash, hash) ? row.tenant : null;
  }

  /** Revokes a key; returns whether a live key was revoked. */
  async revokeApiKey(key: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'UPDATE api_keys SET revoked_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING tenant',
      [hashApiKey(key)],
    );
    return rows.length > 0;
  }
}
