import { sql, type Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * PostgreSQL re-analyses a table after 10 % of its rows changed: for the monthly reports (a
 * million rows after a year at 100k projects) that is never within a month, so the planner kept
 * believing the open month had no reports and planned loops over them that took seconds once a
 * few thousand were filed (bench/dispatch.ts). The tables that grow by period are re-analysed
 * after a few thousand changes instead. SQLite plans without row statistics of this kind.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  if (p.dialect !== 'postgres') return;
  for (const table of ['dispatch_reports', 'project_lights', 'project_history', 'project_stage_history']) {
    await sql`alter table ${sql.table(table)} set (autovacuum_analyze_scale_factor = 0.002, autovacuum_analyze_threshold = 2000)`.execute(db);
  }
}
