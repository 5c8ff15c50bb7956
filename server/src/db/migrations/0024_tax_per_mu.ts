import { sql, type Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * 亩均税收 as an indicator the ranking schemes can weigh (`tax_per_mu`, 万元/亩). A published
 * ranking must be recomputable exactly from the data as of its watermark, and the quarterly
 * figures and the land behind 亩均 are corrected in place: so every version of them is kept as
 * history rows written by triggers (as the ledger's are by migration 0014), whatever wrote them —
 * the unit's form, the bureau's sheet, a correction, the seed — and a ranking's watermark records
 * the highest history ids it saw.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  await p
    .id(db.schema.createTable('returns_history'))
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    // Null: the quarter's figures were removed (the project deleted).
    .addColumn('tax_yuan', 'bigint')
    .addColumn('output_yuan', 'bigint')
    .execute();
  await db.schema.createIndex('returns_history_idx').on('returns_history').columns(['project_id', 'period', 'id']).execute();
  await p
    .id(db.schema.createTable('land_history'))
    .addColumn('project_id', 'integer', (c) => c.notNull())
    // Null: no land committed (or the commitment removed).
    .addColumn('land_centimu', 'integer')
    .execute();
  await db.schema.createIndex('land_history_idx').on('land_history').columns(['project_id', 'id']).execute();

  const figures = (row: 'NEW' | 'OLD', gone = false) =>
    `insert into returns_history (project_id, period, tax_yuan, output_yuan) values (${row}.project_id, ${row}.period, ${gone ? 'null, null' : `${row}.tax_yuan, ${row}.output_yuan`});`;
  const land = (row: 'NEW' | 'OLD', gone = false) => `insert into land_history (project_id, land_centimu) values (${row}.project_id, ${gone ? 'null' : `${row}.land_centimu`});`;
  if (p.dialect === 'sqlite') {
    await sql.raw(`create trigger returns_history_ai after insert on project_returns begin ${figures('NEW')} end`).execute(db);
    await sql.raw(`create trigger returns_history_au after update on project_returns when NEW.tax_yuan is not OLD.tax_yuan or NEW.output_yuan is not OLD.output_yuan or NEW.period is not OLD.period begin ${figures('NEW')} end`).execute(db);
    await sql.raw(`create trigger returns_history_ad after delete on project_returns begin ${figures('OLD', true)} end`).execute(db);
    await sql.raw(`create trigger land_history_ai after insert on project_commitments begin ${land('NEW')} end`).execute(db);
    await sql.raw(`create trigger land_history_au after update on project_commitments when NEW.land_centimu is not OLD.land_centimu begin ${land('NEW')} end`).execute(db);
    await sql.raw(`create trigger land_history_ad after delete on project_commitments begin ${land('OLD', true)} end`).execute(db);
  } else {
    await sql.raw(`create function returns_history_log() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'DELETE' then ${figures('OLD', true)}
        elsif TG_OP = 'INSERT' or (NEW.tax_yuan, NEW.output_yuan, NEW.period) is distinct from (OLD.tax_yuan, OLD.output_yuan, OLD.period) then ${figures('NEW')}
        end if;
        return null;
      end $$`).execute(db);
    await sql.raw('create trigger returns_history_trg after insert or update or delete on project_returns for each row execute function returns_history_log()').execute(db);
    await sql.raw(`create function land_history_log() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'DELETE' then ${land('OLD', true)}
        elsif TG_OP = 'INSERT' or NEW.land_centimu is distinct from OLD.land_centimu then ${land('NEW')}
        end if;
        return null;
      end $$`).execute(db);
    await sql.raw('create trigger land_history_trg after insert or update or delete on project_commitments for each row execute function land_history_log()').execute(db);
  }
  // What stands today is the first version of each.
  await sql`insert into returns_history (project_id, period, tax_yuan, output_yuan) select project_id, period, tax_yuan, output_yuan from project_returns order by id`.execute(db);
  await sql`insert into land_history (project_id, land_centimu) select project_id, land_centimu from project_commitments order by project_id`.execute(db);

  const rules = await db.selectFrom('counting_rules').select('version').orderBy('version').limit(1).executeTakeFirst();
  if (!rules) return;
  await db
    .insertInto('indicators')
    .values({
      code: 'tax_per_mu',
      version: 1,
      name: '亩均税收',
      name_en: 'Tax per mu',
      unit: 'wanPerMu',
      // A year of tax at the pace of the quarters filed among the last four up to the as-of date,
      // over the land of the projects that filed them (the returns module's 亩均 of a park).
      definition: JSON.stringify({ measure: 'perMu', field: 'tax' }),
      rule_version: rules.version,
      builtin: 1,
      created_at: new Date().toISOString(),
    })
    .execute();
}
