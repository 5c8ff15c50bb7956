import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/** Scheduled work runs on one instance at a time: whoever holds the lease row. */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(100)')
    .addColumn('lease_until', p.timestamp)
    .addColumn('last_run_at', p.timestamp)
    .addColumn('last_result', 'text')
    .execute();
}
