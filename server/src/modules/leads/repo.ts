import { sql, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { escapeLike, likeOperator, toNumber } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import type { DataScope } from '../../platform/scope.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface LeadFilter {
  q?: string;
  status?: string[];
  source?: string;
  unitId?: number;
  chainId?: number;
  conflict?: boolean;
  overdue?: boolean;
  registeredYear?: number;
  /** "now" for the overdue filter, from the request's clock. */
  now?: string;
}

/**
 * Who may read a lead: its holder's unit in scope; a unit that passed it on or lost it in
 * arbitration (a watcher, read only); the receiver of a hand-off still waiting for an answer.
 * Everything else is invisible — a 404, never a 403 — so a conflict leaks nothing.
 */
export function leadReadable(eb: ExpressionBuilder<DB, 'leads'>, scope: DataScope) {
  if (scope.all) return sql<SqlBool>`1 = 1`;
  if (!scope.unitIds.length) return sql<SqlBool>`1 = 0`;
  const units = scope.unitIds;
  return eb.or([
    eb('leads.unit_id', 'in', units),
    eb.exists(eb.selectFrom('lead_watchers as w').select('w.lead_id').whereRef('w.lead_id', '=', 'leads.id').where('w.unit_id', 'in', units)),
    eb.exists(eb.selectFrom('lead_handoffs as h').select('h.lead_id').whereRef('h.lead_id', '=', 'leads.id').where('h.to_unit_id', 'in', units).where('h.state', 'in', ['pending', 'escalated'])),
  ]);
}

/** Writes need the holder's unit in scope: watchers and would-be receivers only read. */
export function leadWritable(eb: ExpressionBuilder<DB, 'leads'>, scope: DataScope) {
  if (scope.all) return sql<SqlBool>`1 = 1`;
  if (!scope.unitIds.length) return sql<SqlBool>`1 = 0`;
  return eb('leads.unit_id', 'in', scope.unitIds);
}

export function scopedLeads(db: Db, dialect: Dialect, scope: DataScope, f: LeadFilter = {}) {
  let q = db
    .selectFrom('leads')
    .innerJoin('units as holder', 'holder.id', 'leads.unit_id')
    .where((eb) => leadReadable(eb, scope));
  const like = likeOperator(dialect);
  if (f.q) {
    const text = f.q.trim();
    const pattern = `%${escapeLike(text)}%`;
    q = q.where((eb) => {
      const ors = [eb('leads.title', like, pattern), eb('leads.enterprise_name', like, pattern), eb('leads.code', like, pattern), eb('leads.enterprise_uscc', '=', text.toUpperCase())];
      if (/^[a-z]{2,}$/i.test(text)) ors.push(eb('leads.search_initials', 'like', `%${text.toLowerCase()}%`));
      return eb.or(ors);
    });
  }
  if (f.status?.length) q = q.where('leads.status', 'in', f.status);
  if (f.source) q = q.where('leads.source', '=', f.source);
  if (f.unitId !== undefined) q = q.where(sql<SqlBool>`holder.path like (select u.path || '%' from units u where u.id = ${f.unitId})`);
  if (f.chainId !== undefined) q = q.where('leads.chain_id', '=', f.chainId);
  if (f.conflict) q = q.where('leads.conflict_state', '=', 'open');
  if (f.overdue && f.now) q = q.where('leads.next_due_at', '<', f.now);
  if (f.registeredYear) q = q.where('leads.first_contact_date', '>=', `${f.registeredYear}-01-01`).where('leads.first_contact_date', '<=', `${f.registeredYear}-12-31`);
  return q;
}

export const LEAD_SORTABLE = { id: 'leads.id', firstContactDate: 'leads.first_contact_date', estimatedInvestment: 'leads.estimated_investment_yuan', nextDueAt: 'leads.next_due_at', updatedAt: 'leads.updated_at' } as const;
export type LeadSortKey = keyof typeof LEAD_SORTABLE;

export const LEAD_LIST_COLUMNS = [
  'leads.id',
  'leads.code',
  'leads.title',
  'leads.enterprise_name',
  'leads.enterprise_uscc',
  'leads.unit_id',
  'holder.name as unit_name',
  'leads.chain_id',
  'leads.estimated_investment_yuan',
  'leads.estimated_foreign_usd',
  'leads.source',
  'leads.first_contact_date',
  'leads.status',
  'leads.next_step',
  'leads.next_step_date',
  'leads.conflict_state',
  'leads.next_due_kind',
  'leads.next_due_at',
  'leads.project_id',
  'leads.version',
  'leads.updated_at',
] as const;

/** One page (ids first, columns after, as for projects), the count and the estimated total. */
export async function listLeads(db: Kysely<DB>, dialect: Dialect, scope: DataScope, f: LeadFilter, page: number, pageSize: number, sort: LeadSortKey = 'id', order: 'asc' | 'desc' = 'desc') {
  const base = scopedLeads(db, dialect, scope, f);
  const pageIds = base.select('leads.id').orderBy(LEAD_SORTABLE[sort], order).orderBy('leads.id', order).limit(pageSize).offset((page - 1) * pageSize);
  const [rows, totals] = await Promise.all([
    db
      .selectFrom('leads')
      .innerJoin('units as holder', 'holder.id', 'leads.unit_id')
      .leftJoin('chains', 'chains.id', 'leads.chain_id')
      .select([...LEAD_LIST_COLUMNS, 'chains.name as chain_name'])
      .where('leads.id', 'in', pageIds)
      .orderBy(LEAD_SORTABLE[sort], order)
      .orderBy('leads.id', order)
      .execute(),
    base.select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum<number>('leads.estimated_investment_yuan').as('yuan')]).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toNumber(totals.n), totalInvestmentYuan: toNumber(totals.yuan) };
}
