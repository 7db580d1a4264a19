import { Readable } from 'stream';
import { Client } from 'pg';
import { parseRateCards } from '@contact-cost/costing';
import { replayJson, replayStream } from '@contact-cost/replay';
import { ExpectedContact, toMicros } from './scenarios';
import { waitFor } from './test-environment';

export interface ReplayExpectation {
  stats: { accepted: number; rejected: number; duplicates: number };
  /** Per tenant, contact → its figures, as `cost replay --format json` gives them. */
  contacts: Map<string, Record<string, ExpectedContact>>;
}

/** The offline replay of message values in the order given: what the stream must end up with. */
export async function offlineReplay(values: string[], ratesJson: unknown): Promise<ReplayExpectation> {
  const rates = parseRateCards(ratesJson);
  const result = await replayStream(Readable.from(values.map((v) => `${v}\n`)), rates);
  const report = replayJson(result, rates, null) as {
    tenants: Record<string, { contacts: Record<string, ExpectedContact> }>;
  };
  return {
    stats: result.stats,
    contacts: new Map(Object.entries(report.tenants).map(([tenant, t]) => [tenant, t.contacts])),
  };
}

/** Waits until `events` holds exactly `count` rows and the rollup has folded in all of them. */
export async function waitForStoredAndRolledUp(db: Client, count: number, timeoutMs = 240_000): Promise<void> {
  await waitFor(
    `${count} stored events, all rolled up`,
    async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, coalesce((SELECT last_seq FROM rollup_cursor WHERE name = 'live') >= max(seq), false)
                AS done
           FROM events`,
      );
      if (rows[0].n > count) throw new Error(`${rows[0].n} events stored, more than the ${count} expected`);
      return rows[0].n === count && rows[0].done === true;
    },
    timeoutMs,
    500,
  );
}

/** The rows of `contact_costs` in the shape of expectedRow() (money in micro-units), ordered by tenant and contact. */
export const STORED_CONTACTS_SQL = `SELECT tenant, contact, channel, reason, case_id, queue, day, open,
            handle_seconds::float8 AS handle, agent_seconds::float8 AS agent,
            labour_micros::text AS labour, overhead_micros::text AS overhead, telephony_micros::text AS telephony,
            fees_micros::text AS fees, usage_micros::text AS usage, compensation_micros::text AS compensation,
            total_micros::text AS total
       FROM contact_costs ORDER BY tenant, contact`;

/** Every contact in `contact_costs`, as the replay would print it (money in micro-units). */
export async function storedContacts(db: Client): Promise<Map<string, Record<string, unknown>>> {
  const { rows } = await db.query(STORED_CONTACTS_SQL);
  return new Map(rows.map((r) => [`${r.tenant}/${r.contact}`, { ...r }]));
}

/** The replay's figures of a contact in the shape of storedContacts(). */
export function expectedRow(tenant: string, contact: string, c: ExpectedContact): Record<string, unknown> {
  return {
    tenant,
    contact,
    channel: c.channel,
    reason: c.reason,
    case_id: c.case,
    queue: c.queue,
    day: c.day,
    open: c.open ?? false,
    handle: c.handleSeconds,
    agent: c.agentSeconds,
    labour: String(toMicros(c.cost.labour)),
    overhead: String(toMicros(c.cost.overhead)),
    telephony: String(toMicros(c.cost.telephony)),
    fees: String(toMicros(c.cost.fees)),
    usage: String(toMicros(c.cost.usage)),
    compensation: String(toMicros(c.cost.compensation)),
    total: String(toMicros(c.cost.total)),
  };
}

/**
 * How the stored contact figures differ from the replay's: contacts with other figures (or missing), and stored
 * contacts the replay has not. `differing` 0 and `unexpected` empty when the stream agrees with the replay.
 */
export async function differencesFromReplay(
  db: Client,
  expected: ReplayExpectation,
): Promise<{
  compared: number;
  differing: number;
  examples: { stored: unknown; replay: unknown }[];
  unexpected: string[];
}> {
  const stored = await storedContacts(db);
  const examples: { stored: unknown; replay: unknown }[] = [];
  let compared = 0;
  let differing = 0;
  for (const [tenant, contacts] of expected.contacts) {
    for (const [contact, figures] of Object.entries(contacts)) {
      const want = expectedRow(tenant, contact, figures);
      const got = stored.get(`${tenant}/${contact}`);
      stored.delete(`${tenant}/${contact}`);
      compared += 1;
      if (!got || !sameFields(got, want)) {
        differing += 1;
        if (examples.length < 5) examples.push({ stored: got ?? null, replay: want });
      }
    }
  }
  return { compared, differing, examples, unexpected: [...stored.keys()].slice(0, 20) };
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
