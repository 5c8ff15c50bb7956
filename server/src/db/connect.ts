import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type QueryResult, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import { sqlitePathOf } from '../config.js';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The raw SQLite handle, for online backup; absent on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

const PG_TIMESTAMPTZ = 1184;
const PG_TIMESTAMP = 1114;
const PG_INT8 = 20;

/**
 * pg's own parsers differ from SQLite's answers; these make both dialects return the same
 * JavaScript values: ISO strings for timestamps, numbers for counts (ids and counts fit in 2^53).
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_TIMESTAMPTZ || oid === PG_TIMESTAMP) return (value: string) => new Date(oid === PG_TIMESTAMP ? `${value}Z` : value).toISOString();
    if (oid === PG_INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * How long a writer waits for the database's write lock before giving up (SQLite: another process
 * or connection writing; PostgreSQL: a row or table lock). Covers the longest writer we ship: a
 * 100,000-row ledger import on SQLite commits in about 33 s (10k rows: 3.3 s, docs/benchmarks.md).
 */
export const DEFAULT_LOCK_WAIT_MS = 40_000;

/** The database stayed locked by another writer for longer than the wait: answer 503, try again later. */
export class DatabaseBusyError extends Error {
  constructor(readonly waitedMs: number) {
    super(`the database stayed locked by another writer for ${waitedMs} ms`);
    this.name = 'DatabaseBusyError';
  }
}

/** SQLITE_BUSY and its extended codes (…_SNAPSHOT, …_RECOVERY, …_TIMEOUT). */
function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * PostgreSQL's answers to a writer that could not get, or lost, its locks: lock_timeout (55P03),
 * a deadlock victim (40P01), a serialisation failure (40001). Like SQLite's BUSY, a retry later
 * succeeds, so the client gets 503 and Retry-After, not 500.
 */
export function isLockTimeout(err: unknown): boolean {
  if (err instanceof DatabaseBusyError || isSqliteBusy(err)) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return code === '55P03' || code === '40P01' || code === '40001';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The one SQLite connection, with its lock waits moved off the event loop: SQLite's own busy
 * handler sleeps inside the (synchronous) driver and would freeze the whole server while another
 * process writes. A statement that could not get the lock (BUSY outside a transaction: `BEGIN
 * IMMEDIATE` or an autocommit write) did nothing, so it is tried again after an asynchronous pause,
 * until the lock wait is spent.
 */
class WaitingSqliteConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly sqlite: SqliteDatabase.Database,
    private readonly lockWaitMs: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const started = Date.now();
    for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (err) {
        // Inside a transaction we already hold the write lock (BEGIN IMMEDIATE): no retry there.
        if (!isSqliteBusy(err) || this.sqlite.inTransaction) throw err;
        const waited = Date.now() - started;
        if (waited >= this.lockWaitMs) throw new DatabaseBusyError(waited);
        await sleep(Math.min(pause, this.lockWaitMs - waited));
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Write transactions take the write lock when they begin (`BEGIN IMMEDIATE`). A deferred `BEGIN`
 * reads first and upgrades to a writer later; when another process committed in between, the
 * upgrade fails at once with SQLITE_BUSY (no busy wait can help a stale snapshot), which lost half
 * of the writes of two processes on one file.
 */
class ImmediateSqliteDriver extends SqliteDriver implements Driver {
  private wrapped?: WaitingSqliteConnection;

  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: SqliteDatabase.Database,
    private readonly lockWaitMs: number,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    this.wrapped ??= new WaitingSqliteConnection(inner, this.sqlite, this.lockWaitMs);
    return this.wrapped;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly sqliteConfig: SqliteDialectConfig,
    private readonly sqlite: SqliteDatabase.Database,
    private readonly lockWaitMs: number,
  ) {
    super(sqliteConfig);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.sqliteConfig, this.sqlite, this.lockWaitMs);
  }
}

export function openDatabase(url: string, options: { poolSize?: number; lockWaitMs?: number } = {}): Database {
  const lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  const sqlitePath = sqlitePathOf(url);
  if (sqlitePath !== null) {
    if (sqlitePath !== ':memory:') mkdirSync(dirname(sqlitePath), { recursive: true });
    const sqlite = new SqliteDatabase(sqlitePath);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    // A short native wait only (it blocks the event loop); the long wait is WaitingSqliteConnection's.
    sqlite.pragma('busy_timeout = 20');
    // SQLite's default page cache is 2 MB: a 100k-project ledger would be re-read from the OS on
    // every list. 64 MB of cache and memory-mapped reads keep the working set in process.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('mmap_size = 268435456');
    const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: sqlite }, sqlite, lockWaitMs) });
    return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // A writer waits for a row or table lock as long as a SQLite writer waits, then gets 55P03.
    // JIT off: our queries are short; with 100k projects the planner's cost passes JIT's threshold
    // and compiling took 30–65 ms of a 120–400 ms list query (explain analyze, bench/dispatch.ts).
    // No parallel workers within one query by default: the server answers many requests at once,
    // and a query's workers compete with the other requests for the same cores. On the 2-core
    // bench machine the leader dashboard at 100k projects took 120–126 ms without them and
    // 154–157 ms with them (in-process, bench/dashboard.ts' data); a bigger machine may allow
    // some (GONGJIAN_PG_PARALLEL_WORKERS, see docs/deploy.md).
    const parallel = Number(process.env.GONGJIAN_PG_PARALLEL_WORKERS ?? 0);
    const workers = Number.isInteger(parallel) && parallel >= 0 && parallel <= 64 ? parallel : 0;
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes, options: `-c lock_timeout=${lockWaitMs} -c jit=off -c max_parallel_workers_per_gather=${workers}` });
    // An idle connection the server ends (a restart, an administrator's termination, a database
    // dropped while the pool closes) is an 'error' on the pool; with no listener Node would crash
    // the process. The pool drops that client and the next query opens a new one.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  throw new Error(`DATABASE_URL must start with file: or postgres:// (got "${url.split(':')[0]}:")`);
}
