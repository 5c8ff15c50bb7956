import { sql, type Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * Each project's newest current report of a year (its period and cumulative), kept by the filing
 * service in the filing's transaction. The indicators and the dashboard read investment completed
 * from it instead of finding the newest of a million reports on every read (bench/dashboard.ts:
 * that search was most of a dashboard's seconds at 1.2 M reports). Filled here from the reports.
 */
export async function up(db: Kysely<any>, _p: Portable): Promise<void> {
  await db.schema
    .createTable('dispatch_latest')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    .addColumn('cumulative_yuan', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('dispatch_latest_pk', ['project_id', 'year'])
    .execute();
  await db.schema.createIndex('dispatch_latest_year_idx').on('dispatch_latest').columns(['year', 'period', 'project_id']).execute();
  await rebuild(db);
}

/** Every project-year's newest current report, from the reports (also used by the benches' bulk loads). */
export async function rebuild(db: Kysely<any>): Promise<void> {
  await sql`delete from dispatch_latest`.execute(db);
  await sql`insert into dispatch_latest (project_id, year, period, cumulative_yuan)
    select r.project_id, p.year, p.period, r.cumulative_yuan
    from dispatch_reports r join dispatch_periods p on p.id = r.period_id
    join (select r2.project_id, p2.year, max(p2.period) as mp from dispatch_reports r2 join dispatch_periods p2 on p2.id = r2.period_id
      where r2.is_current = 1 group by r2.project_id, p2.year) n on n.project_id = r.project_id and n.year = p.year and n.mp = p.period
    where r.is_current = 1`.execute(db);
}
