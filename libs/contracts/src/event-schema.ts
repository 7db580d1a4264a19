// The schema checks of events.md ("Invalid events", "Validation details"): one event, one reason, in the contract's
// order. `unknown_tenant` and `unknown_resource` need the rate cards: the costing engine checks them afterwards.
import { isUtf8 } from 'node:buffer';
import {
  DecimalParts,
  decimalPlaces,
  exceedsPowerOfTen,
  formatDecimal,
  isZero,
  readDecimalText,
  toSafeInteger,
} from './decimal-text';
import {
  CompensationKind,
  ContactCentreEvent,
  EVENT_TYPES,
  EventType,
  Outcome,
  ParseResult,
  RejectionReason,
} from './event-types';
import { parseEventTime, timeBeyondAttoseconds } from './event-time';
import { JsonNumberText, hasLongDigitRun, parseObjectKeepingNumberText } from './exact-json.parser';

/** events.md: one JSON object per message, at most 64 KiB of UTF-8. */
export const MAX_EVENT_BYTES = 64 * 1024;
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export const OUTCOMES = ['resolved', 'unresolved', 'abandoned', 'transferred'] as const;
export const COMPENSATION_KINDS = ['refund', 'credit', 'goodwill', 'replacement', 'fee'] as const;
/** Checked as strings of 1–128 characters whenever present, on every type (`outcome` also against OUTCOMES). */
export const OPTIONAL_STRING_FIELDS = [
  'queue',
  'reason',
  'case',
  'customer',
  'rateClass',
  'team',
  'resource',
  'outcome',
] as const;

const OUTCOME_SET: ReadonlySet<string> = new Set(OUTCOMES);
const MAX_STRING_CHARS = 128;
const MAX_STATE_CHARS = 64;
const MAX_SECONDS = 86400;
/** `quantity` and `amount` are at most 1e9. */
const MAX_AMOUNT_POWER_OF_TEN = 9;
const MAX_AMOUNT = 10 ** MAX_AMOUNT_POWER_OF_TEN;
/** The smallest number String() writes without an exponent. */
const PLAIN_NUMBER_MIN = 1e-6;
/**
 * A number such as 1e-99999 is valid but would expand to a huge decimal string; a decimal string that long could not
 * fit in a message, so numbers are held to the same bound.
 */
const MAX_DECIMAL_PLACES = MAX_EVENT_BYTES;

type Source = Record<string, unknown>;
/** A problem found in an event, as the `detail` of its rejection; `null` when there is none. */
type Problem = string | null;
type FieldsCheck = (source: Source, event: ContactCentreEvent) => Problem;

interface TypeRule {
  type: string;
  needsContact: boolean;
  needsAgent: boolean;
  checkFields?: FieldsCheck;
}

const TYPE_RULES: ReadonlyMap<string, TypeRule> = buildTypeRules();
/**
 * TYPE_RULES by a hash of a type's length and two of its characters: Map.get would hash the whole type string, a
 * fresh one in every event. Each bucket lists its types, compared in full.
 */
const TYPE_BUCKETS: readonly (readonly TypeRule[])[] = buildTypeBuckets();

/**
 * Reads one message: its size, UTF-8, JSON, then {@link validateEvent}. Never throws. A leading byte-order mark is
 * ignored. Numbers in `amount`, `quantity` and `seconds` are read exactly from their source text. A Kafka message
 * without a value (`null`) is `invalid_json`.
 */
