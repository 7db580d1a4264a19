import { ContactTotal, LiveTotalsService } from '@contact-cost/live-totals';
import { TEST_REDIS_URL, uniqueRunId } from '../support/test-environment';

describe('live totals (Redis)', () => {
  const keyPrefix = `test-${uniqueRunId()}`;
  let totals: LiveTotalsService;
  const tenant = 'acme';

  const contact = (id: string, over: Partial<ContactTotal> = {}): ContactTotal => ({
    tenant,
    contact: id,
    channel: 'voice',
    reason: 'billing_question',
    day: '2026-11-02',
    totalMicros: 4_462_700n,
    ...over,
  });

  beforeAll(() => {
    totals = new LiveTotalsService({ url: TEST_REDIS_URL, keyPrefix });
  });

  afterAll(async () => {
    await totals.clearTenant(tenant);
    await totals.clearTenant('globex');
    await totals.close();
  });

  beforeEach(async () => {
    await totals.clearTenant(tenant);
  });

  it('adds nothing when the same figures are applied again', async () => {
    expect(await totals.applyContacts([contact('c-1'), contact('c-2', { totalMicros: 1_000_001n })])).toBe(2);
    const once = await totals.readTenant(tenant);
    expect(await totals.applyContacts([contact('c-1'), contact('c-2', { totalMicros: 1_000_001n })])).toBe(0);
    expect(await totals.applyContacts([contact('c-1')])).toBe(0);
    const again = await totals.readTenant(tenant);
    expect(again).toEqual(once);
    expect(again.channels).toEqual({ voice: { contacts: 2, costMicros: 5_462_701n } });
    expect(again.days).toEqual({ '2026-11-02': { contacts: 2, costMicros: 5_462_701n } });
  });

  it('moves a contact between groups and applies only the difference of its cost', async () => {
    await totals.applyContacts([contact('c-1', { totalMicros: 100n }), contact('c-2', { totalMicros: 50n })]);
    await totals.applyContacts([contact('c-1', { totalMicros: 250n, reason: 'complaint' })]);
    const read = await totals.readTenant(tenant);
    expect(read.channels).toEqual({ voice: { contacts: 2, costMicros: 300n } });
    expect(read.reasons).toEqual({
      billing_question: { contacts: 1, costMicros: 50n },
      complaint: { contacts: 1, costMicros: 250n },
    });
    await totals.applyContacts([contact('c-2', { reason: 'complaint', totalMicros: 50n })]);
    expect((await totals.readTenant(tenant)).reasons).toEqual({ complaint: { contacts: 2, costMicros: 300n } });
  });

  it('is exact beyond 2^53 micro-units and keeps tenants apart', async () => {
    const big = 2n ** 53n + 1n;
    await totals.applyContacts([
      contact('c-1', { totalMicros: big }),
      contact('c-2', { totalMicros: big, channel: 'chat' }),
      contact('c-1', { tenant: 'globex', totalMicros: 7n }),
    ]);
    await totals.applyContacts([contact('c-1', { totalMicros: big + 2n })]);
    const read = await totals.readTenant(tenant);
    expect(read.channels.voice).toEqual({ contacts: 1, costMicros: big + 2n });
    expect(read.channels.chat).toEqual({ contacts: 1, costMicros: big });
    expect((await totals.readTenant('globex')).channels).toEqual({ voice: { contacts: 1, costMicros: 7n } });
    expect(await totals.tenants()).toEqual(['acme', 'globex']);
  });

  it('gives the same totals when concurrent writers re-apply overlapping changes', async () => {
    const changes = Array.from({ length: 200 }, (_, i) =>
      contact(`c-${i}`, { totalMicros: BigInt(i * 1000 + 1), channel: i % 2 ? 'chat' : 'voice' }),
    );
    await Promise.all([
      totals.applyContacts(changes),
      totals.applyContacts(changes.slice(50)),
      totals.applyContacts(changes.slice(0, 120)),
    ]);
    const read = await totals.readTenant(tenant);
    const expected = (odd: number) =>
      changes.filter((_, i) => i % 2 === odd).reduce((sum, c) => sum + c.totalMicros, 0n);
    expect(read.channels).toEqual({
      chat: { contacts: 100, costMicros: expected(1) },
      voice: { contacts: 100, costMicros: expected(0) },
    });
  });

  it('reads an unknown tenant as empty', async () => {
    const read = await totals.readTenant('nobody');
    expect(read.channels).toEqual({});
    expect(read.reasons).toEqual({});
  });
});
