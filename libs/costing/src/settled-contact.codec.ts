import { EventType } from '@contact-cost/contracts';
import { ContactShare } from './agent-ledger';
import { ContactFigures } from './figures';
import { ContactTimeline } from './contact-timeline';
import { StoredEvent } from './event-order';
import { ByteWriter } from './byte-writer';
import { Rational } from './rational';

/** Everything the engine knows of a settled contact whose agent time is all accounted for. */
export interface SettledContact {
  timeline: ContactTimeline;
  /** Its share of every agent's time (absent when no agent worked on it). */
  share: ContactShare | undefined;
}

/**
 * Where an engine puts settled contacts it no longer needs at hand, so that memory stays flat in the number of
 * contacts (replay.md "Must stream"). A contact taken back (a later event names it) is no longer held there.
 */
export interface ContactArchive {
  /** `receipt` is what the figure sink returned for the contact's figures: take() gives it back. */
  store(tenant: string, contact: string, settled: SettledContact, receipt: number): void;
  /** The contact's settled state and receipt, removed from the archive; undefined when it is not there. */
  take(tenant: string, contact: string): ArchivedContact | undefined;
  has(tenant: string, contact: string): boolean;
}

export interface ArchivedContact {
  settled: SettledContact;
  receipt: number;
}

/**
 * Takes the figures of each contact the engine archives (final but for compensation, which is linked when the
 * figures are visited), and gives back those of a contact taken out again: a report can be written as it goes.
 */
export interface ArchivedFiguresSink {
  /** Returns a receipt (e.g. where the figures were written) that withdraw() will be given back. */
  add(figures: ContactFigures): number;
  withdraw(figures: ContactFigures, receipt: number): void;
}

export interface EngineArchive {
  contacts: ContactArchive;
  figures: ArchivedFiguresSink;
}

/**
 * The binary record of a settled contact: little-endian, led by its own byte length (a u32), so an archive can read
 * it back from an offset alone. Written into one reused buffer, with no text built on the way: a replay encodes every
 * settled contact once, and building a text record cost as much garbage as the rest of settling.
 *
 *   u32 length · str tenant · str contact · str channel · str reason · str? case · str? queue · str day · u8 flags ·
 *   int handleAttos · rational telephony · rational fees · rational usage · f64 anomalies · event? reasonSetBy ·
 *   event? caseSetBy · int? earliestAt · int? lastAt · share? · f64 receipt
 *
 * where str is a u32 header, twice the number of UTF-16 code units plus UTF16 when they are written two bytes each
 * rather than one (ASCII), or NULL_STRING for null, then the code units, int is a tag (SAFE_INTEGER, then an f64;
 * or POSITIVE / NEGATIVE, then a u32 count of 64-bit limbs, least significant first), rational is two ints, event is
 * str id · str type · int at · str? subAttoseconds · str? reason · str? case, and share is a u32 count of (str key ·
 * int value). The flags say which optional parts are present.
 */
const NULL_STRING = 0xffffffff;
const SAFE_INTEGER = 0;
const POSITIVE = 1;
const NEGATIVE = 2;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;
const LIMB_BITS = 64n;

const OPEN = 1;
const HAS_START = 2;
const REASON_SET_BY = 4;
const CASE_SET_BY = 8;
const EARLIEST_AT = 16;
const LAST_AT = 32;
const SHARE = 64;

/** Set in a string's header when its code units are written as UTF-16 (two bytes each) rather than ASCII bytes. */
const UTF16 = 1;

