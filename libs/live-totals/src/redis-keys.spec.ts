import { RedisKeys } from './redis-keys';

describe('RedisKeys', () => {
  const keys = new RedisKeys('cc');

  it('puts all of a tenant’s keys in one cluster slot (hash tag) and under the prefix', () => {
    const tenantKeys = keys.tenantKeys('acme');
    expect(tenantKeys).toEqual([
      'cc:{acme}:contact-last',
      'cc:{acme}:by-channel:contacts',
      'cc:{acme}:by-channel:cost-micros',
      'cc:{acme}:by-reason:contacts',
      'cc:{acme}:by-reason:cost-micros',
      'cc:{acme}:by-day:contacts',
      'cc:{acme}:by-day:cost-micros',
    ]);
    expect(new Set(tenantKeys.map((k) => /\{(.*?)\}/.exec(k)?.[1]))).toEqual(new Set(['acme']));
  });

  it('keeps tenants and prefixes apart', () => {
    expect(keys.contactLast('acme')).not.toBe(keys.contactLast('acme2'));
    expect(new RedisKeys('test-1').asOf()).toBe('test-1:as-of');
    expect(keys.tenants()).toBe('cc:tenants');
  });
});