export function parseEvent(raw: string | Buffer | null | undefined): ParseResult {
  let text: string;
  if (raw === null || raw === undefined) return reject('invalid_json', 'not JSON: the message has no value');
  if (typeof raw === 'string') {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: only long strings need counting.
    if (raw.length > MAX_EVENT_BYTES / 3) {
      const bytes = Buffer.byteLength(raw, 'utf8');
      if (bytes > MAX_EVENT_BYTES) return tooLarge(bytes, raw);
    }
    text = raw;
  } else {
    if (raw.length > MAX_EVENT_BYTES) return tooLarge(raw.length, isUtf8(raw) ? raw.toString('utf8') : null);
    if (!isUtf8(raw)) return reject('invalid_json', 'not JSON: the message is not valid UTF-8');
    text = raw.toString('utf8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return reject('invalid_json', `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (isObject(value) && needsExactNumbers(value, text)) value = parseObjectKeepingNumberText(text);
  return validateEvent(value);
}

/**
 * Checks an already-parsed JSON value against events.md and returns the normalised event or the one reason it is
 * rejected. A JS number is read at the value of its shortest decimal form (`String(n)`); to read numbers at their
 * exact source text, give the message to {@link parseEvent}. Never throws.
 */
export function validateEvent(value: unknown): ParseResult {
  if (!isObject(value)) return reject('schema', `not a JSON object: got ${describe(value)}`);
  const source = value as Source;
  const { id, type, tenant, time } = source;

  const envelopeProblem = checkEnvelope(id, type, tenant, time);
  if (envelopeProblem !== null) return reject('schema', envelopeProblem, source);
  const at = parseEventTime(time as string);
  if (at === null) return reject('schema', `time: not RFC 3339 with a zone: ${describe(time)}`, source);

  const rule = typeRule(type as string);
  if (rule === undefined) return reject('unknown_type', `type: unknown event type ${describe(type)}`, source);

  const event: ContactCentreEvent = {
    id: id as string,
    // The rule's own string, not the parsed copy: every later test of the type is then a pointer comparison.
    type: rule.type as EventType,
    tenant: tenant as string,
    time: time as string,
    at,
  };
  // Only a time of 40 characters or more can have a 19th fraction digit.
  if ((time as string).length >= 40) {
    const beyond = timeBeyondAttoseconds(time as string);
    if (beyond !== '') event.subAttoseconds = beyond;
  }
  const fieldsProblem = checkTypeFields(source, event, rule);
  if (fieldsProblem !== null) return reject('schema', fieldsProblem, source);
  return { ok: true, event };
}

function checkEnvelope(id: unknown, type: unknown, tenant: unknown, time: unknown): Problem {
  if (id === undefined) return 'event needs id';
  if (!isStringOfChars(id, MAX_STRING_CHARS)) return `id: must be a string of 1–128 characters, got ${describe(id)}`;
  if (type === undefined) return 'event needs type';
  if (typeof type !== 'string') return `type: must be a string, got ${describe(type)}`;
  if (tenant === undefined) return 'event needs tenant';
  if (typeof tenant !== 'string' || !isValidTenant(tenant)) {
    return `tenant: must match ${TENANT_PATTERN.source}, got ${describe(tenant)}`;
  }
  if (time === undefined) return 'event needs time';
  if (typeof time !== 'string') return `time: must be an RFC 3339 string with a zone, got ${describe(time)}`;
  return null;
}

/** TENANT_PATTERN, without a regular expression: this runs for every event of a replay. */
function isValidTenant(tenant: string): boolean {
  const length = tenant.length;
  if (length === 0 || length > 64) return false;
  for (let index = 0; index < length; index++) {
    const code = tenant.charCodeAt(index);
    if ((code >= 97 && code <= 122) /* a-z */ || (code >= 48 && code <= 57) /* 0-9 */) continue;
    if (index === 0 || (code !== 95 /* _ */ && code !== 45) /* - */) return false;
  }
  return true;
}

function checkTypeFields(source: Source, event: ContactCentreEvent, rule: TypeRule): Problem {
  const { contact, agent } = source;
  if (contact === undefined) {
    if (rule.needsContact) return `${event.type} needs contact`;
  } else {
    if (!isStringOfChars(contact, MAX_STRING_CHARS)) return mustBeString('contact', contact, MAX_STRING_CHARS);
    event.contact = contact;
  }
  if (agent === undefined) {
    if (rule.needsAgent) return `${event.type} needs agent`;
  } else {
    if (!isStringOfChars(agent, MAX_STRING_CHARS)) return mustBeString('agent', agent, MAX_STRING_CHARS);
    event.agent = agent;
  }
  if (rule.checkFields !== undefined) {
    const problem = rule.checkFields(source, event);
    if (problem !== null) return problem;
  }
  // Named reads, not a loop over OPTIONAL_STRING_FIELDS: this runs for every event of a replay.
  const { queue, reason, case: kase, customer, rateClass, team, resource, outcome } = source;
  if (queue !== undefined || reason !== undefined || kase !== undefined || customer !== undefined) {
    if (queue !== undefined && !isStringOfChars(queue, MAX_STRING_CHARS)) return mustBeString('queue', queue);
    if (reason !== undefined && !isStringOfChars(reason, MAX_STRING_CHARS)) return mustBeString('reason', reason);
    if (kase !== undefined && !isStringOfChars(kase, MAX_STRING_CHARS)) return mustBeString('case', kase);
    if (customer !== undefined && !isStringOfChars(customer, MAX_STRING_CHARS)) {
      return mustBeString('customer', customer);
    }
    if (queue !== undefined) event.queue = queue as string;
    if (reason !== undefined) event.reason = reason as string;
    if (kase !== undefined) event.case = kase as string;
    if (customer !== undefined) event.customer = customer as string;
  }
  if (rateClass !== undefined || team !== undefined || resource !== undefined || outcome !== undefined) {
    if (rateClass !== undefined && !isStringOfChars(rateClass, MAX_STRING_CHARS)) {
      return mustBeString('rateClass', rateClass);
    }
    if (team !== undefined && !isStringOfChars(team, MAX_STRING_CHARS)) return mustBeString('team', team);
    if (resource !== undefined && !isStringOfChars(resource, MAX_STRING_CHARS)) {
      return mustBeString('resource', resource);
    }
    if (outcome !== undefined) {
      if (!isStringOfChars(outcome, MAX_STRING_CHARS)) return mustBeString('outcome', outcome);
      if (!OUTCOME_SET.has(outcome)) return `outcome: must be one of ${OUTCOMES.join(', ')}, got ${describe(outcome)}`;
      event.outcome = outcome as Outcome;
    }
    if (rateClass !== undefined) event.rateClass = rateClass as string;
    if (team !== undefined) event.team = team as string;
    if (resource !== undefined) event.resource = resource as string;
  }
  return null;
}

function buildTypeRules(): Map<string, TypeRule> {
  const rules = new Map<string, TypeRule>();
  const withAgent = new Set<string>([
    'call.answered',
    'call.held',
    'call.resumed',
    'call.agent_left',
    'call.wrapup_done',
    'chat.answered',
    'chat.agent_left',
    'chat.wrapup_done',
    'ticket.work_started',
    'ticket.work_stopped',
    'ticket.work_logged',
    'agent.state',
  ]);
  const fieldChecks: Partial<Record<EventType, FieldsCheck>> = {
    'call.started': checkDirection,
    'ticket.work_logged': checkSeconds,
    'contact.classified': (source, event) => requireString(source, event, 'reason'),
    'usage.recorded': (source, event) => requireString(source, event, 'resource') ?? checkQuantity(source, event),
    'case.compensated': (source, event) =>
      requireString(source, event, 'case') ?? checkAmount(source, event) ?? checkKind(source, event),
    'agent.state': checkState,
  };
  for (const type of EVENT_TYPES) {
    const needsContact =
      /^(call|chat|ticket)\./.test(type) || type === 'contact.classified' || type === 'usage.recorded';
    rules.set(type, { type, needsContact, needsAgent: withAgent.has(type), checkFields: fieldChecks[type] });
  }
  return rules;
}

function typeBucket(type: string): number {
  const length = type.length;
  // No two types of the contract share a bucket with these factors. Past the ends of short strings, NaN & 63 is 0.
  return (length * 3 + type.charCodeAt(1) * 2 + type.charCodeAt(length - 5)) & 63;
}

function buildTypeBuckets(): TypeRule[][] {
  const buckets: TypeRule[][] = Array.from({ length: 64 }, () => []);
  for (const rule of TYPE_RULES.values()) buckets[typeBucket(rule.type)].push(rule);
  return buckets;
}

function typeRule(type: string): TypeRule | undefined {
  const bucket = TYPE_BUCKETS[typeBucket(type)];
  for (let index = 0; index < bucket.length; index++) {
    if (bucket[index].type === type) return bucket[index];
  }
  return undefined;
}

function checkDirection(source: Source, event: ContactCentreEvent): Problem {
  const direction = source.direction;
  if (direction === undefined) return `${event.type} needs direction`;
  if (direction !== 'inbound' && direction !== 'outbound') {
    return `direction: must be "inbound" or "outbound", got ${describe(direction)}`;
  }
  event.direction = direction;
  return null;
}

function checkSeconds(source: Source, event: ContactCentreEvent): Problem {
  const seconds = source.seconds;
  if (seconds === undefined) return `${event.type} needs seconds`;
  let whole: number | null = null;
  if (typeof seconds === 'number') {
    whole = Number.isInteger(seconds) ? seconds : null;
  } else if (seconds instanceof JsonNumberText) {
    const parts = readDecimalText(seconds.text, true);
    whole = parts === null ? null : toSafeInteger(parts);
  }
  if (whole === null || whole < 1 || whole > MAX_SECONDS) {
    return `seconds: must be a whole number of seconds from 1 to 86400, got ${describe(seconds)}`;
  }
  event.seconds = whole;
  return null;
}

function checkQuantity(source: Source, event: ContactCentreEvent): Problem {
  const quantity = source.quantity;
  if (quantity === undefined) return `${event.type} needs quantity`;
  if (typeof quantity === 'number' && quantity >= PLAIN_NUMBER_MIN && quantity <= MAX_AMOUNT) {
    // The usual case. String() writes these in plain decimal, shortest, so already in canonical form.
    event.quantity = String(quantity);
    return null;
  }
  const parts = readJsonNumber(quantity);
  if (parts === null) return `quantity: must be a number, got ${describe(quantity)}`;
  if (parts.negative || isZero(parts)) return `quantity: must be > 0, got ${describe(quantity)}`;
  const problem = checkAmountRange('quantity', quantity, parts);
  if (problem !== null) return problem;
  event.quantity = formatDecimal(parts);
  return null;
}

function checkAmount(source: Source, event: ContactCentreEvent): Problem {
  const amount = source.amount;
  if (amount === undefined) return `${event.type} needs amount`;
  const parts = typeof amount === 'string' ? readDecimalText(amount, false) : readJsonNumber(amount);
  if (parts === null) {
    return `amount: must be a decimal string (-?[0-9]+(\\.[0-9]+)?) or a number, got ${describe(amount)}`;
  }
  if (parts.negative && !isZero(parts)) return `amount: must be ≥ 0, got ${describe(amount)}`;
  const problem = checkAmountRange('amount', amount, parts);
  if (problem !== null) return problem;
  event.amount = formatDecimal(parts);
  return null;
}

function checkAmountRange(field: string, value: unknown, parts: DecimalParts): Problem {
  if (exceedsPowerOfTen(parts, MAX_AMOUNT_POWER_OF_TEN)) return `${field}: must be at most 1e9, got ${describe(value)}`;
  if (decimalPlaces(parts) > MAX_DECIMAL_PLACES) {
    return `${field}: more than ${MAX_DECIMAL_PLACES} decimal places, got ${describe(value)}`;
  }
  return null;
}

function checkKind(source: Source, event: ContactCentreEvent): Problem {
  const kind = source.kind;
  if (kind === undefined) return `${event.type} needs kind`;
  if (typeof kind !== 'string' || !(COMPENSATION_KINDS as readonly string[]).includes(kind)) {
    return `kind: must be one of ${COMPENSATION_KINDS.join(', ')}, got ${describe(kind)}`;
  }
  event.kind = kind as CompensationKind;
  return null;
}

function checkState(source: Source, event: ContactCentreEvent): Problem {
  const state = source.state;
  if (state === undefined) return `${event.type} needs state`;
  if (!isStringOfChars(state, MAX_STATE_CHARS)) return mustBeString('state', state, MAX_STATE_CHARS);
  event.state = state;
  return null;
}

/** Presence of a field that is otherwise one of OPTIONAL_STRING_FIELDS (checked there). */
function requireString(source: Source, event: ContactCentreEvent, field: 'reason' | 'resource' | 'case'): Problem {
  return source[field] === undefined ? `${event.type} needs ${field}` : null;
}

/** A JSON number read at the value of its decimal text; `null` for anything else (strings included). */
function readJsonNumber(value: unknown): DecimalParts | null {
  if (typeof value === 'number') return Number.isFinite(value) ? readDecimalText(String(value), true) : null;
  if (value instanceof JsonNumberText) return readDecimalText(value.text, true);
  return null;
}

/**
 * Whether JSON.parse may have changed the value of a number the contract reads: more than 15 significant digits,
 * or out of the normal range of doubles (0 may be a rounded-down 1e-400, Infinity a rounded-up 1e400).
 */
function needsExactNumbers(value: object, text: string): boolean {
  const { amount, quantity, seconds } = value as Source;
  if (typeof amount !== 'number' && typeof quantity !== 'number' && typeof seconds !== 'number') return false;
  return (
    isOutOfNormalRange(amount) || isOutOfNormalRange(quantity) || isOutOfNormalRange(seconds) || hasLongDigitRun(text)
  );
}

function isOutOfNormalRange(value: unknown): boolean {
  return typeof value === 'number' && !(Math.abs(value) >= 1e-290 && Math.abs(value) < Infinity);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 1..max characters, counted as code points (an emoji is one character). */
function isStringOfChars(value: unknown, max: number): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  if (value.length <= max) return true;
  if (value.length > 2 * max) return false;
  let chars = 0;
  for (const _ of value) chars++;
  return chars <= max;
}

function mustBeString(field: string, value: unknown, max = MAX_STRING_CHARS): string {
  return `${field}: must be a string of 1–${max} characters, got ${describe(value)}`;
}

/** A short, readable rendering of a bad value for a `detail`. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    if (value.length <= 40) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)`;
  }
  if (value instanceof JsonNumberText) {
    const text = value.text;
    return `number ${text.length <= 40 ? text : `${text.slice(0, 40)}… (${text.length} characters)`}`;
  }
  if (typeof value === 'number') return `number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * An oversized message is rejected whatever it holds, but its `id` and `tenant` are still read when it is JSON: a
 * duplicate is checked first, whatever its content (events.md), and the rejection names them where readable.
 */
function tooLarge(bytes: number, text: string | null): ParseResult {
  const detail = `message is ${bytes} bytes, over the ${MAX_EVENT_BYTES}-byte (64 KiB) limit`;
  let value: unknown = null;
  if (text !== null) {
    try {
      value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      // not JSON either: nothing of it is readable
    }
  }
  return reject('schema', detail, isObject(value) ? (value as Source) : undefined);
}

function reject(reason: RejectionReason, detail: string, source?: Source): ParseResult {
  const rejection: { reason: RejectionReason; detail: string; id?: string; tenant?: string } = { reason, detail };
  if (source !== undefined) {
    if (typeof source.id === 'string') rejection.id = source.id;
    if (typeof source.tenant === 'string') rejection.tenant = source.tenant;
  }
  return { ok: false, rejection };
}
