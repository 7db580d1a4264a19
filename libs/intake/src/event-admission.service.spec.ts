import { parseRateCards } from '@contact-cost/costing';
import { deadLetterFor } from './dead-letter';
import { EventAdmission } from './event-admission.service';
import { INTAKE_PATTERNS, intakeSubscriptions } from './intake-patterns';

const rateCards = parseRateCards({
  acme: {
    currency: 'USD',
    versions: [{ effectiveFrom: '2026-01-01T00:00:00Z', labourPerHour: { default: '30' }, usage: { sms: '0.01' } }],
  },
});

describe('EventAdmission', () => {
  const admission = new EventAdmission({ file: 'rates.json', rateCards });
  const message = (event: object) => Buffer.from(JSON.stringify(event));
  const base = { id: 'e-1', tenant: 'acme', time: '2026-11-02T14:00:00Z', contact: 'c-1' };

  it('accepts a valid event of a tenant with a rate card', () => {
    const result = admission.admit(message({ ...base, type: 'call.started', direction: 'inbound' }));
    expect(result.ok && result.event.id).toBe('e-1');
  });

  it.each([
    ['an empty message', null, 'invalid_json'],
    ['an empty buffer', Buffer.alloc(0), 'invalid_json'],
    ['not JSON', Buffer.from('{"id":'), 'invalid_json'],
    ['a missing field', message({ ...base, type: 'call.answered' }), 'schema'],
    ['an unknown type', message({ ...base, type: 'call.teleported' }), 'unknown_type'],
    [
      'a tenant with no rate card',
      message({ ...base, tenant: 'ghost', type: 'call.started', direction: 'inbound' }),
      'unknown_tenant',
    ],
    [
      'an unpriced resource',
      message({ ...base, type: 'usage.recorded', resource: 'fax', quantity: 1 }),
      'unknown_resource',
    ],
  ])('rejects %s', (_what, value, reason) => {
    const result = admission.admit(value as Buffer | null);
    expect(result.ok ? 'accepted' : result.rejection.reason).toBe(reason);
  });
});

describe('dead letters', () => {
  it('keep the original key and bytes, and say why and where from in headers', () => {
    const value = Buffer.from('{"id":');
    const letter = deadLetterFor(
      { topic: 'cc.calls', partition: 2 },
      { offset: '41', key: 'c-1', value, timestamp: '1790000000000', headers: {} },
      { reason: 'unknown_tenant', detail: 'x'.repeat(5000), id: 'e-1', tenant: 'ghost' },
    );
    expect(letter.key).toBe('c-1');
    expect(letter.value).toBe(value);
    expect(letter.headers).toEqual({
      'cc-reason': 'unknown_tenant',
      'cc-detail': 'x'.repeat(1000),
      'cc-original-topic': 'cc.calls',
      'cc-original-partition': '2',
      'cc-original-offset': '41',
      'cc-original-timestamp': '1790000000000',
      'cc-event-id': 'e-1',
      'cc-tenant': 'ghost',
    });
  });
});

describe('intake subscriptions', () => {
  it('route each configured event topic to its handler pattern', () => {
    expect(intakeSubscriptions({ calls: 'a', chats: 'b', tickets: 'c', agents: 'd' })).toEqual([
      { topic: 'a', pattern: INTAKE_PATTERNS.calls },
      { topic: 'b', pattern: INTAKE_PATTERNS.chats },
      { topic: 'c', pattern: INTAKE_PATTERNS.tickets },
      { topic: 'd', pattern: INTAKE_PATTERNS.agents },
    ]);
  });
});
