/**
 * A strict JSON (RFC 8259) parser for the reference replay oracle that keeps every number's decimal text, because
 * events.md says "a JSON number is read at the value of its decimal text" (JSON.parse would round it to a double).
 * A key repeated in one object keeps its last value (events.md, "Validation details"). The parser is iterative, so
 * deeply nested (ignored) fields cannot overflow the call stack.
 */

/** A JSON number, kept as its exact source text. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonObject = Map<string, JsonValue>;
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

type Frame = { kind: 'array'; items: JsonValue[] } | { kind: 'object'; members: JsonObject; key: string };

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses one JSON text; throws a SyntaxError when it is not JSON. */
export function parseJson(text: string): JsonValue {
  let i = 0;
  function fail(what: string): never {
    throw new SyntaxError(`${what} at position ${i}`);
  }
  const skipWs = (): void => {
    while (i < text.length) {
      const c = text[i];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') break;
      i++;
    }
  };
  const parseString = (): string => {
    if (text[i] !== '"') fail('expected a string');
    i++;
    let out = '';
    let runStart = i;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        out += text.slice(runStart, i);
        i++;
        return out;
      }
      if (code < 0x20) fail('control character in string');
      if (code === 0x5c) {
        out += text.slice(runStart, i);
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
          out += ESCAPES[e];
          i += 2;
        } else {
          fail('bad escape');
        }
        runStart = i;
        continue;
      }
      i++;
    }
  };
  const expect = (c: string): void => {
    if (text[i] !== c) fail(`expected '${c}'`);
    i++;
  };

  const stack: Frame[] = [];
  for (;;) {
    // Expecting a value.
    skipWs();
    let value: JsonValue;
    const c = text[i];
    if (c === '{') {
      i++;
      skipWs();
      if (text[i] === '}') {
        i++;
        value = new Map();
      } else {
        const key = parseString();
        skipWs();
        expect(':');
        stack.push({ kind: 'object', members: new Map(), key });
        continue;
      }
    } else if (c === '[') {
      i++;
      skipWs();
      if (text[i] === ']') {
        i++;
        value = [];
      } else {
        stack.push({ kind: 'array', items: [] });
        continue;
      }
    } else if (c === '"') {
      value = parseString();
    } else if (text.startsWith('true', i)) {
      i += 4;
      value = true;
    } else if (text.startsWith('false', i)) {
      i += 5;
      value = false;
    } else if (text.startsWith('null', i)) {
      i += 4;
      value = null;
    } else {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(text);
      if (!m) fail('unexpected character');
      value = new JsonNumber(m[0]);
      i += m[0].length;
    }

    // A value is complete: attach it to its container, closing containers as far as possible.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        skipWs();
        if (i !== text.length) fail('trailing characters');
        return value;
      }
      if (top.kind === 'array') top.items.push(value);
      else top.members.set(top.key, value);
      skipWs();
      if (text[i] === ',') {
        i++;
        if (top.kind === 'object') {
          skipWs();
          top.key = parseString();
          skipWs();
          expect(':');
        }
        break; // expect the next value
      }
      if (top.kind === 'array' && text[i] === ']') {
        i++;
        stack.pop();
        value = top.items;
        continue;
      }
      if (top.kind === 'object' && text[i] === '}') {
        i++;
        stack.pop();
        value = top.members;
        continue;
      }
      fail('expected , or a closing bracket');
    }
  }
}

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return v instanceof Map;
}
