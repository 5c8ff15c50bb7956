import { sql, type RawBuilder, type SqlBool, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type QueryExecutorProvider, type Transaction } from 'kysely';
import type { Dialect } from './connect.js';

/**
 * The one place where SQLite and PostgreSQL differ in DDL and in a few expressions.
 * Everything else in the code base is written once for both.
 */
export interface Portable {
  dialect: Dialect;
  /** Auto-increment integer primary key. */
  id<T extends string>(table: CreateTableBuilder<T, never>, name?: string): CreateTableBuilder<T, never>;
  /** Column type for timestamps: TEXT ISO-8601 on SQLite, timestamptz on PostgreSQL. */
  timestamp: 'text' | 'timestamptz';
}

export function portable(dialect: Dialect): Portable {
  return {
    dialect,
    id: (table, name = 'id') =>
      dialect === 'sqlite'
        ? table.addColumn(name, 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement())
        : table.addColumn(name, 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity()),
    timestamp: dialect === 'sqlite' ? 'text' : 'timestamptz',
  };
}

/** Normalises a count or sum read from either driver to a number. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

/** Case-insensitive LIKE on both dialects (SQLite LIKE is already case-insensitive for ASCII). */
export function likeOperator(dialect: Dialect): 'like' | 'ilike' {
  return dialect === 'postgres' ? 'ilike' : 'like';
}

/** Escapes LIKE wildcards in user text; use with `escape '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/**
 * `column` contains `text`, its % and _ taken literally on both databases: the escape character is
 * said in the query, since SQLite has none by default (a search for xq_zhaoshang found nothing
 * there while PostgreSQL found it). Case-insensitive on PostgreSQL as SQLite's LIKE is, unless `exact`.
 */
export function containsText(column: string, text: string, dialect: Dialect, exact = false): RawBuilder<SqlBool> {
  const op = exact ? 'like' : likeOperator(dialect);
  return sql<SqlBool>`${sql.ref(column)} ${sql.raw(op)} ${`%${escapeLike(text)}%`} escape '\\'`;
}

/** Serialises concurrent migrators across instances on PostgreSQL; SQLite's write lock already does. */
export async function withMigrationLock<T, D>(db: Kysely<D>, dialect: Dialect, work: () => Promise<T>): Promise<T> {
  if (dialect !== 'postgres') return work();
  // The lock belongs to a session, so lock and unlock go through one pinned connection.
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(727001)`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(727001)`.execute(conn);
    }
  });
}

/**
 * Serialises decisions about the same keys (an enterprise's normalised name, its credit code)
 * until the transaction ends. PostgreSQL: transaction-scoped advisory locks, taken in sorted
 * order so two writers never wait on each other crosswise. SQLite needs none: one connection
 * runs one transaction at a time.
 */
export async function lockKeys(trx: QueryExecutorProvider, dialect: Dialect, namespace: number, keys: (string | null | undefined)[]): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const key of [...new Set(keys.filter((k): k is string => !!k))].sort()) {
    await sql`select pg_advisory_xact_lock(${namespace}, hashtext(${key}))`.execute(trx);
  }
}

/** Lock namespaces: one per kind of decision. */
export const LOCK_ENTERPRISE = 727101;
/** Versioned data whose next version number is read then written: targets, rankings, schemes, counting rules. */
export const LOCK_VERSIONS = 727102;

/**
 * Runs `work` in a transaction — or inside the caller's, when `db` already is one (the demo seed
 * writes everything through the services in one transaction; a service never opens a second).
 */
export function inTransaction<D, T>(db: Kysely<D>, work: (trx: Transaction<D>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<D>) : db.transaction().execute(work);
}

/** A second row where one is allowed (PostgreSQL 23505, SQLite's UNIQUE constraint): the loser of a race. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** A row still referenced elsewhere (PostgreSQL 23503, SQLite's FOREIGN KEY constraint). */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY constraint failed/.test(e?.message ?? '');
}

/** Whole days from one YYYY-MM-DD text date to another (negative when `later` is earlier). */
export function daysBetween(dialect: Dialect, later: RawBuilder<unknown>, earlier: RawBuilder<unknown>): RawBuilder<number> {
  return dialect === 'postgres' ? sql<number>`(cast(${later} as date) - cast(${earlier} as date))` : sql<number>`cast(julianday(${later}) - julianday(${earlier}) as integer)`;
}
