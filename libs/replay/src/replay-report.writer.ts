import { join } from 'node:path';
import { Writable } from 'node:stream';
import { formatEventTime } from '@contact-cost/contracts';
import {
  CSV_COLUMNS,
  CostEngine,
  RateCardSet,
  TenantReportBuilder,
  contactCsvRow,
  contactJson,
  tenantAggregatesJson,
} from '@contact-cost/costing';
import { SpoolFile } from './spool-file';
import { ReplayStats } from './replay.types';

export function writeText(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * The replay.md document, streamed: contacts are formatted as the engine hands them over and parked in a file per
 * tenant, aggregates are kept exact in memory, and the whole is printed at the end. Memory holds no contact list.
 */
export class ReplayReportWriter {
  private readonly builders = new Map<string, TenantReportBuilder>();
  private readonly contacts = new Map<string, SpoolFile>();
  private readonly csv: SpoolFile | null;
  private asOf: bigint | null = null;

  constructor(
    private readonly dir: string,
    private readonly rates: RateCardSet,
    private readonly format: 'json' | 'csv',
  ) {
    this.csv = format === 'csv' ? new SpoolFile(join(dir, 'contacts.csv')) : null;
  }

  /** Takes every figure of `engine` as of `asOf` (default: its latest event time). */
  collect(engine: CostEngine, asOf: bigint | null): void {
    this.asOf = asOf ?? engine.latestEventTime();
    const tenants = engine.tenantNames().sort();
    for (const [i, tenant] of tenants.entries()) {
      this.builders.set(tenant, new TenantReportBuilder(tenant, this.rates.currency(tenant), false));
      if (this.format === 'json') this.contacts.set(tenant, new SpoolFile(join(this.dir, `contacts-${i}.json`)));
    }
    if (this.asOf === null) return;
    const builder = (tenant: string) => this.builders.get(tenant)!;
    engine.visitFigures(this.asOf, {
      contact: (c) => {
        builder(c.tenant).addContact(c);
        if (this.csv !== null) this.csv.append(contactCsvRow(c) + '\n');
        else {
          const spool = this.contacts.get(c.tenant)!;
          spool.append(`${spool.isEmpty ? '' : ','}${JSON.stringify(c.contact)}:${JSON.stringify(contactJson(c))}`);
        }
      },
      agent: (tenant, agent) => builder(tenant).addAgent(agent),
      agentDay: (d) => builder(d.tenant).addAgentDay(d),
      unlinkedCompensation: (u) => builder(u.tenant).addUnlinkedCompensation(u),
      linkedCompensation: (l) => builder(l.tenant).addLinkedCompensation(l),
    });
  }

  async writeTo(out: Writable, stats: ReplayStats, rejected: SpoolFile): Promise<void> {
    if (this.csv !== null) {
      await writeText(out, CSV_COLUMNS.join(',') + '\n');
      await this.csv.copyTo(out);
      return;
    }
    const asOf = this.asOf === null ? null : formatEventTime(this.asOf);
    await writeText(out, `{"asOf":${JSON.stringify(asOf)},"stats":${JSON.stringify(stats)},"rejected":[`);
    await rejected.copyTo(out);
    await writeText(out, '],"tenants":{');
    let first = true;
    for (const [tenant, builder] of this.builders) {
      const report = builder.finish();
      await writeText(
        out,
        `${first ? '' : ','}${JSON.stringify(tenant)}:{"currency":${JSON.stringify(report.currency)},"contacts":{`,
      );
      first = false;
      await this.contacts.get(tenant)?.copyTo(out);
      // The aggregates object without its opening brace closes the tenant's section.
      await writeText(out, '},' + JSON.stringify(tenantAggregatesJson(report)).slice(1));
    }
    await writeText(out, '}}\n');
  }

  close(): void {
    this.csv?.close();
    for (const spool of this.contacts.values()) spool.close();
  }
}
