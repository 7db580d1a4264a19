import fc from 'fast-check';
import { FingerprintIndex, hashesOf, keyHashes } from './fingerprint-index';

describe('FingerprintIndex', () => {
  it('finds what was added, through the verify callback, and nothing else', () => {
    const index = new FingerprintIndex(4);
    const keys = Array.from({ length: 50_000 }, (_, i) => `acme\u0000e-${i}`);
    keys.forEach((k, i) => index.add(k, i * 10));
    expect(index.size).toBe(50_000);
    keys.forEach((k, i) => expect(index.find(k, (v) => v === i * 10)).toBe(i * 10));
    expect(index.find('acme\u0000e-50000', () => true)).toBe(-1);
  });

  it('a candidate the callback rejects (same fingerprint, other key) is skipped, not returned', () => {
    const index = new FingerprintIndex();
    index.add('k', 7);
    expect(index.find('k', () => false)).toBe(-1);
    index.add('k', 9);
    expect(index.find('k', (v) => v === 9)).toBe(9);
  });

  it('removes one entry by its value and keeps probing past removed slots', () => {
    const index = new FingerprintIndex(8);
    for (let i = 0; i < 5; i++) index.add(`c-${i}`, i);
    expect(index.remove('c-2', 2)).toBe(true);
    expect(index.remove('c-2', 2)).toBe(false);
    expect(index.holds('c-2', 2)).toBe(false);
    for (const i of [0, 1, 3, 4]) expect(index.holds(`c-${i}`, i)).toBe(true);
    expect(index.size).toBe(4);
  });

  it('behaves as a map of keys to value sets under random adds and removes (with growth and rehashing)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 3 })), {
          maxLength: 400,
        }),
        (ops) => {
          const index = new FingerprintIndex(2);
          const model = new Map<string, Set<number>>();
          for (const [add, k, v] of ops) {
            const key = `t\u0000${k}`;
            const values = model.get(key) ?? new Set<number>();
            if (add && !values.has(v)) {
              index.add(key, v);
              values.add(v);
            } else if (!add) expect(index.remove(key, v)).toBe(values.delete(v));
            model.set(key, values);
          }
          let size = 0;
          for (const [key, values] of model) {
            size += values.size;
            for (let v = 0; v <= 3; v++) {
              expect(index.holds(key, v)).toBe(values.has(v));
              expect(index.find(key, (x) => x === v)).toBe(values.has(v) ? v : -1);
            }
          }
          expect(index.size).toBe(size);
        },
      ),
    );
  });

  it('hashes a two-part key as the key joined by NUL', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const into = { h1: 0, h2: 0 };
        keyHashes(a, b, into);
        expect(into).toEqual(hashesOf(`${a}\u0000${b}`));
      }),
    );
  });
});
