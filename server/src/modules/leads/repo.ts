import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { containsText, toNumber } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import type { DataScope } from '../../platform/scope.js';
import { leadReadable } from './policy.js';

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

export function scopedLeads(db: Db, dialect: Dialect, scope: DataScope, f: LeadFilter = {}) {
  let q = db
    .selectFrom('leads')
    .innerJoin('units as holder', 'holder.id', 'leads.unit_id')
    .where((eb) => leadReadable(eb, scope));
  if (f.q) {
    const text = f.q.trim();
    q = q.where((eb) => {
      const ors = [containsText('leads.title', text, dialect), containsText('leads.enterprise_name', text, dialect), containsText('leads.code', text, dialect), eb('leads.enterprise_uscc', '=', text.toUpperCase())];
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

const HANDOFF_COLUMNS = ['lead_handoffs.id', 'lead_handoffs.lead_id', 'leads.title', 'leads.enterprise_name', 'lead_handoffs.from_unit_id', 'fu.name as from_name', 'lead_handoffs.to_unit_id', 'tu.name as to_name', 'lead_handoffs.reason', 'lead_handoffs.sender_share', 'lead_handoffs.state', 'lead_handoffs.due_at', 'lead_handoffs.created_at', 'lead_handoffs.decision_reason', 'lead_handoffs.decided_at'] as const;

function handoffQuery(db: Db) {
  return db
    .selectFrom('lead_handoffs')
    .innerJoin('leads', 'leads.id', 'lead_handoffs.lead_id')
    .innerJoin('units as fu', 'fu.id', 'lead_handoffs.from_unit_id')
    .innerJoin('units as tu', 'tu.id', 'lead_handoffs.to_unit_id')
    .select(HANDOFF_COLUMNS);
}

/**
 * Hand-offs: offered to the scope's units (in), sent by them (out), or — for the arbitrator —
 * escalated past their deadline. Newest 200.
 */
export async function handoffRows(db: Db, scope: DataScope, box: 'in' | 'out' | 'escalated' | { leadId: number }, state?: string) {
  let q = handoffQuery(db);
  if (typeof box === 'object') q = q.where('lead_handoffs.lead_id', '=', box.leadId);
  else if (box === 'escalated') q = q.where('lead_handoffs.state', '=', 'escalated');
  else {
    const column = box === 'in' ? 'lead_handoffs.to_unit_id' : 'lead_handoffs.from_unit_id';
    if (!scope.all) q = scope.unitIds.length ? q.where(column, 'in', scope.unitIds) : q.where('lead_handoffs.id', '<', 0);
    if (state) q = q.where('lead_handoffs.state', '=', state);
  }
  return q.orderBy('lead_handoffs.id', 'desc').limit(200).execute();
}

/** One lead the scope may read, with its timeline, credit shares and hand-offs; null otherwise. */
export async function leadDetailRows(db: Kysely<DB>, dialect: Dialect, scope: DataScope, id: number) {
  const row = await scopedLeads(db, dialect, scope)
    .leftJoin('chains', 'chains.id', 'leads.chain_id')
    .innerJoin('units as reg', 'reg.id', 'leads.registered_unit_id')
    .leftJoin('units as owner', 'owner.id', 'leads.conflict_owner_unit_id')
    .selectAll('leads')
    .select(['holder.name as unit_name', 'chains.name as chain_name', 'reg.name as registered_unit_name', 'owner.name as owner_unit_name'])
    .where('leads.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [events, credits, handoffs] = await Promise.all([
    db
      .selectFrom('lead_events')
      .leftJoin('users', 'users.id', 'lead_events.user_id')
      .leftJoin('units', 'units.id', 'lead_events.unit_id')
      .select(['lead_events.id', 'lead_events.at', 'users.display_name', 'units.name as unit_name', 'lead_events.kind', 'lead_events.from_value', 'lead_events.to_value', 'lead_events.reason'])
      .where('lead_id', '=', id)
      .orderBy('lead_events.id', 'desc')
      .limit(300)
      .execute(),
    creditRows(db, 'lead', id),
    handoffRows(db, scope, { leadId: id }),
  ]);
  return { row, events, credits, handoffs };
}

/** Credit shares of a lead or project, largest first. */
export async function creditRows(db: Db, objectType: 'lead' | 'project', objectId: number) {
  return db
    .selectFrom('credits')
    .innerJoin('units', 'units.id', 'credits.unit_id')
    .select(['credits.unit_id', 'units.name as unit_name', 'credits.share', 'credits.basis'])
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .orderBy('credits.share', 'desc')
    .execute();
}

/** Units a lead may be handed to, city-wide (unit names are not business data). */
export async function handoffTargets(db: Db, kinds: string[]) {
  return db
    .selectFrom('units')
    .leftJoin('units as parent', 'parent.id', 'units.parent_id')
    .select(['units.id', 'units.name', 'units.kind', 'parent.name as parent_name'])
    .where('units.kind', 'in', kinds)
    .where('units.disabled', '=', 0)
    .orderBy('units.path')
    .execute();
}

/** The conflict queue for the arbitrator: the later lead and the first registration side by side. */
export async function conflictQueue(db: Db) {
  return db
    .selectFrom('leads')
    .innerJoin('units as u', 'u.id', 'leads.unit_id')
    .leftJoin('leads as ol', 'ol.id', 'leads.conflict_lead_id')
    .leftJoin('projects as op', 'op.id', 'leads.conflict_project_id')
    .leftJoin('units as ou', 'ou.id', 'leads.conflict_owner_unit_id')
    .select(['leads.id', 'leads.code', 'leads.title', 'leads.enterprise_name', 'u.name as unit_name', 'leads.created_at', 'leads.conflict_lead_id', 'leads.conflict_project_id', 'ol.title as ol_title', 'ol.enterprise_name as ol_enterprise', 'ol.created_at as ol_created', 'op.name as op_name', 'op.investor_name as op_investor', 'op.created_at as op_created', 'ou.name as owner_unit_name'])
    .where('leads.conflict_state', '=', 'open')
    .orderBy('leads.id')
    .limit(500)
    .execute();
}

export async function chainNames(db: Db): Promise<string[]> {
  return (await db.selectFrom('chains').select('name').orderBy('sort_order').execute()).map((c) => c.name);
}
