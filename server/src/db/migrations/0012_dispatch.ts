import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/** The first warning rules (Yinchuan's, domain.md), frozen here as the data version 1 was born with. */
const RULES_V1 = {
  progress: { yellowAbove: 10, redAbove: 30 },
  start: { redMonthsLate: 3 },
  registration: { yellowMonths: 1, redMonths: 2 },
  consecutiveYellowsToRed: 2,
  levels: ['province', 'city', 'district'],
};

/**
 * Monthly dispatch (调度): the year's key-project lists and annual plans, filing periods, the
 * reports (versions: a locked figure is corrected by a new version, never in place), photos,
 * late-filing grants (补报), the warning rules as versioned data, the computed lights (each with
 * the rule version that produced it), and the in-app inbox.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  const ts = p.timestamp;
  await db.schema
    .createTable('key_projects')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('owner_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('added_by', 'integer', (c) => c.references('users.id'))
    .addColumn('added_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('key_projects_pk', ['project_id', 'year', 'level'])
    .execute();
  await db.schema.createIndex('key_projects_year_idx').on('key_projects').columns(['year', 'project_id']).execute();

  await db.schema
    .createTable('project_year_plans')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('plan_yuan', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('project_year_plans_pk', ['project_id', 'year'])
    .execute();

  await p
    .id(db.schema.createTable('dispatch_periods'))
    .addColumn('period', 'varchar(7)', (c) => c.notNull().unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('locked_at', ts)
    .addColumn('opened_by', 'integer', (c) => c.references('users.id'))
    .addColumn('opened_at', ts, (c) => c.notNull())
    .addColumn('reminded_at', ts)
    .execute();

  await p
    .id(db.schema.createTable('dispatch_reports'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('period_id', 'integer', (c) => c.notNull().references('dispatch_periods.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('is_current', 'integer', (c) => c.notNull())
    .addColumn('month_yuan', 'bigint', (c) => c.notNull())
    .addColumn('cumulative_yuan', 'bigint', (c) => c.notNull())
    .addColumn('progress_text', 'varchar(2000)')
    .addColumn('next_steps', 'varchar(2000)')
    .addColumn('problems', 'varchar(2000)')
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('correction_reason', 'varchar(500)')
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('filed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('filed_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dispatch_reports_version_key').on('dispatch_reports').columns(['project_id', 'period_id', 'version']).unique().execute();
  await db.schema.createIndex('dispatch_reports_period_idx').on('dispatch_reports').columns(['period_id', 'is_current', 'unit_id']).execute();

  await p
    .id(db.schema.createTable('dispatch_photos'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('period_id', 'integer', (c) => c.notNull().references('dispatch_periods.id'))
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('uploaded_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dispatch_photos_report_idx').on('dispatch_photos').columns(['project_id', 'period_id']).execute();

  await p
    .id(db.schema.createTable('dispatch_late_grants'))
    .addColumn('period_id', 'integer', (c) => c.notNull().references('dispatch_periods.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.references('users.id'))
    .addColumn('requested_at', ts, (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', ts)
    .addColumn('decision_reason', 'varchar(500)')
    .addColumn('until', 'varchar(10)')
    .execute();
  await db.schema.createIndex('dispatch_late_grants_idx').on('dispatch_late_grants').columns(['period_id', 'unit_id']).execute();

  await p
    .id(db.schema.createTable('warning_rules'))
    .addColumn('version', 'integer', (c) => c.notNull().unique())
    .addColumn('effective_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.insertInto('warning_rules').values({ version: 1, effective_from: '2000-01-01', definition: JSON.stringify(RULES_V1), note: '银川红黄绿灯规则（默认）', created_by: null, created_at: new Date().toISOString() }).execute();

  await db.schema
    .createTable('project_lights')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('period_id', 'integer', (c) => c.notNull().references('dispatch_periods.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('level', 'varchar(8)', (c) => c.notNull())
    .addColumn('raw_level', 'varchar(8)', (c) => c.notNull())
    // 0 green, 1 yellow, 2 red: the red/yellow list is an index range, red first, without a sort.
    .addColumn('severity', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('deviation_centi', 'integer')
    .addColumn('months_late', 'integer')
    .addColumn('rule_version', 'integer', (c) => c.notNull())
    .addColumn('computed_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('project_lights_pk', ['period_id', 'project_id', 'kind'])
    .execute();
  await db.schema.createIndex('project_lights_rank_idx').on('project_lights').columns(['period_id', 'severity', 'deviation_centi', 'project_id']).execute();
  await db.schema.createIndex('project_lights_unit_idx').on('project_lights').columns(['period_id', 'severity', 'unit_id', 'project_id']).execute();
  await db.schema.createIndex('project_lights_project_idx').on('project_lights').columns(['project_id', 'period_id']).execute();

  await p
    .id(db.schema.createTable('notifications'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('link', 'varchar(300)')
    .addColumn('dedup_key', 'varchar(200)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('read_at', ts)
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'read_at', 'id']).execute();
  await db.schema.createIndex('notifications_dedup_key').on('notifications').columns(['user_id', 'dedup_key']).unique().execute();
}
