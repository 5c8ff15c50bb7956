import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { ABOVE_100M_YUAN, ABOVE_10M_USD } from '../../../../common/projects.js';
import type { Dialect } from '../../db/connect.js';
import { containsText, toNumber } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { wanFilterToUnits } from '../../platform/money.js';
import { scopeCondition, type DataScope } from '../../platform/scope.js';
import { nameOrInvestorContains } from './grams.js';

export interface ProjectFilter {
  q?: string;
  unitId?: number;
  chainId?: number;
  stages?: string[];
  status?: string;
  minWan?: number;
  maxWan?: number;
  above100m?: boolean;
  signedYear?: number;
  startedYear?: number;
  tag?: string;
  leader?: string;
  officerId?: number;
}

export const SORTABLE = { id: 'projects.id', name: 'projects.name', code: 'projects.code', totalInvestment: 'projects.total_investment_yuan', signedDate: 'projects.signed_date', startedDate: 'projects.started_date', updatedAt: 'projects.updated_at' } as const;
export type SortKey = keyof typeof SORTABLE;

type Db = Kysely<DB> | Transaction<DB>;

/** Every read of projects starts here: the data scope first, then the user's filters. */
export function scopedProjects(db: Db, dialect: Dialect, scope: DataScope, f: ProjectFilter = {}) {
  let q = db
    .selectFrom('projects')
    .innerJoin('units as host', 'host.id', 'projects.host_unit_id')
    .where((eb) => scopeCondition(eb, scope, eb.ref('projects.host_unit_id'), eb.ref('projects.created_by')));
  if (f.q) {
    const text = f.q.trim();
    q = q.where((eb) => {
      const ors = [nameOrInvestorContains(eb, text, dialect)];
      // Codes are ASCII: a query with any other character cannot be one, and need not scan for it.
      if (/^[\x21-\x7e]+$/.test(text)) ors.push(containsText('projects.code', text, dialect));
      if (/^[0-9A-Z]{18}$/i.test(text)) ors.push(eb('projects.investor_uscc', '=', text.toUpperCase()));
      // Pinyin initials (zcdl → 中船动力) are kept lower-case at write time.
      if (/^[a-z]{2,}$/i.test(text)) ors.push(eb('projects.search_initials', 'like', `%${text.toLowerCase()}%`));
      return eb.or(ors);
    });
  }
  if (f.unitId !== undefined) q = q.where(sql<SqlBool>`host.path like (select u.path || '%' from units u where u.id = ${f.unitId})`);
  if (f.chainId !== undefined) q = q.where('projects.chain_id', '=', f.chainId);
  if (f.stages?.length) q = q.where('projects.stage', 'in', f.stages);
  if (f.status) q = q.where('projects.status', '=', f.status);
  if (f.minWan !== undefined) q = q.where('projects.total_investment_yuan', '>=', wanFilterToUnits(f.minWan));
  if (f.maxWan !== undefined) q = q.where('projects.total_investment_yuan', '<', wanFilterToUnits(f.maxWan));
  if (f.above100m !== undefined) {
    // The counting rule of 亿元以上, derived in the query, never stored or typed in.
    const above = sql<SqlBool>`(projects.total_investment_yuan >= ${ABOVE_100M_YUAN} or coalesce(projects.foreign_investment_usd, 0) >= ${ABOVE_10M_USD})`;
    q = q.where(f.above100m ? above : sql<SqlBool>`not ${above}`);
  }
  if (f.signedYear) q = q.where('projects.signed_date', '>=', `${f.signedYear}-01-01`).where('projects.signed_date', '<=', `${f.signedYear}-12-31`);
  if (f.startedYear) q = q.where('projects.started_date', '>=', `${f.startedYear}-01-01`).where('projects.started_date', '<=', `${f.startedYear}-12-31`);
  if (f.tag) q = q.where(containsText('projects.tags', JSON.stringify(f.tag), dialect, true));
  if (f.leader) q = q.where('projects.leader_name', '=', f.leader);
  if (f.officerId !== undefined) q = q.where('projects.officer_user_id', '=', f.officerId);
  return q;
}

