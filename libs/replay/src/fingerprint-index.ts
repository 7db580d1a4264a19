/**
 * A hash table from keys to numbers (file offsets) that keeps no key: the key's two 32-bit hashes (keyHashes,
 * hashesOf) and the value per slot, 16 bytes, at most 70 % full, where a Set of strings costs the string itself. Two
 * different keys may share both hashes, so a lookup hands each candidate's value to a `verify` callback that checks
 * the key where the value points. Entries are only added (and all cleared at once).
 */
export class FingerprintIndex {
  private slots = 0;
  private count = 0;
  private first = new Uint32Array(0);
  private second = new Uint32Array(0);
  /** The value, or EMPTY. */
  private values = new Float64Array(0);

  private static readonly EMPTY = -1;

  constructor(initialSlots = 1 << 16) {
    this.allocate(initialSlots);
  }

  get size(): number {
    return this.count;
  }

  /** The value stored under the key of these hashes that `verify` confirms, or -1. */
  findHashed(h1: number, h2: number, verify: (value: number) => boolean): number {
    const mask = this.slots - 1;
    for (let i = h1 & mask; ; i = (i + 1) & mask) {
      const value = this.values[i];
      if (value === FingerprintIndex.EMPTY) return -1;
      if (this.first[i] === h1 && this.second[i] === h2 && verify(value)) return value;
    }
  }

  addHashed(h1: number, h2: number, value: number): void {
    // Up to 70 % full: linear probing stays short.
    if ((this.count + 1) * 10 > this.slots * 7) this.allocate(this.slots * 2);
    this.place(h1, h2, value);
    this.count++;
  }

  /** Every entry, in no particular order. */
  forEach(visit: (h1: number, h2: number, value: number) => void): void {
    for (let i = 0; i < this.slots; i++)
      if (this.values[i] !== FingerprintIndex.EMPTY) visit(this.first[i], this.second[i], this.values[i]);
  }

  /** Removes every entry, keeping the capacity. */
  clear(): void {
    this.values.fill(FingerprintIndex.EMPTY);
    this.count = 0;
  }

  private place(h1: number, h2: number, value: number): void {
    const mask = this.slots - 1;
    let i = h1 & mask;
    while (this.values[i] !== FingerprintIndex.EMPTY) i = (i + 1) & mask;
    this.first[i] = h1;
    this.second[i] = h2;
    this.values[i] = value;
  }

  /** Rebuilds with `slots` slots (rounded up to a power of two). */
  private allocate(slots: number): void {
    let size = 1;
    while (size < slots) size *= 2;
    const [first, second, values, old] = [this.first, this.second, this.values, this.slots];
    this.slots = size;
    this.first = new Uint32Array(size);
    this.second = new Uint32Array(size);
    this.values = new Float64Array(size).fill(FingerprintIndex.EMPTY);
    for (let i = 0; i < old; i++) if (values[i] !== FingerprintIndex.EMPTY) this.place(first[i], second[i], values[i]);
  }
}

const SEED_A = 0x811c9dc5;
const SEED_B = 0x9747b28c;

/** FNV-1a over UTF-16 code units, continuing from `h`. */
function stepA(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** A multiply-shift hash continuing from `h`, independent enough of stepA for a fingerprint. */
function stepB(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h;
}

function finishB(h: number): number {
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hashA(key: string): number {
  return stepA(SEED_A, key) >>> 0;
}

function hashB(key: string): number {
  return finishB(stepB(SEED_B ^ key.length, key));
}

/** The two hashes of the key `first + "\u0000" + second`, without building it (one pass over each part). */
export function keyHashes(first: string, second: string, into: { h1: number; h2: number }): void {
  let a = SEED_A;
  let b = SEED_B ^ (first.length + 1 + second.length);
  for (let i = 0; i < first.length; i++) {
    const c = first.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a = Math.imul(a, 0x01000193);
  b = Math.imul(b, 0x5bd1e995);
  b ^= b >>> 15;
  for (let i = 0; i < second.length; i++) {
    const c = second.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  into.h1 = a >>> 0;
  into.h2 = finishB(b);
}

/** Both hashes of one key (what find/add use). */
export function hashesOf(key: string): { h1: number; h2: number } {
  return { h1: hashA(key), h2: hashB(key) };
}