class RecordWriter extends ByteWriter {
  u8(value: number): void {
    this.reserve(1);
    this.bytes[this.at++] = value;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.at, value, true);
    this.at += 4;
  }

  f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.at, value, true);
    this.at += 8;
  }

  string(value: string | null): void {
    if (value === null) return this.u32(NULL_STRING);
    const length = value.length;
    this.reserve(4 + length * 2);
    const bytes = this.bytes;
    let at = this.at + 4;
    let i = 0;
    // Ids, reasons and days are ASCII: a byte each.
    for (; i < length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) break;
      bytes[at++] = code;
    }
    if (i === length) {
      this.view.setUint32(this.at, length * 2, true);
      this.at = at;
      return;
    }
    // Anything else as its UTF-16 code units, lone surrogates included (UTF-8 would turn those into U+FFFD).
    at = this.at + 4;
    for (i = 0; i < length; i++, at += 2) this.view.setUint16(at, value.charCodeAt(i), true);
    this.view.setUint32(this.at, length * 2 + UTF16, true);
    this.at = at;
  }

  integer(value: bigint): void {
    if (value >= MIN_SAFE && value <= MAX_SAFE) {
      this.u8(SAFE_INTEGER);
      return this.f64(Number(value));
    }
    let magnitude = value < 0n ? -value : value;
    this.u8(value < 0n ? NEGATIVE : POSITIVE);
    const countAt = this.at;
    this.u32(0);
    let limbs = 0;
    while (magnitude > 0n) {
      this.reserve(8);
      // setBigUint64 itself keeps the low 64 bits (BigInt.asUintN would build them as another bigint).
      this.view.setBigUint64(this.at, magnitude, true);
      this.at += 8;
      magnitude >>= LIMB_BITS;
      limbs++;
    }
    this.view.setUint32(countAt, limbs, true);
  }

  rational(value: Rational): void {
    this.integer(value.num);
    this.integer(value.den);
  }

  /** What was written, its first four bytes set to its length. */
  withLength(): Uint8Array {
    this.view.setUint32(0, this.at, true);
    return this.written();
  }

  event(e: StoredEvent): void {
    this.string(e.id);
    this.string(e.type);
    this.integer(e.at);
    this.string(e.subAttoseconds ?? null);
    this.string(e.reason ?? null);
    this.string(e.case ?? null);
  }
}

class RecordReader {
  private readonly view: DataView;
  private at = 4;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = this.view.getUint32(0, true);
    if (length !== bytes.byteLength)
      throw new RangeError(`a settled contact record of ${length} bytes was read as ${bytes.byteLength}`);
  }

  u8(): number {
    return this.bytes[this.at++];
  }

  u32(): number {
    const value = this.view.getUint32(this.at, true);
    this.at += 4;
    return value;
  }

  f64(): number {
    const value = this.view.getFloat64(this.at, true);
    this.at += 8;
    return value;
  }

  string(): string | null {
    const header = this.u32();
    if (header === NULL_STRING) return null;
    const units = header >>> 1;
    const utf16 = (header & UTF16) !== 0;
    const codes: number[] = new Array(units);
    for (let i = 0; i < units; i++)
      codes[i] = utf16 ? this.view.getUint16(this.at + i * 2, true) : this.bytes[this.at + i];
    this.at += utf16 ? units * 2 : units;
    // In pieces: an argument list has a limit.
    let text = '';
    for (let i = 0; i < units; i += 8192) text += String.fromCharCode(...codes.slice(i, i + 8192));
    return text;
  }

  text(): string {
    const value = this.string();
    if (value === null) throw new RangeError('a settled contact record holds null where text belongs');
    return value;
  }

  integer(): bigint {
    const tag = this.u8();
    if (tag === SAFE_INTEGER) return BigInt(this.f64());
    const limbs = this.u32();
    let magnitude = 0n;
    for (let i = limbs - 1; i >= 0; i--)
      magnitude = (magnitude << LIMB_BITS) | this.view.getBigUint64(this.at + i * 8, true);
    this.at += limbs * 8;
    return tag === NEGATIVE ? -magnitude : magnitude;
  }

  rational(): Rational {
    const num = this.integer();
    return Rational.of(num, this.integer());
  }

  event(): StoredEvent {
    const event: StoredEvent = { id: this.text(), type: this.text() as EventType, at: this.integer() };
    const subAttoseconds = this.string();
    if (subAttoseconds !== null) event.subAttoseconds = subAttoseconds;
    const reason = this.string();
    const kase = this.string();
    if (reason !== null) event.reason = reason;
    if (kase !== null) event.case = kase;
    return event;
  }

  get end(): boolean {
    return this.at === this.bytes.byteLength;
  }
}

const writer = new RecordWriter();

/**
 * The record of a settled contact, exact (see RecordWriter above). The bytes returned are a view of a buffer the next
 * call reuses: copy them, or write them out, before encoding again.
 */
