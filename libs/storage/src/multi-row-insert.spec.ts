import { valueChunks } from './multi-row-insert';

describe('valueChunks', () => {
  it('numbers placeholders per chunk and stays under the bind-parameter limit', () => {
    const [only] = [...valueChunks([1, 2], 3, (n) => [n, n * 10, n * 100])];
    expect(only).toEqual({ placeholders: '($1,$2,$3),($4,$5,$6)', params: [1, 10, 100, 2, 20, 200] });

    const rows = Array.from({ length: 25_000 }, (_, i) => i);
    const chunks = [...valueChunks(rows, 8, (n) => Array(8).fill(n))];
    expect(chunks.length).toBe(4);
    for (const chunk of chunks) expect(chunk.params.length).toBeLessThanOrEqual(65_535);
    expect(chunks.reduce((n, c) => n + c.params.length, 0)).toBe(25_000 * 8);
  });

  it('yields nothing for no rows', () => {
    expect([...valueChunks([], 5, () => [])]).toEqual([]);
  });
});
