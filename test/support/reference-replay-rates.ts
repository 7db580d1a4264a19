/**
 * Rate-card files (cost-model.md, "Rate cards" and "Precise points" → Rate cards) for the reference replay oracle.
 */
import { isJsonObject, JsonNumber, JsonObject, JsonValue, parseJson } from './reference-replay-json';
import { parseDecimalString, parseJsonNumberText, Rational } from './reference-replay-rational';
import { Instant, parseRfc3339, Zone } from './reference-replay-time';

export type Channel = 'voice' | 'chat' | 'ticket';

export interface RateVersion {
  effectiveFrom: Instant;
  labourPerHour: Map<string, Rational>;
  overheadPerAgentHour: Rational;
  agents: Map<string, string>;
  telephonyPerMinute: Map<string, Rational>;
  telephonyIncrementSeconds: Rational;
  chatPerSession: Rational;
  ticketPerTicket: Rational;
  usage: Map<string, Rational>;
  concurrencyWeights: Record<Channel, Rational>;
  wrapupLimitSeconds: Rational;
}

export interface TenantCard {
  currency: string | null;
  zone: Zone;
  /** Sorted by effectiveFrom ("versions may be listed in any order"). */
  versions: RateVersion[];
}

export type RateCards = Map<string, TenantCard>;

class RateCardError extends Error {
  constructor(where: string, what: string) {
    super(`invalid rate-card file: ${where}: ${what}`);
  }
}

/** A number given as a JSON number or a decimal string ("a JSON number is accepted too"); null if neither. */
function numberValue(v: JsonValue | undefined): Rational | null {
  if (v instanceof JsonNumber) return parseJsonNumberText(v.text);
  if (typeof v === 'string') return parseDecimalString(v);
  return null;
}

function money(where: string, v: JsonValue | undefined): Rational {
  const r = numberValue(v);
  if (r === null) throw new RateCardError(where, 'not a decimal amount');
  if (r.n < 0n) throw new RateCardError(where, 'negative amount');
  return r;
}

function optional<T>(obj: JsonObject, key: string, fallback: T, read: (v: JsonValue) => T): T {
  return obj.has(key) ? read(obj.get(key)!) : fallback;
}

function object(where: string, v: JsonValue | undefined): JsonObject {
  if (!isJsonObject(v)) throw new RateCardError(where, 'not an object');
  return v;
}

function moneyMap(where: string, v: JsonValue): Map<string, Rational> {
  const out = new Map<string, Rational>();
  for (const [k, x] of object(where, v)) out.set(k, money(`${where}.${k}`, x));
  return out;
}

function parseVersion(where: string, v: JsonValue): RateVersion {
  const o = object(where, v);
  const from = o.get('effectiveFrom');
  if (typeof from !== 'string') throw new RateCardError(where, 'missing effectiveFrom');
  const effectiveFrom = parseRfc3339(from);
  if (effectiveFrom === null) throw new RateCardError(where, `bad effectiveFrom ${from}`);
  if (!o.has('labourPerHour')) throw new RateCardError(where, 'missing labourPerHour');
  const labourPerHour = moneyMap(`${where}.labourPerHour`, o.get('labourPerHour')!);
  if (!labourPerHour.has('default')) throw new RateCardError(where, 'labourPerHour has no default');

  const agents = optional(o, 'agents', new Map<string, string>(), (x) => {
    const m = new Map<string, string>();
    for (const [agent, cls] of object(`${where}.agents`, x)) {
      if (typeof cls !== 'string') throw new RateCardError(`${where}.agents.${agent}`, 'not a string');
      m.set(agent, cls);
    }
    return m;
  });

  const positive = (key: string) => (x: JsonValue) => {
    const r = numberValue(x);
    if (r === null || r.n <= 0n) throw new RateCardError(`${where}.${key}`, 'must be a number > 0');
    return r;
  };
  const weights: Record<Channel, Rational> = { voice: Rational.ONE, chat: Rational.ONE, ticket: Rational.ONE };
  if (o.has('concurrencyWeights')) {
    for (const [k, x] of object(`${where}.concurrencyWeights`, o.get('concurrencyWeights'))) {
      const w = positive(`concurrencyWeights.${k}`)(x); // "a weight ≤ 0 … make[s] the file invalid"
      if (k === 'voice' || k === 'chat' || k === 'ticket') weights[k] = w;
    }
  }

  return {
    effectiveFrom,
    labourPerHour,
    overheadPerAgentHour: optional(o, 'overheadPerAgentHour', Rational.ZERO, (x) => money(`${where}.overhead`, x)),
    agents,
    telephonyPerMinute: optional(o, 'telephonyPerMinute', new Map(), (x) => moneyMap(`${where}.telephony`, x)),
    telephonyIncrementSeconds: optional(o, 'telephonyIncrementSeconds', Rational.ONE, positive('increment')),
    chatPerSession: optional(o, 'chatPerSession', Rational.ZERO, (x) => money(`${where}.chatPerSession`, x)),
    ticketPerTicket: optional(o, 'ticketPerTicket', Rational.ZERO, (x) => money(`${where}.ticketPerTicket`, x)),
    usage: optional(o, 'usage', new Map(), (x) => moneyMap(`${where}.usage`, x)),
    concurrencyWeights: weights,
    wrapupLimitSeconds: optional(o, 'wrapupLimitSeconds', Rational.int(900), (x) => {
      const r = numberValue(x);
      if (r === null || r.n < 0n) throw new RateCardError(`${where}.wrapupLimitSeconds`, 'must be a number ≥ 0');
      return r;
    }),
  };
}

/** Parses a rate-card file; throws an Error with a clear message when it is invalid. */
export function parseRateCards(text: string): RateCards {
  let root: JsonValue;
  try {
    root = parseJson(text);
  } catch (e) {
    throw new Error(`invalid rate-card file: not JSON (${(e as Error).message})`);
  }
  const cards: RateCards = new Map();
  for (const [tenant, value] of object('file', root)) {
    const t = object(tenant, value);
    const currency = optional<string | null>(t, 'currency', null, (x) => {
      if (typeof x !== 'string') throw new RateCardError(`${tenant}.currency`, 'not a string');
      return x;
    });
    const zoneName = optional(t, 'timezone', 'UTC', (x) => {
      if (typeof x !== 'string') throw new RateCardError(`${tenant}.timezone`, 'not a string');
      return x;
    });
    let zone: Zone;
    try {
      zone = new Zone(zoneName);
    } catch {
      throw new RateCardError(`${tenant}.timezone`, `unknown time zone ${zoneName}`);
    }
    const list = t.get('versions');
    if (!Array.isArray(list) || list.length === 0)
      throw new RateCardError(`${tenant}.versions`, 'not a non-empty array');
    const versions = list.map((v, i) => parseVersion(`${tenant}.versions[${i}]`, v));
    versions.sort((a, b) => a.effectiveFrom.cmp(b.effectiveFrom));
    for (let i = 1; i < versions.length; i++) {
      if (versions[i].effectiveFrom.eq(versions[i - 1].effectiveFrom)) {
        throw new RateCardError(`${tenant}.versions`, 'two versions with the same effectiveFrom');
      }
    }
    cards.set(tenant, { currency, zone, versions });
  }
  return cards;
}

/** The version in force at t: the latest effectiveFrom ≤ t; before the first version, the first applies. */
export function versionAt(card: TenantCard, t: Instant): RateVersion {
  let found = card.versions[0];
  for (const v of card.versions) {
    if (v.effectiveFrom.lte(t)) found = v;
    else break;
  }
  return found;
}
