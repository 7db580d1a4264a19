import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContactCostRow } from './storage-rows';

/** Read side of the cost tables, for the API. */
@Injectable()
export class CostReader {
  constructor(private readonly dataSource: DataSource) {}

  async findContact(tenant: string, contact: string): Promise<(ContactCostRow & { updatedAt: string }) | null> {
    const rows = await this.dataSource.query(
      `SELECT tenant, contact, channel, reason, case_id, queue, day, open,
              handle_seconds::text AS handle_seconds, agent_seconds::text AS agent_seconds,
              labour_micros::text AS labour_micros, overhead_micros::text AS overhead_micros,
              telephony_micros::text AS telephony_micros, fees_micros::text AS fees_micros,
              usage_micros::text AS usage_micros, compensation_micros::text AS compensation_micros,
              total_micros::text AS total_micros, updated_at
         FROM contact_costs WHERE tenant = $1 AND contact = $2`,
      [tenant, contact],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return {
      tenant: r.tenant,
      contact: r.contact,
      channel: r.channel,
      reason: r.reason,
      caseId: r.case_id,
      queue: r.queue,
      day: r.day,
      open: r.open,
      handleSeconds: r.handle_seconds,
      agentSeconds: r.agent_seconds,
      labourMicros: r.labour_micros,
      overheadMicros: r.overhead_micros,
      telephonyMicros: r.telephony_micros,
      feesMicros: r.fees_micros,
      usageMicros: r.usage_micros,
      compensationMicros: r.compensation_micros,
      totalMicros: r.total_micros,
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }

  /** Round trip to the database, for health checks. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
