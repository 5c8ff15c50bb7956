import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Dialect } from '../../db/connect.js';
import { containsText } from '../../db/portable.js';
import type { Actor } from '../../platform/context.js';
import { problemReadable, type EnterpriseOfActor, type ProblemRecord } from './policy.js';


type Db = Kysely<DB> | Transaction<DB>;



/** A problem with its handlers, as the policy needs it; `forUpdate` locks the row on PostgreSQL. */
export async function problemRecord(db: Db, id: number): Promise<(ProblemRecord & { version: number; title: string; due_date: string | null; raised_by: number; category: string }) | null> {
  const row = await db.selectFrom('problems').select(['id', 'unit_id', 'raised_by', 'raiser_unit_id', 'enterprise_id', 'lead_unit_id', 'status', 'version', 'title', 'due_date', 'category']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const handlers = await db.selectFrom('problem_handlers').select('unit_id').where('problem_id', '=', id).execute();
  return { ...row, handlerUnitIds: handlers.map((h) => h.unit_id) };
}

function summaryQuery(db: Db) {
  return db
    .selectFrom('problems')
    .innerJoin('units as u', 'u.id', 'problems.unit_id')
    .innerJoin('units as ru', 'ru.id', 'problems.raiser_unit_id')
    .innerJoin('users as rb', 'rb.id', 'problems.raised_by')
    .leftJoin('units as lu', 'lu.id', 'problems.lead_unit_id')
    .leftJoin('projects as pr', 'pr.id', 'problems.project_id')
    .leftJoin('enterprises as en', 'en.id', 'problems.enterprise_id')
    .select([
      'problems.id',
      'problems.code',
      'problems.title',
      'problems.category',
      'problems.status',
      'problems.project_id',
      'pr.name as project_name',
      'en.name as enterprise_name',
      'problems.unit_id',
      'u.name as unit_name',
      'rb.display_name as raised_by_name',
      'ru.name as raiser_unit_name',
      'problems.lead_unit_id',
      'lu.name as lead_unit_name',
      'problems.due_date',
      'problems.answered_at',
      'problems.escalated_at',
      'problems.rating',
      'problems.returned_count',
      'problems.created_at',
      'problems.closed_at',
      'problems.description',
      'problems.version',
    ]);
}
export type ProblemRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

export async function problemById(db: Db, id: number): Promise<ProblemRow | undefined> {
  return summaryQuery(db).where('problems.id', '=', id).executeTakeFirst();
}

export interface ProblemFilter {
  status?: string;
  category?: string;
  /** Only those past their deadline while a department holds them. */
  overdue?: boolean;
  /** Only those this unit handles (a department's inbox). */
  handlerUnitId?: number;
  q?: string;
}

/** One page of the problems the actor may read, newest first, and their count: both in the database. */
export async function listProblems(db: Db, dialect: Dialect, actor: Actor, enterprise: EnterpriseOfActor | null, f: ProblemFilter, today: string, page: number, pageSize: number) {
  const filtered = <T extends ReturnType<typeof summaryQuery> | ReturnType<typeof countQuery>>(q: T): T => {
    let r = (q as ReturnType<typeof summaryQuery>).where((eb) => problemReadable(eb, actor, enterprise));
    if (f.status) r = r.where('problems.status', '=', f.status);
    if (f.category) r = r.where('problems.category', '=', f.category);
    if (f.overdue) r = r.where('problems.status', 'in', ['assigned', 'returned']).where('problems.due_date', '<', today);
    if (f.handlerUnitId) r = r.where((eb) => eb.exists(eb.selectFrom('problem_handlers as hf').select('hf.problem_id').whereRef('hf.problem_id', '=', 'problems.id').where('hf.unit_id', '=', f.handlerUnitId!)));
    if (f.q) {
      const text = f.q;
      r = r.where((eb) => eb.or([containsText('problems.title', text, dialect), containsText('problems.code', text, dialect), containsText('problems.description', text, dialect)]));
    }
    return r as unknown as T;
  };
  const [rows, total] = await Promise.all([
    filtered(summaryQuery(db)).orderBy('problems.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    filtered(countQuery(db)).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The count needs none of the list's joins: every filter reads the problem's own columns. */
function countQuery(db: Db) {
  return db.selectFrom('problems').select((eb) => eb.fn.countAll().as('n'));
}

export async function eventsOf(db: Db, problemIds: number[]) {
  if (!problemIds.length) return [];
  return db
    .selectFrom('problem_events as e')
    .leftJoin('users as a', 'a.id', 'e.actor_id')
    .leftJoin('units as au', 'au.id', 'e.actor_unit_id')
    .leftJoin('units as hu', 'hu.id', 'e.holder_unit_id')
    .select(['e.id', 'e.problem_id', 'e.kind', 'a.display_name as actor_name', 'au.name as actor_unit_name', 'e.holder_unit_id', 'hu.name as holder_unit_name', 'e.text', 'e.detail', 'e.at'])
    .where('e.problem_id', 'in', problemIds)
    .orderBy('e.problem_id')
    .orderBy('e.id')
    .execute();
}
export type EventRow = Awaited<ReturnType<typeof eventsOf>>[number];

export async function coUnitsOf(db: Db, problemId: number) {
  return db.selectFrom('problem_handlers as h').innerJoin('units as u', 'u.id', 'h.unit_id').select(['u.id', 'u.name']).where('h.problem_id', '=', problemId).where('h.role', '=', 'co').orderBy('u.sort_order').execute();
}

export async function attachmentsOf(db: Db, problemId: number) {
  return db.selectFrom('problem_attachments').select(['id', 'event_id', 'file_name', 'size', 'uploaded_at']).where('problem_id', '=', problemId).orderBy('id').execute();
}

export async function attachmentById(db: Db, problemId: number, attachmentId: number) {
  return db.selectFrom('problem_attachments').selectAll().where('id', '=', attachmentId).where('problem_id', '=', problemId).executeTakeFirst();
}

/** Open problems past their deadline and put on the agenda (escalated), oldest deadline first. */
export async function agendaRows(db: Db) {
  return summaryQuery(db).where('problems.status', 'in', ['assigned', 'returned', 'answered']).where('problems.escalated_at', 'is not', null).orderBy('problems.due_date').orderBy('problems.id').limit(500).execute();
}

/** Problems a department holds whose deadline is near (reminders) or past (escalation). */
export async function dueProblems(db: Db, until: string) {
  return db
    .selectFrom('problems')
    .innerJoin('units as lu', 'lu.id', 'problems.lead_unit_id')
    .select(['problems.id', 'problems.title', 'problems.lead_unit_id', 'lu.name as lead_unit_name', 'problems.due_date', 'problems.reminded_for', 'problems.escalated_at'])
    .where('problems.status', 'in', ['assigned', 'returned'])
    .where('problems.due_date', '<=', until)
    .orderBy('problems.id')
    .execute();
}

/**
 * The facts the department scorecard counts, for one year: per problem handled as lead, when it
 * was assigned to it, due, answered, closed, its rating — and the send-backs of the year. Grouped
 * by the service; one query each, never one per department.
 */
export async function scorecardFacts(db: Db, yearStart: string, yearEnd: string, departmentIds: number[] | null) {
  let handled = db
    .selectFrom('problems as p')
    .innerJoin('units as u', 'u.id', 'p.lead_unit_id')
    .select(['p.id', 'p.lead_unit_id', 'u.name as unit_name', 'p.assigned_at', 'p.due_date', 'p.answered_at', 'p.closed_at', 'p.rating', 'p.status'])
    .where((eb) => eb.or([eb.and([eb('p.assigned_at', '>=', yearStart), eb('p.assigned_at', '<', yearEnd)]), eb.and([eb('p.closed_at', '>=', yearStart), eb('p.closed_at', '<', yearEnd)]), eb.and([eb('p.due_date', '>=', yearStart.slice(0, 10)), eb('p.due_date', '<', yearEnd.slice(0, 10))])]));
  let returns = db
    .selectFrom('problem_events as e')
    .innerJoin('problems as p', 'p.id', 'e.problem_id')
    .select(['p.lead_unit_id', 'e.at'])
    .where('e.kind', '=', 'returned')
    .where('e.at', '>=', yearStart)
    .where('e.at', '<', yearEnd);
  if (departmentIds) {
    const ids = departmentIds.length ? departmentIds : [-1];
    handled = handled.where('p.lead_unit_id', 'in', ids);
    returns = returns.where('p.lead_unit_id', 'in', ids);
  }
  const [h, r] = await Promise.all([handled.execute(), returns.execute()]);
  return { handled: h, returns: r };
}



export async function unitById(db: Db, id: number) {
  return db.selectFrom('units').select(['id', 'name', 'kind', 'disabled']).where('id', '=', id).executeTakeFirst();
}

export async function highestProblemNumber(db: Db, prefix: string): Promise<string | null> {
  const row = await db.selectFrom('problems').select((eb) => eb.fn.max('code').as('code')).where('code', 'like', `${prefix}%`).executeTakeFirst();
  return (row?.code as string | null) ?? null;
}

/** The city's departments, in the org tree's order: the scorecard's rows and the assignable units. */
export async function departments(db: Db, ids: number[] | null) {
  let q = db.selectFrom('units').select(['id', 'name']).where('kind', '=', 'department').where('disabled', '=', 0);
  if (ids) q = q.where('id', 'in', ids.length ? ids : [-1]);
  return q.orderBy('sort_order').orderBy('id').execute();
}

/** The coordinating office (项目办): the unit of the first active user who may assign problems. */
export async function coordinatingUnitId(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as ur', 'ur.user_id', 'u.id')
    .innerJoin('role_permissions as rp', 'rp.role_id', 'ur.role_id')
    .select('u.unit_id')
    .where('rp.permission', '=', 'problem:assign')
    .where('u.disabled', '=', 0)
    .orderBy('u.id')
    .limit(1)
    .executeTakeFirst();
  return row?.unit_id ?? null;
}

/** The org tree's root (the city), which titles the city's papers. */
export async function rootUnitName(db: Db): Promise<string> {
  return (await db.selectFrom('units').select('name').where('parent_id', 'is', null).orderBy('id').executeTakeFirst())?.name ?? '';
}

/** Financing needs (融资 problems) of these enterprises, newest first, with the banks' replies so far: two queries. */
export async function financingNeeds(db: Db, enterpriseIds: number[], limit: number, problemId?: number) {
  if (!enterpriseIds.length) return { needs: [], replies: [] };
  let q = db
    .selectFrom('problems as p')
    .innerJoin('enterprises as e', 'e.id', 'p.enterprise_id')
    .select(['p.id', 'p.code', 'p.title', 'p.description', 'p.status', 'p.created_at', 'p.enterprise_id', 'e.name as enterprise_name'])
    .where('p.category', '=', 'finance')
    .where('p.enterprise_id', 'in', enterpriseIds);
  if (problemId !== undefined) q = q.where('p.id', '=', problemId);
  const needs = await q.orderBy('p.id', 'desc').limit(limit).execute();
  const replies = needs.length
    ? await db
        .selectFrom('problem_events as ev')
        .leftJoin('units as u', 'u.id', 'ev.actor_unit_id')
        .leftJoin('users as a', 'a.id', 'ev.actor_id')
        .select(['ev.problem_id', 'ev.text', 'ev.at', 'u.name as bank_name', 'a.display_name as actor_name'])
        .where('ev.kind', '=', 'bank_reply')
        .where('ev.problem_id', 'in', needs.map((n) => n.id))
        .orderBy('ev.id')
        .execute()
    : [];
  return { needs, replies };
}

/**
 * The problem counts of a person's 工作台, each within what the person may act on: waiting to be
 * assigned and overdue on the agenda (the coordinating office), held by my department (its
 * handlers), answered and waiting for my side's confirmation (raisers). One query each.
 */
export async function problemTodoCounts(db: Db, actor: Actor, enterpriseId: number | null, today: string) {
  const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) => Number((await q.executeTakeFirstOrThrow()).n);
  const base = () => db.selectFrom('problems').select((eb) => eb.fn.countAll().as('n'));
  const out = { toAssign: 0, escalated: 0, held: 0, heldOverdue: 0, toConfirm: 0 };
  if (actor.permissions.has('problem:assign')) {
    out.toAssign = await count(base().where('status', '=', 'raised'));
    out.escalated = await count(base().where('status', 'in', ['assigned', 'returned', 'answered']).where('escalated_at', 'is not', null));
  }
  if (actor.permissions.has('problem:handle') && actor.scope.unitIds.length) {
    const held = () => base().where('status', 'in', ['assigned', 'returned']).where('lead_unit_id', 'in', actor.scope.unitIds);
    out.held = await count(held());
    out.heldOverdue = await count(held().where('due_date', '<', today));
  }
  if (actor.permissions.has('problem:write')) {
    out.toConfirm = await count(
      base()
        .where('status', '=', 'answered')
        .where((eb) => eb.or([eb('raised_by', '=', actor.userId), enterpriseId ? eb('enterprise_id', '=', enterpriseId) : eb('raiser_unit_id', '=', actor.unitId)])),
    );
  }
  return out;
}

/** An enterprise's problems the actor may read (the problem rules), newest first, and how many more exist. */
export async function problemsOfEnterprise(db: Db, actor: Actor, enterpriseId: number) {
  const all = await db.selectFrom('problems').select((eb) => eb.fn.countAll().as('n')).where('enterprise_id', '=', enterpriseId).executeTakeFirstOrThrow();
  const items = await db
    .selectFrom('problems')
    .select(['id', 'code', 'title', 'category', 'status'])
    .where('enterprise_id', '=', enterpriseId)
    .where((eb) => problemReadable(eb, actor, null))
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return { items, hidden: Number(all.n) - items.length };
}
