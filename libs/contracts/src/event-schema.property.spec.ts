import fc from 'fast-check';
import { formatDecimal, readDecimalText } from './decimal-text';
import { COMPENSATION_KINDS, DIRECTIONS, OUTCOMES, TENANT_PATTERN, parseEvent, validateEvent } from './event-schema';
import { ContactCentreEvent, EVENT_TYPES, ParseResult } from './event-types';

const MS = 1_000_000_000_000_000n;

const text128 = fc.string({ unit: 'binary', minLength: 1, maxLength: 128 });
const tenant = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,63}$/);

/** A valid event time and the instant it names: any offset, 0–21 fraction digits. */
const eventTime = fc
  .record({
    ms: fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9000, 0, 1) }),
    extraDigits: fc.stringMatching(/^[0-9]{0,18}$/),
    offsetMinutes: fc.option(fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })),
    lowerCase: fc.boolean(),
  })
  .map(({ ms, extraDigits, offsetMinutes, lowerCase }) => {
    const offset = offsetMinutes ?? 0;
    let text = new Date(ms + offset * 60_000).toISOString().slice(0, -1) + extraDigits;
    if (offsetMinutes === null) {
      text += 'Z';
    } else {
      const magnitude = Math.abs(offset);
      const hhmm = `${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`;
      text += (offset < 0 ? '-' : '+') + hhmm;
    }
    if (lowerCase) text = text.replace('T', 't').replace('Z', 'z');
    const below = BigInt((extraDigits + '0'.repeat(15)).slice(0, 15));
    return { text, at: BigInt(ms) * MS + below };
  });

/** A canonical decimal (no leading or trailing zeros) from 0 to 1e9, as text. */
const decimal = fc
  .tuple(fc.bigInt({ min: 0n, max: 999_999_999n }), fc.stringMatching(/^([0-9]{0,20}[1-9])?$/))
  .map(([integer, fraction]) => (fraction === '' ? `${integer}` : `${integer}.${fraction}`));
const positiveDecimal = decimal.filter((text) => /[1-9]/.test(text));

const optionalStrings = fc.record(
  {
    queue: text128,
    reason: text128,
    case: text128,
    customer: text128,
    rateClass: text128,
    team: text128,
    resource: text128,
    outcome: fc.constantFrom(...OUTCOMES),
  },
  { requiredKeys: [] },
);

/** Per type: the fields it must carry (exact JSON source of numbers in `numbers`), plus what they read as. */
const typeFields = fc.constantFrom(...EVENT_TYPES).chain((type) => {
  const contact = ['call.', 'chat.', 'ticket.', 'contact.classified', 'usage.recorded'].some((p) => type.startsWith(p))
    ? text128
    : fc.option(text128, { nil: undefined });
  const agentTypes = /answered|held|resumed|agent_left|wrapup_done|work_started|work_stopped|work_logged|agent\.state/;
  const agent = agentTypes.test(type) ? text128 : fc.option(text128, { nil: undefined });
  const specific: fc.Arbitrary<{ fields: Record<string, unknown>; numbers?: Record<string, string> }> =
    type === 'call.started'
      ? fc.constantFrom(...DIRECTIONS).map((direction) => ({ fields: { direction } }))
      : type === 'ticket.work_logged'
        ? fc.integer({ min: 1, max: 86400 }).map((seconds) => ({ fields: { seconds } }))
        : type === 'contact.classified'
          ? text128.map((reason) => ({ fields: { reason } }))
          : type === 'usage.recorded'
            ? fc.tuple(text128, positiveDecimal).map(([resource, quantity]) => ({
                fields: { resource },
                numbers: { quantity },
              }))
            : type === 'case.compensated'
              ? fc
                  .tuple(text128, decimal, fc.constantFrom(...COMPENSATION_KINDS), fc.boolean())
                  .map(([kase, amount, kind, asNumber]) => ({
                    fields: asNumber ? { case: kase, kind } : { case: kase, kind, amount },
                    numbers: asNumber ? { amount } : undefined,
                  }))
              : type === 'agent.state'
                ? fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }).map((state) => ({ fields: { state } }))
                : fc.constant({ fields: {} });
  return fc.record({ type: fc.constant(type), contact, agent, specific, optional: optionalStrings });
});

const validEvent = fc
  .record({ id: text128, tenant, time: eventTime, fields: typeFields, extra: fc.option(fc.jsonValue()) })
  .map(({ id, tenant, time, fields, extra }) => {
    const { type, contact, agent, specific, optional } = fields;
    const object: Record<string, unknown> = { ...optional, id, type, tenant, time: time.text, contact, agent };
    Object.assign(object, specific.fields);
    if (extra !== null) object.unnamedExtra = extra;
    // Numbers are spliced in as raw JSON text, so that long decimals reach parseEvent unrounded.
    let text = JSON.stringify(object);
    for (const [field, value] of Object.entries(specific.numbers ?? {})) {
      text = `${text.slice(0, -1)},${JSON.stringify(field)}:${value}}`;
    }
    const expected: Record<string, unknown> = { ...object, ...specific.numbers, at: time.at };
    delete expected.unnamedExtra;
    for (const key of Object.keys(expected)) if (expected[key] === undefined) delete expected[key];
    return { text, expected };
  });

