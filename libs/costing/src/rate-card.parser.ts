import { Channel, parseEventTime } from '@contact-cost/contracts';
import { Rational } from './rational';
import { ATTOS_PER_SECOND } from './local-calendar';
import { RateCardSet, RateVersion, TenantRateCard } from './rate-card';

/** The rate-card file is invalid; the message names the place (e.g. `acme.versions[1].labourPerHour.default`). */
export class RateCardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RateCardError';
  }
}

type Json = Record<string, unknown>;

const CHANNELS: Channel[] = ['voice', 'chat', 'ticket'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberToDecimalText(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  // Expand exponent notation exactly from the shortest round-trip digits.
  const [mantissa, exponentText] = text.toLowerCase().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const [intPart, fracPart = ''] = mantissa.replace('-', '').split('.');
  const digits = intPart + fracPart;
  const point = intPart.length + exponent;
  let result: string;
  if (point <= 0) result = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) result = digits + '0'.repeat(point - digits.length);
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${result}` : result;
}

/** A decimal string, or a JSON number read at the value of its decimal text. */
function readDecimal(value: unknown, where: string): Rational {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RateCardError(`${where}: not a finite number`);
    return Rational.parseDecimal(numberToDecimalText(value));
  }
  if (typeof value === 'string' && Rational.isDecimal(value)) return Rational.parseDecimal(value);
  throw new RateCardError(`${where}: expected a decimal string like "30.00" or a number, got ${JSON.stringify(value)}`);
}

function readAmount(value: unknown, where: string): Rational {
  const amount = readDecimal(value, where);
  if (amount.num < 0n) throw new RateCardError(`${where}: must not be negative, got ${JSON.stringify(value)}`);
  return amount;
}

function readMoneyMap(value: unknown, where: string): Map<string, Rational> {
  if (value === undefined) return new Map();
  if (!isObject(value)) throw new RateCardError(`${where}: expected an object`);
  const out = new Map<string, Rational>();
  for (const [key, amount] of Object.entries(value)) out.set(key, readAmount(amount, `${where}.${key}`));
  return out;
}

function decimalPlaces(r: Rational): number {
  let places = 0;
  let den = r.normalized().den;
  while (den % 10n === 0n || den % 2n === 0n || den % 5n === 0n) {
    if (den === 1n) break;
    den = den % 10n === 0n ? den / 10n : den % 2n === 0n ? den / 2n : den / 5n;
    places++;
  }
  return Math.min(places, 18);
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

interface RawVersion {
  effectiveFrom: bigint;
  raw: Json;
  where: string;
  weights: Record<Channel, Rational>;
}

function parseTenant(tenant: string, value: unknown): TenantRateCard {
  const where = tenant;
  if (!isObject(value)) throw new RateCardError(`${where}: expected an object with currency, timezone and versions`);
  const currency = value.currency ?? 'USD';
  if (typeof currency !== 'string' || currency.length === 0)
    throw new RateCardError(`${where}.currency: expected a non-empty string`);
  const timezone = value.timezone ?? 'UTC';
  if (typeof timezone !== 'string' || !isValidTimeZone(timezone))
    throw new RateCardError(`${where}.timezone: not an IANA time zone: ${JSON.stringify(timezone)}`);
  if (!Array.isArray(value.versions) || value.versions.length === 0)
    throw new RateCardError(`${where}.versions: expected a non-empty array`);

  const raws: RawVersion[] = value.versions.map((raw: unknown, index: number) => {
    const at = `${where}.versions[${index}]`;
    if (!isObject(raw)) throw new RateCardError(`${at}: expected an object`);
    if (raw.effectiveFrom === undefined) throw new RateCardError(`${at}.effectiveFrom: missing`);
    const effectiveFrom = typeof raw.effectiveFrom === 'string' ? parseEventTime(raw.effectiveFrom) : null;
    if (effectiveFrom === null)
      throw new RateCardError(`${at}.effectiveFrom: not an RFC 3339 time: ${JSON.stringify(raw.effectiveFrom)}`);
    const weightsRaw = raw.concurrencyWeights ?? {};
    if (!isObject(weightsRaw)) throw new RateCardError(`${at}.concurrencyWeights: expected an object`);
    const weights = {} as Record<Channel, Rational>;
    for (const channel of CHANNELS) {
      const w =
        weightsRaw[channel] === undefined
          ? Rational.ONE
          : readDecimal(weightsRaw[channel], `${at}.concurrencyWeights.${channel}`);
      if (!w.isPositive()) throw new RateCardError(`${at}.concurrencyWeights.${channel}: must be > 0`);
      weights[channel] = w;
    }
    // "a weight ≤ 0 makes the file invalid", whichever channel it names (another family a platform adds, a typo)
    for (const [key, value] of Object.entries(weightsRaw))
      if (
        !(CHANNELS as readonly string[]).includes(key) &&
        !readDecimal(value, `${at}.concurrencyWeights.${key}`).isPositive()
      )
        throw new RateCardError(`${at}.concurrencyWeights.${key}: must be > 0`);
    return { effectiveFrom, raw, where: at, weights };
  });

  raws.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
  for (let i = 1; i < raws.length; i++) {
    if (raws[i].effectiveFrom === raws[i - 1].effectiveFrom)
      throw new RateCardError(`${raws[i].where}.effectiveFrom: two versions start at the same time`);
  }

  // One integer scale for every version's weights keeps the split exact in integers.
  let places = 0;
  for (const r of raws) for (const c of CHANNELS) places = Math.max(places, decimalPlaces(r.weights[c]));
  const scale = Rational.of(10n ** BigInt(places));

  const versions: RateVersion[] = raws.map(({ effectiveFrom, raw, where: at, weights }) => {
    const labourPerHour = readMoneyMap(raw.labourPerHour, `${at}.labourPerHour`);
    if (!isObject(raw.labourPerHour) || !labourPerHour.has('default'))
      throw new RateCardError(`${at}.labourPerHour.default: missing`);
    const agents = new Map<string, string>();
    if (raw.agents !== undefined) {
      if (!isObject(raw.agents)) throw new RateCardError(`${at}.agents: expected an object of agent → rate class`);
      for (const [agent, rateClass] of Object.entries(raw.agents)) {
        if (typeof rateClass !== 'string' || rateClass.length === 0)
          throw new RateCardError(`${at}.agents.${agent}: expected a rate class name`);
        agents.set(agent, rateClass);
      }
    }
    const increment =
      raw.telephonyIncrementSeconds === undefined
        ? Rational.ONE
        : readDecimal(raw.telephonyIncrementSeconds, `${at}.telephonyIncrementSeconds`);
    if (!increment.isPositive()) throw new RateCardError(`${at}.telephonyIncrementSeconds: must be > 0`);
    const wrapupLimit =
      raw.wrapupLimitSeconds === undefined
        ? Rational.fromInt(900)
        : readAmount(raw.wrapupLimitSeconds, `${at}.wrapupLimitSeconds`);
    const scaledWeights = {} as Record<Channel, bigint>;
    for (const c of CHANNELS) {
      const scaled = weights[c].mul(scale).normalized();
      scaledWeights[c] = scaled.num; // integral by construction
    }
    return {
      effectiveFrom,
      labourPerHour,
      overheadPerAgentHour:
        raw.overheadPerAgentHour === undefined
          ? Rational.ZERO
          : readAmount(raw.overheadPerAgentHour, `${at}.overheadPerAgentHour`),
      agents,
      telephonyPerMinute: readMoneyMap(raw.telephonyPerMinute, `${at}.telephonyPerMinute`),
      telephonyIncrementSeconds: increment,
      chatPerSession:
        raw.chatPerSession === undefined ? Rational.ZERO : readAmount(raw.chatPerSession, `${at}.chatPerSession`),
      ticketPerTicket:
        raw.ticketPerTicket === undefined ? Rational.ZERO : readAmount(raw.ticketPerTicket, `${at}.ticketPerTicket`),
      usage: readMoneyMap(raw.usage, `${at}.usage`),
      scaledWeights,
      wrapupLimitSeconds: wrapupLimit,
      wrapupLimitAttos: (wrapupLimit.num * ATTOS_PER_SECOND) / wrapupLimit.den,
    };
  });

  return new TenantRateCard(tenant, currency, timezone, versions);
}

/** Parses and validates a rate-card file (already JSON-decoded). Throws RateCardError naming what is wrong. */
export function parseRateCards(json: unknown): RateCardSet {
  if (!isObject(json)) throw new RateCardError('rate-card file: expected a JSON object keyed by tenant');
  const cards = new Map<string, TenantRateCard>();
  for (const [tenant, value] of Object.entries(json)) cards.set(tenant, parseTenant(tenant, value));
  return new RateCardSet(cards);
}

/** Parses rate-card file text. */
export function parseRateCardText(text: string): RateCardSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RateCardError(`rate-card file: not JSON (${(error as Error).message})`);
  }
  return parseRateCards(json);
}
