import { DataSource } from 'typeorm';
import {
  ADVISORY_LOCKS,
  ContactCostRow,
  CostStore,
  EventStore,
  NewEventRow,
  openDataSource,
  runMigrations,
  SessionLock,
} from '@contact-cost/storage';
import { parseEventTime } from '@contact-cost/contracts';
import { emptyTestDatabase, INTEGRATION_DATABASE_URL } from '../support/test-environment';

function event(
  tenant: string,
  id: string,
  raw = `{"id":"${id}"}`,
  offset = '0',
  eventTime = '2026-11-02T14:05:00Z',
): NewEventRow {
  return {
    tenant,
    eventId: id,
    type: 'call.started',
    eventTime,
    eventAt: parseEventTime(eventTime)!,
    raw,
    topic: 'cc.calls',
    partition: 0,
    kafkaOffset: offset,
  };
}

describe('storage (PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await emptyTestDatabase(INTEGRATION_DATABASE_URL);
    // Two apps starting together both migrate: the advisory lock makes one apply and the other find nothing to do.
    const [a, b] = await Promise.all([
      openDataSource(INTEGRATION_DATABASE_URL, { migrate: true }),
      openDataSource(INTEGRATION_DATABASE_URL, { migrate: true }),
    ]);
    await b.destroy();
    dataSource = a;
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('migrates an empty database to the tables of the model, once, and never synchronizes', async () => {
    const tables: { table_name: string }[] = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'agent_day_costs',
      'api_keys',
      'contact_costs',
      'events',
      'rollup_cursor',
      'typeorm_migrations',
      'unlinked_compensations',
    ]);
    const migrations: { name: string }[] = await dataSource.query('SELECT name FROM typeorm_migrations');
    expect(migrations.map((m) => m.name)).toEqual([
      'CreateCostTables1767225600000',
      'CreateApiKeys1767312000000',
      'AddEventInstant1767398400000',
    ]);
    expect(await runMigrations(dataSource)).toEqual([]);
    expect(dataSource.options.synchronize).toBe(false);
  });

  it('keeps the first event of each (tenant, id), within a batch and across batches', async () => {
    const store = new EventStore(dataSource);
    const first = await store.insertEvents([
      event('acme', 'e-1', '{"first":1}', '10'),
      event('acme', 'e-2', '{"first":2}', '11'),
      event('acme', 'e-1', '{"second":1}', '12'),
    ]);
    expect(first.insertedSeqs).toHaveLength(2);
    expect(first.duplicates).toBe(1);

    const second = await store.insertEvents([
      event('acme', 'e-2', '{"again":2}'),
      event('acme', 'e-3'),
      event('globex', 'e-1'),
    ]);
    expect(second.insertedSeqs).toHaveLength(2);
    expect(second.duplicates).toBe(1);
    expect(BigInt(second.insertedSeqs[0])).toBeGreaterThan(BigInt(first.insertedSeqs[1]));

    const rows = await store.readAfter('0', 100);
    expect(rows.map((r) => r.raw)).toEqual(['{"first":1}', '{"first":2}', '{"id":"e-3"}', '{"id":"e-1"}']);
    expect(await store.readAfter(rows[0].seq, 2)).toEqual(rows.slice(1, 3));
  });

  it('reads events in event-time order, page by page, whatever order they were stored in', async () => {
    const store = new EventStore(dataSource);
    // As text these sort otherwise: zone offsets, fraction digits, a lower-case t.
    const times = [
      '2026-11-03T10:00:00.5Z',
      '2026-11-03T11:30:00+02:00', // 09:30Z
      '2026-11-03t09:30:00.000000001Z',
      '2026-11-03T09:59:59.999999999999Z',
      '2026-11-03T10:00:00.5Z', // a tie: seq decides
    ];
    // Enough events before these that seqs run past 9 (seq must sort as a number, not as text).
    await store.insertEvents(Array.from({ length: 10 }, (_, i) => event('umbrella', `before-${i}`)));
    const { insertedSeqs } = await store.insertEvents(
      times.map((time, i) => event('umbrella', `t-${i}`, `{"i":${i}}`, String(i), time)),
    );
    const upTo = insertedSeqs[insertedSeqs.length - 1];
    const read: string[] = [];
    let position = null;
    for (let page = 0; page < 20; page++) {
      const { rows, last } = await store.readInTimeOrder(position, upTo, 2);
      if (rows.length === 0) break;
      expect(rows.length).toBeLessThanOrEqual(2);
      // (the table also holds the other tests' events, all on an earlier day)
      read.push(...rows.map((r) => r.raw).filter((raw) => raw.startsWith('{"i"')));
      position = last;
    }
    expect(read).toEqual(['{"i":1}', '{"i":2}', '{"i":3}', '{"i":0}', '{"i":4}']);
    // Only up to the seq asked for.
    const { rows } = await store.readInTimeOrder(null, insertedSeqs[2], 100);
    expect(rows.map((r) => r.raw).filter((raw) => raw.startsWith('{"i"'))).toEqual(['{"i":1}', '{"i":2}', '{"i":0}']);
    await dataSource.query(`DELETE FROM events WHERE tenant = 'umbrella'`);
  });

  it('gives events stored before the event-time migration their instants when it runs', async () => {
    await dataSource.undoLastMigration();
    await dataSource.query(
      `INSERT INTO events (tenant, event_id, type, event_time, raw, topic, partition, kafka_offset)
       VALUES ('hooli', 'old-1', 'call.started', '2026-11-02T15:00:00.25+01:00', '{}', 'cc.calls', 0, 1),
              ('hooli', 'old-2', 'call.started', '2026-11-02T13:59:59Z', '{}', 'cc.calls', 0, 2)`,
    );
    // More rows than one backfill batch (5,000), one a second from 2026-11-02T00:00:00Z.
    await dataSource.query(
      `INSERT INTO events (tenant, event_id, type, event_time, raw, topic, partition, kafka_offset)
       SELECT 'hooli-bulk', 'bulk-' || n, 'call.started',
              to_char(timestamp '2026-11-02 00:00:00' + n * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
              '{}', 'cc.calls', 0, n
         FROM generate_series(0, 12344) AS n`,
    );
    expect(await runMigrations(dataSource)).toEqual(['AddEventInstant1767398400000']);
    const rows: { id: string; at: string }[] = await dataSource.query(
      `SELECT event_id AS id, event_at::text AS at FROM events WHERE tenant = 'hooli' ORDER BY event_at`,
    );
    expect(rows).toEqual([
      { id: 'old-2', at: String(parseEventTime('2026-11-02T13:59:59Z')) },
      { id: 'old-1', at: String(parseEventTime('2026-11-02T14:00:00.25Z')) },
    ]);
    const bulk: { id: string; at: string }[] = await dataSource.query(
      `SELECT event_id AS id, event_at::text AS at FROM events WHERE tenant = 'hooli-bulk' ORDER BY seq`,
    );
    const dayStart = parseEventTime('2026-11-02T00:00:00Z')!;
    expect(bulk).toHaveLength(12345);
    expect(bulk.every((row, n) => row.id === `bulk-${n}` && row.at === String(dayStart + BigInt(n) * 10n ** 18n))).toBe(
      true,
    );
    await dataSource.query(`DELETE FROM events WHERE tenant IN ('hooli', 'hooli-bulk')`);
  });

  it('stores each id once when the same events arrive concurrently', async () => {
    const store = new EventStore(dataSource);
    const batch = Array.from({ length: 50 }, (_, i) => event('initech', `c-${i}`));
    const results = await Promise.all(Array.from({ length: 6 }, () => store.insertEvents(batch)));
    expect(results.reduce((n, r) => n + r.insertedSeqs.length, 0)).toBe(50);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(250);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM events WHERE tenant = 'initech'`);
    expect(n).toBe(50);
  });

  it('upserts figures and moves the cursor together, keeping micro-units exact', async () => {
    const costs = new CostStore(dataSource);
    expect(await costs.readCursor('live')).toBe('0');
    const contact: ContactCostRow = {
      tenant: 'acme',
      contact: 'c-1',
      channel: 'voice',
      reason: 'billing_question',
      caseId: null,
      queue: 'billing',
      day: '2026-11-02',
      open: true,
      handleSeconds: '12.500',
      agentSeconds: '12.500',
      labourMicros: '9007199254740993',
      overheadMicros: '1',
      telephonyMicros: '0',
      feesMicros: '0',
      usageMicros: '0',
      compensationMicros: '0',
      totalMicros: '9007199254740994',
    };
    await costs.writeChanges(
      {
        contacts: [contact],
        agentDays: [
          {
            tenant: 'acme',
            agent: 'a-1',
            day: '2026-11-02',
            paidSeconds: '3600.000',
            contactSeconds: '437.750',
            idleSeconds: '2262.250',
            shrinkageSeconds: { break: '900.000' },
            contactCostMicros: '4377500',
            idleCostMicros: '22622500',
            shrinkageCostMicros: '9000000',
          },
        ],
        unlinkedCompensations: [
          { tenant: 'acme', eventId: 'k-9', caseId: 'K-9', day: '2026-11-02', amountMicros: '25000000' },
        ],
      },
      { name: 'live', lastSeq: '7' },
    );
    await costs.writeChanges(
      { contacts: [{ ...contact, open: false, reason: 'complaint' }], agentDays: [], unlinkedCompensations: [] },
      { name: 'live', lastSeq: '9' },
    );
    expect(await costs.readCursor('live')).toBe('9');
    const [row] = await dataSource.query(
      `SELECT reason, open, labour_micros::text AS labour, total_micros::text AS total, handle_seconds::text AS handle
         FROM contact_costs WHERE tenant = 'acme' AND contact = 'c-1'`,
    );
    expect(row).toEqual({
      reason: 'complaint',
      open: false,
      labour: '9007199254740993',
      total: '9007199254740994',
      handle: '12.500',
    });
    const [agentDay] = await dataSource.query(`SELECT shrinkage_seconds FROM agent_day_costs`);
    expect(agentDay.shrinkage_seconds).toEqual({ break: '900.000' });
  });

  it('lets one session at a time hold the rollup lock', async () => {
    const held = await SessionLock.tryAcquire(dataSource, ADVISORY_LOCKS.rollup);
    expect(held).not.toBeNull();
    expect(await held!.isHeld()).toBe(true);
    expect(await SessionLock.tryAcquire(dataSource, ADVISORY_LOCKS.rollup)).toBeNull();
    await held!.release();
    expect(await held!.isHeld()).toBe(false);
    const next = await SessionLock.tryAcquire(dataSource, ADVISORY_LOCKS.rollup);
    expect(next).not.toBeNull();
    await next!.release();
  });
});