function isWellFormed(result: ParseResult): boolean {
  if (result.ok) {
    const event: ContactCentreEvent = result.event;
    return typeof event.id === 'string' && typeof event.at === 'bigint' && EVENT_TYPES.includes(event.type);
  }
  const { reason, detail } = result.rejection;
  return ['invalid_json', 'schema', 'unknown_type'].includes(reason) && typeof detail === 'string' && detail !== '';
}

describe('parseEvent properties', () => {
  it('accepts every valid event and reads back exactly its fields', () => {
    fc.assert(
      fc.property(validEvent, ({ text, expected }) => {
        const result = parseEvent(text);
        expect(result).toEqual({ ok: true, event: expected });
        expect(parseEvent(Buffer.from(text))).toEqual(result);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same verdict from validateEvent(JSON.parse(text)) when numbers are short', () => {
    fc.assert(
      fc.property(validEvent, ({ text }) => {
        fc.pre(!/[0-9.]{16}/.test(text));
        expect(validateEvent(JSON.parse(text))).toEqual(parseEvent(text));
      }),
    );
  });

  it('never throws on garbage text, bytes or JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
        ),
        (raw) => {
          expect(isWellFormed(parseEvent(raw))).toBe(true);
        },
      ),
    );
  });

  it('never throws when a valid event is cut or a field replaced by any JSON value', () => {
    const field = fc.constantFrom(
      ...['id', 'type', 'tenant', 'time', 'contact', 'agent', 'direction', 'seconds', 'quantity', 'amount'],
      ...['kind', 'state', 'queue', 'reason', 'case', 'outcome', '__proto__'],
    );
    fc.assert(
      fc.property(validEvent, fc.nat(), field, fc.jsonValue(), ({ text }, cut, name, value) => {
        expect(isWellFormed(parseEvent(text.slice(0, cut % text.length)))).toBe(true);
        const replaced = `${text.slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(value) ?? 'null'}}`;
        const result = parseEvent(replaced);
        expect(isWellFormed(result)).toBe(true);
        expect(result.ok ? 'accepted' : result.rejection.reason).not.toBe('invalid_json');
      }),
    );
  });
});

describe('validateEvent fast paths agree with the plain rules', () => {
  const base = { id: 'e-1', type: 'ticket.reopened', tenant: 'acme', time: '2026-11-02T09:00:00Z', contact: 'c-1' };
  const reason = (result: ParseResult) => (result.ok ? 'accepted' : result.rejection.reason);

  it('accepts a tenant exactly when it matches TENANT_PATTERN', () => {
    const near = fc.stringMatching(/^[a-z0-9_-]{0,66}$/);
    const tenantText = fc.oneof(
      near,
      fc.tuple(near, fc.string({ unit: 'binary', maxLength: 2 }), near).map((parts) => parts.join('')),
      fc.string({ unit: 'binary', maxLength: 70 }),
    );
    fc.assert(
      fc.property(tenantText, (text) => {
        const result = validateEvent({ ...base, tenant: text });
        expect(reason(result)).toBe(TENANT_PATTERN.test(text) ? 'accepted' : 'schema');
      }),
      { numRuns: 3000 },
    );
  });

  it('knows a type exactly when the contract names it', () => {
    const edited = fc
      .tuple(fc.constantFrom(...EVENT_TYPES), fc.nat(), fc.string({ unit: 'binary', maxLength: 2 }), fc.nat(2))
      .map(([type, at, text, cut]) => {
        const i = at % (type.length + 1);
        return type.slice(0, i) + text + type.slice(i + cut);
      });
    const typeText = fc.oneof(fc.constantFrom(...EVENT_TYPES), edited, fc.string({ unit: 'binary', maxLength: 24 }));
    fc.assert(
      fc.property(typeText, (type) => {
        const known = (EVENT_TYPES as readonly string[]).includes(type);
        expect(reason(validateEvent({ ...base, type, agent: 'a-1' })) !== 'unknown_type').toBe(known);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a usage quantity number as the canonical form of its shortest decimal', () => {
    const quantity = fc.oneof(
      fc.double({ min: 0, max: 2e9, noNaN: true }),
      fc.double({ min: 1e-7, max: 1e-5, noNaN: true }),
      fc.integer({ min: 1, max: 1e9 }),
      fc.constantFrom(1e-6, 1e9, 1e9 + 1e-6, 0.1 + 0.2, Number.MIN_VALUE),
    );
    fc.assert(
      fc.property(quantity, (n) => {
        const result = validateEvent({ ...base, type: 'usage.recorded', resource: 'sms', quantity: n });
        if (n > 0 && n <= 1e9)
          expect(result.ok && result.event.quantity).toBe(formatDecimal(readDecimalText(String(n), true)!));
        else expect(reason(result)).toBe('schema');
      }),
      { numRuns: 3000 },
    );
  });
});
