import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { hashesOf } from './fingerprint-index';
import { BloomFilter, SpilledKeyIndex } from './spilled-key-index';

describe('SpilledKeyIndex', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'spilled-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every key added, in memory or spilled to runs on disk, and no other', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 50 }),
        (keys, recentLimit) => {
          const index = new SpilledKeyIndex(join(dir, `runs-${recentLimit}`), recentLimit);
          const [added, absent] = [keys.filter((_, i) => i % 3 !== 0), keys.filter((_, i) => i % 3 === 0)];
          added.forEach((key, value) => {
            const { h1, h2 } = hashesOf(key);
            index.addHashed(h1, h2, value);
          });
          expect(index.size).toBe(added.length);
          expect(index.runCount).toBe(Math.floor(added.length / recentLimit));
          added.forEach((key, value) => {
            const { h1, h2 } = hashesOf(key);
            expect(index.findHashed(h1, h2, (v) => added[v] === key)).toBe(value);
          });
          for (const key of absent) {
            const { h1, h2 } = hashesOf(key);
            expect(index.findHashed(h1, h2, (v) => added[v] === key)).toBe(-1);
          }
          index.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds a value among many entries with the same hashes, across the blocks of a run', () => {
    const index = new SpilledKeyIndex(join(dir, 'runs'), 2000);
    for (let v = 0; v < 1400; v++) index.addHashed(v % 2 ? 7 : 0xffffffff, 99, v);
    for (let v = 1400; v < 2000; v++) index.addHashed(7, v, v);
    expect(index.runCount).toBe(1);
    for (const wanted of [1, 3, 511, 513, 1399]) expect(index.findHashed(7, 99, (v) => v === wanted)).toBe(wanted);
    for (const wanted of [0, 1398]) expect(index.findHashed(0xffffffff, 99, (v) => v === wanted)).toBe(wanted);
    expect(index.findHashed(7, 99, (v) => v === 0)).toBe(-1);
    expect(index.findHashed(7, 1500, () => true)).toBe(1500);
    expect(index.findHashed(8, 99, () => true)).toBe(-1);
    index.close();
  });
});

describe('BloomFilter', () => {
  it('has every key added and about 1 % of keys never added (10 bits a key)', () => {
    const filter = new BloomFilter(100_000);
    for (let i = 0; i < 100_000; i++) {
      const { h1, h2 } = hashesOf(`acme\u0000e-${i}`);
      filter.add(h1, h2);
    }
    let missed = 0;
    for (let i = 0; i < 100_000; i++) {
      const { h1, h2 } = hashesOf(`acme\u0000e-${i}`);
      if (!filter.mayHave(h1, h2)) missed++;
    }
    expect(missed).toBe(0);
    let falsePositives = 0;
    for (let i = 0; i < 100_000; i++) {
      const { h1, h2 } = hashesOf(`acme\u0000other-${i}`);
      if (filter.mayHave(h1, h2)) falsePositives++;
    }
    expect(falsePositives).toBeGreaterThan(0);
    expect(falsePositives / 100_000).toBeLessThan(0.015);
  });
});
