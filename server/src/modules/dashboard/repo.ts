import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { COHORT_STEPS } from '../../../../common/dashboard-api.js';
import { STAGES } from '../../../../common/projects.js';
import type { Dialect } from '../../db/connect.js';
import { daysBetween, toNumber } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import type { DataScope } from '../../platform/scope.js';

/**
 * The dashboard's SQL, the only place it lives. Every figure is a grouped query over the ledger,
 * the reports or the lights — never a query per project or unit, never the projects in memory —
 * and each drill-down reads the rows behind a figure with the very condition that counted it, so
 * the rows always add up to the figure.
 */

/** The unit the dashboard shows (its subtree), intersected with the reader's data scope. */
export interface Focus {
  id: number;
  name: string;
  path: string;
  /** The whole ledger: an all-scope reader on the only root unit (no unit condition at all). */
  whole: boolean;
  scope: DataScope;
}

/** The year's window: from 1 January to the as-of date (and its month for monthly data). */
export interface Window {
  year: number;
  asOf: string;
  from: string;
  month: string;
}

/** 亿元以上 by the counting rules the indicators use at the as-of date. */
export interface Band {
  above100mYuan: number;
  above10mUsd: number;
}

type Db = Kysely<DB>;
type Cond = RawBuilder<SqlBool>;

const all = (parts: Cond[]): Cond => (parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : sql<SqlBool>`1 = 1`);
const subtree = (path: string) => sql`(select su.id from units su where su.path like ${`${path}%`})`;
const num = (v: unknown) => toNumber(v);

function scopeOf(scope: DataScope, unitColumn: RawBuilder<unknown>, own: Cond): Cond {
  const parts: Cond[] = [];
  if (scope.unitIds.length) parts.push(sql<SqlBool>`${unitColumn} in (${sql.join(scope.unitIds)})`);
  if (scope.self) parts.push(own);
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : sql<SqlBool>`1 = 0`;
}

/** Projects (`p`) hosted in the focus and readable by the reader (the ledger's scope rule). */
export function projectsIn(f: Focus): Cond {
  const parts: Cond[] = [];
  if (!f.whole) parts.push(sql<SqlBool>`p.host_unit_id in ${subtree(f.path)}`);
  if (!f.scope.all) parts.push(scopeOf(f.scope, sql`p.host_unit_id`, sql<SqlBool>`p.officer_user_id = ${f.scope.userId}`));
  return all(parts);
}

/** Reports (`r`) or lights (`l`) of units in the focus and the reader's scope. */
function unitRowsIn(f: Focus, alias: 'r' | 'l' | 's'): Cond {
  const unit = sql.ref(`${alias}.unit_id`);
  const project = sql.ref(`${alias}.project_id`);
  const parts: Cond[] = [];
  if (!f.whole) parts.push(sql<SqlBool>`${unit} in ${subtree(f.path)}`);
  if (!f.scope.all) parts.push(scopeOf(f.scope, unit, sql<SqlBool>`${project} in (select so.id from projects so where so.officer_user_id = ${f.scope.userId})`));
  return all(parts);
}

const notTerminated = sql<SqlBool>`p.status <> 'terminated'`;
const signedIn = (w: Window) => sql<SqlBool>`(p.signed_date >= ${w.from} and p.signed_date <= ${w.asOf})`;
const startedIn = (w: Window) => sql<SqlBool>`(p.started_date >= ${w.from} and p.started_date <= ${w.asOf})`;
const above100m = (b: Band) => sql<SqlBool>`(p.total_investment_yuan >= ${b.above100mYuan} or coalesce(p.foreign_investment_usd, 0) >= ${b.above10mUsd})`;
const stagesFrom = (stage: string) => STAGES.slice(STAGES.indexOf(stage as (typeof STAGES)[number]));
/** The month (YYYY-MM) of a text date column: the same expression groups the trend and filters its drill-down. */
const monthOf = (column: 'signed_date' | 'started_date') => sql<string>`substr(${sql.ref(`p.${column}`)}, 1, 7)`;

// ---- the focus -----------------------------------------------------------------------------

export async function unitById(db: Db, id: number) {
  return db.selectFrom('units').select(['id', 'name', 'path', 'parent_id']).where('id', '=', id).executeTakeFirst();
}