export function encodeSettledContact(tenant: string, settled: SettledContact, receipt = 0): Uint8Array {
  const t = settled.timeline;
  const w = writer;
  w.reset();
  w.u32(0); // the length, known at the end
  w.string(tenant);
  w.string(t.contact);
  w.string(t.channel);
  w.string(t.reason);
  w.string(t.case);
  w.string(t.queue);
  w.string(t.day);
  w.u8(
    (t.open ? OPEN : 0) |
      (t.hasStart ? HAS_START : 0) |
      (t.reasonSetBy !== null ? REASON_SET_BY : 0) |
      (t.caseSetBy !== null ? CASE_SET_BY : 0) |
      (t.earliestAt !== null ? EARLIEST_AT : 0) |
      (t.lastAt !== null ? LAST_AT : 0) |
      (settled.share !== undefined ? SHARE : 0),
  );
  w.integer(t.handleAttos);
  w.rational(t.telephony);
  w.rational(t.fees);
  w.rational(t.usage);
  w.f64(t.anomalies);
  if (t.reasonSetBy !== null) w.event(t.reasonSetBy);
  if (t.caseSetBy !== null) w.event(t.caseSetBy);
  if (t.earliestAt !== null) w.integer(t.earliestAt);
  if (t.lastAt !== null) w.integer(t.lastAt);
  if (settled.share !== undefined) {
    w.u32(settled.share.size);
    for (const [key, value] of settled.share) {
      w.string(key);
      w.integer(value);
    }
  }
  w.f64(receipt);
  return w.withLength();
}

/** The byte length of the record that starts with these (at least 4) bytes. */
export function settledContactRecordLength(head: Uint8Array): number {
  return new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0, true);
}

export function decodeSettledContact(record: Uint8Array): {
  tenant: string;
  contact: string;
  settled: SettledContact;
  receipt: number;
} {
  const r = new RecordReader(record);
  const tenant = r.text();
  const contact = r.text();
  const channel = r.text() as ContactTimeline['channel'];
  const reason = r.text();
  const kase = r.string();
  const queue = r.string();
  const day = r.text();
  const flags = r.u8();
  const handleAttos = r.integer();
  const telephony = r.rational();
  const fees = r.rational();
  const usage = r.rational();
  const anomalies = r.f64();
  const reasonSetBy = flags & REASON_SET_BY ? r.event() : null;
  const caseSetBy = flags & CASE_SET_BY ? r.event() : null;
  const earliestAt = flags & EARLIEST_AT ? r.integer() : null;
  const lastAt = flags & LAST_AT ? r.integer() : null;
  let share: ContactShare | undefined;
  if (flags & SHARE) {
    share = new Map();
    for (let count = r.u32(); count > 0; count--) share.set(r.text(), r.integer());
  }
  const receipt = r.f64();
  if (!r.end) throw new RangeError(`a settled contact record of ${tenant}/${contact} has bytes left over`);
  const timeline: ContactTimeline = {
    contact,
    exists: true,
    channel,
    reason,
    case: kase,
    queue,
    day,
    open: (flags & OPEN) !== 0,
    segments: [],
    handleAttos,
    telephony,
    fees,
    usage,
    anomalies,
    dependsOnAsOf: false,
    reasonSetBy,
    caseSetBy,
    earliestAt,
    lastAt,
    hasStart: (flags & HAS_START) !== 0,
  };
  return { tenant, contact, settled: { timeline, share }, receipt };
}

/** An archive in memory, holding each contact as its encoded record (the same encoding a file archive stores). */
export class InMemoryContactArchive implements ContactArchive {
  private readonly held = new Map<string, Uint8Array>();

  private static key(tenant: string, contact: string): string {
    return `${tenant}\u0000${contact}`;
  }

  store(tenant: string, contact: string, settled: SettledContact, receipt: number): void {
    this.held.set(InMemoryContactArchive.key(tenant, contact), encodeSettledContact(tenant, settled, receipt).slice());
  }

  take(tenant: string, contact: string): ArchivedContact | undefined {
    const key = InMemoryContactArchive.key(tenant, contact);
    const record = this.held.get(key);
    if (record === undefined) return undefined;
    this.held.delete(key);
    const { settled, receipt } = decodeSettledContact(record);
    return { settled, receipt };
  }

  has(tenant: string, contact: string): boolean {
    return this.held.has(InMemoryContactArchive.key(tenant, contact));
  }

  get size(): number {
    return this.held.size;
  }
}
