import { sql, type Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/** The counting rules (统计口径) version 1 was born with (domain.md). */
// 10亿元以上 takes the foreign rule of 亿元以上 at the same ratio (1亿美元).
const COUNTING_RULES_V1 = { above100mYuan: 100_000_000, above10mUsd: 10_000_000, above1bYuan: 1_000_000_000, above100mUsd: 100_000_000 };

/** The built-in indicators of the issue, as data (their meaning lives in targets/indicators.ts). */
const BUILTIN_INDICATORS = [
  { code: 'signed_100m', name: '新签约亿元以上项目数', name_en: 'New signed projects ≥ ¥100m', unit: 'count', definition: { measure: 'count', stage: 'signed', band: 'above100m' } },
  { code: 'signed_1b', name: '其中10亿元以上项目数', name_en: 'Of which ≥ ¥1bn', unit: 'count', definition: { measure: 'count', stage: 'signed', band: 'above1b' } },
  { code: 'started_100m', name: '新开工亿元以上项目数', name_en: 'New started projects ≥ ¥100m', unit: 'count', definition: { measure: 'count', stage: 'started', band: 'above100m' } },
  { code: 'chain_share', name: '“四群八链”项目占比', name_en: 'Industry-chain share', unit: 'percent', definition: { measure: 'share', stage: 'signed', band: 'above100m', numerator: { chain: true } } },
  { code: 'investment_wan', name: '重点项目完成投资', name_en: 'Key-project investment completed', unit: 'wan', definition: { measure: 'reportedCumulative', includeTerminated: true } },
];

const DEFAULT_SCHEME = {
  method: 'efficacy',
  weights: { signed_100m: 40, signed_1b: 10, started_100m: 20, chain_share: 10, investment_wan: 20 },
  bonuses: [],
  deductions: [],
};

/**
 * Targets and the 赛马榜. Indicators, counting rules and scoring schemes are versioned data; targets
 * are kept as versions (the newest per unit, year and indicator is in force). What an indicator
 * counts — a project's host unit, status, amounts, chain, stage dates and credit shares — is also
 * kept as history rows written by triggers, so every way a project changes (form, import, seed,
 * console, a future module) is recorded without anyone having to remember to; a published ranking
 * keeps the highest history ids it saw and can be recomputed exactly from the data as it was.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  const ts = p.timestamp;
  await p
    .id(db.schema.createTable('project_history'))
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('host_unit_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('total_investment_yuan', 'bigint', (c) => c.notNull())
    .addColumn('foreign_investment_usd', 'bigint')
    .addColumn('chain_id', 'integer')
    .addColumn('signed_date', 'varchar(10)')
    .addColumn('started_date', 'varchar(10)')
    .execute();
  await db.schema.createIndex('project_history_project_idx').on('project_history').columns(['project_id', 'id']).execute();

  await p
    .id(db.schema.createTable('project_stage_history'))
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('actual_date', 'varchar(10)')
    .execute();
  await db.schema.createIndex('project_stage_history_idx').on('project_stage_history').columns(['stage', 'project_id', 'id']).execute();

  // share null: the unit's credit was removed.
  await p
    .id(db.schema.createTable('credit_history'))
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('share', 'integer')
    .execute();
  await db.schema.createIndex('credit_history_project_idx').on('credit_history').columns(['project_id', 'unit_id', 'id']).execute();

  await db.schema
    .createTable('counting_rules')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('indicators')
    .addColumn('code', 'varchar(40)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(100)', (c) => c.notNull())
    .addColumn('unit', 'varchar(16)', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('rule_version', 'integer', (c) => c.notNull().references('counting_rules.version'))
    .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('indicators_pk', ['code', 'version'])
    .execute();

  await p
    .id(db.schema.createTable('target_versions'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('indicator_code', 'varchar(40)', (c) => c.notNull())
    // Decimal text in the indicator's unit (个, 万元, %); null: the target was withdrawn.
    .addColumn('value', 'varchar(40)')
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('target_versions_key_idx').on('target_versions').columns(['year', 'unit_id', 'indicator_code', 'id']).execute();

  await p
    .id(db.schema.createTable('scoring_schemes'))
    .addColumn('code', 'varchar(40)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(100)', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('scoring_schemes_code_version', ['code', 'version'])
    .execute();

  await p
    .id(db.schema.createTable('published_rankings'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    .addColumn('as_of', 'varchar(10)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('scheme_id', 'integer', (c) => c.notNull().references('scoring_schemes.id'))
    .addColumn('rule_version', 'integer', (c) => c.notNull())
    .addColumn('indicator_versions', 'text', (c) => c.notNull())
    .addColumn('watermark', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('published_by', 'integer', (c) => c.references('users.id'))
    .addColumn('published_at', ts, (c) => c.notNull())
    .addUniqueConstraint('published_rankings_period_version', ['period', 'version'])
    .execute();

  await p
    .id(db.schema.createTable('briefings'))
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('briefings_period_version', ['period', 'version'])
    .execute();

  const now = new Date().toISOString();
  await db.insertInto('counting_rules').values({ version: 1, valid_from: '2000-01-01', definition: JSON.stringify(COUNTING_RULES_V1), created_at: now }).execute();
  await db
    .insertInto('indicators')
    .values(BUILTIN_INDICATORS.map((i) => ({ ...i, version: 1, definition: JSON.stringify(i.definition), rule_version: 1, builtin: 1, created_at: now })))
    .execute();
  await db
    .insertInto('scoring_schemes')
    .values({ code: 'default', version: 1, name: '功效系数法（默认）', name_en: 'Efficacy coefficient (default)', definition: JSON.stringify(DEFAULT_SCHEME), valid_from: '2000-01-01', created_at: now })
    .execute();

  await createHistoryTriggers(db, p);
  // The ledger as it stands is the history's first row.
  await sql`insert into project_history (project_id, host_unit_id, status, total_investment_yuan, foreign_investment_usd, chain_id, signed_date, started_date)
    select id, host_unit_id, status, total_investment_yuan, foreign_investment_usd, chain_id, signed_date, started_date from projects order by id`.execute(db);
  await sql`insert into project_stage_history (project_id, stage, actual_date)
    select project_id, stage, actual_date from project_stages where actual_date is not null order by project_id`.execute(db);
  await sql`insert into credit_history (project_id, unit_id, share)
    select object_id, unit_id, share from credits where object_type = 'project' order by object_id`.execute(db);
}

const PROJECT_COLUMNS = ['host_unit_id', 'status', 'total_investment_yuan', 'foreign_investment_usd', 'chain_id', 'signed_date', 'started_date'];

async function createHistoryTriggers(db: Kysely<any>, p: Portable): Promise<void> {
  const cols = PROJECT_COLUMNS.join(', ');
  const news = PROJECT_COLUMNS.map((c) => `NEW.${c}`).join(', ');
  const projectInsert = `insert into project_history (project_id, ${cols}) values (NEW.id, ${news});`;
  const stageInsert = 'insert into project_stage_history (project_id, stage, actual_date) values (NEW.project_id, NEW.stage, NEW.actual_date);';
  if (p.dialect === 'sqlite') {
    const changed = PROJECT_COLUMNS.map((c) => `NEW.${c} is not OLD.${c}`).join(' or ');
    await sql.raw(`create trigger project_history_ai after insert on projects begin ${projectInsert} end`).execute(db);
    await sql.raw(`create trigger project_history_au after update on projects when ${changed} begin ${projectInsert} end`).execute(db);
    await sql.raw(`create trigger project_stage_history_ai after insert on project_stages when NEW.actual_date is not null begin ${stageInsert} end`).execute(db);
    await sql.raw(`create trigger project_stage_history_au after update on project_stages when NEW.actual_date is not OLD.actual_date begin ${stageInsert} end`).execute(db);
    // A lifecycle rewritten by a re-import deletes and inserts its stages: a date that went away is history too.
    await sql.raw(`create trigger project_stage_history_ad after delete on project_stages when OLD.actual_date is not null begin insert into project_stage_history (project_id, stage, actual_date) values (OLD.project_id, OLD.stage, null); end`).execute(db);
    await sql.raw(`create trigger credit_history_ai after insert on credits when NEW.object_type = 'project' begin insert into credit_history (project_id, unit_id, share) values (NEW.object_id, NEW.unit_id, NEW.share); end`).execute(db);
    await sql.raw(`create trigger credit_history_au after update on credits when NEW.object_type = 'project' or OLD.object_type = 'project' begin
      insert into credit_history (project_id, unit_id, share) select OLD.object_id, OLD.unit_id, null where OLD.object_type = 'project' and (OLD.object_id is not NEW.object_id or OLD.unit_id is not NEW.unit_id or NEW.object_type <> 'project');
      insert into credit_history (project_id, unit_id, share) select NEW.object_id, NEW.unit_id, NEW.share where NEW.object_type = 'project'; end`).execute(db);
    await sql.raw(`create trigger credit_history_ad after delete on credits when OLD.object_type = 'project' begin insert into credit_history (project_id, unit_id, share) values (OLD.object_id, OLD.unit_id, null); end`).execute(db);
    return;
  }
  const oldRow = PROJECT_COLUMNS.map((c) => `OLD.${c}`).join(', ');
  await sql.raw(`create function project_history_log() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'INSERT' or (${news}) is distinct from (${oldRow}) then ${projectInsert} end if;
      return null;
    end $$`).execute(db);
  await sql.raw('create trigger project_history_trg after insert or update on projects for each row execute function project_history_log()').execute(db);
  await sql.raw(`create function project_stage_history_log() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'DELETE' then
        if OLD.actual_date is not null then insert into project_stage_history (project_id, stage, actual_date) values (OLD.project_id, OLD.stage, null); end if;
      elsif (TG_OP = 'INSERT' and NEW.actual_date is not null) or (TG_OP = 'UPDATE' and NEW.actual_date is distinct from OLD.actual_date) then ${stageInsert} end if;
      return null;
    end $$`).execute(db);
  await sql.raw('create trigger project_stage_history_trg after insert or update or delete on project_stages for each row execute function project_stage_history_log()').execute(db);
  await sql.raw(`create function credit_history_log() returns trigger language plpgsql as $$
    begin
      if TG_OP in ('UPDATE', 'DELETE') and OLD.object_type = 'project'
         and (TG_OP = 'DELETE' or (OLD.object_id, OLD.unit_id, OLD.object_type) is distinct from (NEW.object_id, NEW.unit_id, NEW.object_type)) then
        insert into credit_history (project_id, unit_id, share) values (OLD.object_id, OLD.unit_id, null);
      end if;
      if TG_OP in ('INSERT', 'UPDATE') and NEW.object_type = 'project' then
        insert into credit_history (project_id, unit_id, share) values (NEW.object_id, NEW.unit_id, NEW.share);
      end if;
      return null;
    end $$`).execute(db);
  await sql.raw('create trigger credit_history_trg after insert or update or delete on credits for each row execute function credit_history_log()').execute(db);
}