export const LIST_COLUMNS = [
  'projects.id',
  'projects.code',
  'projects.name',
  'projects.investor_name',
  'projects.host_unit_id',
  'host.name as host_unit_name',
  'projects.chain_id',
  'projects.chain_role',
  'projects.stage',
  'projects.status',
  'projects.total_investment_yuan',
  'projects.foreign_investment_usd',
  'projects.signed_date',
  'projects.started_date',
  'projects.leader_name',
  'projects.officer_user_id',
  'projects.tags',
  'projects.version',
  'projects.updated_at',
] as const;

/**
 * One page, the total count and the total investment of everything the filter matches.
 * The page is found on ids alone and its columns fetched after (a deferred join): sorting tens
 * of thousands of narrow (key, id) pairs is far cheaper than sorting whole rows.
 */
export async function listProjects(db: Kysely<DB>, dialect: Dialect, scope: DataScope, f: ProjectFilter, page: number, pageSize: number, sort: SortKey = 'id', order: 'asc' | 'desc' = 'desc') {
  const base = scopedProjects(db, dialect, scope, f);
  const pageIds = base
    .select('projects.id')
    .orderBy(SORTABLE[sort], order)
    .orderBy('projects.id', order)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [rows, totals] = await Promise.all([
    db
      .selectFrom('projects')
      .innerJoin('units as host', 'host.id', 'projects.host_unit_id')
      .leftJoin('chains', 'chains.id', 'projects.chain_id')
      .select([...LIST_COLUMNS, 'chains.name as chain_name'])
      .where('projects.id', 'in', pageIds)
      .orderBy(SORTABLE[sort], order)
      .orderBy('projects.id', order)
      .execute(),
    base.select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum<number>('projects.total_investment_yuan').as('yuan')]).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toNumber(totals.n), totalInvestmentYuan: toNumber(totals.yuan) };
}

/** One project in scope with its lifecycle rows and the newest 200 timeline entries; null when not in scope. */
export async function projectDetailRows(db: Kysely<DB>, dialect: Dialect, scope: DataScope, id: number) {
  const row = await scopedProjects(db, dialect, scope)
    .leftJoin('chains', 'chains.id', 'projects.chain_id')
    .selectAll('projects')
    .select(['host.name as host_unit_name', 'chains.name as chain_name'])
    .where('projects.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [stages, events] = await Promise.all([
    db.selectFrom('project_stages').selectAll().where('project_id', '=', id).execute(),
    db
      .selectFrom('project_events')
      .leftJoin('users', 'users.id', 'project_events.user_id')
      .select(['project_events.id', 'project_events.at', 'users.display_name', 'project_events.kind', 'project_events.from_value', 'project_events.to_value', 'project_events.reason'])
      .where('project_id', '=', id)
      .orderBy('project_events.id', 'desc')
      .limit(200)
      .execute(),
  ]);
  return { row, stages, events };
}

/** The attachments of a project in scope; null when the project is not in scope. */
export async function attachmentsInScope(db: Kysely<DB>, dialect: Dialect, scope: DataScope, projectId: number) {
  const visible = await scopedProjects(db, dialect, scope).select('projects.id').where('projects.id', '=', projectId).executeTakeFirst();
  if (!visible) return null;
  return db
    .selectFrom('project_attachments')
    .leftJoin('users', 'users.id', 'project_attachments.uploaded_by')
    .select(['project_attachments.id', 'file_name', 'mime', 'size', 'sha256', 'users.display_name', 'uploaded_at'])
    .where('project_id', '=', projectId)
    .orderBy('project_attachments.id', 'desc')
    .execute();
}

/** Chain names in the taxonomy's order, for the import template's dropdown. */
export async function chainNames(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('chains').select('name').orderBy('sort_order').execute()).map((c) => c.name);
}
