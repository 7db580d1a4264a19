import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/** Bytes of randomness in a generated API key (256 bits). */
export const API_KEY_BYTES = 32;
/** Longer bearer tokens are refused before hashing: a generated key is 43 characters. */
export const MAX_API_KEY_CHARS = 256;

/** A new random API key, base64url: shown to its owner once, stored only as its hash. */
export function generateApiKey(): string {
  return randomBytes(API_KEY_BYTES).toString('base64url');
}

/** The sha256 of a key, as 64 lower-case hex digits: what the `api_keys` table stores. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether two stored-form hashes are equal, in time independent of where they differ. */
export function apiKeyHashesMatch(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}

/** The key of an `Authorization: Bearer <key>` header; null when the header is missing or not of that form. */
export function bearerKeyOf(authorization: string | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  if (!match || match[1].length > MAX_API_KEY_CHARS) return null;
  return match[1];
}
