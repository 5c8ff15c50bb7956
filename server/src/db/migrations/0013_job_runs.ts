import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * A schedule's lease only keeps two instances from running a job at the same time: once the
 * first run ended and freed it, the other instance claimed the same tick a few milliseconds later
 * and ran it again. A row per job and slot (the tick it belongs to), inserted once, says a slot
 * has been taken, whoever finishes first.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  await db.schema
    .createTable('job_runs')
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('slot', 'varchar(40)', (c) => c.notNull())
    .addColumn('holder', 'varchar(100)', (c) => c.notNull())
    .addColumn('started_at', p.timestamp, (c) => c.notNull())
    .addColumn('finished_at', p.timestamp)
    .addColumn('result', 'text')
    .addPrimaryKeyConstraint('job_runs_pk', ['name', 'slot'])
    .execute();
}
