import { DataSource, QueryRunner } from 'typeorm';

/** Postgres advisory lock keys (scoped to the database). */
export const ADVISORY_LOCKS = {
  /** Serialises schema migrations between apps starting together. */
  migrations: 73_630_001,
  /** Only one rollup folds the event log into the cost tables per database. */
  rollup: 73_630_002,
  /** Held by each event insert until commit, so `events.seq` order is commit order and a tailing reader skips none. */
  eventLog: 73_630_003,
} as const;

/** A session-level advisory lock held on its own connection until released. */
export class SessionLock {
  private constructor(
    private readonly runner: QueryRunner,
    private readonly key: number,
  ) {}

  /** Takes the lock if free; null when another session holds it. */
  static async tryAcquire(dataSource: DataSource, key: number): Promise<SessionLock | null> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (row.locked === true) return new SessionLock(runner, key);
    } catch (error) {
      await runner.release();
      throw error;
    }
    await runner.release();
    return null;
  }

  /** False once the lock's connection is gone (the server then released the lock). */
  async isHeld(): Promise<boolean> {
    if (this.runner.isReleased) return false;
    try {
      const [row] = await this.runner.query(
        `SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objid = $1 AND granted`,
        [this.key],
      );
      return row.n > 0;
    } catch {
      return false;
    }
  }

  async release(): Promise<void> {
    try {
      if (!this.runner.isReleased) await this.runner.query('SELECT pg_advisory_unlock_all()');
    } finally {
      if (!this.runner.isReleased) await this.runner.release();
    }
  }
}
