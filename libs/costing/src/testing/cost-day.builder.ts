// Test kit for the costing engine's specs: terse events, small rate cards, and the replay JSON of a day, computed by
// the same path as the replay (ingest every line in order, then snapshot + aggregates) without importing the replay.
import { formatEventTime, parseEvent, parseEventTime } from '@contact-cost/contracts';
import { CostEngine } from '../cost-engine';
import { TenantReport, buildTenantReports } from '../cost-report';
import { EngineSnapshot } from '../figures';
import { RateCardSet } from '../rate-card';
import { parseRateCards } from '../rate-card.parser';
import { tenantReportJson } from '../report-json';

export type RawEvent = Record<string, unknown>;
export type TenantJson = ReturnType<typeof tenantReportJson>;
export type ContactJson = TenantJson['contacts'][string];

export interface DayJson {
  asOf: string | null;
  stats: { events: number; accepted: number; duplicates: number; rejected: number };
  rejected: { line: number; id?: string; tenant?: string; reason: string; detail: string }[];
  tenants: Record<string, TenantJson>;
}

/**
 * A version with round numbers for hand calculation: loaded 36.00/h = 0.01 per second (labour 30.00/h = 1/120 per
 * second, overhead 6.00/h = 1/600 per second); senior labour 48.00/h (loaded 0.015 per second); telephony 0.60/min
 * (0.01 per second) inbound, 1.20/min outbound, 1 s increments; chat fee 0.05, ticket fee 0.02, sms 0.01.
 */
export const PLAIN_VERSION: RawEvent = {
  effectiveFrom: '2026-01-01T00:00:00Z',
  labourPerHour: { default: '30.00', senior: '48.00' },
  overheadPerAgentHour: '6.00',
  telephonyPerMinute: { inbound: '0.60', outbound: '1.20' },
  telephonyIncrementSeconds: 1,
  chatPerSession: '0.05',
  ticketPerTicket: '0.02',
  usage: { sms: '0.01' },
};

export interface CardOptions {
  tenant?: string;
  timezone?: string;
  currency?: string;
  /** Fields replacing PLAIN_VERSION's in the first version. */
  version?: RawEvent;
  /** Further versions, each PLAIN_VERSION + its own fields. */
  later?: RawEvent[];
}

/** The raw JSON of a one-tenant rate-card file. */
export function rateCardJson(options: CardOptions = {}): Record<string, unknown> {
  const versions = [
    { ...PLAIN_VERSION, ...options.version },
    ...(options.later ?? []).map((v) => ({ ...PLAIN_VERSION, ...v })),
  ];
  return {
    [options.tenant ?? 'acme']: {
      currency: options.currency ?? 'USD',
      timezone: options.timezone ?? 'UTC',
      versions,
    },
  };
}

export function rateCards(...options: CardOptions[]): RateCardSet {
  const file = Object.assign({}, ...(options.length === 0 ? [{}] : options).map(rateCardJson));
  return parseRateCards(file);
}

/**
 * Writes events tersely: `e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' })` makes an event of
 * `tenant` on `date` (UTC) with the next id `e-001`, `e-002`… A time containing `T` is taken as is.
 */
export function eventWriter(tenant = 'acme', date = '2026-11-02') {
  let next = 0;
  return (type: string, time: string, fields: RawEvent = {}): RawEvent => ({
    id: `e-${String(++next).padStart(3, '0')}`,
    type,
    tenant,
    time: fullTime(time, date),
    ...fields,
  });
}

/**
 * `count` SMS notifications of tenant acme, one contact each, a second apart from `firstAt` (ISO, UTC): many lines,
 * little state, for runs that must pass settling points.
 */
export function smsNotifications(count: number, firstAt: string, firstIndex = 0): RawEvent[] {
  const start = Date.parse(firstAt);
  return Array.from({ length: count }, (_, k) => {
    const i = firstIndex + k;
    return {
      id: `u-${i}`,
      type: 'usage.recorded',
      tenant: 'acme',
      time: new Date(start + k * 1000).toISOString(),
      contact: `sms-${i}`,
      resource: 'sms',
      quantity: 1,
    };
  });
}

export function fullTime(time: string, date = '2026-11-02'): string {
  if (time.includes('T')) return time;
  return `${date}T${time.length === 5 ? `${time}:00` : time}Z`;
}

export function attos(time: string, date?: string): bigint {
  const at = parseEventTime(fullTime(time, date));
  if (at === null) throw new Error(`bad test time ${time}`);
  return at;
}

function lineOf(event: RawEvent | string): string {
  return typeof event === 'string' ? event : JSON.stringify(event);
}

/** Feeds the lines in order to a fresh engine (as the replay does) and returns it with the replay's stats. */
export function ingestAll(events: (RawEvent | string)[], rates: RateCardSet) {
  const engine = new CostEngine(rates);
  const stats = { events: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const rejected: DayJson['rejected'] = [];
  events.forEach((event, index) => {
    const text = lineOf(event);
    if (text.trim().length === 0) return;
    stats.events++;
    const result = engine.ingest(text);
    if (result.status === 'accepted') stats.accepted++;
    else if (result.status === 'duplicate') stats.duplicates++;
    else {
      stats.rejected++;
      const { reason, detail, id, tenant } = result.rejection;
      rejected.push({ line: index + 1, id, tenant, reason, detail });
    }
  });
  return { engine, stats, rejected };
}

/** Exact figures: the engine's snapshot and the aggregates before rounding. */
export function exactDay(
  events: (RawEvent | string)[],
  rates: RateCardSet,
  asOf?: string,
): { engine: CostEngine; snapshot: EngineSnapshot; reports: Map<string, TenantReport> } {
  const { engine } = ingestAll(events, rates);
  const snapshot = engine.snapshot(asOf === undefined ? engine.latestEventTime() : attos(asOf));
  const reports = new Map(buildTenantReports(snapshot, rates).map((r) => [r.tenant, r]));
  return { engine, snapshot, reports };
}

/** The replay JSON document of these lines (numbers and strings exactly as printed). */
export function costDay(events: (RawEvent | string)[], rates: RateCardSet, asOf?: string): DayJson {
  const { engine, stats, rejected } = ingestAll(events, rates);
  const at = asOf === undefined ? engine.latestEventTime() : attos(asOf);
  const snapshot = engine.snapshot(at);
  const tenants = Object.fromEntries(buildTenantReports(snapshot, rates).map((r) => [r.tenant, tenantReportJson(r)]));
  const doc = { asOf: at === null ? null : formatEventTime(at), stats, rejected, tenants };
  return JSON.parse(JSON.stringify(doc)) as DayJson;
}

/** Only parses (throws on an invalid test event): for the unit specs that call engine internals directly. */
export function parsed(event: RawEvent) {
  const result = parseEvent(JSON.stringify(event));
  if (!result.ok) throw new Error(`invalid test event ${JSON.stringify(event)}: ${result.rejection.detail}`);
  return result.event;
}
