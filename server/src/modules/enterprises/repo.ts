import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Dialect } from '../../db/connect.js';
import { containsText } from '../../db/portable.js';
import type { Actor } from '../../platform/context.js';
import type { DataScope } from '../../platform/scope.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface EnterpriseRow {
  id: number;
  uscc: string;
  name: string;
  unit_id: number | null;
  serving_unit_id: number;
}

const COLUMNS = ['id', 'uscc', 'name', 'unit_id', 'serving_unit_id'] as const;

/** The enterprise an actor speaks for: the one whose org-tree unit the actor belongs to, for `self` scopes only. */
export async function enterpriseOfActor(db: Db, actor: Actor): Promise<EnterpriseRow | null> {
  if (!actor.scope.self) return null;
  return (await db.selectFrom('enterprises').select(COLUMNS).where('unit_id', '=', actor.unitId).executeTakeFirst()) ?? null;
}

export async function enterpriseById(db: Db, id: number): Promise<EnterpriseRow | undefined> {
  return db.selectFrom('enterprises').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function enterpriseByUscc(db: Db, uscc: string): Promise<EnterpriseRow | undefined> {
  return db.selectFrom('enterprises').select(COLUMNS).where('uscc', '=', uscc).executeTakeFirst();
}

/** The enterprises served by units of the scope, with their contacts' count; one page and the total. */
export async function servedEnterprises(db: Db, dialect: Dialect, scope: DataScope, q: string | undefined, page: number, pageSize: number) {
  let rows = db
    .selectFrom('enterprises as e')
    .innerJoin('units as s', 's.id', 'e.serving_unit_id')
    .select((eb) => ['e.id', 'e.uscc', 'e.name', 'e.serving_unit_id', 's.name as serving_unit_name', eb.selectFrom('users as u').select((x) => x.fn.countAll().as('n')).whereRef('u.unit_id', '=', 'e.unit_id').where('u.disabled', '=', 0).as('contacts')]);
  let count = db.selectFrom('enterprises as e').select((eb) => eb.fn.countAll().as('n'));
  if (!scope.all) {
    const units = scope.unitIds.length ? scope.unitIds : [-1];
    rows = rows.where('e.serving_unit_id', 'in', units);
    count = count.where('e.serving_unit_id', 'in', units);
  }
  if (q) {
    rows = rows.where((eb) => eb.or([containsText('e.name', q, dialect), containsText('e.uscc', q, dialect)]));
    count = count.where((eb) => eb.or([containsText('e.name', q, dialect), containsText('e.uscc', q, dialect)]));
  }
  const [items, total] = await Promise.all([rows.orderBy('e.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(), count.executeTakeFirstOrThrow()]);
  return { items, total: Number(total.n) };
}

/** An enterprise's contacts (users of its own unit). */
export async function contactsOf(db: Db, unitId: number | null) {
  if (unitId === null) return [];
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'disabled', 'last_login_at']).where('unit_id', '=', unitId).orderBy('id').execute();
}

/** The enterprise's projects (by its credit code), with their stages. */
export async function enterpriseProjects(db: Db, uscc: string) {
  const projects = await db.selectFrom('projects').select(['id', 'code', 'name', 'stage', 'version']).where('investor_uscc', '=', uscc).orderBy('id').limit(200).execute();
  const stages = projects.length ? await db.selectFrom('project_stages').select(['project_id', 'stage', 'planned_date', 'actual_date']).where('project_id', 'in', projects.map((p) => p.id)).orderBy('project_id').execute() : [];
  return { projects, stages };
}

/** A project of the enterprise (its investor's credit code), or nothing. */
export async function projectOfEnterprise(db: Db, projectId: number, uscc: string) {
  return db.selectFrom('projects').select(['id', 'host_unit_id', 'stage', 'name']).where('id', '=', projectId).where('investor_uscc', '=', uscc).executeTakeFirst();
}

/** The city's registry, searched as the ledger is (two characters of the name, the credit code, pinyin initials), one page and the count. */
export async function searchRegistry(db: Db, dialect: Dialect, f: { q?: string; tag?: string }, page: number, pageSize: number) {
  const text = f.q?.trim() ?? '';
  const initials = /^[a-z]{2,}$/i.test(text) ? `%${text.toLowerCase()}%` : null;
  const where = (eb: ExpressionBuilder<DB, 'enterprises'>) => {
    const all = [];
    if (text) all.push(eb.or([containsText('enterprises.name', text, dialect), containsText('enterprises.uscc', text, dialect), ...(initials ? [eb('enterprises.search_initials', 'like', initials)] : [])]));
    if (f.tag) all.push(eb.exists(eb.selectFrom('enterprise_tags as t').select('t.id').whereRef('t.enterprise_id', '=', 'enterprises.id').where('t.tag', '=', f.tag)));
    return eb.and(all);
  };
  const [items, total] = await Promise.all([
    db
      .selectFrom('enterprises')
      .innerJoin('units as s', 's.id', 'enterprises.serving_unit_id')
      .select(['enterprises.id', 'enterprises.uscc', 'enterprises.name', 'enterprises.industry', 's.name as serving_unit_name'])
      .where((eb) => where(eb as unknown as ExpressionBuilder<DB, 'enterprises'>))
      .orderBy('enterprises.name')
      .orderBy('enterprises.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db.selectFrom('enterprises').select((eb) => eb.fn.countAll().as('n')).where(where).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** One enterprise's record: its names, tags, list memberships and the projects and leads that carry its credit code or name. */
export async function registryRecord(db: Db, id: number) {
  const e = await db
    .selectFrom('enterprises as e')
    .innerJoin('units as s', 's.id', 'e.serving_unit_id')
    .select(['e.id', 'e.uscc', 'e.name', 'e.name_key', 'e.industry', 'e.serving_unit_id', 's.name as serving_unit_name'])
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!e) return null;
  const [names, tags, lists, projects, leads] = await Promise.all([
    db.selectFrom('enterprise_names').select(['name', 'source', 'recorded_at']).where('enterprise_id', '=', id).orderBy('id').execute(),
    db.selectFrom('enterprise_tags').select(['tag', 'source', 'valid_from', 'valid_to']).where('enterprise_id', '=', id).orderBy('valid_from', 'desc').orderBy('id').execute(),
    db
      .selectFrom('key_list_items as i')
      .innerJoin('key_lists as l', 'l.id', 'i.list_id')
      .innerJoin('chains as c', 'c.id', 'l.chain_id')
      .select(['l.year', 'l.chain_id', 'c.name as chain_name', 'l.version', 'i.segment', 'i.role'])
      .where('i.enterprise_id', '=', id)
      .where((eb) => eb('l.version', '=', eb.selectFrom('key_lists as l2').select((x) => x.fn.max('l2.version').as('v')).whereRef('l2.chain_id', '=', 'l.chain_id').whereRef('l2.year', '=', 'l.year')))
      .orderBy('l.year', 'desc')
      .execute(),
    db.selectFrom('projects as p').innerJoin('units as h', 'h.id', 'p.host_unit_id').select(['p.id', 'p.code', 'p.name', 'p.stage', 'p.host_unit_id', 'p.created_by', 'h.name as host_name']).where('p.investor_uscc', '=', e.uscc).orderBy('p.id').limit(100).execute(),
    db
      .selectFrom('leads as l')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .select(['l.id', 'l.code', 'l.title', 'l.status', 'l.unit_id', 'u.name as unit_name'])
      .where((eb) => eb.or([eb('l.enterprise_uscc', '=', e.uscc), ...(e.name_key ? [eb('l.enterprise_key', '=', e.name_key)] : [])]))
      .orderBy('l.id')
      .limit(100)
      .execute(),
  ]);
  return { e, names, tags, lists, projects, leads };
}
