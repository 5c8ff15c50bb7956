import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * The enterprise registry and the 金链行动. An enterprise keeps its names as it was known by them
 * (a renamed company is the same credit code), and tags with who said so and for when (专精特新
 * 小巨人 from which list, valid until). Each chain's key-enterprise list (重点企业清单) of a year is
 * kept in versions, the newest in force. Banks take chains per year; a bank records its plans
 * (一链一方案, 一企一策), its credit lines (授信) and what is drawn and repaid on them.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  const ts = p.timestamp;
  await db.schema.alterTable('enterprises').addColumn('name_key', 'varchar(200)').execute();
  await db.schema.alterTable('enterprises').addColumn('industry', 'varchar(100)').execute();
  // Pinyin initials of the name (zcdl → 中船动力), as the ledger searches projects.
  await db.schema.alterTable('enterprises').addColumn('search_initials', 'varchar(400)').execute();

  await p
    .id(db.schema.createTable('enterprise_names'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('source', 'varchar(40)', (c) => c.notNull())
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enterprise_names_idx').on('enterprise_names').columns(['enterprise_id', 'id']).execute();

  await p
    .id(db.schema.createTable('enterprise_tags'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('tag', 'varchar(40)', (c) => c.notNull())
    .addColumn('source', 'varchar(200)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_to', 'varchar(10)')
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enterprise_tags_idx').on('enterprise_tags').columns(['enterprise_id', 'tag']).execute();

  await p
    .id(db.schema.createTable('key_lists'))
    .addColumn('chain_id', 'integer', (c) => c.notNull().references('chains.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('key_lists_version_uq', ['chain_id', 'year', 'version'])
    .execute();

  await db.schema
    .createTable('key_list_items')
    .addColumn('list_id', 'integer', (c) => c.notNull().references('key_lists.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id'))
    .addColumn('segment', 'varchar(12)')
    .addColumn('role', 'varchar(12)')
    .addColumn('financing_need', 'varchar(500)')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('key_list_items_pk', ['list_id', 'enterprise_id'])
    .execute();
  await db.schema.createIndex('key_list_items_enterprise_idx').on('key_list_items').columns(['enterprise_id', 'list_id']).execute();

  await db.schema
    .createTable('bank_chains')
    .addColumn('bank_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('chain_id', 'integer', (c) => c.notNull().references('chains.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('bank_chains_pk', ['year', 'bank_unit_id', 'chain_id'])
    .execute();

  await p
    .id(db.schema.createTable('credit_lines'))
    .addColumn('bank_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id'))
    .addColumn('chain_id', 'integer', (c) => c.notNull().references('chains.id'))
    .addColumn('amount_yuan', 'bigint', (c) => c.notNull())
    .addColumn('granted_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('term_months', 'integer')
    .addColumn('note', 'varchar(500)')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_lines_bank_idx').on('credit_lines').columns(['bank_unit_id', 'granted_on']).execute();
  await db.schema.createIndex('credit_lines_enterprise_idx').on('credit_lines').columns(['enterprise_id']).execute();

  await p
    .id(db.schema.createTable('credit_moves'))
    .addColumn('credit_line_id', 'integer', (c) => c.notNull().references('credit_lines.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('amount_yuan', 'bigint', (c) => c.notNull())
    .addColumn('on_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_moves_line_idx').on('credit_moves').columns(['credit_line_id', 'on_date']).execute();

  await p
    .id(db.schema.createTable('bank_plans'))
    .addColumn('bank_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('chain_id', 'integer', (c) => c.notNull().references('chains.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('enterprise_id', 'integer', (c) => c.references('enterprises.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bank_plans_idx').on('bank_plans').columns(['year', 'bank_unit_id', 'chain_id']).execute();

  // The chain map: the gaps the city wants filled on a chain (补链 targets) by segment, and the firms
  // it courts for each, matched to the leads that chase them by the lead matcher's name key.
  await p
    .id(db.schema.createTable('chain_gaps'))
    .addColumn('chain_id', 'integer', (c) => c.notNull().references('chains.id'))
    .addColumn('segment', 'varchar(12)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chain_gaps_chain_idx').on('chain_gaps').columns(['chain_id', 'sort_order']).execute();
  await p
    .id(db.schema.createTable('chain_gap_targets'))
    .addColumn('gap_id', 'integer', (c) => c.notNull().references('chain_gaps.id').onDelete('cascade'))
    .addColumn('enterprise_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(200)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chain_gap_targets_gap_idx').on('chain_gap_targets').columns(['gap_id']).execute();

  // The finance regulator's monthly loan sheet (金融机构人民币贷款情况表): institutions by the names
  // they go by (which vary from month to month), each month's sheet in versions, the city total as
  // the sheet states it and one row per institution; amounts in yuan, growth rates as decimal text.
  await p
    .id(db.schema.createTable('loan_institutions'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('bank_unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await p
    .id(db.schema.createTable('loan_sheets'))
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('balance_yuan', 'bigint', (c) => c.notNull())
    .addColumn('ytd_change_yuan', 'bigint', (c) => c.notNull())
    .addColumn('yoy_percent', 'varchar(16)')
    .addColumn('mfg_balance_yuan', 'bigint')
    .addColumn('mfg_ytd_change_yuan', 'bigint')
    .addColumn('file_sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('imported_by', 'integer', (c) => c.references('users.id'))
    .addColumn('imported_at', ts, (c) => c.notNull())
    .addUniqueConstraint('loan_sheets_version_uq', ['period', 'version'])
    .execute();
  await db.schema
    .createTable('loan_rows')
    .addColumn('sheet_id', 'integer', (c) => c.notNull().references('loan_sheets.id').onDelete('cascade'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('loan_institutions.id'))
    .addColumn('name_as_written', 'varchar(100)', (c) => c.notNull())
    .addColumn('balance_yuan', 'bigint', (c) => c.notNull())
    .addColumn('ytd_change_yuan', 'bigint', (c) => c.notNull())
    .addColumn('yoy_percent', 'varchar(16)')
    .addColumn('mfg_balance_yuan', 'bigint')
    .addColumn('mfg_ytd_change_yuan', 'bigint')
    .addPrimaryKeyConstraint('loan_rows_pk', ['sheet_id', 'institution_id'])
    .execute();
}
