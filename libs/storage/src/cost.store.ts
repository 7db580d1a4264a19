import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { valueChunks } from './multi-row-insert';
import { AgentDayCostRow, ContactCostRow, CostChangeRows, UnlinkedCompensationRow } from './storage-rows';

/** Writes the rollup's figures and its cursor, together. */
@Injectable()
export class CostStore {
  constructor(private readonly dataSource: DataSource) {}

  async readCursor(name: string): Promise<string> {
    const rows: { last_seq: string }[] = await this.dataSource.query(
      'SELECT last_seq FROM rollup_cursor WHERE name = $1',
      [name],
    );
    return rows.length > 0 ? String(rows[0].last_seq) : '0';
  }

  /** Upserts the changed figures and moves the cursor in one transaction: all of it is durable, or none. */
  async writeChanges(changes: CostChangeRows, cursor: { name: string; lastSeq: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await upsertContacts(manager, changes.contacts);
      await upsertAgentDays(manager, changes.agentDays);
      await upsertUnlinkedCompensations(manager, changes.unlinkedCompensations);
      await deleteUnlinkedCompensations(manager, changes.linkedCompensations ?? []);
      await manager.query(
        `INSERT INTO rollup_cursor (name, last_seq) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET last_seq = EXCLUDED.last_seq, updated_at = now()`,
        [cursor.name, cursor.lastSeq],
      );
    });
  }
}

async function upsertContacts(manager: EntityManager, rows: ContactCostRow[]): Promise<void> {
  const columns = [
    'tenant',
    'contact',
    'channel',
    'reason',
    'case_id',
    'queue',
    'day',
    'open',
    'handle_seconds',
    'agent_seconds',
    'labour_micros',
    'overhead_micros',
    'telephony_micros',
    'fees_micros',
    'usage_micros',
    'compensation_micros',
    'total_micros',
  ];
  for (const { placeholders, params } of valueChunks(rows, columns.length, (r) => [
    r.tenant,
    r.contact,
    r.channel,
    r.reason,
    r.caseId,
    r.queue,
    r.day,
    r.open,
    r.handleSeconds,
    r.agentSeconds,
    r.labourMicros,
    r.overheadMicros,
    r.telephonyMicros,
    r.feesMicros,
    r.usageMicros,
    r.compensationMicros,
    r.totalMicros,
  ])) {
    await manager.query(
      `INSERT INTO contact_costs (${columns.join(', ')}) VALUES ${placeholders}
       ON CONFLICT (tenant, contact) DO UPDATE SET
         ${columns
           .slice(2)
           .map((c) => `${c} = EXCLUDED.${c}`)
           .join(', ')},
         updated_at = now()`,
      params,
    );
  }
}

async function upsertAgentDays(manager: EntityManager, rows: AgentDayCostRow[]): Promise<void> {
  const columns = [
    'tenant',
    'agent',
    'day',
    'paid_seconds',
    'contact_seconds',
    'idle_seconds',
    'shrinkage_seconds',
    'contact_cost_micros',
    'idle_cost_micros',
    'shrinkage_cost_micros',
  ];
  for (const { placeholders, params } of valueChunks(rows, columns.length, (r) => [
    r.tenant,
    r.agent,
    r.day,
    r.paidSeconds,
    r.contactSeconds,
    r.idleSeconds,
    JSON.stringify(r.shrinkageSeconds),
    r.contactCostMicros,
    r.idleCostMicros,
    r.shrinkageCostMicros,
  ])) {
    await manager.query(
      `INSERT INTO agent_day_costs (${columns.join(', ')}) VALUES ${placeholders}
       ON CONFLICT (tenant, agent, day) DO UPDATE SET
         ${columns
           .slice(3)
           .map((c) => `${c} = EXCLUDED.${c}`)
           .join(', ')},
         updated_at = now()`,
      params,
    );
  }
}

async function upsertUnlinkedCompensations(manager: EntityManager, rows: UnlinkedCompensationRow[]): Promise<void> {
  for (const { placeholders, params } of valueChunks(rows, 5, (r) => [
    r.tenant,
    r.eventId,
    r.caseId,
    r.day,
    r.amountMicros,
  ])) {
    await manager.query(
      `INSERT INTO unlinked_compensations (tenant, event_id, case_id, day, amount_micros) VALUES ${placeholders}
       ON CONFLICT (tenant, event_id) DO UPDATE SET
         case_id = EXCLUDED.case_id, day = EXCLUDED.day, amount_micros = EXCLUDED.amount_micros, updated_at = now()`,
      params,
    );
  }
}

async function deleteUnlinkedCompensations(
  manager: EntityManager,
  rows: { tenant: string; eventId: string }[],
): Promise<void> {
  for (const { placeholders, params } of valueChunks(rows, 2, (r) => [r.tenant, r.eventId])) {
    await manager.query(`DELETE FROM unlinked_compensations WHERE (tenant, event_id) IN (${placeholders})`, params);
  }
}
