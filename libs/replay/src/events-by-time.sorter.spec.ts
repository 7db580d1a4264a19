import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseEventTime } from '@contact-cost/contracts';
import { EventsByTimeSorter, sortKey } from './events-by-time.sorter';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'by-time-spec-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function sortThrough(items: { at: bigint; text: string }[], runSize: number, maxFanIn: number): string[] {
  const sorter = new EventsByTimeSorter(dir, { runSize, maxFanIn });
  try {
    for (const { at, text } of items) sorter.add(at, text);
    sorter.writeTo(join(dir, 'sorted.jsonl'));
  } finally {
    sorter.close();
  }
  const text = readFileSync(join(dir, 'sorted.jsonl'), 'utf8');
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

describe('sortKey', () => {
  it('orders keys as their instants, from year 0000 to 9999 and before 1970', () => {
    const instants = [
      '0000-01-01T00:00:00+23:59',
      '0000-01-01T00:00:00Z',
      '1969-12-31T23:59:59.999999999999999999Z',
      '1970-01-01T00:00:00Z',
      '1970-01-01T00:00:00.000000000000000001Z',
      '2026-11-02T15:00:00.5Z',
      '9999-12-31T23:59:59.999Z',
      '9999-12-31T23:59:59-23:59',
    ].map((t) => parseEventTime(t)!);
    const keys = instants.map(sortKey);
    expect(new Set(keys.map((k) => k.length))).toEqual(new Set([31]));
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses an instant it cannot key', () => {
    expect(() => sortKey(-(10n ** 30n) - 1n)).toThrow(RangeError);
    expect(() => sortKey(10n ** 31n)).toThrow(RangeError);
  });
});

describe('EventsByTimeSorter', () => {
  it('writes the lines in time order, equal times in the order added, through runs merged in rounds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.bigInt({ min: -(10n ** 28n), max: 10n ** 29n }).chain((at) => fc.constantFrom(at, 0n, 5n)),
            text: fc.string({ unit: 'grapheme', maxLength: 40 }).map((t) => t.replace(/[\r\n]/g, ' ')),
          }),
          { maxLength: 300 },
        ),
        fc.integer({ min: 1, max: 4_000 }),
        fc.integer({ min: 2, max: 5 }),
        (raw, runSize, maxFanIn) => {
          const items = raw.map((item, i) => ({ at: item.at, text: `${i}:${item.text}` }));
          // Array.prototype.sort is stable: the expected order
          const expected = [...items].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((i) => i.text);
          expect(sortThrough(items, runSize, maxFanIn)).toEqual(expected);
          // nothing left behind but the sorted file
          expect(readdirSync(dir)).toEqual(['sorted.jsonl']);
          rmSync(join(dir, 'sorted.jsonl'));
        },
      ),
      { numRuns: 200, seed: 20261130 },
    );
  });

  it('reads back a line longer than its read chunk, and characters beyond ASCII', () => {
    const long = 'x'.repeat(700_000);
    const lines = sortThrough(
      [
        { at: 3n, text: long },
        { at: 1n, text: 'ünïcødé ✓ 𝄞' },
        { at: 2n, text: '' },
      ],
      10,
      2,
    );
    expect(lines).toEqual(['ünïcødé ✓ 𝄞', '', long]);
  });

  it('writes an empty file when nothing was added', () => {
    expect(sortThrough([], 100, 2)).toEqual([]);
  });
});
