import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { STAGES } from '../../../../common/projects.js';
import { DEFAULT_RETURNS_RULE, periodOrder, type ReturnsRule } from '../../../../common/returns.js';
import type { DB } from '../../db/schema.js';
import type { DataScope } from '../../platform/scope.js';
import { scopeCondition } from '../../platform/scope.js';
import { rollUp, type Filed, type Quarter } from './rules.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Stages from 投产 on: the projects whose returns are followed. */
export const PRODUCING_STAGES = STAGES.slice(STAGES.indexOf('producing'));

/** The rule in force on a day (the newest version effective by then). */
export async function ruleOn(db: Db, day: string): Promise<{ version: number; rule: ReturnsRule }> {
  const row = await db.selectFrom('returns_rules').select(['version', 'definition']).where('effective_from', '<=', day).orderBy('effective_from', 'desc').orderBy('version', 'desc').executeTakeFirst();
  return row ? { version: row.version, rule: { ...DEFAULT_RETURNS_RULE, ...JSON.parse(row.definition) } } : { version: 0, rule: DEFAULT_RETURNS_RULE };
}

export async function projectHead(db: Db, id: number) {
  return db
    .selectFrom('projects as p')
    .innerJoin('units as h', 'h.id', 'p.host_unit_id')
    .select(['p.id', 'p.code', 'p.name', 'p.stage', 'p.status', 'p.version', 'p.host_unit_id', 'p.created_by', 'p.investor_name', 'p.land_mu', 'p.expected_output_yuan', 'p.expected_tax_yuan', 'p.expected_jobs', 'h.name as host_name'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export async function commitmentOf(db: Db, projectId: number) {
  return db.selectFrom('project_commitments').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}

/**
 * The projects whose figures are read: a list of ids (a page, one project), or every producing
 * project in a scope (under a unit), read through the scope's own query as a subquery — a city's
 * producing projects as bound ids would pass SQLite's 32,766 parameters (PostgreSQL's 65,535).
 */
export type ProjectSet = number[] | { scope: DataScope; unitId?: number };

/**
 * Periods filed for these projects as filed (quarters, and months where a unit files monthly),
 * all or from a quarter's year on. In no particular order: quarters and months do not sort
 * together as text (the rules order them by `periodOrder`).
 */
export async function filedOf(db: Db, projects: ProjectSet, fromQuarter?: string): Promise<Map<number, Filed[]>> {
  const out = new Map<number, Filed[]>();
  if (Array.isArray(projects) && !projects.length) return out;
  const ids = Array.isArray(projects) ? projects : producingInScope(db, projects.scope, projects.unitId).select('p.id');
  let q = db.selectFrom('project_returns').select(['project_id', 'period', 'output_yuan', 'tax_yuan', 'jobs']).where('project_id', 'in', ids);
  // Every period of the quarter's year and after (both kinds sort after 'YYYY-01'); the quarters before it are dropped after rolling up.
  if (fromQuarter) q = q.where('period', '>=', `${fromQuarter.slice(0, 4)}-01`);
  for (const r of await q.execute()) {
    const list = out.get(r.project_id);
    const f = { period: r.period, outputYuan: Number(r.output_yuan), taxYuan: Number(r.tax_yuan), jobs: r.jobs };
    if (list) list.push(f);
    else out.set(r.project_id, [f]);
  }
  return out;
}

/** Figures by quarter for these projects (a monthly filer's months summed into theirs), oldest first, all or from a quarter on. */
export async function quartersOf(db: Db, projects: ProjectSet, fromQuarter?: string): Promise<Map<number, Quarter[]>> {
  const out = new Map<number, Quarter[]>();
  for (const [id, filed] of await filedOf(db, projects, fromQuarter)) out.set(id, rollUp(filed).filter((q) => !fromQuarter || q.period >= fromQuarter));
  return out;
}

/** Producing projects (投产 and on, not terminated) in the reader's scope, under a unit if given. */
export function producingInScope(db: Db, scope: DataScope, unitId?: number) {
  let q = db
    .selectFrom('projects as p')
    .innerJoin('units as h', 'h.id', 'p.host_unit_id')
    .leftJoin('project_commitments as c', 'c.project_id', 'p.id')
    .where((eb) => scopeCondition(eb, scope, eb.ref('p.host_unit_id'), eb.ref('p.created_by')))
    .where('p.stage', 'in', PRODUCING_STAGES)
    .where('p.status', '!=', 'terminated');
  if (unitId !== undefined) q = q.where(sql<SqlBool>`h.path like (select u.path || '%' from units u where u.id = ${unitId})`);
  return q;
}

export async function proposalsOf(db: Db, projectId: number) {
  return db
    .selectFrom('returns_proposals as r')
    .leftJoin('users as u', 'u.id', 'r.decided_by')
    .select(['r.id', 'r.stage', 'r.period', 'r.evidence', 'r.rule_version', 'r.state', 'r.proposed_at', 'r.decided_at', 'r.decision_reason', 'u.display_name as decided_by_name'])
    .where('r.project_id', '=', projectId)
    .orderBy('r.id', 'desc')
    .execute();
}

/** The open proposals (stage waiting for the unit) of these projects. */
export async function openProposals(db: Db, projectIds: number[]) {
  if (!projectIds.length) return [];
  return db.selectFrom('returns_proposals').select(['project_id', 'stage']).where('project_id', 'in', projectIds).where('state', '=', 'proposed').execute();
}

/** A project's filed periods as stored (version and source included), oldest first. */
export async function filedRows(db: Db, projectId: number) {
  const rows = await db.selectFrom('project_returns').select(['period', 'output_yuan', 'tax_yuan', 'jobs', 'version', 'source']).where('project_id', '=', projectId).execute();
  return rows.sort((a, b) => periodOrder(a.period).localeCompare(periodOrder(b.period)));
}

/** Parks and zones in use: what 亩均 ranks. */
export async function parksAndZones(db: Db) {
  return db.selectFrom('units').select(['id', 'name', 'path']).where('kind', 'in', ['park', 'zone']).where('disabled', '=', 0).execute();
}
