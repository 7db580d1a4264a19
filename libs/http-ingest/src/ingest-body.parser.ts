import { isUtf8 } from 'node:buffer';

/** Largest request body POST /v1/events takes (1 MiB); a larger one is answered 413 before any event is read. */
export const MAX_INGEST_BODY_BYTES = 1024 * 1024;

export const JSON_MEDIA_TYPE = 'application/json';
export const NDJSON_MEDIA_TYPES = ['application/x-ndjson', 'application/ndjson'] as const;

/** One event as sent: its 1-based position (array index or NDJSON line) and its exact source text or bytes. */
export interface IngestItem {
  line: number;
  raw: string | Buffer;
}

export type IngestBodyProblem = { status: 400 | 415; message: string };
export type IngestBody = { ok: true; items: IngestItem[] } | ({ ok: false } & IngestBodyProblem);

const JSON_WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** The media type of a Content-Type header, lower-cased and without parameters; '' when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Splits a request body into events. A JSON body must be one array (any other JSON is a 400); an NDJSON body is one
 * event per line, blank lines skipped, and a bad line is left for the per-event checks to reject.
 */
export function parseIngestBody(contentType: string | undefined, body: Buffer): IngestBody {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === JSON_MEDIA_TYPE) return parseJsonArrayBody(body);
  if ((NDJSON_MEDIA_TYPES as readonly string[]).includes(mediaType)) return parseNdjsonBody(body);
  return {
    ok: false,
    status: 415,
    message:
      `Content-Type ${mediaType ? JSON.stringify(mediaType) : 'is missing'}: send ${JSON_MEDIA_TYPE} ` +
      `(a JSON array of events) or ${NDJSON_MEDIA_TYPES[0]} (one event per line)`,
  };
}

export function parseJsonArrayBody(body: Buffer): IngestBody {
  if (!isUtf8(body)) return badRequest('the body is not valid UTF-8');
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return badRequest('the body is empty: send a JSON array of events');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return badRequest(`the body is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) {
    const got = value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    return badRequest(`the body must be a JSON array of events, got ${got}`);
  }
  // Each element keeps its source text, so numbers (amount, quantity) are read exactly and produced as sent.
  const items = splitJsonArrayElements(text).map((raw, index) => ({ line: index + 1, raw }));
  return { ok: true, items };
}

export function parseNdjsonBody(body: Buffer): IngestBody {
  const items: IngestItem[] = [];
  let start = 0;
  let line = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x0a, start);
    if (end === -1) end = body.length;
    line += 1;
    let lineEnd = end;
    if (lineEnd > start && body[lineEnd - 1] === 0x0d) lineEnd -= 1;
    const bytes = body.subarray(start, lineEnd);
    if (!isBlank(bytes)) items.push({ line, raw: bytes });
    start = end + 1;
  }
  return { ok: true, items };
}

/** The source text of each top-level element of a JSON array already known to be valid JSON. */
export function splitJsonArrayElements(text: string): string[] {
  const elements: string[] = [];
  let i = text.indexOf('[') + 1;
  let depth = 0;
  let start = -1;
  let inString = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (start === -1 && !JSON_WHITESPACE.has(c) && c !== ']') start = i;
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
    else if ((c === ',' || c === ']') && depth === 0) {
      if (start !== -1) elements.push(text.slice(start, i).trimEnd());
      start = -1;
      if (c === ']') break;
    }
  }
  return elements;
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}

function badRequest(message: string): IngestBody {
  return { ok: false, status: 400, message };
}
