import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * Lead and project codes were numbered on from the highest existing code, read and then written:
 * two registrations at once on PostgreSQL took the same number. A counter row per prefix, moved
 * by one conditional UPDATE, hands each number out once (filled lazily from existing codes).
 */
export async function up(db: Kysely<any>, _p: Portable): Promise<void> {
  await db.schema
    .createTable('code_counters')
    .addColumn('prefix', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  // Per-user limits on look-ups that reveal something of other units (the lead duplicate check),
  // in the database so that every app instance counts the same.
  await db.schema
    .createTable('rate_counters')
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_counters_pk', ['key', 'window_start'])
    .execute();
}
