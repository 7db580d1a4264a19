import { createHash } from 'crypto';
import { apiKeyHashesMatch, bearerKeyOf, generateApiKey, hashApiKey } from './api-key.hasher';

describe('API key hashing', () => {
  it('generates distinct base64url keys of 32 random bytes', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('stores the sha256 of the key as hex, never the key', () => {
    const key = generateApiKey();
    const hash = hashApiKey(key);
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key);
  });

  it('matches equal hashes only', () => {
    const hash = hashApiKey('k1');
    expect(apiKeyHashesMatch(hash, hashApiKey('k1'))).toBe(true);
    expect(apiKeyHashesMatch(hash, hashApiKey('k2'))).toBe(false);
    expect(apiKeyHashesMatch(hash, 'abcd')).toBe(false);
  });

  it('reads the key of a Bearer header only', () => {
    expect(bearerKeyOf('Bearer abc_-1')).toBe('abc_-1');
    expect(bearerKeyOf('bearer  abc')).toBe('abc');
    expect(bearerKeyOf(undefined)).toBeNull();
    expect(bearerKeyOf('Basic abc')).toBeNull();
    expect(bearerKeyOf('Bearer ')).toBeNull();
    expect(bearerKeyOf(`Bearer ${'x'.repeat(257)}`)).toBeNull();
  });
});
