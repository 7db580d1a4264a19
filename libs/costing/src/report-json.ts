import { ContactFigures } from './figures';
import { DayFigures, GroupFigures, TenantReport, dayTotal, perContact } from './cost-report';
import { ByteWriter } from './byte-writer';
import { Rational } from './rational';

/** Money as the contract prints it: a 6-decimal string, or null for a per-contact figure of no contacts. */
function money(value: Rational): string {
  return value.toFixed6();
}
function moneyOrNull(value: Rational | null): string | null {
  return value === null ? null : value.toFixed6();
}

export function contactJson(c: ContactFigures) {
  const p = c.cost;
  return {
    channel: c.channel,
    reason: c.reason,
    case: c.case,
    queue: c.queue,
    day: c.day,
    open: c.open,
    handleSeconds: c.handleSeconds.toSeconds3(),
    agentSeconds: c.agentSeconds.toSeconds3(),
    cost: {
      labour: money(p.labour),
      overhead: money(p.overhead),
      telephony: money(p.telephony),
      fees: money(p.fees),
      usage: money(p.usage),
      compensation: money(p.compensation),
      total: money(p.total),
    },
  };
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
const MICROS_PER_UNIT = 1_000_000;

/** JSON text written as UTF-8 into a ByteWriter (see there why). */
export class JsonBytes extends ByteWriter {
  /** Text known to be ASCII, as is. */
  ascii(text: string): void {
    const length = text.length;
    this.reserve(length);
    const bytes = this.bytes;
    let at = this.at;
    for (let i = 0; i < length; i++) bytes[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** JSON.stringify(value), `null` for null. */
  string(value: string | null): void {
    if (value === null) return this.ascii('null');
    const length = value.length;
    this.reserve(length + 2);
    const bytes = this.bytes;
    let at = this.at;
    bytes[at++] = 34; // "
    for (let i = 0; i < length; i++) {
      const code = value.charCodeAt(i);
      // Printable ASCII but `"` and `\` stands for itself; anything else is left to JSON.stringify.
      if (code < 0x20 || code > 0x7e || code === 34 || code === 92) return this.stringified(value);
      bytes[at++] = code;
    }
    bytes[at++] = 34;
    this.at = at;
  }

  /** Money as reported (Rational.toFixed6), quoted. */
  money(value: Rational): void {
    const micros = value.microsEstimate();
    if (Number.isNaN(micros)) return this.ascii(`"${value.toFixed6()}"`);
    this.reserve(1);
    this.bytes[this.at++] = 34;
    let magnitude = micros;
    if (micros < 0) {
      this.ascii('-');
      magnitude = -micros;
    }
    const whole = Math.floor(magnitude / MICROS_PER_UNIT);
    this.digits(whole, 1);
    this.ascii('.');
    this.digits(magnitude - whole * MICROS_PER_UNIT, 6);
    this.reserve(1);
    this.bytes[this.at++] = 34;
  }

  /** A number as JSON prints it. */
  number(value: number): void {
    this.ascii(String(value));
  }

  boolean(value: boolean): void {
    this.ascii(value ? 'true' : 'false');
  }

  /** A non-negative integer below 2^53, zero-padded to `width` digits. */
  private digits(value: number, width: number): void {
    let count = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) count++;
    if (count < width) count = width;
    this.reserve(count);
    const bytes = this.bytes;
    let rest = value;
    for (let at = this.at + count - 1; at >= this.at; at--) {
      bytes[at] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.at += count;
  }

  private stringified(value: string): void {
    const text = JSON.stringify(value);
    this.reserve(text.length * 3);
    this.at += utf8Encoder.encodeInto(text, this.bytes.subarray(this.at)).written;
  }
}

/** JSON.stringify(contactJson(c)), written straight into `out` (building the object first costs as much again). */
export function writeContactJson(c: ContactFigures, out: JsonBytes): void {
  const p = c.cost;
  out.ascii('{"channel":');
  out.string(c.channel);
  out.ascii(',"reason":');
  out.string(c.reason);
  out.ascii(',"case":');
  out.string(c.case);
  out.ascii(',"queue":');
  out.string(c.queue);
  out.ascii(',"day":');
  out.string(c.day);
  out.ascii(',"open":');
  out.boolean(c.open);
  out.ascii(',"handleSeconds":');
  out.number(c.handleSeconds.toSeconds3());
  out.ascii(',"agentSeconds":');
  out.number(c.agentSeconds.toSeconds3());
  out.ascii(',"cost":{"labour":');
  out.money(p.labour);
  out.ascii(',"overhead":');
  out.money(p.overhead);
  out.ascii(',"telephony":');
  out.money(p.telephony);
  out.ascii(',"fees":');
  out.money(p.fees);
  out.ascii(',"usage":');
  out.money(p.usage);
  out.ascii(',"compensation":');
  out.money(p.compensation);
  out.ascii(',"total":');
  out.money(p.total);
  out.ascii('}}');
}

const textOut = new JsonBytes();

/** JSON.stringify(contactJson(c)), through writeContactJson. */
export function contactJsonText(c: ContactFigures): string {
  textOut.reset();
  writeContactJson(c, textOut);
  return utf8Decoder.decode(textOut.written());
}

function groupJson(g: GroupFigures) {
  return { contacts: g.contacts, cost: money(g.cost), costPerContact: moneyOrNull(perContact(g.cost, g.contacts)) };
}

function dayJson(d: DayFigures) {
  const total = dayTotal(d);
  return {
    contacts: d.contacts,
    contactCost: money(d.contactCost),
    idleCost: money(d.idleCost),
    shrinkageCost: money(d.shrinkageCost),
    unlinkedCompensation: money(d.unlinkedCompensation),
    total: money(total),
    costPerContact: moneyOrNull(perContact(d.contactCost, d.contacts)),
    fullyLoadedCostPerContact: moneyOrNull(perContact(total, d.contacts)),
  };
}

function sortedEntries<V>(map: Map<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One tenant's section of the replay JSON document (replay.md). */
export function tenantReportJson(r: TenantReport) {
  return {
    currency: r.currency,
    contacts: Object.fromEntries(r.contacts.map((c) => [c.contact, contactJson(c)])),
    ...tenantAggregatesJson(r),
  };
}

/** A tenant's section without its contacts (a streamed report writes those as they come). */
export function tenantAggregatesJson(r: TenantReport) {
  const mapOf = <V, R>(map: Map<string, V>, f: (v: V) => R) =>
    Object.fromEntries(sortedEntries(map).map(([k, v]) => [k, f(v)]));
  return {
    channels: mapOf(r.channels, groupJson),
    reasons: mapOf(r.reasons, groupJson),
    cases: mapOf(r.cases, (k) => ({
      contacts: k.contacts,
      complaint: k.complaint,
      contactCost: money(k.contactCost),
      compensation: money(k.compensation),
      cost: money(k.contactCost.add(k.compensation)),
    })),
    agents: mapOf(r.agents, (a) => ({
      paidSeconds: a.paidSeconds.toSeconds3(),
      contactSeconds: a.contactSeconds.toSeconds3(),
      idleSeconds: a.idleSeconds.toSeconds3(),
      shrinkageSeconds: Object.fromEntries(
        sortedEntries(a.shrinkageSeconds)
          .filter(([, s]) => s.isPositive())
          .map(([k, s]) => [k, s.toSeconds3()]),
      ),
      contactCost: money(a.contactCost),
      idleCost: money(a.idleCost),
      shrinkageCost: money(a.shrinkageCost),
    })),
    days: mapOf(r.days, dayJson),
    totals: dayJson(r.totals),
  };
}

export const CSV_COLUMNS = [
  'tenant',
  'contact',
  'channel',
  'reason',
  'case',
  'queue',
  'day',
  'open',
  'handleSeconds',
  'agentSeconds',
  'labour',
  'overhead',
  'telephony',
  'fees',
  'usage',
  'compensation',
  'total',
] as const;

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV row per contact, columns as replay.md lists them. */
export function contactCsvRow(c: ContactFigures): string {
  const j = contactJson(c);
  return [
    c.tenant,
    c.contact,
    j.channel,
    j.reason,
    j.case,
    j.queue,
    j.day,
    j.open,
    j.handleSeconds,
    j.agentSeconds,
    j.cost.labour,
    j.cost.overhead,
    j.cost.telephony,
    j.cost.fees,
    j.cost.usage,
    j.cost.compensation,
    j.cost.total,
  ]
    .map(csvField)
    .join(',');
}
