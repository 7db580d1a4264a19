import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_EVENT_BYTES, OPTIONAL_STRING_FIELDS, parseEvent, validateEvent } from './event-schema';
import { parseEventTime } from './event-time';
import { ContactCentreEvent, EVENT_TYPES, ParseResult, Rejection } from './event-types';

const SCENARIO_04 = resolve(__dirname, '../../../../shared/scenarios/04-invalid-and-duplicates/events.jsonl');

const ENVELOPE = { id: 'e-1', tenant: 'acme', time: '2026-11-02T09:15:04.250Z' };

/** A minimal valid event of every type. */
const VALID: Record<string, Record<string, unknown>> = {
  'call.started': { contact: 'c-1', direction: 'inbound' },
  'call.answered': { contact: 'c-1', agent: 'a-1' },
  'call.held': { contact: 'c-1', agent: 'a-1' },
  'call.resumed': { contact: 'c-1', agent: 'a-1' },
  'call.agent_left': { contact: 'c-1', agent: 'a-1' },
  'call.ended': { contact: 'c-1' },
  'call.wrapup_done': { contact: 'c-1', agent: 'a-1' },
  'chat.started': { contact: 'c-1' },
  'chat.answered': { contact: 'c-1', agent: 'a-1' },
  'chat.agent_left': { contact: 'c-1', agent: 'a-1' },
  'chat.ended': { contact: 'c-1' },
  'chat.wrapup_done': { contact: 'c-1', agent: 'a-1' },
  'ticket.created': { contact: 'c-1' },
  'ticket.work_started': { contact: 'c-1', agent: 'a-1' },
  'ticket.work_stopped': { contact: 'c-1', agent: 'a-1' },
  'ticket.work_logged': { contact: 'c-1', agent: 'a-1', seconds: 600 },
  'ticket.solved': { contact: 'c-1' },
  'ticket.reopened': { contact: 'c-1' },
  'contact.classified': { contact: 'c-1', reason: 'billing' },
  'usage.recorded': { contact: 'c-1', resource: 'sms', quantity: 3 },
  'case.compensated': { case: 'K-1', amount: '25.00', kind: 'refund' },
  'agent.state': { agent: 'a-1', state: 'available' },
};

function make(type: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...ENVELOPE, type, ...VALID[type], ...fields };
}

/** Serialises with `undefined` fields dropped, as a producer would. */
function line(type: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify(make(type, fields));
}

function accepted(result: ParseResult): ContactCentreEvent {
  if (!result.ok) throw new Error(`expected an accepted event, got ${JSON.stringify(result.rejection)}`);
  return result.event;
}

