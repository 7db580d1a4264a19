import { EventType } from '@contact-cost/contracts';
import { ContactShare } from './agent-ledger';
import { ContactFigures } from './figures';
import { ContactTimeline } from './contact-timeline';
import { StoredEvent } from './event-order';
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

// Bigints in hexadecimal: converting to a power-of-two radix is linear, decimal is not (and these are 10^36-ish).
const hex = (value: bigint) => (value < 0n ? `-${(-value).toString(16)}` : value.toString(16));
const unhex = (text: string) => (text.charCodeAt(0) === 45 ? -BigInt(`0x${text.slice(1)}`) : BigInt(`0x${text}`));

type EncodedEvent = [id: string, type: EventType, at: string, reason: string | null, caseId: string | null];

function decodeEvent(e: EncodedEvent | null): StoredEvent | null {
  if (e === null) return null;
  const event: StoredEvent = { id: e[0], type: e[1], at: unhex(e[2]) };
  if (e[3] !== null) event.reason = e[3];
  if (e[4] !== null) event.case = e[4];
  return event;
}

function parseRational(text: string): Rational {
  const bar = text.indexOf('/');
  return Rational.of(unhex(text.slice(0, bar)), unhex(text.slice(bar + 1)));
}
const parseOptionalBigint = (v: string | null) => (v === null ? null : unhex(v));

const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));
const quoted = (value: bigint | null) => (value === null ? 'null' : `"${hex(value)}"`);
const rationalText = (r: Rational) => `"${hex(r.num)}/${hex(r.den)}"`;

function eventText(e: StoredEvent | null): string {
  if (e === null) return 'null';
  return `[${JSON.stringify(e.id)},"${e.type}","${hex(e.at)}",${text(e.reason ?? null)},${text(e.case ?? null)}]`;
}

/**
 * One line of JSON (no raw newline), exact: bigints and rationals as strings. Written by hand rather than through
 * JSON.stringify of an array: every settled contact of a replay is encoded once.
 */
export function encodeSettledContact(tenant: string, settled: SettledContact, receipt = 0): string {
  const t = settled.timeline;
  let share = 'null';
  if (settled.share !== undefined) {
    const entries: string[] = [];
    // share keys are digits and '|'
    for (const [key, value] of settled.share) entries.push(`["${key}","${hex(value)}"]`);
    share = `[${entries.join(',')}]`;
  }
  return (
    `[${JSON.stringify(tenant)},${JSON.stringify(t.contact)},"${t.channel}",${JSON.stringify(t.reason)},` +
    `${text(t.case)},${text(t.queue)},"${t.day}",${t.open},"${hex(t.handleAttos)}",${rationalText(t.telephony)},` +
    `${rationalText(t.fees)},${rationalText(t.usage)},${t.anomalies},${eventText(t.reasonSetBy)},` +
    `${eventText(t.caseSetBy)},${quoted(t.earliestAt)},${quoted(t.lastAt)},${t.hasStart},${share},${receipt}]`
  );
}

export function decodeSettledContact(line: string): {
  tenant: string;
  contact: string;
  settled: SettledContact;
  receipt: number;
} {
  const f = JSON.parse(line) as unknown[];
  const shareEntries = f[18] as [string, string][] | null;
  const timeline: ContactTimeline = {
    contact: f[1] as string,
    exists: true,
    channel: f[2] as ContactTimeline['channel'],
    reason: f[3] as string,
    case: f[4] as string | null,
    queue: f[5] as string | null,
    day: f[6] as string,
    open: f[7] as boolean,
    segments: [],
    handleAttos: unhex(f[8] as string),
    telephony: parseRational(f[9] as string),
    fees: parseRational(f[10] as string),
    usage: parseRational(f[11] as string),
    anomalies: f[12] as number,
    dependsOnAsOf: false,
    reasonSetBy: decodeEvent(f[13] as EncodedEvent | null),
    caseSetBy: decodeEvent(f[14] as EncodedEvent | null),
    earliestAt: parseOptionalBigint(f[15] as string | null),
    lastAt: parseOptionalBigint(f[16] as string | null),
    hasStart: f[17] as boolean,
  };
  return {
    tenant: f[0] as string,
    contact: timeline.contact,
    settled: {
      timeline,
      share: shareEntries === null ? undefined : new Map(shareEntries.map(([k, v]) => [k, unhex(v)])),
    },
    receipt: f[19] as number,
  };
}

/** An archive in memory, holding each contact as its encoded line (the same encoding a file archive stores). */
export class InMemoryContactArchive implements ContactArchive {
  private readonly held = new Map<string, string>();

  private static key(tenant: string, contact: string): string {
    return `${tenant}\u0000${contact}`;
  }

  store(tenant: string, contact: string, settled: SettledContact, receipt: number): void {
    this.held.set(InMemoryContactArchive.key(tenant, contact), encodeSettledContact(tenant, settled, receipt));
  }

  take(tenant: string, contact: string): ArchivedContact | undefined {
    const key = InMemoryContactArchive.key(tenant, contact);
    const line = this.held.get(key);
    if (line === undefined) return undefined;
    this.held.delete(key);
    const { settled, receipt } = decodeSettledContact(line);
    return { settled, receipt };
  }

  has(tenant: string, contact: string): boolean {
    return this.held.has(InMemoryContactArchive.key(tenant, contact));
  }

  get size(): number {
    return this.held.size;
  }
}
