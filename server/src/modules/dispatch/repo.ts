import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { LightLevel, ListLevel, WarningKind } from '../../../../common/dispatch.js';
import { toNumber } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { scopeCondition, type DataScope } from '../../platform/scope.js';

/**
 * Monthly dispatch's reads: every one takes the data scope (a project's host unit). Lists page in
 * the database; counts are aggregated there, never one query per row.
 */
type Db = Kysely<DB> | Transaction<DB>;

const inSubtree = (unitId: number) => sql<SqlBool>`host.path like (select u.path || '%' from units u where u.id = ${unitId})`;

/** The year's key projects in scope (any level), not terminated: those that owe a monthly report. */
export interface PeriodRef {
  id: number;
  year: number;
  deadline: string;
}

/**
 * Whether project `p` owes the period's report: on the year's list by the period's deadline (a
 * project listed in November owes nothing for March), or filed for it anyway. Every count of who
 * filed, every table, the reminders, the workbench and the lights use this one rule.
 */
export function owesReport(period: PeriodRef, levels?: readonly string[]) {
  // The end of the deadline day in China, as an instant.
  const end = new Date(`${period.deadline}T16:00:00Z`).toISOString();
  const level = levels ? sql` and k.level in (${sql.join(levels)})` : sql``;
  return sql<SqlBool>`(exists (select 1 from key_projects k where k.project_id = p.id and k.year = ${period.year} and k.added_at <= ${end}${level}) or exists (select 1 from dispatch_reports r where r.project_id = p.id and r.period_id = ${period.id} and r.is_current = 1))`;
}

/** The key projects in scope, not terminated, that owe the period's report (or, for a year, are on its lists). */
function expected(db: Db, scope: DataScope, of: PeriodRef | number) {
  const q = db
    .selectFrom('projects as p')
    .innerJoin('units as host', 'host.id', 'p.host_unit_id')
    .where((eb) => scopeCondition(eb, scope, eb.ref('p.host_unit_id')))
    .where('p.status', '!=', 'terminated');
  if (typeof of === 'number') return q.where((eb) => eb.exists(eb.selectFrom('key_projects as k').select('k.project_id').whereRef('k.project_id', '=', 'p.id').where('k.year', '=', of)));
  return q.where(owesReport(of));
}

