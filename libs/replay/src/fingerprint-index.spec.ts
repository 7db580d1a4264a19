import fc from 'fast-check';
import { FingerprintIndex, hashesOf, keyHashes } from './fingerprint-index';

function add(index: FingerprintIndex, key: string, value: number): void {
  const { h1, h2 } = hashesOf(key);
  index.addHashed(h1, h2, value);
}

function find(index: FingerprintIndex, key: string, verify: (value: number) => boolean): number {
  const { h1, h2 } = hashesOf(key);
  return index.findHashed(h1, h2, verify);
}

describe('FingerprintIndex', () => {
  it('finds what was added, through the verify callback, and nothing else (growing from a tiny table)', () => {
    const index = new FingerprintIndex(4);
    const keys = Array.from({ length: 50_000 }, (_, i) => `acme\u0000e-${i}`);
    keys.forEach((k, i) => add(index, k, i * 10));
    expect(index.size).toBe(50_000);
    keys.forEach((k, i) => expect(find(index, k, (v) => v === i * 10)).toBe(i * 10));
    expect(find(index, 'acme\u0000e-50000', () => true)).toBe(-1);
  });

  it('a candidate the callback rejects (same hashes, other key) is skipped, not returned', () => {
    const index = new FingerprintIndex();
    add(index, 'k', 7);
    expect(find(index, 'k', () => false)).toBe(-1);
    add(index, 'k', 9);
    expect(find(index, 'k', (v) => v === 9)).toBe(9);
  });

  it('keeps any non-negative safe integer value exactly (0, around 2^32, up to 2^53 - 2) and refuses others', () => {
    const values = [0, 1, 2 ** 32 - 2, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 5 * 2 ** 40 + 3, Number.MAX_SAFE_INTEGER - 1];
    const index = new FingerprintIndex(2);
    values.forEach((v, i) => add(index, `k${i}`, v));
    values.forEach((v, i) => expect(find(index, `k${i}`, (found) => found === v)).toBe(v));
    const listed: number[] = [];
    index.forEach((_h1, _h2, value) => listed.push(value));
    expect(listed.sort((a, b) => a - b)).toEqual(values);
    for (const bad of [-1, 0.5, Number.MAX_SAFE_INTEGER, NaN]) expect(() => add(index, 'bad', bad)).toThrow(RangeError);
    expect(index.size).toBe(values.length);
  });

  it('lists every entry once and can be emptied', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 300 }), (keys) => {
        const index = new FingerprintIndex(2);
        keys.forEach((k, i) => add(index, k, i));
        const listed: number[] = [];
        index.forEach((h1, h2, value) => {
          expect({ h1, h2 }).toEqual(hashesOf(keys[value]));
          listed.push(value);
        });
        expect(listed.sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
        index.clear();
        expect(index.size).toBe(0);
        for (const k of keys) expect(find(index, k, () => true)).toBe(-1);
      }),
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
