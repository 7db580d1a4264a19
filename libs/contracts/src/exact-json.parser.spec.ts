import fc from 'fast-check';
import { JsonNumberText, parseObjectKeepingNumberText } from './exact-json.parser';

/** Replaces number markers by their text so results compare with plain JSON.parse output. */
function plain(members: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(members).map(([key, value]) => [key, value instanceof JsonNumberText ? Number(value.text) : value]),
  );
}

describe('parseObjectKeepingNumberText', () => {
  it('keeps the source text of top-level numbers', () => {
    const members = parseObjectKeepingNumberText('{"a": 12345678901234567890.5, "b":-1e-400 ,"c":0}');
    expect(members.a).toEqual(new JsonNumberText('12345678901234567890.5'));
    expect(members.b).toEqual(new JsonNumberText('-1e-400'));
    expect(members.c).toEqual(new JsonNumberText('0'));
  });

  it('decodes strings, literals and nested values like JSON.parse', () => {
    const text =
      ' \r\n{ "s" : "a\\"b\\u00e9\\\\" , "t":true,"f":false,"n":null,"o":{"x":[1,{"y":"}]"}]},"l":[[],"[",{}] }\n';
    expect(parseObjectKeepingNumberText(text)).toEqual({ ...JSON.parse(text) });
  });

  it('reads an empty object', () => {
    expect(Object.keys(parseObjectKeepingNumberText(' { } '))).toEqual([]);
  });

  it('keeps the last value of a repeated key', () => {
    const members = parseObjectKeepingNumberText('{"a":1,"b":2,"a":"third"}');
    expect(members.a).toBe('third');
  });

  it('treats __proto__ as an ordinary key', () => {
    const members = parseObjectKeepingNumberText('{"__proto__":{"polluted":true},"a":"x"}');
    expect(Object.keys(members)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('handles very deep nesting without overflowing the stack', () => {
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    const members = parseObjectKeepingNumberText(`{"deep":${deep},"a":"after"}`);
    expect(members.a).toBe('after');
  });

  it('agrees with JSON.parse on any JSON object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const text = JSON.stringify(object, null, 1);
        expect(plain(parseObjectKeepingNumberText(text))).toEqual(JSON.parse(text));
      }),
    );
  });
});