export async function periodsWithCounts(db: Db, scope: DataScope) {
  const periods = await db.selectFrom('dispatch_periods').selectAll().orderBy('period', 'desc').limit(36).execute();
  const expectedOf = new Map<number, number>();
  for (const p of periods) {
    const row = await expected(db, scope, p).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    expectedOf.set(p.id, toNumber(row?.n));
  }
  const filed = periods.length
    ? await db
        .selectFrom('dispatch_reports as r')
        .innerJoin('projects as p', 'p.id', 'r.project_id')
        .where((eb) => scopeCondition(eb, scope, eb.ref('p.host_unit_id')))
        .where('r.is_current', '=', 1)
        .where('r.period_id', 'in', periods.map((p) => p.id))
        .select(['r.period_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('r.late').as('late')])
        .groupBy('r.period_id')
        .execute()
    : [];
  const filedOf = new Map(filed.map((f) => [f.period_id, { n: toNumber(f.n), late: toNumber(f.late) }]));
  return periods.map((p) => ({ ...p, expected: expectedOf.get(p.id) ?? 0, filed: filedOf.get(p.id)?.n ?? 0, late: filedOf.get(p.id)?.late ?? 0 }));
}

/** Who has filed and who has not, per host unit, for one period. */
export async function filingBoard(db: Db, scope: DataScope, period: PeriodRef) {
  const rows = await expected(db, scope, period)
    .leftJoin('dispatch_reports as r', (j) => j.onRef('r.project_id', '=', 'p.id').on('r.period_id', '=', period.id).on('r.is_current', '=', 1))
    .select(['host.id as unitId', 'host.name as unitName', (eb) => eb.fn.countAll<number>().as('expected'), (eb) => eb.fn.count<number>('r.id').as('filed'), (eb) => eb.fn.sum<number>(eb.fn.coalesce('r.late', sql<number>`0`)).as('late')])
    .groupBy(['host.id', 'host.name'])
    .orderBy('host.name')
    .execute();
  const grants = await db
    .selectFrom('dispatch_late_grants as g')
    .innerJoin('units as host', 'host.id', 'g.unit_id')
    .where('g.period_id', '=', period.id)
    .where((eb) => scopeCondition(eb, scope, eb.ref('g.unit_id')))
    .select(['g.id', 'g.unit_id', 'host.name as unitName', 'g.reason', 'g.state', 'g.requested_at', 'g.until', 'g.decision_reason'])
    .orderBy('g.id', 'desc')
    .execute();
  return { units: rows.map((r) => ({ unitId: r.unitId, unitName: r.unitName, expected: toNumber(r.expected), filed: toNumber(r.filed), late: toNumber(r.late), missing: toNumber(r.expected) - toNumber(r.filed) })), grants };
}

export interface ReportFilter {
  unitId?: number;
  state?: 'filed' | 'missing';
  level?: LightLevel;
}

/**
 * The period's table before paging: the key projects in scope that owe the period's report,
 * filtered by semi-joins only (a current report exists or not, a light of a level exists). No join
 * to the month's reports here: an open month's reports arrive faster than PostgreSQL re-analyses a
 * table of a million rows, so it believes the month has none, and a left join it plans as a nested
 * loop over them took 1.3 s a page once two thousand had been filed (bench/dispatch.ts).
 */
function periodTable(db: Db, scope: DataScope, period: PeriodRef, f: ReportFilter) {
  let q = expected(db, scope, period);
  if (f.unitId !== undefined) q = q.where(inSubtree(f.unitId));
  const filed = sql<SqlBool>`exists (select 1 from dispatch_reports fr where fr.project_id = p.id and fr.period_id = ${period.id} and fr.is_current = 1)`;
  if (f.state === 'filed') q = q.where(filed);
  if (f.state === 'missing') q = q.where(sql<SqlBool>`not ${filed}`);
  if (f.level) q = q.where(sql<SqlBool>`exists (select 1 from project_lights fl where fl.project_id = p.id and fl.period_id = ${period.id} and fl.kind = 'progress' and fl.level = ${f.level})`);
  return q;
}

/**
 * One page of the period's table: each key project in scope with its current report, plan,
 * previous cumulative and progress light. The page's projects are chosen first (filters, order,
 * offset) and only those twenty are joined to their plan and last month's report: joining every
 * project of a 20,000-project district before the sort cost PostgreSQL 400 ms a page.
 */
export async function periodReports(db: Db, scope: DataScope, period: PeriodRef, previousPeriodId: number | null, f: ReportFilter, page: number, pageSize: number) {
  const pageIds = periodTable(db, scope, period, f)
    .select('p.id')
    .orderBy('host.name')
    .orderBy('p.code')
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return db
    .selectFrom('projects as p')
    .innerJoin('units as host', 'host.id', 'p.host_unit_id')
    .leftJoin('dispatch_reports as r', (j) => j.onRef('r.project_id', '=', 'p.id').on('r.period_id', '=', period.id).on('r.is_current', '=', 1))
    .leftJoin('dispatch_reports as prev', (j) => j.onRef('prev.project_id', '=', 'p.id').on('prev.period_id', '=', previousPeriodId ?? -1).on('prev.is_current', '=', 1))
    .leftJoin('project_year_plans as plan', (j) => j.onRef('plan.project_id', '=', 'p.id').on('plan.year', '=', period.year))
    .leftJoin('project_lights as light', (j) => j.onRef('light.project_id', '=', 'p.id').on('light.period_id', '=', period.id).on('light.kind', '=', 'progress'))
    .where('p.id', 'in', pageIds)
    .select([
      'p.id as projectId',
      'p.code as projectCode',
      'p.name as projectName',
      'p.investor_name as investorName',
      'p.total_investment_yuan as totalYuan',
      'host.id as unitId',
      'host.name as unitName',
      'plan.plan_yuan as planYuan',
      'r.version',
      'r.month_yuan as monthYuan',
      'r.cumulative_yuan as cumulativeYuan',
      'r.progress_text as progressText',
      'r.next_steps as nextSteps',
      'r.problems',
      'r.late',
      'r.filed_at as filedAt',
      'r.correction_reason as correctionReason',
      'prev.cumulative_yuan as previousCumulativeYuan',
      'light.level as progressLevel',
      'light.deviation_centi as deviationCenti',
    ])
    .orderBy('host.name')
    .orderBy('p.code')
    .execute();
}

/**
 * The table's row count and its 合计 line: plans of every row, figures of the filed ones. The
 * month's figures are summed over an inner join, which the planner may start from the reports
 * (however few it believes there are) and never loops over once per project.
 */
export async function periodSummary(db: Db, scope: DataScope, period: PeriodRef, f: ReportFilter = {}) {
  const [planned, filed] = await Promise.all([
    periodTable(db, scope, period, f)
      .leftJoin('project_year_plans as plan', (j) => j.onRef('plan.project_id', '=', 'p.id').on('plan.year', '=', period.year))
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('plan.plan_yuan').as('plan')])
      .executeTakeFirst(),
    f.state === 'missing'
      ? Promise.resolve(undefined)
      : periodTable(db, scope, period, f)
          .innerJoin('dispatch_reports as r', (j) => j.onRef('r.project_id', '=', 'p.id').on('r.period_id', '=', period.id).on('r.is_current', '=', 1))
          .select([(eb) => eb.fn.sum<number>('r.month_yuan').as('month'), (eb) => eb.fn.sum<number>('r.cumulative_yuan').as('cumulative')])
          .executeTakeFirst(),
  ]);
  return { total: toNumber(planned?.n), monthYuan: toNumber(filed?.month), cumulativeYuan: toNumber(filed?.cumulative), planYuan: toNumber(planned?.plan) };
}

