import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { FingerprintIndex } from './fingerprint-index';

/** Entries per on-disk block read by one lookup: 256 × 16 bytes. */
const BLOCK_ENTRIES = 256;
const ENTRY_BYTES = 16;
const ENTRY_WORDS = ENTRY_BYTES / 4;
const BLOOM_BITS_PER_KEY = 10;
const BLOOM_PROBES = 7;

/** A sorted, immutable run of (h1, h2, value) entries on disk, with its Bloom filter and block fences in memory. */
interface Run {
  /** Byte offset of its first entry in the runs file. */
  start: number;
  count: number;
  /** (h1, h2) of each block's first entry. */
  fences: Uint32Array;
  bloom: BloomFilter;
}

function compareHashes(a1: number, a2: number, b1: number, b2: number): number {
  return a1 !== b1 ? a1 - b1 : a2 - b2;
}

/**
 * A Bloom filter over (h1, h2) fingerprints, probes by double hashing. Not blocked into cache lines: a false positive
 * costs a block read from disk, a thousand times a probe, so the lower false-positive rate wins.
 */
export class BloomFilter {
  private readonly words: Uint32Array;
  private readonly bits: number;

  constructor(keys: number) {
    this.words = new Uint32Array(Math.ceil((keys * BLOOM_BITS_PER_KEY) / 32) + 1);
    this.bits = this.words.length * 32;
  }

