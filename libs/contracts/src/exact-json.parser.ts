// JSON.parse turns every number into a double and loses the digits beyond ~17; the contract reads a number "at the
// value of its decimal text". This reader keeps the source text of the top-level numbers of an object.

/** A JSON number kept as its source text (e.g. `12345678901234567890.5`, `1e-7`). */
export class JsonNumberText {
  constructor(readonly text: string) {}
}

/**
 * Reads the members of a top-level JSON object, keeping numbers as {@link JsonNumberText} and nested objects and
 * arrays as JSON.parse gives them. A repeated key keeps its last value, as with JSON.parse. The result has a null
 * prototype, so a `__proto__` key is an ordinary member.
 *
 * Only for text that JSON.parse has already accepted as an object: syntax is not checked again.
 */
export function parseObjectKeepingNumberText(text: string): Record<string, unknown> {
  const members: Record<string, unknown> = Object.create(null);
  let index = skipWhitespace(text, 0) + 1; // past '{'
  index = skipWhitespace(text, index);
  if (text.charCodeAt(index) === 125 /* } */) return members;
  for (;;) {
    const keyEnd = endOfString(text, index);
    const key = decodeString(text, index, keyEnd);
    index = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1); // past ':'
    const valueEnd = endOfValue(text, index);
    members[key] = decodeValue(text, index, valueEnd);
    index = skipWhitespace(text, valueEnd);
    if (text.charCodeAt(index) !== 44 /* , */) return members;
    index = skipWhitespace(text, index + 1);
  }
}

function decodeValue(text: string, start: number, end: number): unknown {
  const first = text.charCodeAt(start);
  if (first === 34 /* " */) return decodeString(text, start, end);
  if (first === 123 /* { */ || first === 91 /* [ */) return JSON.parse(text.slice(start, end));
  if (first === 116 /* t */) return true;
  if (first === 102 /* f */) return false;
  if (first === 110 /* n */) return null;
  return new JsonNumberText(text.slice(start, end));
}

function decodeString(text: string, start: number, end: number): string {
  const body = text.slice(start + 1, end - 1);
  return body.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : body;
}

/** Index just past the closing quote of the string opening at `start`. */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  for (;;) {
    const code = text.charCodeAt(index);
    if (code === 92 /* \ */) index += 2;
    else if (code === 34) return index + 1;
    else index++;
  }
}

/** Index just past the value starting at `start`. */
function endOfValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === 34) return endOfString(text, start);
  if (first === 123 || first === 91) {
    // Iterative, so a deeply nested value cannot overflow the stack.
    let depth = 0;
    let index = start;
    for (;;) {
      const code = text.charCodeAt(index);
      if (code === 34) {
        index = endOfString(text, index);
        continue;
      }
      if (code === 123 || code === 91) depth++;
      else if ((code === 125 || code === 93) /* } ] */ && --depth === 0) return index + 1;
      index++;
    }
  }
  let index = start + 1;
  while (index < text.length && !isDelimiter(text.charCodeAt(index))) index++;
  return index;
}

function isDelimiter(code: number): boolean {
  return code === 44 || code === 125 || code === 93 || code === 32 || code === 9 || code === 10 || code === 13;
}

function skipWhitespace(text: string, index: number): number {
  for (;;) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return index;
    index++;
  }
}

/** Up to 15 significant digits a JSON number survives JSON.parse + String() exactly (DBL_DIG). */
export const MAX_DIGITS_EXACT_IN_DOUBLE = 15;
/** The shortest run of digits and points that can hold more: probes this far apart cannot miss one. */
const LONG_RUN = MAX_DIGITS_EXACT_IN_DOUBLE + 1;

/**
 * Whether the text holds a run of digits (and points) with more significant digits than a double keeps exactly:
 * counted from the run's first non-zero digit, points not counted. Digits inside strings count too.
 */
export function hasLongDigitRun(text: string): boolean {
  const length = text.length;
  // Such a run spans LONG_RUN positions or more, so it covers one of every LONG_RUN-th: only those are probed, and
  // the runs around the probes that hit one measured.
  let probe = LONG_RUN - 1;
  while (probe < length) {
    if (!isDigitOrPoint(text.charCodeAt(probe))) {
      probe += LONG_RUN;
      continue;
    }
    let start = probe;
    while (start > 0 && isDigitOrPoint(text.charCodeAt(start - 1))) start--;
    let end = probe + 1;
    while (end < length && isDigitOrPoint(text.charCodeAt(end))) end++;
    if (end - start >= LONG_RUN && significantDigits(text, start, end) > MAX_DIGITS_EXACT_IN_DOUBLE) return true;
    while (probe < end) probe += LONG_RUN;
  }
  return false;
}

function significantDigits(text: string, start: number, end: number): number {
  let significant = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code !== 46 /* . */ && (significant > 0 || code !== 48) /* 0 */) significant++;
  }
  return significant;
}

function isDigitOrPoint(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 46;
}
