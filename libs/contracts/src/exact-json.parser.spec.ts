import fc from 'fast-check';
import { JsonNumberText, hasLongDigitRun, parseObjectKeepingNumberText } from './exact-json.parser';

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

/** The first version of hasLongDigitRun, a plain scan of every character: the oracle for the probing one. */
function scanEveryCharacter(text: string): boolean {
  let index = 0;
  while (index < text.length) {
    let code = text.charCodeAt(index);
    if (code < 48 || code > 57) {
      index++;
      continue;
    }
    let significant = 0;
    while (index < text.length && (((code = text.charCodeAt(index)) >= 48 && code <= 57) || code === 46)) {
      if (code !== 46 && (significant > 0 || code !== 48)) significant++;
      index++;
    }
    if (significant > 15) return true;
  }
  return false;
}

describe('hasLongDigitRun', () => {
  it.each([
    ['{"amount":1234567890123456}', true],
    ['{"amount":123456789012345}', false],
    ['{"amount":123456789012345.0}', true],
    ['{"amount":0.000000000000000000123456789012345}', false],
    ['{"amount":0.0000000000000000001234567890123456}', true],
    ['{"amount":1e-400}', false],
    ['{"id":"12345678.901234567"}', true],
    ['1234567890123456', true],
    ['................1', false],
    ['', false],
  ])('%s → %s', (text, expected) => {
    expect(hasLongDigitRun(text)).toBe(expected);
  });

  it('finds a run of exactly 16 significant digits wherever it lies', () => {
    for (let before = 0; before < 40; before++) {
      expect(hasLongDigitRun(`${'x'.repeat(before)}1234567890123456"`)).toBe(true);
      expect(hasLongDigitRun(`${'x'.repeat(before)}123456789012345"`)).toBe(false);
    }
  });

  it('agrees with a scan of every character', () => {
    const piece = fc.oneof(
      fc.stringMatching(/^[0-9.]{0,40}$/),
      fc.stringMatching(/^0*[.0]*[1-9][0-9]{10,20}$/),
      fc.constantFrom('"', ',', ':', 'e', '-', ' ', '{', '}', 'a', '\u00e9'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(hasLongDigitRun(text)).toBe(scanEveryCharacter(text));
      }),
      { numRuns: 3000 },
    );
  });
});
