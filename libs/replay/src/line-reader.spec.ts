import { Readable } from 'node:stream';
import { readLineBatches, readLines } from './line-reader';

async function lines(chunks: Buffer[]) {
  const out = [];
  for await (const l of readLines(Readable.from(chunks))) out.push(l);
  return out;
}

describe('readLines', () => {
  const text = 'a\r\n{"x":"é€"}\n\nlast';
  const bytes = Buffer.from(text);

  it('gives each line with its number and byte offset, CRLF and a final line without newline included', async () => {
    expect(await lines([bytes])).toEqual([
      { line: 1, text: 'a', offset: 0 },
      { line: 2, text: '{"x":"é€"}', offset: 3 },
      { line: 3, text: '', offset: 17 },
      { line: 4, text: 'last', offset: 18 },
    ]);
  });

  it('gives the same lines whatever the chunking (split inside a multi-byte character and a CRLF)', async () => {
    const whole = await lines([bytes]);
    for (let cut = 1; cut < bytes.length; cut++)
      expect(await lines([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
    expect(await lines([...bytes].map((b) => Buffer.from([b])))).toEqual(whole);
  });

  it('offsets point at the lines in the bytes', async () => {
    for (const { text: t, offset } of await lines([bytes]))
      expect(bytes.toString('utf8', offset).startsWith(t)).toBe(true);
  });

  it('batches per chunk', async () => {
    const batches = [];
    for await (const b of readLineBatches(Readable.from([Buffer.from('a\nb\n'), Buffer.from('c\n')])))
      batches.push(b.map((l) => l.text));
    expect(batches).toEqual([['a', 'b'], ['c']]);
  });
});
