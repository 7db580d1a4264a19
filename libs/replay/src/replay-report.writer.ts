import { join } from 'node:path';
import { Writable } from 'node:stream';
import { formatEventTime } from '@contact-cost/contracts';
import {
  ArchivedFiguresSink,
  CSV_COLUMNS,
  ContactFigures,
  CostEngine,
  RateCardSet,
  TenantReportBuilder,
  JsonBytes,
  contactCsvRow,
  tenantAggregatesJson,
  writeContactJson,
} from '@contact-cost/costing';
import { SpoolFile } from './spool-file';
import { ReplayStats } from './replay.types';

export function writeText(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** Where one tenant's formatted contacts are parked, and which of them were withdrawn since. */
interface ContactSpool {
  file: SpoolFile;
  /** Byte offset → length of withdrawn fragments. */
  withdrawn: Map<number, number>;
}

/**
 * The replay.md document, streamed: each contact is formatted as soon as its figures are final (the engine's
 * archive hands them over while events are still being read; the rest come from visitFigures at the end) and
 * parked in a file per tenant; aggregates are kept exact in memory. A contact taken back is subtracted and its
 * fragment skipped when the document is printed. Memory holds no contact list.
 */
export class ReplayReportWriter implements ArchivedFiguresSink {
  private readonly builders = new Map<string, TenantReportBuilder>();
  private readonly spools = new Map<string, ContactSpool>();
  private asOf: bigint | null = null;
  private readonly json = new JsonBytes();

  constructor(
    private readonly dir: string,
    private readonly rates: RateCardSet,
    private readonly format: 'json' | 'csv',
  ) {}

  /** The receipt is the fragment's offset in its spool. */
  add(c: ContactFigures): number {
    this.builder(c.tenant).addContact(c);
    const spool = this.spool(c.tenant);
    const offset = spool.file.length;
    spool.file.appendBytes(this.fragment(c));
    return offset;
  }

  withdraw(c: ContactFigures, offset: number): void {
    const spool = this.spool(c.tenant);
    // The figures are those it was added with, so its fragment is these same bytes (a CSV row may hold newlines).
    // Checked before anything is subtracted: a wrong withdrawal leaves the report as it was.
    const bytes = this.fragment(c);
    if (spool.withdrawn.has(offset) || !spool.file.readBytes(offset, bytes.length).equals(bytes))
      throw new Error(`contact ${c.contact} of ${c.tenant} was not reported at ${offset}`);
    this.builder(c.tenant).removeContact(c);
    spool.withdrawn.set(offset, bytes.length);
  }

  /** Takes every remaining figure of `engine` as of `asOf` (default: its latest event time). */
  collect(engine: CostEngine, asOf: bigint | null): void {
    this.asOf = asOf ?? engine.latestEventTime();
    for (const tenant of engine.tenantNames()) this.builder(tenant);
    if (this.asOf === null) return;
    engine.visitFigures(this.asOf, {
      contact: (c) => void this.add(c),
      agent: (tenant, agent) => this.builder(tenant).addAgent(agent),
      agentDay: (d) => this.builder(d.tenant).addAgentDay(d),
      unlinkedCompensation: (u) => this.builder(u.tenant).addUnlinkedCompensation(u),
      linkedCompensation: (l) => this.builder(l.tenant).addLinkedCompensation(l),
    });
  }

  async writeTo(out: Writable, stats: ReplayStats, rejected: SpoolFile): Promise<void> {
    if (this.format === 'csv') {
      await writeText(out, CSV_COLUMNS.join(',') + '\n');
      const spool = this.spools.get('');
      if (spool) await spool.file.copyTo(out, spool.withdrawn);
      return;
    }
    // replay.md: `asOf` is null when no event was accepted, an --as-of given or not
    const asOf = this.asOf === null || stats.accepted === 0 ? null : formatEventTime(this.asOf);
    await writeText(out, `{"asOf":${JSON.stringify(asOf)},"stats":${JSON.stringify(stats)},"rejected":[`);
    await rejected.copyTo(out);
    await writeText(out, '],"tenants":{');
    const tenants = [...this.builders.keys()].sort();
    for (const [i, tenant] of tenants.entries()) {
      const report = this.builders.get(tenant)!.finish();
      await writeText(
        out,
        `${i === 0 ? '' : ','}${JSON.stringify(tenant)}:{"currency":${JSON.stringify(report.currency)},"contacts":{`,
      );
      const spool = this.spools.get(tenant);
      // Every fragment starts with a comma: the first one printed drops it.
      if (spool) await spool.file.copyTo(out, spool.withdrawn, 1);
      // The aggregates object without its opening brace closes the tenant's section.
      await writeText(out, '},' + JSON.stringify(tenantAggregatesJson(report)).slice(1));
    }
    await writeText(out, '}}\n');
  }

  close(): void {
    for (const spool of this.spools.values()) spool.file.close();
  }

  /** The contact as printed, in UTF-8; a JSON fragment is a view of a buffer the next one reuses. */
  private fragment(c: ContactFigures): Uint8Array {
    if (this.format === 'csv') return Buffer.from(contactCsvRow(c) + '\n');
    const json = this.json;
    json.reset();
    json.ascii(',');
    json.string(c.contact);
    json.ascii(':');
    writeContactJson(c, json);
    json.ascii('\n');
    return json.written();
  }

  private builder(tenant: string): TenantReportBuilder {
    let builder = this.builders.get(tenant);
    if (!builder) {
      builder = new TenantReportBuilder(tenant, this.rates.currency(tenant), false);
      this.builders.set(tenant, builder);
    }
    return builder;
  }

  private spool(tenant: string): ContactSpool {
    const key = this.format === 'csv' ? '' : tenant;
    let spool = this.spools.get(key);
    if (!spool) {
      spool = {
        file: new SpoolFile(join(this.dir, `contacts-${this.spools.size}.${this.format}`)),
        withdrawn: new Map(),
      };
      this.spools.set(key, spool);
    }
    return spool;
  }
}
