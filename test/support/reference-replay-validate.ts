/**
 * Event validation (events.md, "Invalid events" and "Validation details") for the reference replay oracle.
 */
import { isJsonObject, JsonNumber, JsonObject, JsonValue } from './reference-replay-json';
import { RateCards, versionAt } from './reference-replay-rates';
import { parseDecimalString, parseJsonNumberText, Rational } from './reference-replay-rational';
import { Instant, parseRfc3339 } from './reference-replay-time';

export type RejectReason = 'invalid_json' | 'schema' | 'unknown_type' | 'unknown_tenant' | 'unknown_resource';

export interface Rejection {
  reason: RejectReason;
  detail: string;
}

/** A valid, accepted event with its fields read (unknown fields dropped). */
export interface AcceptedEvent {
  line: number;
  id: string;
  type: string;
  tenant: string;
  time: Instant;
  contact?: string;
  agent?: string;
  direction?: string;
  queue?: string;
  reason?: string;
  case?: string;
  customer?: string;
  outcome?: string;
  state?: string;
  rateClass?: string;
  team?: string;
  resource?: string;
  kind?: string;
  seconds?: Rational;
  quantity?: Rational;
  amount?: Rational;
}

type FieldKind = 'string' | 'state' | 'direction' | 'outcome' | 'kind' | 'seconds' | 'quantity' | 'amount';
type FieldSpec = [FieldKind, 'required' | 'optional'];

const req = (k: FieldKind): FieldSpec => [k, 'required'];
const opt = (k: FieldKind): FieldSpec => [k, 'optional'];
const START_FIELDS = { queue: opt('string'), reason: opt('string'), case: opt('string'), customer: opt('string') };
const AGENT = { agent: req('string') };
const OUTCOME = { outcome: opt('outcome') };

/** The type's own fields (events.md tables). `contact` is added for the families that require it. */
const TYPES: Record<string, Record<string, FieldSpec>> = {
  'call.started': { direction: req('direction'), ...START_FIELDS },
  'call.answered': AGENT,
  'call.held': AGENT,
  'call.resumed': AGENT,
  'call.agent_left': AGENT,
  'call.ended': OUTCOME,
  'call.wrapup_done': AGENT,
  'chat.started': START_FIELDS,
  'chat.answered': AGENT,
  'chat.agent_left': AGENT,
  'chat.ended': OUTCOME,
  'chat.wrapup_done': AGENT,
  'ticket.created': START_FIELDS,
  'ticket.work_started': AGENT,
  'ticket.work_stopped': AGENT,
  'ticket.work_logged': { ...AGENT, seconds: req('seconds') },
  'ticket.solved': OUTCOME,
  'ticket.reopened': {},
  'contact.classified': { reason: req('string'), case: opt('string') },
  'usage.recorded': { resource: req('string'), quantity: req('quantity') },
  'case.compensated': { case: req('string'), amount: req('amount'), kind: req('kind') },
  'agent.state': { ...AGENT, state: req('state'), rateClass: opt('string'), team: opt('string') },
};

export const EVENT_TYPES = new Set(Object.keys(TYPES));

/** events.md "Validation details": strings of 1–128 characters when present, whatever the type. */
const EVERY_TYPE_OPTIONAL: Record<string, FieldSpec> = {
  ...START_FIELDS,
  rateClass: opt('string'),
  team: opt('string'),
  resource: opt('string'),
  outcome: opt('outcome'),
};

/** envelope: `contact` is "required on call.*, chat.*, ticket.*, contact.classified, usage.recorded". */
function contactRequired(type: string): boolean {
  return /^(call|chat|ticket)\./.test(type) || type === 'contact.classified' || type === 'usage.recorded';
}

const TENANT_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const OUTCOMES = new Set(['resolved', 'unresolved', 'abandoned', 'transferred']);
const KINDS = new Set(['refund', 'credit', 'goodwill', 'replacement', 'fee']);
const ONE_E9 = Rational.int(1_000_000_000);

/** Length in characters (Unicode code points). */
const chars = (s: string): number => [...s].length;
const isStr = (v: JsonValue | undefined, max: number): v is string =>
  typeof v === 'string' && chars(v) >= 1 && chars(v) <= max;

/** The exact value of a JSON number; null if v is not a number or is beyond the oracle's exponent range. */
function jsonNumber(v: JsonValue | undefined): Rational | null {
  return v instanceof JsonNumber ? parseJsonNumberText(v.text) : null;
}

