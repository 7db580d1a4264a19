import { tmpdir } from 'node:os';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RateCardSettings, RollupSettings } from '@contact-cost/config';
import { formatEventTime, parseEvent } from '@contact-cost/contracts';
import { ChangeSet, CostEngine, UpstreamDuplicateKeys } from '@contact-cost/costing';
import { ContactTotal, LiveTotalsService } from '@contact-cost/live-totals';
import {
  ADVISORY_LOCKS,
  CostChangeRows,
  CostStore,
  EventStore,
  EventTimePosition,
  SessionLock,
  StoredEventRow,
} from '@contact-cost/storage';
import { DataSource } from 'typeorm';
import { toContactTotals, toCostRows } from './change-set.mapper';
import { SettledContactsArchive } from './settled-contacts.archive';

export const ROLLUP_CURSOR = 'live';
const EVENTS_PER_STEP = 5_000;
const ATTOS_PER_SECOND = 10n ** 18n;
/**
 * What ended more than this before the latest event is settled (reduced to sums), so a step's work does not grow
 * with the day; an event later than that makes the engine inexact and the rollup rebuilds from the stored events.
 * Each such rebuild widens the lateness to what was seen (twice it, up to MAX_SETTLE_LATENESS), so events that are
 * habitually that late do not force a rebuild each time.
 */
const SETTLE_LATENESS = 3600n * ATTOS_PER_SECOND;
/** At least the longest time entry events.md allows (`seconds` ≤ 86,400): see rebuild(). */
const MAX_SETTLE_LATENESS = 24n * 3600n * ATTOS_PER_SECOND;
/** Settle again once the latest event time has moved on this much. */
const SETTLE_EVERY = 300n * ATTOS_PER_SECOND;
/**
 * A widened lateness narrows again to what the events of this much event time needed (twice their lateness, at least
 * the longest time entry seen, at least SETTLE_LATENESS): one late burst does not keep a day of events in memory for
 * good.
 */
const NARROWING_WINDOW = 24n * 3600n * ATTOS_PER_SECOND;
const MAX_BACKOFF_MS = 10_000;

/** Figures computed from events up to `lastSeq`, not yet in both Postgres and Redis. */
interface PendingWrite {
  lastSeq: string;
  rows: CostChangeRows;
  totals: ContactTotal[];
  asOf: string | null;
  inPostgres: boolean;
}

/**
 * Folds the `events` log, in seq order, through the cost engine (the same code as the offline replay) and writes
 * what changed: contact, agent-day and unlinked-compensation figures with the cursor in one Postgres transaction,
 * then the Redis running totals (idempotent). As-of: the latest event time seen (cost-model.md).
 *
 * The engine's state lives in memory. At start-up (and after losing the lock, or after a late event reached into
 * settled time) it is rebuilt by applying every stored event up to the cursor in event-time order, settling as it
 * goes (in that order no event is late, so memory stays flat), then every contact is re-stated in Postgres and
 * Redis, which also repairs a Redis that lost its data. Snapshotting the engine to shorten this replay is future
 * work. One rollup per database: it runs only while holding a Postgres advisory lock; a second instance waits as a
 * standby.
 */
