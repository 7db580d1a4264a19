import { parseIngestBody, splitJsonArrayElements } from './ingest-body.parser';

const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON_TYPE = 'application/x-ndjson';

describe('parseIngestBody', () => {
  it('splits a JSON array into its elements, keeping each one’s exact source text', () => {
    const body = Buffer.from('[ {"a": 1, "s": "x],\\"{"}, {"amount": 0.10000000000000000001} ,[1,[2]], "t" ]');
    const parsed = parseIngestBody(JSON_TYPE, body);
    expect(parsed).toEqual({
      ok: true,
      items: [
        { line: 1, raw: '{"a": 1, "s": "x],\\"{"}' },
        { line: 2, raw: '{"amount": 0.10000000000000000001}' },
        { line: 3, raw: '[1,[2]]' },
        { line: 4, raw: '"t"' },
      ],
    });
  });

  it('reads an empty array as no events and ignores a byte-order mark', () => {
    expect(parseIngestBody(JSON_TYPE, Buffer.from('\ufeff [ ] '))).toEqual({ ok: true, items: [] });
  });

  it.each([
    ['{"id":"e1"}', 'must be a JSON array of events, got an object'],
    ['42', 'must be a JSON array of events, got a number'],
    ['null', 'got null'],
    ['[{"id":', 'not valid JSON'],
    ['  ', 'the body is empty'],
  ])('answers 400 for the JSON body %j', (text, message) => {
    const parsed = parseIngestBody(JSON_TYPE, Buffer.from(text));
    expect(parsed).toMatchObject({ ok: false, status: 400 });
    expect((parsed as { message: string }).message).toContain(message);
  });

  it('answers 400 for a JSON body that is not UTF-8', () => {
    expect(parseIngestBody(JSON_TYPE, Buffer.from([0x5b, 0xff, 0x5d]))).toMatchObject({ ok: false, status: 400 });
  });

  it('splits NDJSON by line, skipping blank lines and keeping physical line numbers', () => {
    const parsed = parseIngestBody(NDJSON_TYPE, Buffer.from('{"a":1}\r\n\n  \n{oops\n{"b":2}'));
    expect(parsed.ok).toBe(true);
    const items = (parsed as { items: { line: number; raw: Buffer }[] }).items;
    expect(items.map((i) => [i.line, i.raw.toString()])).toEqual([
      [1, '{"a":1}'],
      [4, '{oops'],
      [5, '{"b":2}'],
    ]);
  });

  it('leaves a non-UTF-8 NDJSON line to the per-event checks', () => {
    const parsed = parseIngestBody('application/ndjson', Buffer.from([0x7b, 0xff, 0x7d, 0x0a]));
    expect(parsed).toMatchObject({ ok: true, items: [{ line: 1 }] });
  });

  it('answers 415 naming the accepted types for another or a missing Content-Type', () => {
    expect(parseIngestBody('text/plain', Buffer.from('[]'))).toMatchObject({ ok: false, status: 415 });
    const missing = parseIngestBody(undefined, Buffer.from('[]'));
    expect(missing).toMatchObject({ ok: false, status: 415 });
    expect((missing as { message: string }).message).toContain('application/x-ndjson');
  });
});

describe('splitJsonArrayElements', () => {
  it('agrees with JSON.parse on nested and escaped content', () => {
    const values = [{ a: [1, { b: '],}' }] }, 'q"\\', null, 1.5e3, [], {}, true];
    const text = JSON.stringify(values, null, 2);
    expect(splitJsonArrayElements(text).map((t) => JSON.parse(t))).toEqual(values);
  });
});