export async function reportVersions(db: Db, projectId: number, periodId: number) {
  return db
    .selectFrom('dispatch_reports as r')
    .leftJoin('users as u', 'u.id', 'r.filed_by')
    .where('r.project_id', '=', projectId)
    .where('r.period_id', '=', periodId)
    .select(['r.version', 'r.is_current', 'r.month_yuan', 'r.cumulative_yuan', 'r.progress_text', 'r.next_steps', 'r.problems', 'r.late', 'r.correction_reason', 'r.source', 'r.filed_at', 'u.display_name as filedBy'])
    .orderBy('r.version', 'desc')
    .execute();
}

export async function reportPhotos(db: Db, projectId: number, periodId: number) {
  return db.selectFrom('dispatch_photos').select(['id', 'file_name', 'mime', 'size', 'uploaded_at']).where('project_id', '=', projectId).where('period_id', '=', periodId).orderBy('id').execute();
}

export interface WarningFilter {
  kind?: WarningKind;
  level?: 'yellow' | 'red';
  unitId?: number;
}

/** The red/yellow list of a period (green ones are not listed), paged in the database. */
export async function warningsList(db: Db, scope: DataScope, periodId: number, f: WarningFilter, page: number, pageSize: number) {
  let q = db
    .selectFrom('project_lights as l')
    .where('l.period_id', '=', periodId)
    .where('l.severity', f.level ? '=' : '>=', f.level === 'red' ? 2 : 1)
    .where((eb) => scopeCondition(eb, scope, eb.ref('l.unit_id')));
  if (f.kind) q = q.where('l.kind', '=', f.kind);
  if (f.unitId !== undefined) q = q.where(sql<SqlBool>`l.unit_id in (select s.id from units s where s.path like (select u.path || '%' from units u where u.id = ${f.unitId}))`);
  const total = toNumber((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n);
  // Red first, the furthest behind first: a walk down the rank index, joined to 20 rows only.
  const page_ = await q
    .select(['l.project_id', 'l.kind'])
    // Every key descending, so the rank index is walked backwards without a sort.
    .orderBy('l.severity', 'desc')
    .orderBy('l.deviation_centi', 'desc')
    .orderBy('l.project_id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  if (!page_.length) return { rows: [], total };
  const rows = await db
    .selectFrom('project_lights as l')
    .innerJoin('projects as p', 'p.id', 'l.project_id')
    .innerJoin('units as host', 'host.id', 'l.unit_id')
    .where('l.period_id', '=', periodId)
    // The same levels as the page: a filing between the two reads may have turned a light green
    // (the page then has one row fewer, never a green one — the answer's schema has no green).
    .where('l.severity', f.level ? '=' : '>=', f.level === 'red' ? 2 : 1)
    .where((eb) => eb.or(page_.map((r) => eb.and([eb('l.project_id', '=', r.project_id), eb('l.kind', '=', r.kind)]))))
    .select(['l.project_id as projectId', 'p.code as projectCode', 'p.name as projectName', 'host.id as unitId', 'host.name as unitName', 'l.kind', 'l.level', 'l.raw_level as rawLevel', 'l.severity', 'l.deviation_centi as deviationCenti', 'l.months_late as monthsLate', 'l.rule_version as ruleVersion'])
    .execute();
  const order = new Map(page_.map((r, i) => [`${r.project_id}:${r.kind}`, i]));
  rows.sort((a, b) => order.get(`${a.projectId}:${a.kind}`)! - order.get(`${b.projectId}:${b.kind}`)!);
  return { rows, total };
}

/** Yellow and red projects per unit for a period (the city's picture), from the unit index. */
export async function warningCounts(db: Db, scope: DataScope, periodId: number) {
  const counts = await db
    .selectFrom('project_lights as l')
    .where('l.period_id', '=', periodId)
    .where('l.severity', '>=', 1)
    .where((eb) => scopeCondition(eb, scope, eb.ref('l.unit_id')))
    .select(['l.unit_id as unitId', 'l.severity', (eb) => eb.fn.count<number>('l.project_id').distinct().as('n')])
    .groupBy(['l.severity', 'l.unit_id'])
    .execute();
  const ids = [...new Set(counts.map((c) => c.unitId))];
  const names = ids.length ? new Map((await db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute()).map((u) => [u.id, u.name])) : new Map<number, string>();
  return counts.map((c) => ({ unitId: c.unitId, level: c.severity === 2 ? 'red' : 'yellow', n: c.n, unitName: names.get(c.unitId) ?? '' }));
}

export async function projectLightHistory(db: Db, projectId: number) {
  return db
    .selectFrom('project_lights as l')
    .innerJoin('dispatch_periods as d', 'd.id', 'l.period_id')
    .where('l.project_id', '=', projectId)
    .select(['d.period', 'l.kind', 'l.level', 'l.raw_level as rawLevel', 'l.deviation_centi as deviationCenti', 'l.months_late as monthsLate', 'l.rule_version as ruleVersion'])
    .orderBy('d.period')
    .execute();
}

export async function projectDispatchHistory(db: Db, projectId: number) {
  return db
    .selectFrom('dispatch_reports as r')
    .innerJoin('dispatch_periods as d', 'd.id', 'r.period_id')
    .leftJoin('project_year_plans as plan', (j) => j.onRef('plan.project_id', '=', 'r.project_id').onRef('plan.year', '=', 'd.year'))
    .where('r.project_id', '=', projectId)
    .where('r.is_current', '=', 1)
    .select(['d.period', 'r.month_yuan as monthYuan', 'r.cumulative_yuan as cumulativeYuan', 'plan.plan_yuan as planYuan', 'r.version', 'r.late'])
    .orderBy('d.period')
    .execute();
}

export interface KeyProjectFilter {
  year: number;
  level?: ListLevel;
  unitId?: number;
}

export async function keyProjectsList(db: Db, scope: DataScope, f: KeyProjectFilter, page: number, pageSize: number) {
  let q = expected(db, scope, f.year).leftJoin('project_year_plans as plan', (j) => j.onRef('plan.project_id', '=', 'p.id').on('plan.year', '=', f.year));
  if (f.level) q = q.where((eb) => eb.exists(eb.selectFrom('key_projects as k2').select('k2.project_id').whereRef('k2.project_id', '=', 'p.id').where('k2.year', '=', f.year).where('k2.level', '=', f.level!)));
  if (f.unitId !== undefined) q = q.where(inSubtree(f.unitId));
  const total = toNumber((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n);
  const rows = await q
    .select(['p.id as projectId', 'p.code as projectCode', 'p.name as projectName', 'p.stage', 'host.id as unitId', 'host.name as unitName', 'plan.plan_yuan as planYuan', 'p.total_investment_yuan as totalYuan'])
    .orderBy('host.name')
    .orderBy('p.code')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const levels = rows.length ? await db.selectFrom('key_projects').select(['project_id', 'level']).where('year', '=', f.year).where('project_id', 'in', rows.map((r) => r.projectId)).execute() : [];
  const levelsOf = new Map<number, ListLevel[]>();
  for (const l of levels) levelsOf.set(l.project_id, [...(levelsOf.get(l.project_id) ?? []), l.level as ListLevel]);
  return { rows: rows.map((r) => ({ ...r, levels: levelsOf.get(r.projectId) ?? [] })), total };
}

/** Monthly amounts per project for the year up to a month (forecast input), for projects in scope. */
export async function monthlyAmounts(db: Db, scope: DataScope, year: number, month: number) {
  return db
    .selectFrom('dispatch_reports as r')
    .innerJoin('dispatch_periods as d', 'd.id', 'r.period_id')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .where((eb) => scopeCondition(eb, scope, eb.ref('p.host_unit_id')))
    .where('r.is_current', '=', 1)
    .where('d.year', '=', year)
    .where('d.month', '<=', month)
    .select(['r.project_id as projectId', 'd.month', 'r.month_yuan as monthYuan', 'r.cumulative_yuan as cumulativeYuan'])
    .execute();
}

export async function warningRules(db: Db) {
  return db.selectFrom('warning_rules').selectAll().orderBy('version', 'desc').execute();
}

/**
 * Keeps `dispatch_latest` (a project-year's newest current report) equal to the reports after a
 * filing, a correction or a late filing changed them: read again from the project's dozen reports
 * of the year in the same transaction, so it cannot drift from them.
 */
export async function refreshLatest(db: Db, projectId: number, year: number): Promise<void> {
  const newest = await db
    .selectFrom('dispatch_reports as r')
    .innerJoin('dispatch_periods as p', 'p.id', 'r.period_id')
    .select(['p.period', 'r.cumulative_yuan'])
    .where('r.project_id', '=', projectId)
    .where('p.year', '=', year)
    .where('r.is_current', '=', 1)
    .orderBy('p.period', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!newest) {
    await db.deleteFrom('dispatch_latest').where('project_id', '=', projectId).where('year', '=', year).execute();
    return;
  }
  await db
    .insertInto('dispatch_latest')
    .values({ project_id: projectId, year, period: newest.period, cumulative_yuan: newest.cumulative_yuan })
    // Never back to an older period: on PostgreSQL a filing of October committing after one of
    // November (each read the reports before the other's commit) must not win.
    .onConflict((oc) => oc.columns(['project_id', 'year']).doUpdateSet({ period: newest.period, cumulative_yuan: newest.cumulative_yuan }).where(sql<SqlBool>`dispatch_latest.period <= ${newest.period}`))
    .execute();
}

/** A project's id, name and host unit, for the routes' scope check. */
export function projectHost(db: Db, projectId: number) {
  return db.selectFrom('projects').select(['id', 'name', 'host_unit_id']).where('id', '=', projectId).executeTakeFirst();
}

/** A period's id by its YYYY-MM, if it was opened. */
export async function periodId(db: Db, period: string): Promise<number | null> {
  return (await db.selectFrom('dispatch_periods').select('id').where('period', '=', period).executeTakeFirst())?.id ?? null;
}

/** One photo of a project's report in a period. */
export function reportPhoto(db: Db, photoId: number, projectId: number, periodId: number) {
  return db.selectFrom('dispatch_photos').selectAll().where('id', '=', photoId).where('project_id', '=', projectId).where('period_id', '=', periodId).executeTakeFirst();
}

/** The unit an export is titled with: the one asked for, else the root of the org tree (a city-wide reader). */
export function titleUnit(db: Db, unitId: number | undefined) {
  const q = db.selectFrom('units').select(['id', 'name']);
  return (unitId !== undefined ? q.where('id', '=', unitId) : q.where('parent_id', 'is', null).orderBy('id').limit(1)).executeTakeFirst();
}

/** A project's list levels and annual plans over the years. */
export async function projectListsAndPlans(db: Db, projectId: number) {
  const [lists, plans] = await Promise.all([
    db.selectFrom('key_projects').select(['year', 'level']).where('project_id', '=', projectId).execute(),
    db.selectFrom('project_year_plans').select(['year', 'plan_yuan']).where('project_id', '=', projectId).execute(),
  ]);
  return { lists, plans };
}

/**
 * 形象进度 as the monthly reports last told it: for each of these projects in scope, the progress
 * text of its newest current report that has one. One query for a page of projects (the ledger
 * export asks per page of 2,000), never one per project.
 */
export async function latestProgressTexts(db: Db, scope: DataScope, projectIds: readonly number[]): Promise<Map<number, string>> {
  const latest = new Map<number, { period: string; text: string }>();
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('dispatch_reports as r')
    .innerJoin('dispatch_periods as dp', 'dp.id', 'r.period_id')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .where((eb) => scopeCondition(eb, scope, eb.ref('p.host_unit_id')))
    .where('r.is_current', '=', 1)
    .where('r.project_id', 'in', [...projectIds])
    .where('r.progress_text', 'is not', null)
    .where('r.progress_text', '!=', '')
    .select(['r.project_id', 'dp.period', 'r.progress_text'])
    .execute();
  for (const r of rows) {
    const seen = latest.get(r.project_id);
    if (!seen || r.period > seen.period) latest.set(r.project_id, { period: r.period, text: r.progress_text! });
  }
  return new Map([...latest].map(([id, v]) => [id, v.text]));
}
