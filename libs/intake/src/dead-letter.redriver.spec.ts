import { parseRateCards } from '@contact-cost/costing';
import type { KafkaBatchMessage } from '@contact-cost/kafka';
import { deadLetterFor } from './dead-letter';
import { redriveDecision, redriveGroupId, REDRIVEN_FROM_HEADER, UNROUTABLE } from './dead-letter.redriver';
import { EventAdmission } from './event-admission.service';

const card = {
  currency: 'USD',
  versions: [{ effectiveFrom: '2026-01-01T00:00:00Z', labourPerHour: { default: '30' } }],
};
// The rate cards now: newco's card was added after its events were dead-lettered.
const admission = new EventAdmission({ file: 'rates.json', rateCards: parseRateCards({ acme: card, newco: card }) });
const eventTopics = new Set(['t.calls', 't.chats', 't.tickets', 't.agents']);
const deadLetterTopic = { topic: 't.dead-letter', partition: 0 };

/** A message as the dead-letter topic holds it: the original key and bytes, why and where from in headers. */
function deadLetter(
  value: string | null,
  reason: string,
  tenant?: string,
  originalTopic = 't.calls',
): KafkaBatchMessage {
  const original: KafkaBatchMessage = {
    offset: '41',
    key: 'contact-1',
    value: value === null ? null : Buffer.from(value),
    timestamp: '1767225600000',
    headers: {},
  };
  const outgoing = deadLetterFor({ topic: originalTopic, partition: 2 }, original, {
    reason,
    detail: 'why',
    id: 'e-1',
    tenant,
  });
  return {
    offset: '7',
    key: outgoing.key ?? null,
    value: outgoing.value as Buffer | null,
    timestamp: '1767225601000',
    headers: outgoing.headers ?? {},
  };
}

const event = (tenant: string) =>
  JSON.stringify({
    id: 'e-1',
    type: 'call.started',
    tenant,
    time: '2026-11-02T14:00:00Z',
    contact: 'contact-1',
    direction: 'inbound',
  });

describe('redriveDecision', () => {
  it('re-publishes a now-valid event to its original topic with its key, bytes and where it came from', () => {
    const decision = redriveDecision(
      deadLetter(event('newco'), 'unknown_tenant', 'newco'),
      deadLetterTopic,
      {},
      admission,
      eventTopics,
    );
    expect(decision).toEqual({
      action: 'republish',
      topic: 't.calls',
      message: {
        key: 'contact-1',
        value: Buffer.from(event('newco')),
        headers: { [REDRIVEN_FROM_HEADER]: 't.dead-letter/0@7' },
      },
    });
  });

  it('keeps what is still invalid, with the reason it has now', () => {
    const keep = (value: string | null, reason: string) =>
      redriveDecision(deadLetter(value, reason), deadLetterTopic, {}, admission, eventTopics);
    expect(keep(event('ghost'), 'unknown_tenant')).toEqual({ action: 'keep', reason: 'unknown_tenant' });
    expect(keep('{"id":', 'invalid_json')).toEqual({ action: 'keep', reason: 'invalid_json' });
    expect(keep(null, 'invalid_json')).toEqual({ action: 'keep', reason: 'invalid_json' });
    expect(keep(JSON.stringify({ id: 'e-1', tenant: 'acme' }), 'schema')).toEqual({ action: 'keep', reason: 'schema' });
  });

  it('keeps a valid event whose original topic is not an event topic, as unroutable', () => {
    const letter = deadLetter(event('acme'), 'internal_error', 'acme', 't.old-calls');
    expect(redriveDecision(letter, deadLetterTopic, {}, admission, eventTopics)).toEqual({
      action: 'keep',
      reason: UNROUTABLE,
    });
    const headerless = { ...deadLetter(event('acme'), 'internal_error'), headers: {} };
    expect(redriveDecision(headerless, deadLetterTopic, {}, admission, eventTopics)).toEqual({
      action: 'keep',
      reason: UNROUTABLE,
    });
  });

  it('skips what the filter leaves out, by the reason and tenant it was dead-lettered with', () => {
    const letter = deadLetter(event('newco'), 'unknown_tenant', 'newco');
    const decide = (filter: { reason?: string; tenant?: string }) =>
      redriveDecision(letter, deadLetterTopic, filter, admission, eventTopics).action;
    expect(decide({ reason: 'schema' })).toBe('skip');
    expect(decide({ tenant: 'acme' })).toBe('skip');
    expect(decide({ reason: 'unknown_tenant', tenant: 'newco' })).toBe('republish');
    expect(decide({ tenant: 'newco' })).toBe('republish');
  });
});

describe('redriveGroupId', () => {
  it('gives each filter its own group, so each continues where its own last run stopped', () => {
    expect(redriveGroupId('contact-cost-intake', {})).toBe('contact-cost-intake.redrive');
    expect(redriveGroupId('g', { reason: 'unknown_tenant' })).toBe('g.redrive.reason-unknown_tenant');
    expect(redriveGroupId('g', { reason: 'schema', tenant: 'newco' })).toBe('g.redrive.reason-schema.tenant-newco');
  });
});