function rejected(result: ParseResult): Rejection {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.event, bigintJson)}`);
  return result.rejection;
}

function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}

/** Parses both ways — raw text and already-parsed value — and expects the same verdict. */
function check(text: string): ParseResult {
  const fromText = parseEvent(text);
  expect(parseEvent(Buffer.from(text, 'utf8'))).toEqual(fromText);
  return fromText;
}

describe('parseEvent: valid events', () => {
  it('covers every event type of the contract', () => {
    expect(Object.keys(VALID).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each(EVENT_TYPES)('accepts a minimal %s', (type) => {
    const event = accepted(check(line(type)));
    const expected: Record<string, unknown> = { ...ENVELOPE, type, ...VALID[type] };
    // Numbers the contract reads as decimals come back as canonical decimal strings.
    if (type === 'usage.recorded') expected.quantity = '3';
    if (type === 'case.compensated') expected.amount = '25';
    expect(event).toEqual({ ...expected, at: event.at });
    expect(event.at).toBe(parseEventTime(ENVELOPE.time));
  });

  it('normalises every field of a full event', () => {
    const event = accepted(
      check(
        line('call.started', {
          direction: 'outbound',
          queue: 'collections',
          reason: 'payment_reminder',
          case: 'K-9',
          customer: 'cu-1',
          agent: 'a-2',
          outcome: 'resolved',
          extra: { nested: [1, 2] },
        }),
      ),
    );
    expect(event).toEqual({
      id: 'e-1',
      type: 'call.started',
      tenant: 'acme',
      time: '2026-11-02T09:15:04.250Z',
      at: 1793610904250n * 1_000_000_000_000_000n,
      contact: 'c-1',
      agent: 'a-2',
      direction: 'outbound',
      queue: 'collections',
      reason: 'payment_reminder',
      case: 'K-9',
      customer: 'cu-1',
      outcome: 'resolved',
    });
  });

  it('keeps the time text exactly as sent', () => {
    const event = accepted(check(line('call.ended', { time: '2026-11-02t10:15:04.25000000000000000001+01:00' })));
    expect(event.time).toBe('2026-11-02t10:15:04.25000000000000000001+01:00');
    expect(event.at).toBe(parseEventTime('2026-11-02T09:15:04.250Z'));
    // the digits below the attosecond, which order it against another event at 09:15:04.25 to the attosecond
    expect(event.subAttoseconds).toBe('01');
  });

  it('gives no digits below the attosecond to a time without them', () => {
    for (const time of ['2026-11-02T10:15:04Z', '2026-11-02T10:15:04.123456789012345678000000000000+01:00'])
      expect(accepted(check(line('call.ended', { time })))).not.toHaveProperty('subAttoseconds');
  });

  it('reads usage, work-log, compensation and agent-state fields', () => {
    expect(accepted(check(line('usage.recorded', { quantity: 0.5 })))).toMatchObject({
      resource: 'sms',
      quantity: '0.5',
    });
    expect(accepted(check(line('ticket.work_logged', { seconds: 86400 }))).seconds).toBe(86400);
    expect(accepted(check(line('case.compensated', { contact: 'c-7' })))).toMatchObject({
      case: 'K-1',
      amount: '25',
      kind: 'refund',
      contact: 'c-7',
    });
    expect(accepted(check(line('agent.state', { state: 'break', rateClass: 'senior', team: 't-1' })))).toMatchObject({
      agent: 'a-1',
      state: 'break',
      rateClass: 'senior',
      team: 't-1',
    });
    expect(accepted(check(line('contact.classified', { case: 'K-2' })))).toMatchObject({
      reason: 'billing',
      case: 'K-2',
    });
  });

  it('ignores fields the contract does not name, whatever their value', () => {
    const event = accepted(check(line('call.answered', { foo: null, bar: [1, { a: 2 }], Agent: 5, AGENT: '' })));
    expect(event).not.toHaveProperty('foo');
    expect(event.agent).toBe('a-1');
  });

  it('checks direction, seconds, quantity, amount, kind and state only on their own types', () => {
    const event = accepted(
      check(line('call.ended', { direction: 'sideways', seconds: 'x', quantity: -1, amount: 'x', kind: 1, state: '' })),
    );
    expect(event).not.toHaveProperty('direction');
    expect(event).not.toHaveProperty('seconds');
    expect(event).not.toHaveProperty('state');
  });

  it('accepts strings of exactly 128 characters, counted as characters not UTF-16 units', () => {
    expect(accepted(check(line('call.answered', { id: 'i'.repeat(128), agent: 'a'.repeat(128) }))).id).toHaveLength(
      128,
    );
    const emoji = '😀'.repeat(128); // 256 UTF-16 units
    expect(accepted(check(line('call.answered', { contact: emoji }))).contact).toBe(emoji);
    expect(rejected(check(line('call.answered', { contact: emoji + 'x' }))).reason).toBe('schema');
  });

  it('accepts tenants of 1 to 64 characters with digits, _ and -', () => {
    for (const tenant of ['a', '0', 'acme_eu-2', 'a'.repeat(64), '9-_']) {
      expect(accepted(check(line('call.ended', { tenant }))).tenant).toBe(tenant);
    }
  });

  it('ignores a leading byte-order mark and surrounding whitespace', () => {
    expect(accepted(check(`\ufeff${line('call.ended')}`)).id).toBe('e-1');
    expect(accepted(check(` \t${line('call.ended')}\r\n`)).id).toBe('e-1');
  });

  it('keeps the last value of a repeated key', () => {
    const text = line('call.answered').replace('{', '{"agent":5,"id":"first",');
    expect(accepted(check(text)).agent).toBe('a-1');
    expect(accepted(check(`${line('call.answered').slice(0, -1)},"agent":"a-last"}`)).agent).toBe('a-last');
    // The same through the exact-number reader.
    const exact = line('usage.recorded').replace(
      '"quantity":3',
      '"quantity":1.12345678901234567890,"quantity":"x","quantity":2.1234567890123456789',
    );
    expect(accepted(check(exact)).quantity).toBe('2.1234567890123456789');
  });
});

describe('parseEvent: invalid_json', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '   '],
    ['truncated', '{"id":"e-1"'],
    ['single quotes', "{'id':'e-1'}"],
    ['trailing comma', '{"id":"e-1",}'],
    ['two objects', '{}{}'],
    ['trailing garbage', '{"id":"e-1"} x'],
    ['NaN', 'NaN'],
    ['a bare word', 'hello'],
    ['comments', '{"id":"e-1" /* c */}'],
    ['leading zero', '{"quantity":01}'],
  ])('%s', (_why, text) => {
    const rejection = rejected(check(text));
    expect(rejection.reason).toBe('invalid_json');
    expect(rejection.detail).toMatch(/^not JSON: /);
    expect(rejection).not.toHaveProperty('id');
  });

  it('rejects a message without a value (a Kafka tombstone)', () => {
    expect(rejected(parseEvent(null))).toEqual({
      reason: 'invalid_json',
      detail: 'not JSON: the message has no value',
    });
    expect(rejected(parseEvent(undefined)).reason).toBe('invalid_json');
  });

  it('rejects bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('{"id":"e-'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(rejected(parseEvent(bytes))).toEqual({
      reason: 'invalid_json',
      detail: 'not JSON: the message is not valid UTF-8',
    });
  });
});

describe('parseEvent: message size', () => {
  function padded(totalBytes: number, filler = 'x'): string {
    const base = line('call.ended', { pad: '' });
    const fillerBytes = Buffer.byteLength(filler);
    const count = (totalBytes - Buffer.byteLength(base)) / fillerBytes;
    return base.replace('"pad":""', `"pad":"${filler.repeat(count)}"`);
  }

  it('accepts exactly 64 KiB and rejects one byte more as schema', () => {
    expect(accepted(check(padded(MAX_EVENT_BYTES))).id).toBe('e-1');
    const rejection = rejected(check(padded(MAX_EVENT_BYTES + 1)));
    expect(rejection.reason).toBe('schema');
    expect(rejection.detail).toBe('message is 65537 bytes, over the 65536-byte (64 KiB) limit');
  });

  it('still names the id and tenant of an oversized message that is JSON, so its duplicate can be found', () => {
    const big = padded(MAX_EVENT_BYTES + 10);
    for (const raw of [big, Buffer.from(big), `\ufeff${big}`])
      expect(rejected(parseEvent(raw))).toMatchObject({ reason: 'schema', id: 'e-1', tenant: 'acme' });
    const notJson = big.slice(0, -1);
    expect(rejected(parseEvent(notJson))).toEqual({
      reason: 'schema',
      detail: `message is ${Buffer.byteLength(notJson)} bytes, over the 65536-byte (64 KiB) limit`,
    });
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 'é' is 2 bytes: 64 KiB of bytes is far fewer characters.
    const base = line('call.ended', { pad: '' });
    const count = Math.floor((MAX_EVENT_BYTES - Buffer.byteLength(base)) / 2);
    const fits = base.replace('"pad":""', `"pad":"${'é'.repeat(count)}"`);
    expect(Buffer.byteLength(fits)).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    expect(accepted(check(fits)).id).toBe('e-1');
    const tooBig = base.replace('"pad":""', `"pad":"${'é'.repeat(count + 1)}"`);
    expect(Buffer.byteLength(tooBig)).toBeGreaterThan(MAX_EVENT_BYTES);
    expect(tooBig.length).toBeLessThan(MAX_EVENT_BYTES);
    expect(rejected(check(tooBig)).detail).toBe(
      `message is ${Buffer.byteLength(tooBig)} bytes, over the 65536-byte (64 KiB) limit`,
    );
  });
});

describe('validateEvent: JSON that is not an object', () => {
  it.each([
    ['[1]', 'an array'],
    ['null', 'null'],
    ['42', 'number 42'],
    ['"call.started"', '"call.started"'],
    ['true', 'true'],
    ['[]', 'an array'],
  ])('%s is schema', (text, got) => {
    expect(rejected(check(text))).toEqual({ reason: 'schema', detail: `not a JSON object: got ${got}` });
  });

  it('never throws on values JSON cannot even produce', () => {
    expect(rejected(validateEvent(undefined)).reason).toBe('schema');
    expect(rejected(validateEvent(() => 1)).reason).toBe('schema');
    expect(rejected(validateEvent({ ...make('call.ended'), id: 1n })).reason).toBe('schema');
    expect(rejected(validateEvent(make('usage.recorded', { quantity: Infinity }))).reason).toBe('schema');
    expect(rejected(validateEvent(make('usage.recorded', { quantity: NaN }))).reason).toBe('schema');
  });
});

describe('envelope schema', () => {
  it.each([
    ['id missing', { id: undefined }, 'event needs id'],
    ['id empty', { id: '' }, 'id: must be a string of 1–128 characters, got an empty string'],
    ['id a number', { id: 7 }, 'id: must be a string of 1–128 characters, got number 7'],
    ['id null', { id: null }, 'id: must be a string of 1–128 characters, got null'],
    [
      'id 129 characters',
      { id: 'i'.repeat(129) },
      /^id: must be a string of 1–128 characters, got "i+"… \(129 characters\)$/,
    ],
    ['type missing', { type: undefined }, 'event needs type'],
    ['type a number', { type: 1 }, 'type: must be a string, got number 1'],
    ['type an object', { type: { name: 'call.ended' } }, 'type: must be a string, got an object'],
    ['tenant missing', { tenant: undefined }, 'event needs tenant'],
    ['tenant upper case', { tenant: 'Acme' }, 'tenant: must match ^[a-z0-9][a-z0-9_-]{0,63}$, got "Acme"'],
    ['tenant starting with -', { tenant: '-acme' }, /^tenant: must match/],
    ['tenant starting with _', { tenant: '_acme' }, /^tenant: must match/],
    ['tenant of 65 characters', { tenant: 'a'.repeat(65) }, /^tenant: must match/],
    ['tenant with a dot', { tenant: 'acme.eu' }, /^tenant: must match/],
    ['tenant with a trailing newline', { tenant: 'acme\n' }, /^tenant: must match/],
    ['tenant empty', { tenant: '' }, /^tenant: must match .*got an empty string$/],
    ['tenant a number', { tenant: 12 }, /^tenant: must match .*got number 12$/],
    ['time missing', { time: undefined }, 'event needs time'],
    ['time a number', { time: 1793610904 }, 'time: must be an RFC 3339 string with a zone, got number 1793610904'],
    ['time with a space', { time: '2026-11-02 14:00:00Z' }, 'time: not RFC 3339 with a zone: "2026-11-02 14:00:00Z"'],
    ['time without zone', { time: '2026-11-02T14:00:00' }, 'time: not RFC 3339 with a zone: "2026-11-02T14:00:00"'],
    ['time +HHMM', { time: '2026-11-02T14:00:00+0100' }, /^time: not RFC 3339/],
    ['time second 60', { time: '2026-12-31T23:59:60Z' }, /^time: not RFC 3339/],
    ['time Feb 30', { time: '2026-02-30T00:00:00Z' }, /^time: not RFC 3339/],
    ['time month 13', { time: '2026-13-01T00:00:00Z' }, /^time: not RFC 3339/],
    ['time hour 24', { time: '2026-11-02T24:00:00Z' }, /^time: not RFC 3339/],
    ['time offset hour 24', { time: '2026-11-02T14:00:00+24:00' }, /^time: not RFC 3339/],
    ['time offset minute 60', { time: '2026-11-02T14:00:00+01:60' }, /^time: not RFC 3339/],
    ['time without seconds', { time: '2026-11-02T14:00Z' }, /^time: not RFC 3339/],
    ['time empty', { time: '' }, 'time: not RFC 3339 with a zone: an empty string'],
  ])('%s is schema', (_why, fields, detail) => {
    const rejection = rejected(check(line('call.ended', fields)));
    expect(rejection.reason).toBe('schema');
    if (typeof detail === 'string') expect(rejection.detail).toBe(detail);
    else expect(rejection.detail).toMatch(detail);
  });

  it('rejects an empty tenant even as the first event a fresh process sees', async () => {
    await jest.isolateModulesAsync(async () => {
      const fresh = await import('./event-schema');
      expect(rejected(fresh.parseEvent(line('call.ended', { tenant: '' }))).reason).toBe('schema');
      expect(rejected(fresh.parseEvent(line('call.ended', { tenant: '' }))).reason).toBe('schema');
      expect(accepted(fresh.parseEvent(line('call.ended'))).tenant).toBe('acme');
      expect(rejected(fresh.parseEvent(line('call.ended', { tenant: '' }))).reason).toBe('schema');
    });
  });

  it('returns id and tenant when they are strings, even invalid ones', () => {
    expect(rejected(check(line('call.ended', { time: 'now' })))).toEqual({
      reason: 'schema',
      detail: 'time: not RFC 3339 with a zone: "now"',
      id: 'e-1',
      tenant: 'acme',
    });
    const rejection = rejected(check(line('call.ended', { id: '', tenant: 'ACME' })));
    expect(rejection).toMatchObject({ id: '', tenant: 'ACME' });
    const numeric = rejected(check(line('call.ended', { id: 5, tenant: null })));
    expect(numeric).not.toHaveProperty('id');
    expect(numeric).not.toHaveProperty('tenant');
  });
});

describe('unknown_type', () => {
  it.each(['call.transferred', 'CALL.STARTED', 'call', '', 'call.started ', '__proto__', 'constructor'])(
    '%j is unknown_type',
    (type) => {
      expect(rejected(check(JSON.stringify({ ...ENVELOPE, type, contact: 'c-1' })))).toEqual({
        reason: 'unknown_type',
        detail: `type: unknown event type ${type === '' ? 'an empty string' : JSON.stringify(type)}`,
        id: 'e-1',
        tenant: 'acme',
      });
    },
  );
});

describe('type fields schema', () => {
  const needs: [string, string][] = [];
  for (const [type, fields] of Object.entries(VALID))
    for (const field of Object.keys(fields)) needs.push([type, field]);

  it.each(needs)('%s needs %s', (type, field) => {
    expect(rejected(check(line(type, { [field]: undefined })))).toEqual({
      reason: 'schema',
      detail: `${type} needs ${field}`,
      id: 'e-1',
      tenant: 'acme',
    });
  });

  it('requires contact on call.*, chat.*, ticket.*, contact.classified and usage.recorded only', () => {
    const withContact = Object.entries(VALID)
      .filter(([, fields]) => 'contact' in fields)
      .map(([type]) => type);
    expect(withContact.filter((type) => !/^(call|chat|ticket)\./.test(type))).toEqual([
      'contact.classified',
      'usage.recorded',
    ]);
    expect(accepted(check(line('case.compensated'))).contact).toBeUndefined();
    expect(accepted(check(line('agent.state'))).contact).toBeUndefined();
  });

  it.each(EVENT_TYPES)('checks contact and agent whenever present, on %s', (type) => {
    for (const bad of [null, '', 5, 'x'.repeat(129), ['a-1'], { id: 'a-1' }]) {
      expect(rejected(check(line(type, { contact: bad }))).detail).toMatch(/^contact: must be a string of 1–128/);
      expect(rejected(check(line(type, { agent: bad }))).detail).toMatch(/^agent: must be a string of 1–128/);
    }
    expect(accepted(check(line(type, { contact: 'c-2', agent: 'a-2' })))).toMatchObject({
      contact: 'c-2',
      agent: 'a-2',
    });
  });

  it.each(EVENT_TYPES)('checks the optional string fields whenever present, on %s', (type) => {
    for (const field of OPTIONAL_STRING_FIELDS) {
      for (const [bad, got] of [
        [null, 'null'],
        ['', 'an empty string'],
        [5, 'number 5'],
        [true, 'true'],
        [['x'], 'an array'],
      ] as const) {
        expect(rejected(check(line(type, { [field]: bad })))).toMatchObject({
          reason: 'schema',
          detail: `${field}: must be a string of 1–128 characters, got ${got}`,
        });
      }
      expect(rejected(check(line(type, { [field]: 'q'.repeat(129) }))).reason).toBe('schema');
      const value = field === 'outcome' ? 'transferred' : 'q'.repeat(128);
      expect((accepted(check(line(type, { [field]: value }))) as unknown as Record<string, unknown>)[field]).toBe(
        value,
      );
    }
  });

  it.each(EVENT_TYPES)('takes the call.ended outcomes on %s', (type) => {
    for (const outcome of ['resolved', 'unresolved', 'abandoned', 'transferred']) {
      expect(accepted(check(line(type, { outcome }))).outcome).toBe(outcome);
    }
    expect(rejected(check(line(type, { outcome: 'Resolved' })))).toMatchObject({
      reason: 'schema',
      detail: 'outcome: must be one of resolved, unresolved, abandoned, transferred, got "Resolved"',
    });
  });

  it('checks direction on call.started', () => {
    expect(accepted(check(line('call.started', { direction: 'outbound' }))).direction).toBe('outbound');
    for (const direction of ['Inbound', 'in', '', null, 1]) {
      expect(rejected(check(line('call.started', { direction }))).detail).toMatch(
        /^direction: must be "inbound" or "outbound", got /,
      );
    }
  });

  describe('seconds on ticket.work_logged', () => {
    it.each([
      ['1', 1],
      ['86400', 86400],
      ['600.0', 600],
      ['6e2', 600],
      ['6.00E+2', 600],
      ['86400.000000000000000000000', 86400],
    ])('accepts %s', (text, seconds) => {
      const event = accepted(check(line('ticket.work_logged', { seconds: '@' }).replace('"@"', text)));
      expect(event.seconds).toBe(seconds);
    });

    it.each([
      '0',
      '-1',
      '86401',
      '60.5',
      '"60"',
      'null',
      'true',
      '1e-400',
      '1e400',
      '86400.00000000000000000001',
      '0.9999999999999999999',
    ])('rejects %s', (text) => {
      const rejection = rejected(check(line('ticket.work_logged', { seconds: '@' }).replace('"@"', text)));
      expect(rejection.reason).toBe('schema');
      expect(rejection.detail).toMatch(/^seconds: must be a whole number of seconds from 1 to 86400, got /);
    });
  });

  describe('quantity on usage.recorded', () => {
    it.each([
      ['3', '3'],
      ['0.5', '0.5'],
      ['1e9', '1000000000'],
      ['1000000000.000', '1000000000'],
      ['1e-7', '0.0000001'],
      ['1.5E3', '1500'],
      ['0.1', '0.1'],
      ['123456789.0123456789012345678', '123456789.0123456789012345678'],
      ['999999999.99999999999999999999', '999999999.99999999999999999999'],
      ['1e-400', `0.${'0'.repeat(399)}1`],
    ])('reads %s exactly', (text, quantity) => {
      expect(accepted(check(line('usage.recorded', { quantity: '@' }).replace('"@"', text))).quantity).toBe(quantity);
    });

    it.each([
      ['0', 'must be > 0'],
      ['-0', 'must be > 0'],
      ['0.0', 'must be > 0'],
      ['-1', 'must be > 0'],
      ['1000000001', 'must be at most 1e9'],
      ['1000000000.0000000000000001', 'must be at most 1e9'],
      ['1e400', 'must be at most 1e9'],
      ['12345678901234567890.5', 'must be at most 1e9'],
      ['"3"', 'must be a number'],
      ['null', 'must be a number'],
      ['[3]', 'must be a number'],
      ['1e-70000', 'more than 65536 decimal places'],
    ])('rejects %s: %s', (text, problem) => {
      const rejection = rejected(check(line('usage.recorded', { quantity: '@' }).replace('"@"', text)));
      expect(rejection.reason).toBe('schema');
      expect(rejection.detail).toContain(`quantity: ${problem}`);
    });

    it('names the exact number text in the detail, not a rounded double', () => {
      const text = line('usage.recorded', { quantity: '@' }).replace('"@"', '12345678901234567890.5');
      expect(rejected(check(text)).detail).toBe('quantity: must be at most 1e9, got number 12345678901234567890.5');
    });
  });

  describe('amount on case.compensated', () => {
    it.each([
      ['"25.00"', '25'],
      ['25.00', '25'],
      ['"0"', '0'],
      ['0', '0'],
      ['"-0.00"', '0'],
      ['0.1', '0.1'],
      ['"0.1"', '0.1'],
      ['1e-7', '0.0000001'],
      ['1.5E3', '1500'],
      ['"1000000000"', '1000000000'],
      ['1e9', '1000000000'],
      ['"007.50"', '7.5'],
      ['123456789.01234567890123456789', '123456789.01234567890123456789'],
      ['"123456789.01234567890123456789"', '123456789.01234567890123456789'],
      ['0.30000000000000000000000000000001', '0.30000000000000000000000000000001'],
    ])('reads %s as %s', (text, amount) => {
      expect(accepted(check(line('case.compensated', { amount: '@' }).replace('"@"', text))).amount).toBe(amount);
    });

    it.each([
      ['"-1"', 'amount: must be ≥ 0'],
      ['-0.01', 'amount: must be ≥ 0'],
      ['"-0.0000000000000000000001"', 'amount: must be ≥ 0'],
      ['"1000000000.01"', 'amount: must be at most 1e9'],
      ['1000000000.0000000000000001', 'amount: must be at most 1e9'],
      ['"1e3"', 'amount: must be a decimal string'],
      ['"25."', 'amount: must be a decimal string'],
      ['".5"', 'amount: must be a decimal string'],
      ['"+5"', 'amount: must be a decimal string'],
      ['" 5"', 'amount: must be a decimal string'],
      ['"5,00"', 'amount: must be a decimal string'],
      ['"$5"', 'amount: must be a decimal string'],
      ['""', 'amount: must be a decimal string'],
      ['null', 'amount: must be a decimal string'],
      ['true', 'amount: must be a decimal string'],
      ['{"value":5}', 'amount: must be a decimal string'],
    ])('rejects %s', (text, problem) => {
      const rejection = rejected(check(line('case.compensated', { amount: '@' }).replace('"@"', text)));
      expect(rejection.reason).toBe('schema');
      expect(rejection.detail).toContain(problem);
    });
  });

  it('checks kind on case.compensated', () => {
    for (const kind of ['refund', 'credit', 'goodwill', 'replacement', 'fee']) {
      expect(accepted(check(line('case.compensated', { kind }))).kind).toBe(kind);
    }
    for (const kind of ['Refund', 'discount', '', null, 3]) {
      expect(rejected(check(line('case.compensated', { kind }))).detail).toMatch(
        /^kind: must be one of refund, credit, goodwill, replacement, fee, got /,
      );
    }
  });

  it('checks state on agent.state: 1 to 64 characters', () => {
    expect(accepted(check(line('agent.state', { state: 's'.repeat(64) }))).state).toHaveLength(64);
    expect(accepted(check(line('agent.state', { state: 'offline' }))).state).toBe('offline');
    for (const state of ['', 's'.repeat(65), null, 1, ['break']]) {
      expect(rejected(check(line('agent.state', { state }))).detail).toMatch(
        /^state: must be a string of 1–64 characters/,
      );
    }
  });

  it('checks the required strings of contact.classified, usage.recorded and case.compensated', () => {
    expect(rejected(check(line('contact.classified', { reason: '' }))).detail).toBe(
      'reason: must be a string of 1–128 characters, got an empty string',
    );
    expect(rejected(check(line('usage.recorded', { resource: null }))).detail).toBe(
      'resource: must be a string of 1–128 characters, got null',
    );
    expect(rejected(check(line('case.compensated', { case: 12 }))).detail).toBe(
      'case: must be a string of 1–128 characters, got number 12',
    );
  });
});

describe('one event, one reason, in the contract order', () => {
  it('invalid_json before anything', () => {
    expect(rejected(check('{"id":5,"type":"nope","time":"x"')).reason).toBe('invalid_json');
  });

  it('envelope schema before unknown_type', () => {
    expect(rejected(check(line('call.transferred', { time: '2026-11-02 14:00:00Z' }))).reason).toBe('schema');
    expect(rejected(check(line('call.transferred', { tenant: 'ACME' }))).reason).toBe('schema');
    expect(rejected(check(line('call.transferred', { id: '' }))).reason).toBe('schema');
  });

  it('unknown_type before the schema of the type fields', () => {
    expect(rejected(check(line('call.transferred', { agent: 5, outcome: 'maybe', contact: '' }))).reason).toBe(
      'unknown_type',
    );
  });

  it('reports the first envelope problem in field order: id, type, tenant, time', () => {
    const all = { id: 1, type: 2, tenant: 3, time: 4 };
    expect(rejected(check(JSON.stringify(all))).detail).toMatch(/^id:/);
    expect(rejected(check(JSON.stringify({ ...all, id: 'x' }))).detail).toMatch(/^type:/);
    expect(rejected(check(JSON.stringify({ ...all, id: 'x', type: 'call.ended' }))).detail).toMatch(/^tenant:/);
    expect(rejected(check(JSON.stringify({ ...all, id: 'x', type: 'call.ended', tenant: 'a' }))).detail).toMatch(
      /^time:/,
    );
  });

  it('reports one problem even when several fields are wrong', () => {
    const rejection = rejected(check(line('call.answered', { agent: undefined, queue: '' })));
    expect(rejection).toEqual({ reason: 'schema', detail: 'call.answered needs agent', id: 'e-1', tenant: 'acme' });
  });

  it('leaves unknown_tenant and unknown_resource to the costing engine', () => {
    expect(accepted(check(line('usage.recorded', { tenant: 'ghost', resource: 'fax' }))).tenant).toBe('ghost');
  });
});

describe('scenario 04-invalid-and-duplicates', () => {
  const lines = readFileSync(SCENARIO_04, 'utf8').split('\n');
  const at = (lineNumber: number) => check(lines[lineNumber - 1]);

  it('line 7 (missing closing brace) is invalid_json', () => {
    expect(rejected(at(7)).reason).toBe('invalid_json');
  });

  it('line 8 (call.answered without agent) is schema', () => {
    expect(rejected(at(8))).toEqual({
      reason: 'schema',
      detail: 'call.answered needs agent',
      id: 'e-91',
      tenant: 'acme',
    });
  });

  it('line 9 (call.transferred) is unknown_type', () => {
    expect(rejected(at(9))).toMatchObject({ reason: 'unknown_type', id: 'e-92', tenant: 'acme' });
  });

  it('lines 10 and 11 pass the schema (their tenant and resource are the engine’s to reject)', () => {
    expect(accepted(at(10))).toMatchObject({ id: 'e-93', tenant: 'ghost', direction: 'inbound' });
    expect(accepted(at(11))).toMatchObject({ id: 'e-94', resource: 'fax', quantity: '1' });
  });

  it('every other non-blank line is schema-valid', () => {
    for (const [index, text] of lines.entries()) {
      if (text.trim() === '' || [7, 8, 9].includes(index + 1)) continue;
      expect(accepted(check(text)).id).toMatch(/^e-/);
    }
  });
});