@Injectable()
export class RollupService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RollupService.name);
  private engine: CostEngine | null = null;
  /** The engine's settled contacts that will not change again (a file per engine). */
  private archive: SettledContactsArchive | null = null;
  private lock: SessionLock | null = null;
  private appliedSeq = '0';
  private settledTo: bigint | null = null;
  private lateness = SETTLE_LATENESS;
  /** Event time at which the current narrowing window began (null: at the next step). */
  private windowStart: bigint | null = null;
  /** The latest an applied event arrived in this window, behind the latest event time before its step. */
  private lateInWindow = 0n;
  /**
   * The longest time entry (`ticket.work_logged`) applied since start-up: a rebuild in event-time order meets an
   * entry after the settling it reaches back into unless the lateness covers it (see rebuild()), so the lateness
   * never narrows below it.
   */
  private longestEntry = 0n;
  /**
   * Off only for an engine whose rebuild was overtaken even in event-time order at the maximum lateness (which the
   * contract's bounds rule out): it then keeps every event until the rollup restarts.
   */
  private settling = true;
  private pending: PendingWrite | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private failures = 0;
  private standbyLogged = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventStore,
    private readonly costs: CostStore,
    private readonly liveTotals: LiveTotalsService,
    private readonly rateCards: RateCardSettings,
    private readonly settings: RollupSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.stopping = false;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Finishes the step in progress, then releases the lock. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    this.loop = null;
  }

  get isLeader(): boolean {
    return this.lock !== null;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!(await this.holdLock())) {
          await this.sleep(this.settings.intervalMs * 4);
          continue;
        }
        const progressed = await this.step();
        this.failures = 0;
        if (!progressed) await this.sleep(this.settings.intervalMs);
      } catch (error) {
        this.failures += 1;
        const delay = Math.min(MAX_BACKOFF_MS, this.settings.intervalMs * 2 ** Math.min(this.failures, 10));
        this.logger.warn(`rollup step failed (${describe(error)}); retrying in ${delay} ms`);
        await this.sleep(delay);
      }
    }
    await this.releaseLock();
  }

  /** True when this instance holds the rollup lock (taking it, and rebuilding, if it can). */
  private async holdLock(): Promise<boolean> {
    if (this.lock) {
      if (await this.lock.isHeld()) return true;
      this.logger.warn('rollup lock lost (database connection closed); rebuilding before going on');
      await this.releaseLock();
    }
    const lock = await SessionLock.tryAcquire(this.dataSource, ADVISORY_LOCKS.rollup);
    if (!lock) {
      if (!this.standbyLogged) this.logger.log('another rollup holds the lock for this database; standing by');
      this.standbyLogged = true;
      return false;
    }
    this.lock = lock;
    this.standbyLogged = false;
    try {
      await this.rebuild();
    } catch (error) {
      await this.releaseLock();
      throw error;
    }
    return true;
  }

  private async releaseLock(): Promise<void> {
    const lock = this.lock;
    this.lock = null;
    this.engine = null;
    this.archive?.close();
    this.archive = null;
    this.pending = null;
    if (lock) await lock.release().catch(() => undefined);
  }

  /** Whether the engine reduces what is over `lateness` old to sums (false only in the rare case above). */
  get settlesAsItGoes(): boolean {
    return this.settling;
  }

  /** Settled contacts the engine holds on file rather than in memory. */
  get archivedContacts(): number {
    return this.archive?.size ?? 0;
  }

  /** How far behind the latest event time events may still arrive without forcing a rebuild (attoseconds). */
  get settlingLateness(): bigint {
    return this.lateness;
  }

  /**
   * A fresh engine from the stored events up to `upToSeq` (default: the cursor), in event-time order. A step that
   * met a late event rebuilds up to its own last event, so that event is taken in its place, not met again.
   */
  private async rebuild(upToSeq?: string): Promise<void> {
    const started = Date.now();
    const cursor = upToSeq ?? (await this.costs.readCursor(ROLLUP_CURSOR));
    let keepEveryEvent = false;
    for (;;) {
      const archive = new SettledContactsArchive(tmpdir());
      let built: { engine: CostEngine; changes: ChangeSet; applied: number };
      try {
        built = await this.buildEngine(archive, cursor, keepEveryEvent);
      } catch (error) {
        archive.close();
        throw error;
      }
      if (built.engine.exact) {
        this.windowStart = null;
        this.lateInWindow = 0n;
        this.archive?.close();
        this.archive = archive;
        this.engine = built.engine;
        this.appliedSeq = cursor;
        await this.persist(built.changes, cursor);
        this.logger.log(
          `rebuilt from ${built.applied} stored events up to seq ${cursor} in ${Date.now() - started} ms`,
        );
        return;
      }
      archive.close();
      // In time order only a time entry (ticket.work_logged) reaching back further than the lateness and every
      // entry before it can do this. Entries are at most 86,400 s (events.md), so at the maximum lateness none can.
      if (this.lateness < MAX_SETTLE_LATENESS) {
        this.lateness = MAX_SETTLE_LATENESS;
        this.logger.warn(
          'rebuild overtaken by a time entry reaching into settled time; rebuilding with a settling lateness of ' +
            `${this.lateness / ATTOS_PER_SECOND} s`,
        );
      } else {
        this.logger.warn('rebuild overtaken by a late event at the maximum lateness; rebuilding keeping every event');
        keepEveryEvent = true;
      }
    }
  }

  /** Applies the stored events up to `cursor` in event-time order, settling as it goes unless told not to. */
  private async buildEngine(
    archive: SettledContactsArchive,
    cursor: string,
    keepEveryEvent: boolean,
  ): Promise<{ engine: CostEngine; changes: ChangeSet; applied: number }> {
    // The events table already keeps the first of each (tenant, id): the engine need not remember them.
    const engine = new CostEngine(this.rateCards.rateCards, {
      duplicateKeys: new UpstreamDuplicateKeys(),
      archive: archive.forEngine,
      tracksChanges: true,
    });
    let position: EventTimePosition | null = null;
    let applied = 0;
    this.settledTo = null;
    this.settling = !keepEveryEvent;
    for (;;) {
      const { rows, last } = await this.events.readInTimeOrder(position, cursor, EVENTS_PER_STEP);
      if (rows.length === 0) break;
      for (const row of rows) if (this.applyStored(engine, row) !== null) applied += 1;
      position = last;
      this.settleIfDue(engine);
    }
    const changes = archive.withArchivedContacts(engine.collectChanges(engine.latestEventTime() ?? undefined));
    return { engine, changes, applied };
  }

  /** One pass: writes what an earlier pass could not, else folds in the next stored events. */
  private async step(): Promise<boolean> {
    if (this.pending) {
      await this.flush();
      return true;
    }
    const engine = this.engine as CostEngine;
    const rows = await this.events.readAfter(this.appliedSeq, EVENTS_PER_STEP);
    if (rows.length === 0) return false;
    const latestBefore = engine.latestEventTime();
    let earliest: bigint | null = null;
    for (const row of rows) {
      const at = this.applyStored(engine, row);
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
    }
    if (latestBefore !== null && earliest !== null && latestBefore - earliest > this.lateInWindow)
      this.lateInWindow = latestBefore - earliest;
    this.narrowLatenessIfDue(engine);
    this.settleIfDue(engine);
    const archive = this.archive as SettledContactsArchive;
    const changes = archive.withArchivedContacts(engine.collectChanges(engine.latestEventTime() ?? undefined));
    if (!engine.exact) {
      // A late event reached into settled time: figures from the stored events, all of them, are exact.
      this.widenLateness(latestBefore, earliest);
      this.logger.warn(
        'a late event reached into settled time; rebuilding from the stored events ' +
          `(settling lateness now ${this.lateness / ATTOS_PER_SECOND} s)`,
      );
      await this.rebuild(rows[rows.length - 1].seq);
      return true;
    }
    this.appliedSeq = rows[rows.length - 1].seq;
    await this.persist(changes, this.appliedSeq);
    return true;
  }

  /** After a late event: settle far enough behind to take events that late (twice it), within the maximum. */
  private widenLateness(latestBefore: bigint | null, earliest: bigint | null): void {
    if (latestBefore === null || earliest === null || earliest >= latestBefore) return;
    let widened = (latestBefore - earliest) * 2n;
    if (widened > MAX_SETTLE_LATENESS) widened = MAX_SETTLE_LATENESS;
    if (widened > this.lateness) this.lateness = widened;
  }

  /**
   * Once a window of event time has passed: narrow a widened lateness to what that window needed. An event later than
   * that afterwards costs a rebuild, which widens it again.
   */
  private narrowLatenessIfDue(engine: CostEngine): void {
    const latest = engine.latestEventTime();
    if (latest === null) return;
    if (this.windowStart === null) {
      this.windowStart = latest;
      return;
    }
    if (latest - this.windowStart < NARROWING_WINDOW) return;
    let needed = this.lateInWindow * 2n;
    if (needed < this.longestEntry) needed = this.longestEntry;
    if (needed < SETTLE_LATENESS) needed = SETTLE_LATENESS;
    if (needed < this.lateness) {
      this.logger.log(
        `no event arrived later than ${this.lateInWindow / ATTOS_PER_SECOND} s in the last ` +
          `${NARROWING_WINDOW / ATTOS_PER_SECOND / 3600n} h of event time; settling lateness now ` +
          `${needed / ATTOS_PER_SECOND} s (was ${this.lateness / ATTOS_PER_SECOND} s)`,
      );
      this.lateness = needed;
    }
    this.windowStart = latest;
    this.lateInWindow = 0n;
  }

  private settleIfDue(engine: CostEngine): void {
    const latest = engine.latestEventTime();
    if (!this.settling || latest === null) return;
    const limit = latest - this.lateness;
    if (this.settledTo !== null && limit - this.settledTo < SETTLE_EVERY) return;
    engine.settle(limit);
    this.settledTo = limit;
  }

  /** The event's instant when it was applied, null when it was skipped. */
  private applyStored(engine: CostEngine, row: StoredEventRow): bigint | null {
    const parsed = parseEvent(row.raw);
    if (!parsed.ok) {
      this.logger.error(`stored event seq ${row.seq} no longer parses (${parsed.rejection.detail}); skipped`);
      return null;
    }
    // The rate cards may have changed since the event was stored.
    const rejection = engine.check(parsed.event);
    if (rejection) {
      this.logger.warn(`stored event seq ${row.seq} is now rejected (${rejection.reason}: ${rejection.detail})`);
      return null;
    }
    engine.apply(parsed.event);
    if (parsed.event.type === 'ticket.work_logged') {
      const reach = BigInt(parsed.event.seconds!) * ATTOS_PER_SECOND;
      if (reach > this.longestEntry) this.longestEntry = reach;
    }
    return parsed.event.at;
  }

  private async persist(changes: ChangeSet, lastSeq: string): Promise<void> {
    this.pending = {
      lastSeq,
      rows: toCostRows(changes),
      totals: toContactTotals(changes),
      asOf: changes.asOf === null ? null : formatEventTime(changes.asOf),
      inPostgres: false,
    };
    await this.flush();
  }

  private async flush(): Promise<void> {
    const pending = this.pending as PendingWrite;
    if (!pending.inPostgres) {
      await this.costs.writeChanges(pending.rows, { name: ROLLUP_CURSOR, lastSeq: pending.lastSeq });
      pending.inPostgres = true;
    }
    await this.liveTotals.applyContacts(pending.totals);
    if (pending.asOf) await this.liveTotals.setAsOf(pending.asOf);
    this.pending = null;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
