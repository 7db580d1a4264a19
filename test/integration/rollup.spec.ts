import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfigModule, PipelineConfig } from '@contact-cost/config';
import { formatEventTime, parseEvent } from '@contact-cost/contracts';
import { formatPerContact } from '@contact-cost/live-api';
import { LiveTotalsService } from '@contact-cost/live-totals';
import { RollupModule, RollupService } from '@contact-cost/rollup';
import { EventStore, openDataSource, StorageModule } from '@contact-cost/storage';
import { generateMessages } from '@contact-cost/simulator';
import { simulatedTestStack, testPipelineConfig } from '../support/pipeline-harness';
import { STORED_CONTACTS_SQL, expectedRow, offlineReplay } from '../support/replay-comparison';
import { loadScenario, Scenario, toMicros } from '../support/scenarios';
import {
  emptyTestDatabase,
  INTEGRATION_DATABASE_URL,
  topicsFor,
  uniqueRunId,
  waitFor,
} from '../support/test-environment';

jest.setTimeout(120_000);

async function startRollup(config: PipelineConfig): Promise<INestApplicationContext> {
  @Module({
    imports: [
      AppConfigModule.forRoot(config),
      StorageModule.forRoot({ migrate: true, applicationName: 'rollup-test' }),
      RollupModule,
    ],
  })
  class RollupTestModule {}
  const app = await NestFactory.createApplicationContext(RollupTestModule, { logger: ['error', 'warn'] });
  await app.init();
  return app;
}

function eventRows(lines: string[], firstOffset = 0) {
  return lines.map((raw, i) => {
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw new Error(`scenario line is invalid: ${raw}`);
    const e = parsed.event;
    return {
      tenant: e.tenant,
      eventId: e.id,
      type: e.type,
      eventTime: e.time,
      eventAt: e.at,
      raw,
      topic: 'direct',
      partition: 0,
      kafkaOffset: String(firstOffset + i),
    };
  });
}

function parsedEvents(values: string[]) {
  return values.map((value) => {
    const parsed = parseEvent(value);
    if (!parsed.ok) throw new Error(`simulated event is invalid: ${value}`);
    return parsed.event;
  });
}

