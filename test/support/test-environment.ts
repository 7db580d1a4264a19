import { randomBytes } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Client } from 'pg';
import { ensureDatabase } from '@contact-cost/storage';

// Real services on this machine (deploy/up.sh); test databases always contain "test" in their name.
export const TEST_BROKERS = ['127.0.0.1:9092'];
export const INTEGRATION_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/contact_cost_test';
export const E2E_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/contact_cost_e2e_test';
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379/15';
export const SCENARIOS_DIR = resolve(__dirname, '../../../shared/scenarios');

/** A short id unique to this test run, for topic names, consumer groups and Redis key prefixes. */
export function uniqueRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function topicsFor(runId: string) {
  return {
    calls: `test.${runId}.calls`,
    chats: `test.${runId}.chats`,
    tickets: `test.${runId}.tickets`,
    agents: `test.${runId}.agents`,
    deadLetter: `test.${runId}.dead-letter`,
  };
}

/** Drops every table of a test database (refusing any other), so migrations start from nothing. */
export async function emptyTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('test')) throw new Error(`refusing to empty ${name}: not a test database`);
  await ensureDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

/** Polls `probe` until it returns a value (not undefined/null/false); fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function writeTempFile(name: string, content: string): string {
  const dir = join(tmpdir(), `cc-test-${uniqueRunId()}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
