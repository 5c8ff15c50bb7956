import { sql, type Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * What the leader dashboard reads at 100k projects and 1.2 M reports without scanning them
 * (bench/dashboard.ts):
 *
 * - `dispatch_unit_months`: investment completed per reporting unit and period, the sum of the
 *   current reports' month figures. Kept by triggers on `dispatch_reports` (every way a report is
 *   written — filing, correction, late filing, import, a bulk load — changes it in the same
 *   statement) as deltas, so two filings of one unit committing together on PostgreSQL both count:
 *   the upsert adds to the row as it stands, where a recount from each filing's snapshot would lose one.
 * - `project_stages_dated_idx`: the projects whose stage (投产, 达效…) is dated in a window, for the
 *   indicators, without reading every project's eleven stage rows.
 * - `projects_stage_status_idx`: the stage funnel from the index alone.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  await db.schema
    .createTable('dispatch_unit_months')
    .addColumn('period_id', 'integer', (c) => c.notNull().references('dispatch_periods.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('month_yuan', 'bigint', (c) => c.notNull())
    .addColumn('reports', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dispatch_unit_months_pk', ['period_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('project_stages_dated_idx').on('project_stages').columns(['stage', 'actual_date', 'project_id']).execute();
  await db.schema.createIndex('projects_stage_status_idx').on('projects').columns(['stage', 'status', 'host_unit_id']).execute();

  const add = (row: 'NEW' | 'OLD', sign: '+' | '-') =>
    `insert into dispatch_unit_months (period_id, unit_id, month_yuan, reports) values (${row}.period_id, ${row}.unit_id, ${sign}${row}.month_yuan, ${sign}1)
      on conflict (period_id, unit_id) do update set month_yuan = dispatch_unit_months.month_yuan + excluded.month_yuan, reports = dispatch_unit_months.reports + excluded.reports;`;
  // An update that leaves what is summed alone (a late flag, say) does not touch the summary row.
  const distinct = p.dialect === 'sqlite' ? 'is not' : 'is distinct from';
  const changed = ['is_current', 'month_yuan', 'unit_id', 'period_id'].map((c) => `OLD.${c} ${distinct} NEW.${c}`).join(' or ');
  if (p.dialect === 'sqlite') {
    await sql.raw(`create trigger dispatch_unit_months_ai after insert on dispatch_reports when NEW.is_current = 1 begin ${add('NEW', '+')} end`).execute(db);
    await sql.raw(`create trigger dispatch_unit_months_au_old after update on dispatch_reports when OLD.is_current = 1 and (${changed}) begin ${add('OLD', '-')} end`).execute(db);
    await sql.raw(`create trigger dispatch_unit_months_au_new after update on dispatch_reports when NEW.is_current = 1 and (${changed}) begin ${add('NEW', '+')} end`).execute(db);
    await sql.raw(`create trigger dispatch_unit_months_ad after delete on dispatch_reports when OLD.is_current = 1 begin ${add('OLD', '-')} end`).execute(db);
  } else {
    await sql.raw(`create function dispatch_unit_months_keep() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and OLD.is_current = 1 then ${add('OLD', '-')} end if;
        if tg_op in ('INSERT', 'UPDATE') and NEW.is_current = 1 then ${add('NEW', '+')} end if;
        return null;
      end $$`).execute(db);
    await sql.raw('create trigger dispatch_unit_months_trg after insert or delete on dispatch_reports for each row execute function dispatch_unit_months_keep()').execute(db);
    await sql.raw(`create trigger dispatch_unit_months_upd_trg after update on dispatch_reports for each row when (${changed}) execute function dispatch_unit_months_keep()`).execute(db);
  }
  await rebuild(db);
}

/** The sums from the reports as they stand (the migration, and a check that the triggers kept them). */
export async function rebuild(db: Kysely<any>): Promise<void> {
  await sql`delete from dispatch_unit_months`.execute(db);
  await sql`insert into dispatch_unit_months (period_id, unit_id, month_yuan, reports)
    select period_id, unit_id, sum(month_yuan), count(*) from dispatch_reports where is_current = 1 group by period_id, unit_id`.execute(db);
}
