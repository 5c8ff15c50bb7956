import type { Kysely, Transaction } from 'kysely';
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
