import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * The project ledger: projects, one row per lifecycle stage (planned and actual date), a
 * timeline of changes, and the versioned industry-chain taxonomy (四群八链). Money is integer
 * yuan (万元 × 10,000) or integer US dollars: exact, and summed exactly by the database.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  const ts = p.timestamp;
  await p
    .id(db.schema.createTable('chains'))
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('cluster', 'varchar(100)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_to', 'varchar(10)')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await p
    .id(db.schema.createTable('projects'))
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('investor_name', 'varchar(200)')
    .addColumn('investor_uscc', 'varchar(18)')
    .addColumn('investor_region', 'varchar(100)')
    .addColumn('investor_tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('host_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('dept_unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('leader_name', 'varchar(100)')
    .addColumn('officer_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('chain_id', 'integer', (c) => c.references('chains.id'))
    .addColumn('chain_role', 'varchar(16)')
    .addColumn('nature', 'varchar(16)')
    .addColumn('category', 'varchar(16)')
    .addColumn('total_investment_yuan', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('fixed_asset_yuan', 'bigint')
    .addColumn('foreign_investment_usd', 'bigint')
    .addColumn('registered_capital_yuan', 'bigint')
    .addColumn('land_mu', 'varchar(20)')
    .addColumn('expected_output_yuan', 'bigint')
    .addColumn('expected_tax_yuan', 'bigint')
    .addColumn('expected_jobs', 'integer')
    .addColumn('source_channel', 'varchar(32)')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('progress_text', 'text')
    .addColumn('remarks', 'text')
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('normal'))
    .addColumn('status_reason', 'varchar(500)')
    .addColumn('signed_date', 'varchar(10)')
    .addColumn('started_date', 'varchar(10)')
    .addColumn('search_initials', 'varchar(400)', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  for (const col of ['host_unit_id', 'chain_id', 'stage', 'signed_date', 'started_date', 'total_investment_yuan', 'investor_uscc']) {
    await db.schema.createIndex(`projects_${col}_idx`).on('projects').column(col).execute();
  }

  await db.schema
    .createTable('project_stages')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('planned_date', 'varchar(10)')
    .addColumn('actual_date', 'varchar(10)')
    .addColumn('actual_unknown', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('project_stages_pk', ['project_id', 'stage'])
    .execute();

  await p
    .id(db.schema.createTable('project_events'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('from_value', 'varchar(100)')
    .addColumn('to_value', 'varchar(100)')
    .addColumn('reason', 'varchar(500)')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('project_events_project_idx').on('project_events').columns(['project_id', 'id']).execute();
}
