import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * 投产达效与亩均效益. A project's commitments from its contract (design output; output and tax at
 * 达产 and at 达效 and the year each is due; jobs; land), its actuals per quarter as the unit files
 * them or the tax bureau's sheet brings them, the rules as versioned data, and the stages the
 * figures propose (达产, 达效) until the unit confirms or dismisses them. Amounts in yuan (bigint),
 * land in hundredths of a 亩, so every sum is exact.
 */
/** Version 1 of the rules, frozen here as it was written (common/returns.ts keeps the live default). */
const RULES_V1 = { capacityShare: 0.8, capacityQuarters: 2, gradeTaxPerMuWan: { A: 30, B: 15, C: 5 }, graceMonths: 0, redMonths: 6 };

export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  const ts = p.timestamp;
  await db.schema
    .createTable('project_commitments')
    .addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('design_output_yuan', 'bigint')
    .addColumn('capacity_year', 'integer')
    .addColumn('capacity_output_yuan', 'bigint')
    .addColumn('capacity_tax_yuan', 'bigint')
    .addColumn('returns_year', 'integer')
    .addColumn('returns_output_yuan', 'bigint')
    .addColumn('returns_tax_yuan', 'bigint')
    .addColumn('jobs', 'integer')
    .addColumn('land_centimu', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await p
    .id(db.schema.createTable('project_returns'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    .addColumn('output_yuan', 'bigint', (c) => c.notNull())
    .addColumn('tax_yuan', 'bigint', (c) => c.notNull())
    .addColumn('jobs', 'integer')
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('filed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('filed_at', ts, (c) => c.notNull())
    .addUniqueConstraint('project_returns_uq', ['project_id', 'period'])
    .execute();
  await db.schema.createIndex('project_returns_period_idx').on('project_returns').columns(['period', 'project_id']).execute();

  await p
    .id(db.schema.createTable('returns_rules'))
    .addColumn('version', 'integer', (c) => c.notNull().unique())
    .addColumn('effective_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.insertInto('returns_rules').values({ version: 1, effective_from: '2000-01-01', definition: JSON.stringify(RULES_V1), note: '达产：连续两个季度产值达设计产能的 80%；达效：年度入库税收达承诺；亩均税收 A≥30、B≥15、C≥5 万元/亩', created_by: null, created_at: new Date().toISOString() }).execute();

  await p
    .id(db.schema.createTable('returns_proposals'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('rule_version', 'integer', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('proposed_at', ts, (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', ts)
    .addColumn('decision_reason', 'varchar(500)')
    .execute();
  await db.schema.createIndex('returns_proposals_idx').on('returns_proposals').columns(['project_id', 'stage', 'state']).execute();
}