export async function roots(db: Db) {
  return db.selectFrom('units').select(['id', 'name', 'path', 'parent_id']).where('parent_id', 'is', null).orderBy('id').execute();
}

/** The units of a subtree (for rolling unit figures up to the focus's children). */
export async function unitsUnder(db: Db, path: string) {
  return db.selectFrom('units').select(['id', 'name', 'path', 'parent_id', 'kind', 'sort_order', 'disabled']).where('path', 'like', `${path}%`).orderBy('sort_order').orderBy('id').execute();
}

export async function countingRules(db: Db, version: number): Promise<Band | null> {
  const row = await db.selectFrom('counting_rules').select('definition').where('version', '=', version).executeTakeFirst();
  return row ? (JSON.parse(row.definition) as Band) : null;
}

// ---- panels --------------------------------------------------------------------------------

/** Projects (not terminated) by their current stage. */
export async function stageCounts(db: Db, f: Focus): Promise<Map<string, number>> {
  const rows = await sql<{ stage: string; n: unknown }>`select p.stage, count(*) as n from projects p where ${projectsIn(f)} and ${notTerminated} group by p.stage`.execute(db);
  return new Map(rows.rows.map((r) => [r.stage, num(r.n)]));
}

/** 亿元以上 projects signed in the window (not terminated), by chain. */
export async function chainCounts(db: Db, f: Focus, w: Window, b: Band) {
  const rows = await sql<{ chain_id: number | null; name: string | null; cluster: string | null; n: unknown; s: unknown }>`
    select p.chain_id, c.name, c.cluster, count(*) as n, sum(p.total_investment_yuan) as s
    from projects p left join chains c on c.id = p.chain_id
    where ${projectsIn(f)} and ${notTerminated} and ${signedIn(w)} and ${above100m(b)}
    group by p.chain_id, c.name, c.cluster`.execute(db);
  return rows.rows.map((r) => ({ chainId: r.chain_id === null ? null : Number(r.chain_id), name: r.name, cluster: r.cluster, count: num(r.n), yuan: num(r.s) }));
}

/** Projects signed in the window (not terminated) per host unit: how many and their total investment. */
export async function signedByUnit(db: Db, f: Focus, w: Window) {
  const rows = await sql<{ unit_id: number; n: unknown; s: unknown }>`
    select p.host_unit_id as unit_id, count(*) as n, sum(p.total_investment_yuan) as s from projects p
    where ${projectsIn(f)} and ${notTerminated} and ${signedIn(w)} group by p.host_unit_id`.execute(db);
  return rows.rows.map((r) => ({ unitId: Number(r.unit_id), count: num(r.n), yuan: num(r.s) }));
}

/** The periods of the window's year up to its month (`d`). */
const periodsIn = (w: Window) => sql<SqlBool>`(d.year = ${w.year} and d.period <= ${w.month})`;

/**
 * Investment completed this month (the current version of each report), per reporting unit and
 * month: from the per-unit sums the reports' triggers keep (`dispatch_unit_months`), a few hundred
 * rows instead of the year's million reports. A reader who sees only the projects they follow
 * (self scope) sums their own projects' reports.
 */
export async function investedByUnitMonth(db: Db, f: Focus, w: Window) {
  const rows = f.scope.self
    ? await sql<{ unit_id: number; period: string; s: unknown }>`
    select r.unit_id, d.period, sum(r.month_yuan) as s from dispatch_reports r join dispatch_periods d on d.id = r.period_id
    where ${periodsIn(w)} and r.is_current = 1 and ${unitRowsIn(f, 'r')} group by r.unit_id, d.period`.execute(db)
    : await sql<{ unit_id: number; period: string; s: unknown }>`
    select s.unit_id, d.period, sum(s.month_yuan) as s from dispatch_unit_months s join dispatch_periods d on d.id = s.period_id
    where ${periodsIn(w)} and ${unitRowsIn(f, 's')} group by s.unit_id, d.period`.execute(db);
  return rows.rows.map((r) => ({ unitId: Number(r.unit_id), period: r.period, yuan: num(r.s) }));
}