/** Checks one field value; returns its read value, or a problem description. */
function readField(kind: FieldKind, v: JsonValue): { value: string | Rational } | { problem: string } {
  switch (kind) {
    case 'string':
      return isStr(v, 128) ? { value: v } : { problem: 'must be a string of 1–128 characters' };
    case 'state':
      return isStr(v, 64) ? { value: v } : { problem: 'must be a string of 1–64 characters' };
    case 'direction':
      return v === 'inbound' || v === 'outbound' ? { value: v } : { problem: 'must be inbound or outbound' };
    case 'outcome':
      return typeof v === 'string' && OUTCOMES.has(v) ? { value: v } : { problem: 'is not a known outcome' };
    case 'kind':
      return typeof v === 'string' && KINDS.has(v) ? { value: v } : { problem: 'is not a known kind' };
    case 'seconds': {
      // "`seconds` is any JSON number with an integral value", 1–86400.
      const r = jsonNumber(v);
      return r !== null && r.isInteger() && r.gte(Rational.ONE) && r.lte(Rational.int(86400))
        ? { value: r }
        : { problem: 'must be an integral number of 1–86400' };
    }
    case 'quantity': {
      const r = jsonNumber(v); // "number, > 0, ≤ 1e9"
      return r !== null && r.n > 0n && r.lte(ONE_E9) ? { value: r } : { problem: 'must be a number > 0 and ≤ 1e9' };
    }
    case 'amount': {
      // "decimal string or number, ≥ 0, ≤ 1e9"
      const r = typeof v === 'string' ? parseDecimalString(v) : jsonNumber(v);
      return r !== null && r.n >= 0n && r.lte(ONE_E9)
        ? { value: r }
        : { problem: 'must be a decimal string or number ≥ 0 and ≤ 1e9' };
    }
  }
}

/**
 * Validates one parsed line (already known to be JSON and not a duplicate). One event, one reason, checked in the
 * order of events.md: schema of the envelope; unknown_type; schema of the type's fields; unknown_tenant;
 * unknown_resource (against the rate-card version in force at the event's time).
 */
export function validateEvent(value: JsonValue, line: number, cards: RateCards): AcceptedEvent | Rejection {
  const schema = (detail: string): Rejection => ({ reason: 'schema', detail });
  if (!isJsonObject(value)) return schema('the event is not a JSON object');
  const o: JsonObject = value;

  // Envelope: id, type, tenant, time.
  const id = o.get('id');
  if (!isStr(id, 128)) return schema('id must be a string of 1–128 characters');
  const type = o.get('type');
  if (typeof type !== 'string') return schema('type must be a string');
  const tenant = o.get('tenant');
  if (typeof tenant !== 'string' || !TENANT_RE.test(tenant))
    return schema('tenant must match ^[a-z0-9][a-z0-9_-]{0,63}$');
  const timeText = o.get('time');
  const time = typeof timeText === 'string' ? parseRfc3339(timeText) : null;
  if (time === null) return schema('time must be an RFC 3339 time with Z or an offset');

  if (!EVENT_TYPES.has(type)) return { reason: 'unknown_type', detail: `unknown type ${type}` };

  // The type's fields; `contact` and `agent` are checked whenever present, on every type.
  // The optional string fields likewise: "outcome takes the enum of call.ended on every type".
  const specs: Record<string, FieldSpec> = {
    contact: contactRequired(type) ? req('string') : opt('string'),
    agent: opt('string'),
    ...EVERY_TYPE_OPTIONAL,
    ...TYPES[type],
  };
  const ev: AcceptedEvent = { line, id, type, tenant, time };
  const fields = ev as unknown as Record<string, string | Rational>;
  for (const [name, [kind, presence]] of Object.entries(specs)) {
    if (!o.has(name)) {
      if (presence === 'required') return schema(`${type} needs ${name}`);
      continue;
    }
    const read = readField(kind, o.get(name)!);
    if ('problem' in read) return schema(`${type}: ${name} ${read.problem}`);
    fields[name] = read.value;
  }

  const card = cards.get(tenant);
  if (card === undefined) return { reason: 'unknown_tenant', detail: `tenant ${tenant} has no rate card` };

  if (type === 'usage.recorded' && !versionAt(card, time).usage.has(ev.resource!)) {
    return { reason: 'unknown_resource', detail: `resource ${ev.resource} is not priced by ${tenant}'s rate card` };
  }
  return ev;
}
