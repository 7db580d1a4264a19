/** Words per slot: h1, h2, and the value + 1 in two halves (0 marks an empty slot). */
const SLOT_WORDS = 4;
const TWO_32 = 2 ** 32;

/**
 * A hash table from keys to numbers (file offsets) that keeps no key: the key's two 32-bit hashes (keyHashes,
 * hashesOf) and the value per slot, 16 bytes side by side (a probe touches one cache line), at most 70 % full, where
 * a Set of strings costs the string itself. Two different keys may share both hashes, so a lookup hands each
 * candidate's value to a `verify` callback that checks the key where the value points. Entries are only added (and
 * all cleared at once).
 */
export class FingerprintIndex {
  private slots = 0;
  private count = 0;
  private table = new Uint32Array(0);

  constructor(initialSlots = 1 << 16) {
    this.allocate(initialSlots);
  }

  get size(): number {
    return this.count;
  }

  /** The value stored under the key of these hashes that `verify` confirms, or -1. */
  findHashed(h1: number, h2: number, verify: (value: number) => boolean): number {
    const table = this.table;
    const mask = this.slots - 1;
    for (let i = h1 & mask; ; i = (i + 1) & mask) {
      const at = i * SLOT_WORDS;
      const high = table[at + 2];
      const low = table[at + 3];
      if (high === 0 && low === 0) return -1;
      if (table[at] === h1 && table[at + 1] === h2) {
        const value = high * TWO_32 + low - 1;
        if (verify(value)) return value;
      }
    }
  }

  /** `value` is a non-negative safe integer. */
  addHashed(h1: number, h2: number, value: number): void {
    if (!Number.isSafeInteger(value) || value < 0 || value === Number.MAX_SAFE_INTEGER)
      throw new RangeError(`a fingerprint index holds non-negative safe integers, not ${value}`);
    // Up to 70 % full: linear probing stays short.
    if ((this.count + 1) * 10 > this.slots * 7) this.allocate(this.slots * 2);
    this.place(h1, h2, value + 1);
    this.count++;
  }

  /** Every entry, in no particular order. */
  forEach(visit: (h1: number, h2: number, value: number) => void): void {
    const table = this.table;
    for (let at = 0; at < table.length; at += SLOT_WORDS) {
      const high = table[at + 2];
      const low = table[at + 3];
      if (high !== 0 || low !== 0) visit(table[at], table[at + 1], high * TWO_32 + low - 1);
    }
  }

  /** Removes every entry, keeping the capacity. */
  clear(): void {
    this.table.fill(0);
    this.count = 0;
  }

  /** Places value + 1 (`stored`, never 0). */
  private place(h1: number, h2: number, stored: number): void {
    const table = this.table;
    // The table's length is a power of two: masking with length - 1 wraps a word index around.
    const wrap = table.length - 1;
    let at = (h1 & (this.slots - 1)) * SLOT_WORDS;
    while (table[at + 2] !== 0 || table[at + 3] !== 0) at = (at + SLOT_WORDS) & wrap;
    table[at] = h1;
    table[at + 1] = h2;
    table[at + 2] = Math.floor(stored / TWO_32);
    table[at + 3] = stored >>> 0;
  }

  /** Rebuilds with `slots` slots (rounded up to a power of two). */
  private allocate(slots: number): void {
    let size = 1;
    while (size < slots) size *= 2;
    const old = this.table;
    this.slots = size;
    this.table = new Uint32Array(size * SLOT_WORDS);
    for (let at = 0; at < old.length; at += SLOT_WORDS) {
      const high = old[at + 2];
      const low = old[at + 3];
      if (high !== 0 || low !== 0) this.place(old[at], old[at + 1], high * TWO_32 + low);
    }
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