describe('rollup: events table → cost tables + Redis totals (Postgres, Redis)', () => {
  let dataSource: DataSource;
  const contexts: INestApplicationContext[] = [];

  const configFor = (scenario: Scenario, runId: string) =>
    testPipelineConfig({
      runId,
      databaseUrl: INTEGRATION_DATABASE_URL,
      ratesFile: scenario.ratesFile,
      topics: topicsFor(runId),
    });

  async function start(config: PipelineConfig): Promise<INestApplicationContext> {
    const app = await startRollup(config);
    contexts.push(app);
    return app;
  }

  async function stop(app: INestApplicationContext): Promise<void> {
    contexts.splice(contexts.indexOf(app), 1);
    await app.close();
  }

  async function cursor(): Promise<string> {
    const rows = await dataSource.query(`SELECT last_seq::text AS seq FROM rollup_cursor WHERE name = 'live'`);
    return rows[0]?.seq ?? '0';
  }

  async function lastSeq(): Promise<string> {
    const [row] = await dataSource.query('SELECT coalesce(max(seq), 0)::text AS seq FROM events');
    return row.seq;
  }

  async function caughtUp(): Promise<void> {
    const target = await lastSeq();
    await waitFor(`the rollup cursor to reach seq ${target}`, async () => (await cursor()) === target);
  }

  async function contactRows() {
    return dataSource.query(STORED_CONTACTS_SQL);
  }

  /** The cost tables hold exactly the offline replay's figures of these events. */
  async function expectReplayFigures(values: string[], ratesJson: unknown): Promise<void> {
    const replay = await offlineReplay(values, ratesJson);
    expect(replay.stats.rejected).toBe(0);
    const expected = [...replay.contacts].flatMap(([tenant, contacts]) =>
      Object.entries(contacts).map(([contact, c]) => expectedRow(tenant, contact, c)),
    );
    const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      `${a.tenant}/${a.contact}` < `${b.tenant}/${b.contact}` ? -1 : 1;
    expect(expected.length).toBeGreaterThan(100);
    expect((await contactRows()).sort(byKey)).toEqual(expected.sort(byKey));
  }

  function expectedRows(scenario: Scenario) {
    return Object.entries(scenario.expected.tenants)
      .flatMap(([tenant, t]) => Object.entries(t.contacts).map(([contact, c]) => expectedRow(tenant, contact, c)))
      .sort((a, b) => (`${a.tenant}${a.contact}` < `${b.tenant}${b.contact}` ? -1 : 1));
  }

  /**
   * Live channel totals are sums of each contact's total rounded to micro-units, so they may miss the replay's
   * exact-then-rounded figure by up to one micro-unit per contact (cost-model.md, "Money and rounding").
   */
  async function expectLiveChannels(app: INestApplicationContext, scenario: Scenario): Promise<void> {
    const totals = app.get(LiveTotalsService);
    for (const [tenant, expected] of Object.entries(scenario.expected.tenants)) {
      const live = await totals.readTenant(tenant);
      expect(Object.keys(live.channels).sort()).toEqual(Object.keys(expected.channels).sort());
      for (const [channel, want] of Object.entries(expected.channels)) {
        const got = live.channels[channel];
        expect(got.contacts).toBe(want.contacts);
        const miss = got.costMicros - toMicros(want.cost);
        expect(miss <= BigInt(want.contacts) && -miss <= BigInt(want.contacts)).toBe(true);
        const perContact = toMicros(formatPerContact(got.costMicros, got.contacts)!);
        const perContactMiss = perContact - toMicros(want.costPerContact!);
        expect(perContactMiss <= 1n && perContactMiss >= -1n).toBe(true);
      }
      expect(live.asOf).toBe(scenario.expected.asOf);
    }
  }

  beforeEach(async () => {
    await emptyTestDatabase(INTEGRATION_DATABASE_URL);
    dataSource = await openDataSource(INTEGRATION_DATABASE_URL, { migrate: true });
  });

  afterEach(async () => {
    for (const app of contexts.splice(0)) await app.close();
    await dataSource.destroy();
  });

  it.each(['01-single-call', '02-concurrent-chats', '03-ticket-and-case'])(
    'gives the offline replay figures of scenario %s',
    async (name) => {
      const scenario = loadScenario(name);
      const config = configFor(scenario, uniqueRunId());
      await new EventStore(dataSource).insertEvents(eventRows(scenario.lines));
      const app = await start(config);
      await caughtUp();
      expect(await contactRows()).toEqual(expectedRows(scenario));
      await expectLiveChannels(app, scenario);
    },
  );

  it('folds events in as they arrive, and a restart rebuilds without counting anything twice', async () => {
    const scenario = loadScenario('01-single-call');
    const config = configFor(scenario, uniqueRunId());
    const store = new EventStore(dataSource);
    await store.insertEvents(eventRows(scenario.lines.slice(0, 4)));
    let app = await start(config);
    await caughtUp();
    const [openCall] = await contactRows();
    expect(openCall.open).toBe(true);

    await store.insertEvents(eventRows(scenario.lines.slice(4)));
    await caughtUp();
    expect(await contactRows()).toEqual(expectedRows(scenario));
    await expectLiveChannels(app, scenario);

    await stop(app);
    app = await start(config);
    await waitFor('the restarted rollup to lead', async () => app.get(RollupService).isLeader);
    await caughtUp();
    expect(await contactRows()).toEqual(expectedRows(scenario));
    await expectLiveChannels(app, scenario);

    // Redis lost its data: the next rebuild re-states every contact.
    await app.get(LiveTotalsService).clearTenant('acme');
    await stop(app);
    app = await start(config);
    await waitFor('the live totals to come back', async () => {
      const live = await app.get(LiveTotalsService).readTenant('acme');
      return live.channels.voice?.contacts === 1;
    });
    await expectLiveChannels(app, scenario);
  });

  it('takes a contact whose events arrive hours late by rebuilding in event-time order, and goes on settling', async () => {
    const options = { seed: 11, tenants: 1, agents: 6, events: 1500, duplicates: 0, outOfOrder: 0, invalid: 0 };
    const { ratesJson, stack } = simulatedTestStack(options, INTEGRATION_DATABASE_URL);
    const values = [...generateMessages(options)].map((m) => m.value);
    const events = parsedEvents(values);
    // The first call an agent answered: all its events are stored last, after the rest of the day.
    const lateContact = events.find((e) => e.type === 'call.answered')!.contact!;
    const late = values.filter((_, i) => events[i].contact === lateContact);
    const onTime = values.filter((_, i) => events[i].contact !== lateContact);
    const hour = 3600n * 10n ** 18n;
    const latest = (of: typeof events) => of.map((e) => e.at).reduce((a, b) => (a > b ? a : b));
    const latestOnTime = latest(events.filter((e) => e.contact !== lateContact));
    const lastLate = latest(events.filter((e) => e.contact === lateContact));
    // Otherwise the test would not be about lateness at all.
    expect(latestOnTime - lastLate).toBeGreaterThan(hour);

    const store = new EventStore(dataSource);
    await store.insertEvents(eventRows(onTime));
    const app = await start(testPipelineConfig(stack));
    await caughtUp();
    const rollup = app.get(RollupService);
    expect(rollup.settlesAsItGoes).toBe(true);
    expect(rollup.settlingLateness).toBe(hour);

    await store.insertEvents(eventRows(late, onTime.length));
    await caughtUp();
    await expectReplayFigures(values, ratesJson);
    // Contacts settled over the (widened) lateness before the latest event are on file, not held in memory.
    expect(rollup.archivedContacts).toBeGreaterThan(50);
    // The late contact forced a rebuild (the lateness widened to take such events), and settling stayed on.
    const seen = 2n * (latestOnTime - lastLate);
    expect(rollup.settlingLateness).toBeGreaterThanOrEqual(seen < 24n * hour ? seen : 24n * hour);
    expect(rollup.settlesAsItGoes).toBe(true);
  });

  it('narrows a widened lateness again once a day of event time has passed with no event that late', async () => {
    const options = {
      seed: 13,
      tenants: 1,
      agents: 8,
      events: null,
      durationHours: 52,
      duplicates: 0,
      outOfOrder: 0,
      invalid: 0,
    };
    const { ratesJson, stack } = simulatedTestStack(options, INTEGRATION_DATABASE_URL);
    const values = [...generateMessages(options)].map((m) => m.value);
    const events = parsedEvents(values);
    const hour = 3600n * 10n ** 18n;
    // The first answered call, stored only after three more hours of events: it arrives hours late, which widens the
    // lateness; then over a day of on-time events follows.
    const lateContact = events.find((e) => e.type === 'call.answered')!.contact!;
    const isLate = (i: number) => events[i].contact === lateContact;
    const cut = events.filter((e) => e.contact === lateContact).reduce((a, e) => (e.at > a ? e.at : a), 0n) + 3n * hour;
    const early = values.filter((_, i) => !isLate(i) && events[i].at < cut);
    const late = values.filter((_, i) => isLate(i));
    const rest = values.filter((_, i) => !isLate(i) && events[i].at >= cut);
    expect(events[events.length - 1].at - cut).toBeGreaterThan(25n * hour);
    // A two-hour time entry, on time, among them: the lateness never narrows below the longest entry seen.
    const { tenant, agent } = events.find((e) => e.type === 'agent.state')!;
    const entryAt = cut + 2n * hour;
    const entry = (id: string, type: string, extra: object) =>
      JSON.stringify({ id, type, tenant, time: formatEventTime(entryAt), contact: 'two-hour-entry', ...extra });
    const entryIndex = rest.findIndex((value) => parsedEvents([value])[0].at > entryAt);
    rest.splice(
      entryIndex,
      0,
      entry('entry-1', 'ticket.created', {}),
      entry('entry-2', 'ticket.work_logged', { agent, seconds: 7200 }),
    );
    expect(events.filter((e) => e.type === 'ticket.work_logged').every((e) => e.seconds! < 7200)).toBe(true);

    const store = new EventStore(dataSource);
    await store.insertEvents(eventRows(early));
    const app = await start(testPipelineConfig(stack));
    await caughtUp();
    const rollup = app.get(RollupService);
    await store.insertEvents(eventRows(late, early.length));
    await caughtUp();
    const widened = rollup.settlingLateness;
    expect(widened).toBeGreaterThan(2n * hour);

    // In steps of a few hundred events, as a live feed would come.
    for (let from = 0; from < rest.length; from += 400) {
      await store.insertEvents(eventRows(rest.slice(from, from + 400), early.length + late.length + from));
      await caughtUp();
    }
    await expectReplayFigures([...early, ...late, ...rest], ratesJson);
    expect(rollup.settlingLateness).toBe(2n * hour);
    expect(rollup.settlingLateness).toBeLessThan(widened);
    expect(rollup.settlesAsItGoes).toBe(true);
  });

  it('widens its lateness when even the time-ordered rebuild meets a time entry reaching into settled time', async () => {
    // More events than a rollup step reads (5,000), so that settling happens before the time entry is read.
    const options = { seed: 12, tenants: 1, agents: 8, events: 7000, duplicates: 0, outOfOrder: 0, invalid: 0 };
    const { ratesJson, stack } = simulatedTestStack(options, INTEGRATION_DATABASE_URL);
    const simulated = [...generateMessages(options)].map((m) => m.value);
    const events = parsedEvents(simulated);
    // Just after the first 5,000 events in time order (those of the rebuild's first page, settled before its second),
    // a day-long time entry (the longest events.md allows): it reaches back into the agent's settled time.
    const fifthThousand = events.map((e) => e.at).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[4999];
    const { tenant, agent } = events.find((e) => e.type === 'agent.state')!;
    const entry = (id: string, type: string, at: bigint, extra: object) =>
      JSON.stringify({ id, type, tenant, time: formatEventTime(at), contact: 'long-entry-ticket', ...extra });
    const values = [
      ...simulated,
      entry('long-entry-1', 'ticket.created', fifthThousand + 30n * 10n ** 18n, {}),
      entry('long-entry-2', 'ticket.work_logged', fifthThousand + 60n * 10n ** 18n, { agent, seconds: 86_400 }),
    ];
    await new EventStore(dataSource).insertEvents(eventRows(values));

    const app = await start(testPipelineConfig(stack));
    await caughtUp();
    await expectReplayFigures(values, ratesJson);
    const rollup = app.get(RollupService);
    expect(rollup.settlingLateness).toBe(24n * 3600n * 10n ** 18n);
    expect(rollup.settlesAsItGoes).toBe(true);
  });

  it('runs one rollup per database: a second instance stands by until the first stops', async () => {
    const scenario = loadScenario('01-single-call');
    const config = configFor(scenario, uniqueRunId());
    await new EventStore(dataSource).insertEvents(eventRows(scenario.lines));
    const first = await start(config);
    await waitFor('a leader', async () => first.get(RollupService).isLeader);
    const second = await start(config);
    await caughtUp();
    expect(first.get(RollupService).isLeader).toBe(true);
    expect(second.get(RollupService).isLeader).toBe(false);

    await stop(first);
    await waitFor('the standby to take over', async () => second.get(RollupService).isLeader);
    expect(await contactRows()).toEqual(expectedRows(scenario));
    await expectLiveChannels(second, scenario);
  });
});