/** Projects (not terminated) signed, or started, in the window, per month. */
export async function perMonth(db: Db, f: Focus, w: Window, what: 'signed' | 'started'): Promise<Map<string, number>> {
  const column = what === 'signed' ? 'signed_date' : 'started_date';
  const rows = await sql<{ m: string; n: unknown }>`
    select ${monthOf(column)} as m, count(*) as n from projects p
    where ${projectsIn(f)} and ${notTerminated} and ${what === 'signed' ? signedIn(w) : startedIn(w)} group by ${monthOf(column)}`.execute(db);
  return new Map(rows.rows.map((r) => [r.m, num(r.n)]));
}

/** The newest period of the window with computed lights. */
export async function lightsPeriod(db: Db, w: Window) {
  const row = await sql<{ id: number; period: string }>`
    select d.id, d.period from dispatch_periods d where ${periodsIn(w)} and exists (select 1 from project_lights l where l.period_id = d.id)
    order by d.period desc limit 1`.execute(db);
  return row.rows[0] ? { id: Number(row.rows[0].id), period: row.rows[0].period } : null;
}

const redIn = (f: Focus, periodId: number) => sql<SqlBool>`(l.period_id = ${periodId} and l.severity = 2 and ${unitRowsIn(f, 'l')})`;

/** Red projects of a period, and the reddest lights (furthest behind first). */
export async function redProjects(db: Db, f: Focus, periodId: number, limit: number) {
  const count = await sql<{ n: unknown }>`select count(distinct l.project_id) as n from project_lights l where ${redIn(f, periodId)}`.execute(db);
  const rows = await sql<{ project_id: number; kind: string; deviation_centi: number | null; months_late: number | null; code: string; name: string; unit_name: string }>`
    select l.project_id, l.kind, l.deviation_centi, l.months_late, p.code, p.name, u.name as unit_name
    from project_lights l join projects p on p.id = l.project_id join units u on u.id = l.unit_id
    where ${redIn(f, periodId)} order by l.deviation_centi desc, l.months_late desc, l.project_id desc limit ${limit * 3}`.execute(db);
  const seen = new Set<number>();
  const items = rows.rows.filter((r) => !seen.has(Number(r.project_id)) && !!seen.add(Number(r.project_id))).slice(0, limit);
  return {
    count: num(count.rows[0]?.n),
    items: items.map((r) => ({ projectId: Number(r.project_id), code: r.code, name: r.name, unitName: r.unit_name, kind: r.kind, deviation: r.deviation_centi === null ? null : Number(r.deviation_centi) / 100, monthsLate: r.months_late === null ? null : Number(r.months_late) })),
  };
}

