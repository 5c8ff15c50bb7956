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
}
