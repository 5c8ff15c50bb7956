import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface AuditFilter {
  from?: string;
  to?: string;
  username?: string;
  unitId?: number;
  action?: string;
  objectType?: string;
  objectId?: string;
  result?: 'success' | 'failure';
}

/** The audit trail is read by the audit admin across the whole city: its scope is the filter. */
export function auditQuery(db: Kysely<DB>, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.from) q = q.where('audit_log.at', '>=', f.from);
  if (f.to) q = q.where('audit_log.at', '<=', f.to);
  if (f.username) q = q.where('audit_log.username', '=', f.username);
  if (f.unitId !== undefined) {
    const unitId = f.unitId;
    q = q.where(sql<SqlBool>`audit_log.unit_id in (select u.id from units u where u.path like (select p.path || '%' from units p where p.id = ${unitId}))`);
  }
  if (f.action) q = f.action.endsWith('.') ? q.where('audit_log.action', 'like', `${f.action}%`) : q.where('audit_log.action', '=', f.action);
  if (f.objectType) q = q.where('audit_log.object_type', '=', f.objectType);
  if (f.objectId) q = q.where('audit_log.object_id', '=', f.objectId);
  if (f.result) q = q.where('audit_log.result', '=', f.result);
  return q;
}

/** One page of the filtered trail, newest first, with the unit's name. */
export function auditPage(db: Kysely<DB>, f: AuditFilter, page: { limit: number; offset?: number; beforeId?: number | null }) {
  let q = auditQuery(db, f).leftJoin('units', 'units.id', 'audit_log.unit_id').selectAll('audit_log').select('units.name as unit_name');
  if (page.beforeId !== undefined && page.beforeId !== null) q = q.where('audit_log.id', '<', page.beforeId);
  return q
    .orderBy('audit_log.id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
}

export async function auditCount(db: Kysely<DB>, f: AuditFilter): Promise<number> {
  return Number((await auditQuery(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** An object an audit record is about, as the page needs it named. */
export interface ObjectRef {
  type: string;
  id: string;
}

type NameQuery = (db: Kysely<DB>, ids: number[], lang: 'zh-CN' | 'en-US') => Promise<{ id: number; name: string }[]>;

/**
 * How each kind of object is named: one query per kind, for all the ids of a page at once. Kinds
 * missing here (a session, the settings, a year's targets) are shown by their kind alone.
 */
const NAMERS: Record<string, NameQuery> = {
  user: (db, ids) => db.selectFrom('users').select(['id', sql<string>`display_name || ' (' || username || ')'`.as('name')]).where('id', 'in', ids).execute(),
  unit: (db, ids) => db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute(),
  role: (db, ids, lang) => db.selectFrom('roles').select(['id', lang === 'en-US' ? 'name_en as name' : 'name']).where('id', 'in', ids).execute(),
  project: (db, ids) => db.selectFrom('projects').select(['id', 'name']).where('id', 'in', ids).execute(),
  lead: (db, ids) => db.selectFrom('leads').select(['id', 'title as name']).where('id', 'in', ids).execute(),
  problem: (db, ids) => db.selectFrom('problems').select(['id', 'title as name']).where('id', 'in', ids).execute(),
  chain: (db, ids) => db.selectFrom('chains').select(['id', 'name']).where('id', 'in', ids).execute(),
  chain_map: (db, ids) => db.selectFrom('chains').select(['id', 'name']).where('id', 'in', ids).execute(),
  enterprise: (db, ids) => db.selectFrom('enterprises').select(['id', 'name']).where('id', 'in', ids).execute(),
  saved_filter: (db, ids) => db.selectFrom('saved_filters').select(['id', 'name']).where('id', 'in', ids).execute(),
  dispatch_period: (db, ids) => db.selectFrom('dispatch_periods').select(['id', 'period as name']).where('id', 'in', ids).execute(),
  ranking: (db, ids) => db.selectFrom('published_rankings').select(['id', 'period as name']).where('id', 'in', ids).execute(),
  loan_sheet: (db, ids) => db.selectFrom('loan_sheets').select(['id', 'period as name']).where('id', 'in', ids).execute(),
  key_list: async (db, ids) => {
    const rows = await db.selectFrom('key_lists').innerJoin('chains', 'chains.id', 'key_lists.chain_id').select(['key_lists.id as id', 'chains.name as chain', 'key_lists.year as year']).where('key_lists.id', 'in', ids).execute();
    return rows.map((r) => ({ id: r.id, name: `${r.chain} ${r.year}` }));
  },
  bank_plan: async (db, ids) => {
    const rows = await db
      .selectFrom('bank_plans')
      .innerJoin('chains', 'chains.id', 'bank_plans.chain_id')
      .leftJoin('enterprises', 'enterprises.id', 'bank_plans.enterprise_id')
      .select(['bank_plans.id as id', 'chains.name as chain', 'bank_plans.year as year', 'enterprises.name as enterprise'])
      .where('bank_plans.id', 'in', ids)
      .execute();
    return rows.map((r) => ({ id: r.id, name: `${r.chain} ${r.year}${r.enterprise ? ` · ${r.enterprise}` : ''}` }));
  },
  credit_line: (db, ids) => db.selectFrom('credit_lines').innerJoin('enterprises', 'enterprises.id', 'credit_lines.enterprise_id').select(['credit_lines.id as id', 'enterprises.name as name']).where('credit_lines.id', 'in', ids).execute(),
  activity: (db, ids) =>
    db
      .selectFrom('activities')
      .leftJoin('leads', 'leads.id', 'activities.lead_id')
      .leftJoin('projects', 'projects.id', 'activities.project_id')
      .select(['activities.id as id', sql<string>`coalesce(leads.title, projects.name)`.as('name')])
      .where('activities.id', 'in', ids)
      .execute(),
};

/** The names of the objects a page of the trail is about, keyed `type:id` (ids that no longer exist are left out). */
export async function objectNames(db: Kysely<DB>, refs: ObjectRef[], lang: 'zh-CN' | 'en-US'): Promise<Map<string, string>> {
  const idsByType = new Map<string, Set<number>>();
  for (const r of refs) {
    if (!NAMERS[r.type] || !/^\d{1,9}$/.test(r.id)) continue;
    const ids = idsByType.get(r.type) ?? new Set<number>();
    ids.add(Number(r.id));
    idsByType.set(r.type, ids);
  }
  const names = new Map<string, string>();
  await Promise.all(
    [...idsByType].map(async ([type, ids]) => {
      for (const row of await NAMERS[type]!(db, [...ids], lang)) if (row.name) names.set(`${type}:${row.id}`, row.name);
    }),
  );
  return names;
}
