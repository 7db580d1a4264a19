import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigError, RedisSettings } from '@contact-cost/config';
import Redis from 'ioredis';
import { APPLY_CONTACT_TOTALS_LUA } from './apply-contact-totals.lua';
import { RedisKeys, TOTAL_DIMENSIONS, TotalDimension } from './redis-keys';

/** A contact's figures as the running totals count them. */
export interface ContactTotal {
  tenant: string;
  contact: string;
  channel: string;
  reason: string;
  day: string;
  /** Integer micro-units. */
  totalMicros: bigint;
}

export interface GroupTotal {
  contacts: number;
  costMicros: bigint;
}

export interface TenantTotals {
  tenant: string;
  /** UTC ISO instant of the latest figures, or null before any. */
  asOf: string | null;
  channels: Record<string, GroupTotal>;
  reasons: Record<string, GroupTotal>;
  days: Record<string, GroupTotal>;
}

interface TotalsRedis extends Redis {
  applyContactTotals(...keysAndArgs: string[]): Promise<number>;
}

const CONTACTS_PER_CALL = 500;

/** Per-tenant running totals (contacts and cost by channel, reason and day) in Redis, updated idempotently. */
@Injectable()
export class LiveTotalsService implements OnModuleInit, OnApplicationShutdown {
  private readonly redis: TotalsRedis;
  readonly keys: RedisKeys;

  constructor(settings: RedisSettings) {
    this.keys = new RedisKeys(settings.keyPrefix);
    // Few retries per command: callers (the rollup) retry whole updates, which are idempotent. disconnect() of a
    // client whose last connection failed arms a timer to destroy that (already closed) socket, which nothing
    // clears: short, so a process closing while Redis is down exits at once rather than 2 s later.
    this.redis = new Redis(settings.url, {
      maxRetriesPerRequest: 2,
      lazyConnect: false,
      disconnectTimeout: 100,
    }) as TotalsRedis;
    this.redis.on('error', () => undefined); // surfaced by the failing commands instead
    this.redis.defineCommand('applyContactTotals', { numberOfKeys: 7, lua: APPLY_CONTACT_TOTALS_LUA });
  }

  /**
   * Fails start-up when the database of REDIS_URL does not exist on the server: ioredis would stay on database 0 (the
   * SELECT fails on its own connection, silently), and the totals would mix with whatever uses that one. An unreachable
   * Redis does not stop start-up: commands report it when they run, and /health says so.
   */
  async onModuleInit(): Promise<void> {
    const db = this.redis.options.db ?? 0;
    try {
      await this.redis.select(db);
    } catch (error) {
      const reply = error instanceof Error ? error.message : String(error);
      if (/DB index is out of range/i.test(reply))
        throw new ConfigError('REDIS_URL', `database ${db} does not exist on this Redis server (${reply})`);
    }
  }

  /** Applies the contacts' latest figures; applying the same figures again changes nothing. */
  async applyContacts(contacts: ContactTotal[]): Promise<number> {
    const byTenant = new Map<string, ContactTotal[]>();
    for (const c of contacts) {
      const list = byTenant.get(c.tenant) ?? [];
      list.push(c);
      byTenant.set(c.tenant, list);
    }
    let changed = 0;
    for (const [tenant, list] of byTenant) {
      for (let start = 0; start < list.length; start += CONTACTS_PER_CALL) {
        const args = list
          .slice(start, start + CONTACTS_PER_CALL)
          .flatMap((c) => [c.contact, c.channel, c.reason, c.day, c.totalMicros.toString()]);
        changed += await this.redis.applyContactTotals(...this.keys.tenantKeys(tenant), ...args);
      }
      await this.redis.sadd(this.keys.tenants(), tenant);
    }
    return changed;
  }

  async setAsOf(asOf: string): Promise<void> {
    await this.redis.set(this.keys.asOf(), asOf);
  }

  async readTenant(tenant: string): Promise<TenantTotals> {
    const pipeline = this.redis.pipeline().get(this.keys.asOf());
    for (const dimension of TOTAL_DIMENSIONS) {
      pipeline.hgetall(this.keys.contacts(tenant, dimension));
      pipeline.hgetall(this.keys.costMicros(tenant, dimension));
    }
    const results = (await pipeline.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    const values = results.map(([, value]) => value);
    const group = (dimension: TotalDimension) => {
      const index = 1 + TOTAL_DIMENSIONS.indexOf(dimension) * 2;
      return groupTotals(values[index] as Record<string, string>, values[index + 1] as Record<string, string>);
    };
    return {
      tenant,
      asOf: (values[0] as string | null) ?? null,
      channels: group('channel'),
      reasons: group('reason'),
      days: group('day'),
    };
  }

  async tenants(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.tenants())).sort();
  }

  /** Forgets a tenant's totals (tests, re-deriving from Postgres). */
  async clearTenant(tenant: string): Promise<void> {
    await this.redis.del(...this.keys.tenantKeys(tenant));
    await this.redis.srem(this.keys.tenants(), tenant);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    // A client still (re)connecting has nothing to say goodbye to, and its reconnect timer must stop now.
    if (this.redis.status !== 'ready') {
      this.redis.disconnect();
      return;
    }
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

function groupTotals(contacts: Record<string, string>, micros: Record<string, string>): Record<string, GroupTotal> {
  const totals: Record<string, GroupTotal> = {};
  for (const name of Object.keys(contacts).sort()) {
    const count = Number(contacts[name]);
    const cost = BigInt(micros[name] ?? '0');
    // A group every contact moved out of (a reclassified reason) is no group.
    if (count === 0 && cost === 0n) continue;
    totals[name] = { contacts: count, costMicros: cost };
  }
  return totals;
}