  add(h1: number, h2: number): void {
    for (let i = 0; i < BLOOM_PROBES; i++) {
      const bit = ((h1 + Math.imul(i, h2 | 1)) >>> 0) % this.bits;
      this.words[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  /** False: certainly never added; true: perhaps (about 1 % of keys never added). */
  mayHave(h1: number, h2: number): boolean {
    for (let i = 0; i < BLOOM_PROBES; i++) {
      const bit = ((h1 + Math.imul(i, h2 | 1)) >>> 0) % this.bits;
      if ((this.words[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

const INDEX_BITS = 2 ** 21;

/**
 * The order of entries by (first, second). A typed-array sort of `first × 2^21 + index` (exact in a double, no
 * comparator calls), then the rare runs of equal `first` put in order of `second`.
 */
function sortedOrder(first: Uint32Array, second: Uint32Array): Uint32Array {
  const count = first.length;
  if (count > INDEX_BITS) throw new RangeError(`a run holds at most ${INDEX_BITS} keys`);
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = first[i] * INDEX_BITS + i;
  keys.sort();
  const order = new Uint32Array(count);
  for (let k = 0; k < count; k++) order[k] = keys[k] % INDEX_BITS;
  for (let k = 1; k < count; k++) {
    // insertion sort within a run of equal `first`
    const item = order[k];
    let j = k - 1;
    while (j >= 0 && first[order[j]] === first[item] && second[order[j]] > second[item]) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = item;
  }
  return order;
}

/**
 * A fingerprint index (see FingerprintIndex) whose memory stays nearly flat however many keys it holds: the newest
 * keys sit in an in-memory table; when that is full they are sorted and written to disk as a run, leaving in memory
 * only the run's Bloom filter (10 bits a key, ~1 % false positives) and one fence per 4 KiB block. A lookup reads a
 * block of each run whose filter says maybe, so a new key (the common case) costs no disk read at all.
 */
export class SpilledKeyIndex {
  private readonly recent: FingerprintIndex;
  private readonly runs: Run[] = [];
  private readonly fd: number;
  private fileLength = 0;
  private readonly block = Buffer.allocUnsafeSlow(BLOCK_ENTRIES * ENTRY_BYTES);
  private readonly blockWords = new Uint32Array(this.block.buffer, this.block.byteOffset, BLOCK_ENTRIES * ENTRY_WORDS);

  constructor(
    runsPath: string,
    /** Keys kept in memory before they are written out as a run. */
    private readonly recentLimit = 1 << 19,
  ) {
    if (recentLimit > INDEX_BITS) throw new RangeError(`recentLimit is at most ${INDEX_BITS}`);
    this.recent = new FingerprintIndex();
    this.fd = openSync(runsPath, 'w+');
  }

  get size(): number {
    return this.recent.size + this.runs.reduce((n, r) => n + r.count, 0);
  }

  /** Runs written to disk so far. */
  get runCount(): number {
    return this.runs.length;
  }

  findHashed(h1: number, h2: number, verify: (value: number) => boolean): number {
    const found = this.recent.findHashed(h1, h2, verify);
    if (found >= 0) return found;
    for (const run of this.runs) {
      if (!run.bloom.mayHave(h1, h2)) continue;
      const value = this.findInRun(run, h1, h2, verify);
      if (value >= 0) return value;
    }
    return -1;
  }

  addHashed(h1: number, h2: number, value: number): void {
    this.recent.addHashed(h1, h2, value);
    if (this.recent.size >= this.recentLimit) this.spill();
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Writes the in-memory keys out as a sorted run. */
  private spill(): void {
    const count = this.recent.size;
    const first = new Uint32Array(count);
    const second = new Uint32Array(count);
    const values = new Float64Array(count);
    let n = 0;
    this.recent.forEach((h1, h2, value) => {
      first[n] = h1;
      second[n] = h2;
      values[n++] = value;
    });
    const order = sortedOrder(first, second);
    const data = Buffer.allocUnsafeSlow(count * ENTRY_BYTES);
    // Entries as native-endian words (the file is read back by this process only): h1, h2, value high, value low.
    const words = new Uint32Array(data.buffer, data.byteOffset, count * ENTRY_WORDS);
    const fences = new Uint32Array(Math.ceil(count / BLOCK_ENTRIES) * 2);
    const bloom = new BloomFilter(count);
    for (let k = 0; k < count; k++) {
      const i = order[k];
      const at = k * ENTRY_WORDS;
      words[at] = first[i];
      words[at + 1] = second[i];
      words[at + 2] = Math.floor(values[i] / 2 ** 32);
      words[at + 3] = values[i] >>> 0;
      if (k % BLOCK_ENTRIES === 0) {
        fences[(k / BLOCK_ENTRIES) * 2] = first[i];
        fences[(k / BLOCK_ENTRIES) * 2 + 1] = second[i];
      }
      bloom.add(first[i], second[i]);
    }
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, this.fileLength + done);
    this.runs.unshift({ start: this.fileLength, count, fences, bloom });
    this.fileLength += data.length;
    this.recent.clear();
  }

  /** Entries with equal hashes may straddle blocks: every block that can hold them is read. */
  private findInRun(run: Run, h1: number, h2: number, verify: (value: number) => boolean): number {
    const blocks = run.fences.length / 2;
    // The last block whose first entry is below (h1, h2): equal entries start there at the earliest.
    let lo = 0;
    let hi = blocks - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (compareHashes(run.fences[mid * 2], run.fences[mid * 2 + 1], h1, h2) < 0) lo = mid;
      else hi = mid - 1;
    }
    for (let b = lo; b < blocks; b++) {
      if (b > lo && compareHashes(run.fences[b * 2], run.fences[b * 2 + 1], h1, h2) > 0) break;
      const entries = Math.min(BLOCK_ENTRIES, run.count - b * BLOCK_ENTRIES);
      const bytes = entries * ENTRY_BYTES;
      let read = 0;
      while (read < bytes) {
        const got = readSync(
          this.fd,
          this.block,
          read,
          bytes - read,
          run.start + b * BLOCK_ENTRIES * ENTRY_BYTES + read,
        );
        if (got === 0) break;
        read += got;
      }
      const words = this.blockWords;
      for (let k = 0; k < entries; k++) {
        const at = k * ENTRY_WORDS;
        const c = compareHashes(words[at], words[at + 1], h1, h2);
        if (c > 0) return -1;
        if (c === 0) {
          const value = words[at + 2] * 2 ** 32 + words[at + 3];
          if (verify(value)) return value;
        }
      }
    }
    return -1;
  }
}