/** The largest projects (not terminated) by total investment. */
export async function topProjects(db: Db, f: Focus, limit: number) {
  const rows = await sql<{ id: number; code: string; name: string; unit_name: string; stage: string; total_investment_yuan: unknown; chain_name: string | null }>`
    select p.id, p.code, p.name, u.name as unit_name, p.stage, p.total_investment_yuan, c.name as chain_name
    from projects p join units u on u.id = p.host_unit_id left join chains c on c.id = p.chain_id
    where ${projectsIn(f)} and ${notTerminated} order by p.total_investment_yuan desc, p.id limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ projectId: Number(r.id), code: r.code, name: r.name, unitName: r.unit_name, stage: r.stage, yuan: num(r.total_investment_yuan), chainName: r.chain_name }));
}

const STAGE_INDEX = sql.join(
  STAGES.map((s, i) => sql`when ${s} then ${i}`),
  sql` `,
);

/**
 * The cohort signed in the window (terminated ones too: they were signed), in one pass over its
 * stage rows: how many there are; per furthest stage with an actual date by the as-of date, how
 * many projects got there (a stage reached counts every step before it, even one whose date was
 * never recorded); and the median days of each step, from the step before (both dates known) and
 * from signing. Each project's dates are pivoted to one row first, so the stage rows are read once
 * (not once for the reach, twice more for the pairs of the medians). The median is the middle row
 * (the mean of the two middle rows for an even count), found by numbering the rows in SQL: both
 * databases answer alike, neither sends the rows over.
 */
export async function cohort(db: Db, dialect: Dialect, f: Focus, w: Window): Promise<{ signed: number; reached: Map<number, number>; medians: Map<string, { step: number | null; fromSigned: number | null }> }> {
  const total = await sql<{ n: unknown }>`select count(*) as n from projects p where ${projectsIn(f)} and ${signedIn(w)}`.execute(db);
  const dateOf = (stage: string) => sql.ref(`c.d_${stage}`);
  const pivot = sql.join(
    COHORT_STEPS.map((stage) => sql`max(case when s.stage = ${stage} then s.actual_date end) as ${sql.ref(`d_${stage}`)}`),
    sql`, `,
  );
  const steps = COHORT_STEPS.slice(1);
  const pairs = sql.join(
    steps.flatMap((stage, i) => [
      sql`select 'step' as kind, ${stage} as stage, ${daysBetween(dialect, dateOf(stage), dateOf(COHORT_STEPS[i]!))} as days from c where ${dateOf(stage)} is not null and ${dateOf(COHORT_STEPS[i]!)} is not null`,
      sql`select 'signed' as kind, ${stage} as stage, ${daysBetween(dialect, dateOf(stage), sql`c.signed_date`)} as days from c where ${dateOf(stage)} is not null`,
    ]),
    sql` union all `,
  );
  const rows = await sql<{ kind: string; stage: string; v: unknown }>`
    with c as (
      select p.id, p.signed_date, ${pivot}, max(case s.stage ${STAGE_INDEX} else -1 end) as mx
      from projects p join project_stages s on s.project_id = p.id
      where ${projectsIn(f)} and ${signedIn(w)} and s.actual_date is not null and s.actual_date <= ${w.asOf}
      group by p.id, p.signed_date
    ), pairs as (${pairs})
    select 'reach' as kind, cast(mx as varchar(8)) as stage, count(*) as v from c group by mx
    union all
    select kind, stage, avg(days) as v from (
      select kind, stage, days, row_number() over (partition by kind, stage order by days) as rn, count(*) over (partition by kind, stage) as cnt from pairs
    ) x where rn = (cnt + 1) / 2 or rn = (cnt + 2) / 2 group by kind, stage`.execute(db);
  const reached = new Map<number, number>();
  const medians = new Map<string, { step: number | null; fromSigned: number | null }>();
  for (const r of rows.rows) {
    if (r.kind === 'reach') {
      reached.set(Number(r.stage), num(r.v));
      continue;
    }
    const entry = medians.get(r.stage) ?? { step: null, fromSigned: null };
    const value = Math.round(num(r.v) * 10) / 10;
    if (r.kind === 'step') entry.step = value;
    else entry.fromSigned = value;
    medians.set(r.stage, entry);
  }
  return { signed: num(total.rows[0]?.n), reached, medians };
}

// ---- drill-down ----------------------------------------------------------------------------

/** What lies behind one figure: the rows' source, condition, the date and value to show, the order. */
export interface Behind {
  join: RawBuilder<unknown>;
  where: Cond;
  date: RawBuilder<unknown>;
  value: RawBuilder<unknown>;
}

const none = sql``;
const nul = sql`null`;

export const behind = {
  funnel: (f: Focus, stage: string): Behind => ({ join: none, where: all([projectsIn(f), notTerminated, sql<SqlBool>`p.stage in (${sql.join(stagesFrom(stage))})`]), date: nul, value: nul }),
  chain: (f: Focus, w: Window, b: Band, chainId: number | null): Behind => ({
    join: none,
    where: all([projectsIn(f), notTerminated, signedIn(w), above100m(b), chainId === null ? sql<SqlBool>`p.chain_id is null` : sql<SqlBool>`p.chain_id = ${chainId}`]),
    date: sql`p.signed_date`,
    value: nul,
  }),
  /** `unitPath` null: the focus's own projects (本级). */
  unitSigned: (f: Focus, w: Window, unitPath: string | null): Behind => ({
    join: none,
    where: all([projectsIn(f), notTerminated, signedIn(w), unitPath === null ? sql<SqlBool>`p.host_unit_id = ${f.id}` : sql<SqlBool>`p.host_unit_id in ${subtree(unitPath)}`]),
    date: sql`p.signed_date`,
    value: nul,
  }),
  invested: (f: Focus, w: Window, only: { unitPath?: string | null; period?: string }): Behind => {
    const parts: Cond[] = [periodsIn(w), sql<SqlBool>`r.is_current = 1`, unitRowsIn(f, 'r')];
    if (only.unitPath === null) parts.push(sql<SqlBool>`r.unit_id = ${f.id}`);
    else if (only.unitPath !== undefined) parts.push(sql<SqlBool>`r.unit_id in ${subtree(only.unitPath)}`);
    if (only.period) parts.push(sql<SqlBool>`d.period = ${only.period}`);
    return {
      join: sql`join (select r.project_id, sum(r.month_yuan) as v from dispatch_reports r join dispatch_periods d on d.id = r.period_id where ${all(parts)} group by r.project_id) iv on iv.project_id = p.id`,
      where: sql<SqlBool>`1 = 1`,
      date: nul,
      value: sql`iv.v`,
    };
  },
  month: (f: Focus, w: Window, what: 'signed' | 'started', month: string): Behind => {
    const column = what === 'signed' ? 'signed_date' : 'started_date';
    return { join: none, where: all([projectsIn(f), notTerminated, what === 'signed' ? signedIn(w) : startedIn(w), sql<SqlBool>`${monthOf(column)} = ${month}`]), date: sql.ref(`p.${column}`), value: nul };
  },
  red: (f: Focus, periodId: number): Behind => ({ join: none, where: sql<SqlBool>`p.id in (select l.project_id from project_lights l where ${redIn(f, periodId)})`, date: nul, value: nul }),
  top: (f: Focus): Behind => ({ join: none, where: all([projectsIn(f), notTerminated]), date: sql`p.signed_date`, value: nul }),
  /** The cohort's projects that reached `stage` by the as-of date (`signed`: the whole cohort). */
  cohort: (f: Focus, w: Window, stage: string): Behind => {
    const parts = [projectsIn(f), signedIn(w)];
    if (stage !== 'signed') parts.push(sql<SqlBool>`exists (select 1 from project_stages rs where rs.project_id = p.id and rs.actual_date is not null and rs.actual_date <= ${w.asOf} and rs.stage in (${sql.join(stagesFrom(stage))}))`);
    return { join: sql`left join project_stages ks on ks.project_id = p.id and ks.stage = ${stage}`, where: all(parts), date: sql`ks.actual_date`, value: nul };
  },
};

export interface DrillRow {
  projectId: number;
  code: string;
  name: string;
  unitName: string;
  stage: string;
  status: string;
  yuan: number;
  chainName: string | null;
  date: string | null;
  valueYuan: number | null;
}

/** The rows behind a figure, paged in the database (the largest first), and how many there are. */
export async function rowsBehind(db: Db, b: Behind, limit: number, offset: number): Promise<{ total: number; items: DrillRow[] }> {
  const count = await sql<{ n: unknown }>`select count(*) as n from projects p ${b.join} where ${b.where}`.execute(db);
  const rows = await sql<{ id: number; code: string; name: string; unit_name: string; stage: string; status: string; total_investment_yuan: unknown; chain_name: string | null; d: string | null; v: unknown }>`
    select p.id, p.code, p.name, u.name as unit_name, p.stage, p.status, p.total_investment_yuan, c.name as chain_name, ${b.date} as d, ${b.value} as v
    from projects p ${b.join} join units u on u.id = p.host_unit_id left join chains c on c.id = p.chain_id
    where ${b.where} order by ${b.value === nul ? sql`` : sql`v desc,`} p.total_investment_yuan desc, p.id limit ${limit} offset ${offset}`.execute(db);
  return {
    total: num(count.rows[0]?.n),
    items: rows.rows.map((r) => ({ projectId: Number(r.id), code: r.code, name: r.name, unitName: r.unit_name, stage: r.stage, status: r.status, yuan: num(r.total_investment_yuan), chainName: r.chain_name, date: r.d ?? null, valueYuan: r.v === null || r.v === undefined ? null : num(r.v) })),
  };
}

/** Stage, status and chain of a page of projects (the indicator drill-down lists the rest). */
export async function projectsBrief(db: Db, ids: number[]): Promise<Map<number, { stage: string; status: string; chainName: string | null }>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('projects as p').leftJoin('chains as c', 'c.id', 'p.chain_id').select(['p.id', 'p.stage', 'p.status', 'c.name as chainName']).where('p.id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { stage: r.stage, status: r.status, chainName: r.chainName }]));
}
