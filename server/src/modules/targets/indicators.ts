import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { lastFour, monthsOfQuarter, quarterOfDay } from '../../../../common/returns.js';
import type { AmountBand, CountedStage, IndicatorUnit } from '../../../../common/targets.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { chinaDay, chinaYearStart } from '../../platform/china-time.js';

/**
 * The indicator library: count / sum / share over projects and the reported investment, as data
 * (`indicators` rows, versioned), counted by a version of the counting rules (统计口径). Values
 * are computed from the ledger, never typed in, and either from the ledger as it stands or as it
 * stood when a ranking was published (`Watermark`: the highest history ids that ranking saw).
 *
 * A project counts for its host unit; a project whose credit was split in lead arbitration counts
 * for each credited unit by its share (70 % → 0.7 of a project, 0.7 of its amount). Units are then
 * rolled up to the ranked units that contain them (a park's project counts for its district).
 */
export interface IndicatorDefinition {
  /**
   * Over projects: count, sum, share, the reported investment. Over the problems a department
   * handles as lead (the scorecard): closed in the year, first answered by the deadline (% of those
   * due), mean rating (as % of 5 stars).
   */
  measure: 'count' | 'sum' | 'share' | 'reportedCumulative' | 'perMu' | ProblemMeasure;
  /** Counted when this stage's actual date falls in the year, up to the as-of date. */
  stage?: CountedStage;
  band?: AmountBand;
  /** Only projects on an industry chain (四群八链). */
  chain?: boolean;
  /** Terminated projects count too (investment already made); by default they do not. */
  includeTerminated?: boolean;
  /** `sum`: which amount; `perMu`: which quarterly figure (入库税收). */
  field?: 'total_investment_yuan' | 'fixed_asset_yuan' | 'tax';
  /** `share`: the part (of what the rest counts) that is the numerator. */
  numerator?: { chain?: boolean; band?: AmountBand };
}

export type ProblemMeasure = 'problemsClosed' | 'problemsOnTime' | 'problemSatisfaction';
const PROBLEM_MEASURES: readonly string[] = ['problemsClosed', 'problemsOnTime', 'problemSatisfaction'];
/** Whether an indicator counts a department's problems (not an area's projects): the dashboard leaves these out. */
export function isDepartmentIndicator(ind: Pick<Indicator, 'definition'>): boolean {
  return PROBLEM_MEASURES.includes(ind.definition.measure);
}

export interface CountingRules {
  above100mYuan: number;
  above10mUsd: number;
  above1bYuan: number;
  above100mUsd: number;
}

export interface Indicator {
  code: string;
  version: number;
  name: string;
  nameEn: string;
  unit: IndicatorUnit;
  definition: IndicatorDefinition;
  ruleVersion: number;
}

/** The highest id of each history a computation may see; null: everything (the ledger as it stands). */
export interface Watermark {
  projects: number;
  stages: number;
  credits: number;
  reports: number;
  targets: number;
  /** The quarterly figures' and the land's histories (亩均); absent in rankings published before they were kept. */
  returns?: number;
  land?: number;
}

/** An indicator's value for one unit: `value` in the indicator's unit (count, 万元, %), null when undefined (a share of nothing). */
export interface IndicatorValue {
  value: number | null;
  /** count and share: the (fractional) number of projects behind the figure. */
  projects: number;
}

const STAGE_COLUMN: Partial<Record<CountedStage, 'signed_date' | 'started_date'>> = { signed: 'signed_date', started: 'started_date' };

export async function currentWatermark(db: Kysely<DB>): Promise<Watermark> {
  const max = async (table: 'project_history' | 'project_stage_history' | 'credit_history' | 'dispatch_reports' | 'target_versions' | 'returns_history' | 'land_history') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.max<number>('id').as('m')).executeTakeFirst())?.m ?? 0);
  return {
    projects: await max('project_history'),
    stages: await max('project_stage_history'),
    credits: await max('credit_history'),
    reports: await max('dispatch_reports'),
    targets: await max('target_versions'),
    returns: await max('returns_history'),
    land: await max('land_history'),
  };
}

/**
 * The given versions of the indicators (a published ranking's), or else the newest version of
 * each whose counting rules are in force at `asOf` (a rule change valid from next year does not
 * change this year's figures); without either, the newest.
 */
export async function loadIndicators(db: Kysely<DB>, versions?: Record<string, number>, asOf?: string): Promise<Indicator[]> {
  const rows = await db
    .selectFrom('indicators')
    .innerJoin('counting_rules', 'counting_rules.version', 'indicators.rule_version')
    .selectAll('indicators')
    .select('counting_rules.valid_from')
    .orderBy('indicators.code')
    .orderBy('indicators.version')
    .execute();
  const byCode = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    if (versions ? versions[row.code] === row.version : !asOf || row.valid_from <= asOf) byCode.set(row.code, row);
  }
  return [...byCode.values()].map((r) => ({ code: r.code, version: r.version, name: r.name, nameEn: r.name_en, unit: r.unit as IndicatorUnit, definition: JSON.parse(r.definition) as IndicatorDefinition, ruleVersion: r.rule_version }));
}

export async function loadRules(db: Kysely<DB>, versions: number[]): Promise<Map<number, CountingRules>> {
  if (!versions.length) return new Map();
  const rows = await db.selectFrom('counting_rules').select(['version', 'definition']).where('version', 'in', [...new Set(versions)]).execute();
  return new Map(rows.map((r) => [r.version, JSON.parse(r.definition) as CountingRules]));
}

/** The ledger's facts, as they stand or as of a watermark: one row per project. */
function factsRelation(w: Watermark | null): RawBuilder<unknown> {
  const cols = sql`project_id, host_unit_id, status, total_investment_yuan, foreign_investment_usd, chain_id, signed_date, started_date`;
  if (!w) return sql`(select id as project_id, host_unit_id, status, total_investment_yuan, foreign_investment_usd, chain_id, signed_date, started_date, fixed_asset_yuan from projects)`;
  // fixed_asset_yuan is not kept in the history: a `sum` of it reads the ledger as it stands.
  // The newest version seen is the one no later version seen follows: one index seek per row on
  // both databases. (`id in (select max(id) …)` made SQLite walk that list once per joined row,
  // and a join to the grouped ids was flattened into a scan per row: minutes for one publish at
  // 100k projects.)
  return sql`(select ${cols}, (select p.fixed_asset_yuan from projects p where p.id = h.project_id) as fixed_asset_yuan from project_history h
    where h.id <= ${w.projects} and not exists (select 1 from project_history n where n.project_id = h.project_id and n.id > h.id and n.id <= ${w.projects}))`;
}

function creditsRelation(w: Watermark | null): RawBuilder<unknown> {
  if (!w) return sql`(select object_id as project_id, unit_id, share from credits where object_type = 'project')`;
  return sql`(select h.project_id, h.unit_id, h.share from credit_history h
    where h.id <= ${w.credits} and h.share is not null
      and not exists (select 1 from credit_history n where n.project_id = h.project_id and n.unit_id = h.unit_id and n.id > h.id and n.id <= ${w.credits}))`;
}

function stageRelation(w: Watermark | null, stage: CountedStage): RawBuilder<unknown> {
  if (!w) return sql`(select project_id, actual_date from project_stages where stage = ${stage} and actual_date is not null)`;
  return sql`(select h.project_id, h.actual_date from project_stage_history h
    where h.stage = ${stage} and h.id <= ${w.stages} and h.actual_date is not null
      and not exists (select 1 from project_stage_history n where n.stage = h.stage and n.project_id = h.project_id and n.id > h.id and n.id <= ${w.stages}))`;
}

/**
 * Each project's newest report of the year up to the as-of month. As the ledger stands that is
 * `dispatch_latest` (kept by the filing service) for every project whose newest period is not
 * after the as-of month; only the projects that reported after it (an as-of date in the past) are
 * searched among their reports, through the current-report index. As of a watermark, the newest
 * version the watermark saw.
 */
function latestReports(year: number, asOfPeriod: string, w: Watermark | null): RawBuilder<unknown> {
  if (!w) {
    return sql`(select project_id, cumulative_yuan from dispatch_latest where year = ${year} and period <= ${asOfPeriod}
      union all
      select r.project_id, r.cumulative_yuan from dispatch_reports r join dispatch_periods p on p.id = r.period_id
      join (select r2.project_id, max(p2.period) as mp from dispatch_reports r2 join dispatch_periods p2 on p2.id = r2.period_id
        where p2.year = ${year} and p2.period <= ${asOfPeriod} and r2.is_current = 1
          and r2.project_id in (select project_id from dispatch_latest where year = ${year} and period > ${asOfPeriod})
        group by r2.project_id) nl on nl.project_id = r.project_id and nl.mp = p.period
      where r.is_current = 1)`;
  }
  return sql`(select project_id, cumulative_yuan from (
      select r.project_id, r.cumulative_yuan, row_number() over (partition by r.project_id order by p.period desc, r.version desc) as rn
      from dispatch_reports r join dispatch_periods p on p.id = r.period_id
      where p.year = ${year} and p.period <= ${asOfPeriod} and r.id <= ${w.reports}) x where rn = 1)`;
}

/**
 * The counted projects, each once per unit it counts for (its host unit when no credit was split,
 * else each credited unit): the `from` clause, with the unit and share (percent points) columns.
 * As the ledger stands, only the projects with a counted stage dated in the window are read (the
 * stage-date indexes find them: the year's signings, not the 100k-project ledger) and the credits
 * are a left join on their key; as of a watermark, the histories' newest versions as before.
 */
function attribution(w: Watermark | null, facts: RawBuilder<unknown>, credits: RawBuilder<unknown>, candidates: RawBuilder<unknown> | null): { from: RawBuilder<unknown>; unit: RawBuilder<unknown>; share: RawBuilder<unknown> } {
  if (w) {
    const attributed = sql`(select f.project_id, f.host_unit_id as unit_id, 100 as share from ${facts} f
        where not exists (select 1 from ${credits} c where c.project_id = f.project_id)
      union all
      select c.project_id, c.unit_id, c.share from ${credits} c)`;
    return { from: sql`${facts} f join ${attributed} a on a.project_id = f.project_id`, unit: sql`a.unit_id`, share: sql`a.share` };
  }
  const live = candidates ? sql`(select id as project_id, host_unit_id, status, total_investment_yuan, foreign_investment_usd, chain_id, signed_date, started_date, fixed_asset_yuan from projects where id in (${candidates}))` : facts;
  return {
    from: sql`${live} f left join credits c on c.object_type = 'project' and c.object_id = f.project_id`,
    unit: sql`(case when c.object_id is null then f.host_unit_id else c.unit_id end)`,
    share: sql`(case when c.object_id is null then 100 else c.share end)`,
  };
}

/** The ids of the projects whose `stage` is dated in the window (the live ledger), through the stage-date indexes. */
function datedIn(stage: CountedStage, year: number, asOf: string): RawBuilder<unknown> {
  const column = STAGE_COLUMN[stage];
  if (column) return sql`select id from projects where ${sql.ref(column)} >= ${`${year}-01-01`} and ${sql.ref(column)} <= ${asOf}`;
  return sql`select project_id from project_stages where stage = ${stage} and actual_date >= ${`${year}-01-01`} and actual_date <= ${asOf}`;
}

/**
 * Each project's year of tax at the pace of what it filed in the last four quarters, by months (a
 * quarter filed whole is three months, a monthly filer's month one: Σ × 12 ÷ months — two
 * quarters filed, their sum doubled), rounded to the yuan as the returns module rounds it, with its
 * land (hundredths of a 亩) — only projects with both. As the figures stand, or as of a watermark.
 */
function perMuRelation(asOf: string, w: Watermark | null): RawBuilder<unknown> {
  const window = lastFour(quarterOfDay(asOf));
  const quarters = sql.join(window);
  // Months sort among themselves as text; quarters ('2026-Q1') sort after every month of their year, so they are kept out of the range.
  const [firstMonth, lastMonth] = [monthsOfQuarter(window[0]!)[0]!, monthsOfQuarter(window[3]!)[2]!];
  const inWindow = (period: RawBuilder<unknown>) => sql<SqlBool>`(${period} in (${quarters}) or (${period} not like ${'%Q%'} and ${period} >= ${firstMonth} and ${period} <= ${lastMonth}))`;
  const months = (period: RawBuilder<unknown>) => sql`case when ${period} like ${'%Q%'} then 3 else 1 end`;
  const figures = w
    ? sql`(select h.project_id, h.tax_yuan, ${months(sql.ref('h.period'))} as months from returns_history h
        where h.id <= ${w.returns ?? 0} and ${inWindow(sql.ref('h.period'))} and h.tax_yuan is not null
          and not exists (select 1 from returns_history n where n.project_id = h.project_id and n.period = h.period and n.id > h.id and n.id <= ${w.returns ?? 0}))`
    : sql`(select project_id, tax_yuan, ${months(sql.ref('period'))} as months from project_returns where ${inWindow(sql.ref('period'))})`;
  const land = w
    ? sql`(select h.project_id, h.land_centimu from land_history h
        where h.id <= ${w.land ?? 0} and not exists (select 1 from land_history n where n.project_id = h.project_id and n.id > h.id and n.id <= ${w.land ?? 0}))`
    : sql`(select project_id, land_centimu from project_commitments)`;
  // Integer arithmetic on both databases: (12 × Σ + ⌊m/2⌋) div m is Math.round(12 × Σ ÷ m) for the non-negative sums of tax.
  return sql`(select q.project_id, (q.total * 12 + q.m / 2) / q.m as annual_yuan, l.land_centimu
    from (select project_id, cast(sum(tax_yuan) as bigint) as total, cast(sum(months) as bigint) as m from ${figures} fq group by project_id) q
    join ${land} l on l.project_id = q.project_id where l.land_centimu > 0)`;
}

function bandCondition(band: AmountBand, rules: CountingRules): RawBuilder<SqlBool> {
  return band === 'above1b'
    ? sql<SqlBool>`(f.total_investment_yuan >= ${rules.above1bYuan} or coalesce(f.foreign_investment_usd, 0) >= ${rules.above100mUsd})`
    : sql<SqlBool>`(f.total_investment_yuan >= ${rules.above100mYuan} or coalesce(f.foreign_investment_usd, 0) >= ${rules.above10mUsd})`;
}

function stageDate(stage: CountedStage): RawBuilder<string> {
  const column = STAGE_COLUMN[stage];
  return column ? sql<string>`f.${sql.ref(column)}` : sql<string>`${sql.ref(`st_${stage}.actual_date`)}`;
}

/** Which projects an indicator counts (before its numerator, for a share). */
function countedCondition(ind: Indicator, rules: CountingRules, year: number, asOf: string): RawBuilder<SqlBool> {
  const d = ind.definition;
  const parts: RawBuilder<SqlBool>[] = [];
  if (d.stage) {
    const date = stageDate(d.stage);
    parts.push(sql<SqlBool>`(${date} >= ${`${year}-01-01`} and ${date} <= ${asOf})`);
  }
  if (d.band) parts.push(bandCondition(d.band, rules));
  if (d.chain) parts.push(sql<SqlBool>`f.chain_id is not null`);
  if (!d.includeTerminated) parts.push(sql<SqlBool>`f.status <> 'terminated'`);
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : sql<SqlBool>`1 = 1`;
}

function numeratorCondition(ind: Indicator, rules: CountingRules): RawBuilder<SqlBool> {
  const n = ind.definition.numerator ?? {};
  const parts: RawBuilder<SqlBool>[] = [];
  if (n.chain) parts.push(sql<SqlBool>`f.chain_id is not null`);
  if (n.band) parts.push(bandCondition(n.band, rules));
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : sql<SqlBool>`1 = 1`;
}

export function validateDefinition(d: IndicatorDefinition): void {
  const ok =
    PROBLEM_MEASURES.includes(d.measure) ||
    (d.measure === 'perMu' && d.field === 'tax') ||
    (['count', 'sum', 'share', 'reportedCumulative'].includes(d.measure) && (d.measure === 'reportedCumulative' || !!d.stage) && (d.measure !== 'share' || !!d.numerator));
  if (!ok) throw new AppError(400, 'INDICATOR_DEFINITION_BAD');
}

interface Raw {
  /** Σ share (percent points) of the counted projects; `perMu`: Σ share × land (centimu). */
  shares: Map<string, bigint>;
  /** `perMu`: Σ share (percent points) of the projects behind the figure. */
  counts: Map<string, bigint>;
  /** Σ share × amount (yuan × 100) or Σ share of the numerator. */
  amounts: Map<string, bigint>;
}

const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? Math.round(v) : String(v).split('.')[0]!));

/**
 * The raw sums per attributed unit (the host unit, or each credited unit), in one grouped query
 * for the project measures and one for the reported investment; no query per project or unit.
 */
async function rawByUnit(db: Kysely<DB>, indicators: Indicator[], rules: Map<number, CountingRules>, year: number, asOf: string, w: Watermark | null): Promise<Map<number, Raw>> {
  const out = new Map<number, Raw>();
  const slot = (unitId: number) => {
    let raw = out.get(unitId);
    if (!raw) out.set(unitId, (raw = { shares: new Map(), amounts: new Map(), counts: new Map() }));
    return raw;
  };
  const ruleOf = (ind: Indicator) => {
    const r = rules.get(ind.ruleVersion);
    if (!r) throw new Error(`counting rules version ${ind.ruleVersion} missing`);
    return r;
  };
  const projectMeasures = indicators.filter((i) => !['reportedCumulative', 'perMu'].includes(i.definition.measure) && !isDepartmentIndicator(i));
  const reported = indicators.filter((i) => i.definition.measure === 'reportedCumulative');
  const perMu = indicators.filter((i) => i.definition.measure === 'perMu');
  const problems = indicators.filter(isDepartmentIndicator);
  const facts = factsRelation(w);
  const credits = creditsRelation(w);

  if (projectMeasures.length) {
    const stages = [...new Set(projectMeasures.map((i) => i.definition.stage).filter((s): s is CountedStage => !!s && !STAGE_COLUMN[s]))];
    const stageJoins = sql.join(stages.map((s) => sql`left join ${stageRelation(w, s)} ${sql.ref(`st_${s}`)} on ${sql.ref(`st_${s}.project_id`)} = f.project_id`), sql` `);
    // Every project measure counts by a stage's date in the window: those projects are the only candidates.
    const counted = [...new Set(projectMeasures.map((i) => i.definition.stage!))];
    const a = attribution(w, facts, credits, sql.join(counted.map((s) => datedIn(s, year, asOf)), sql` union `));
    const columns = projectMeasures.flatMap((ind, n) => {
      const counted = countedCondition(ind, ruleOf(ind), year, asOf);
      const amount =
        ind.definition.measure === 'sum'
          ? sql`case when ${counted} then ${a.share} * coalesce(f.${sql.ref(ind.definition.field ?? 'total_investment_yuan')}, 0) else 0 end`
          : ind.definition.measure === 'share'
            ? sql`case when ${counted} and ${numeratorCondition(ind, ruleOf(ind))} then ${a.share} else 0 end`
            : sql`0`;
      return [sql`sum(case when ${counted} then ${a.share} else 0 end) as ${sql.ref(`s${n}`)}`, sql`sum(${amount}) as ${sql.ref(`a${n}`)}`];
    });
    const any = sql.join(projectMeasures.map((ind) => countedCondition(ind, ruleOf(ind), year, asOf)), sql` or `);
    const rows = await sql<Record<string, unknown>>`select ${a.unit} as unit_id, ${sql.join(columns, sql`, `)}
      from ${a.from} ${stageJoins}
      where ${any} group by ${a.unit}`.execute(db);
    for (const row of rows.rows) {
      const raw = slot(Number(row.unit_id));
      projectMeasures.forEach((ind, n) => {
        raw.shares.set(ind.code, big(row[`s${n}`]));
        raw.amounts.set(ind.code, big(row[`a${n}`]));
      });
    }
  }

  if (reported.length) {
    const latest = latestReports(year, asOf.slice(0, 7), w);
    for (const ind of reported) {
      const counted = countedCondition(ind, ruleOf(ind), year, asOf);
      const a = attribution(w, facts, credits, null);
      const rows = await sql<Record<string, unknown>>`select ${a.unit} as unit_id, sum(${a.share}) as s, sum(${a.share} * l.cumulative_yuan) as a
        from ${a.from} join ${latest} l on l.project_id = f.project_id
        where ${counted} group by ${a.unit}`.execute(db);
      for (const row of rows.rows) {
        const raw = slot(Number(row.unit_id));
        raw.shares.set(ind.code, big(row.s));
        raw.amounts.set(ind.code, big(row.a));
      }
    }
  }
  if (perMu.length) {
    const a = attribution(w, facts, credits, null);
    for (const ind of perMu) {
      const counted = countedCondition(ind, ruleOf(ind), year, asOf);
      const rows = await sql<Record<string, unknown>>`select ${a.unit} as unit_id, sum(${a.share}) as n, sum(${a.share} * m.land_centimu) as s, sum(${a.share} * m.annual_yuan) as a
        from ${a.from} join ${perMuRelation(asOf, w)} m on m.project_id = f.project_id
        where ${counted} group by ${a.unit}`.execute(db);
      for (const row of rows.rows) {
        const raw = slot(Number(row.unit_id));
        raw.shares.set(ind.code, big(row.s));
        raw.amounts.set(ind.code, big(row.a));
        raw.counts.set(ind.code, big(row.n));
      }
    }
  }
  if (problems.length) {
    // Facts that do not change once they happened: a closing is final, and "on time" is judged by the
    // first answer against the deadline — so a ranking recomputed later from the data equals the published one.
    const from = chinaYearStart(year);
    const until = new Date(Date.parse(`${asOf}T00:00:00Z`) + 16 * 3600_000).toISOString();
    const closed = await sql<{ unit_id: number; n: unknown; rated: unknown; stars: unknown }>`select lead_unit_id as unit_id, count(*) as n, count(rating) as rated, sum(rating) as stars
      from problems where status = 'closed' and lead_unit_id is not null and closed_at >= ${from} and closed_at < ${until} group by lead_unit_id`.execute(db);
    const due = await sql<{ unit_id: number; due_date: string; first_answer: string | null }>`select p.lead_unit_id as unit_id, p.due_date,
        (select min(e.at) from problem_events e where e.problem_id = p.id and e.kind = 'answered') as first_answer
      from problems p where p.lead_unit_id is not null and p.due_date >= ${`${year}-01-01`} and p.due_date <= ${asOf}`.execute(db);
    const onTime = new Map<number, { due: number; kept: number }>();
    for (const d of due.rows) {
      const a = onTime.get(Number(d.unit_id)) ?? { due: 0, kept: 0 };
      a.due++;
      // Answered on or before the deadline (China time), and by the as-of date.
      if (d.first_answer && chinaDay(d.first_answer) <= d.due_date) a.kept++;
      onTime.set(Number(d.unit_id), a);
    }
    const units = new Set([...closed.rows.map((r) => Number(r.unit_id)), ...onTime.keys()]);
    for (const unitId of units) {
      const raw = slot(unitId);
      const c = closed.rows.find((r) => Number(r.unit_id) === unitId);
      const t = onTime.get(unitId);
      for (const ind of problems) {
        const m = ind.definition.measure;
        // Shares in percent points as for projects: n problems → n × 100.
        if (m === 'problemsClosed') raw.shares.set(ind.code, big(c?.n) * 100n);
        else if (m === 'problemSatisfaction') {
          raw.shares.set(ind.code, big(c?.rated) * 100n);
          raw.amounts.set(ind.code, big(c?.stars) * 100n);
        } else {
          raw.shares.set(ind.code, BigInt(t?.due ?? 0) * 100n);
          raw.amounts.set(ind.code, BigInt(t?.kept ?? 0) * 100n);
        }
      }
    }
  }
  return out;
}

export interface RankedUnit {
  id: number;
  path: string;
}

/**
 * Each indicator's value for each of `units` (a unit's value includes the units below it), from
 * the ledger as it stands (`watermark` null) or as of a watermark.
 */
export async function indicatorValues(
  db: Kysely<DB>,
  input: { indicators: Indicator[]; year: number; asOf: string; units: RankedUnit[]; watermark: Watermark | null },
): Promise<Map<number, Map<string, IndicatorValue>>> {
  const rules = await loadRules(db, input.indicators.map((i) => i.ruleVersion));
  const raw = await rawByUnit(db, input.indicators, rules, input.year, input.asOf, input.watermark);
  const paths = new Map((await db.selectFrom('units').select(['id', 'path']).where('id', 'in', raw.size ? [...raw.keys()] : [-1]).execute()).map((u) => [u.id, u.path]));
  const result = new Map<number, Map<string, IndicatorValue>>();
  for (const unit of input.units) {
    const totals = new Map<string, { shares: bigint; amounts: bigint; counts: bigint }>(input.indicators.map((i) => [i.code, { shares: 0n, amounts: 0n, counts: 0n }]));
    for (const [unitId, r] of raw) {
      if (!(paths.get(unitId) ?? '\u0000').startsWith(unit.path)) continue;
      for (const ind of input.indicators) {
        const t = totals.get(ind.code)!;
        t.shares += r.shares.get(ind.code) ?? 0n;
        t.amounts += r.amounts.get(ind.code) ?? 0n;
        t.counts += r.counts.get(ind.code) ?? 0n;
      }
    }
    const values = new Map<string, IndicatorValue>();
    for (const ind of input.indicators) {
      const t = totals.get(ind.code)!;
      values.set(ind.code, present(ind, t.shares, t.amounts, t.counts));
    }
    result.set(unit.id, values);
  }
  return result;
}

/** Shares are percent points: Σ share ÷ 100 projects; amounts are yuan × share: ÷ 100 yuan, shown in 万元. */
function present(ind: Indicator, shares: bigint, amounts: bigint, counts: bigint): IndicatorValue {
  const projects = Number(shares) / 100;
  switch (ind.definition.measure) {
    case 'perMu':
      // Σ share × yuan ÷ Σ share × centimu is yuan per hundredth of a 亩: ÷ 100 is 万元 per 亩, two decimals as the returns module shows it.
      return { value: shares === 0n ? null : Math.round(Number(amounts) / Number(shares)) / 100, projects: Number(counts) / 100 };
    case 'count':
    case 'problemsClosed':
      return { value: projects, projects };
    case 'problemsOnTime':
      return { value: shares === 0n ? null : Math.round((Number(amounts) * 1000) / Number(shares)) / 10, projects };
    case 'problemSatisfaction':
      // Mean stars of 5 as a percent: 4 stars → 80 %.
      return { value: shares === 0n ? null : Math.round((Number(amounts) * 200) / Number(shares)) / 10, projects };
    case 'share':
      return { value: shares === 0n ? null : Math.round((Number(amounts) * 1000) / Number(shares)) / 10, projects };
    default:
      // yuan × 100 → 万元 with four decimals (exact to the yuan).
      return { value: Number((amounts + 50n) / 100n) / 10_000, projects };
  }
}

export interface IndicatorRow {
  projectId: number;
  code: string;
  name: string;
  hostUnitName: string;
  /** The unit's share of the project, percent (100 unless lead arbitration split the credit). */
  share: number;
  totalInvestmentYuan: number;
  /** The date the indicator counted it by (its stage's actual date), if any. */
  date: string | null;
  /** `share` indicators: whether it is in the numerator (a chain project among those counted). */
  inNumerator: boolean | null;
  /** `reportedCumulative`: the cumulative reported, yuan; `perMu`: the year's tax at the pace of the quarters filed, yuan. */
  reportedYuan: number | null;
  /** `perMu`: the project's committed land, 亩. */
  landMu: number | null;
}

/**
 * The projects behind one unit's figure (live ledger), paged in the database. Only the projects
 * the reader may read are listed; the others are counted (`hidden`), never named.
 */
export async function indicatorRows(
  db: Kysely<DB>,
  input: { indicator: Indicator; year: number; asOf: string; unitPath: string; visible: RawBuilder<SqlBool>; limit: number; offset: number },
): Promise<{ total: number; hidden: number; items: IndicatorRow[] }> {
  const ind = input.indicator;
  // A department's problems are behind its figure, not projects: the scorecard and the problem list show them.
  if (isDepartmentIndicator(ind)) return { total: 0, hidden: 0, items: [] };
  const rules = (await loadRules(db, [ind.ruleVersion])).get(ind.ruleVersion)!;
  const facts = factsRelation(null);
  const credits = creditsRelation(null);
  const d = ind.definition;
  const stageJoin = d.stage && !STAGE_COLUMN[d.stage] ? sql`left join ${stageRelation(null, d.stage)} ${sql.ref(`st_${d.stage}`)} on ${sql.ref(`st_${d.stage}.project_id`)} = f.project_id` : sql``;
  const reported = d.measure === 'reportedCumulative';
  const latest = latestReports(input.year, input.asOf.slice(0, 7), null);
  const perMu = d.measure === 'perMu';
  const reportJoin = reported
    ? sql`join ${latest} l on l.project_id = f.project_id`
    : perMu
      ? sql`join ${perMuRelation(input.asOf, null)} m on m.project_id = f.project_id`
      : sql``;
  const attributed = sql`(select f.project_id, f.host_unit_id as unit_id, 100 as share from ${facts} f
      where not exists (select 1 from ${credits} c where c.project_id = f.project_id)
    union all
    select c.project_id, c.unit_id, c.share from ${credits} c)`;
  const from = sql`from ${facts} f join ${attributed} a on a.project_id = f.project_id join units au on au.id = a.unit_id
    join projects p on p.id = f.project_id join units host on host.id = p.host_unit_id ${stageJoin} ${reportJoin}
    where au.path like ${`${input.unitPath}%`} and ${countedCondition(ind, rules, input.year, input.asOf)}`;
  const counts = await sql<{ total: unknown; visible: unknown }>`select count(*) as total, sum(case when ${input.visible} then 1 else 0 end) as visible ${from}`.execute(db);
  const total = Number(counts.rows[0]?.total ?? 0);
  const visibleCount = Number(counts.rows[0]?.visible ?? 0);
  const date = d.stage ? stageDate(d.stage) : sql`null`;
  const rows = await sql<Record<string, unknown>>`select p.id, p.code, p.name, host.name as host_name, a.share, f.total_investment_yuan, ${date} as counted_date,
      ${d.measure === 'share' ? sql`case when ${numeratorCondition(ind, rules)} then 1 else 0 end` : sql`null`} as in_numerator,
      ${reported ? sql`l.cumulative_yuan` : perMu ? sql`m.annual_yuan` : sql`null`} as reported_yuan, ${perMu ? sql`m.land_centimu` : sql`null`} as land_centimu
    ${from} and ${input.visible}
    order by ${reported ? sql`l.cumulative_yuan desc,` : perMu ? sql`m.annual_yuan desc,` : sql``} f.total_investment_yuan desc, p.id
    limit ${input.limit} offset ${input.offset}`.execute(db);
  return {
    total: visibleCount,
    hidden: total - visibleCount,
    items: rows.rows.map((r) => ({
      projectId: Number(r.id),
      code: String(r.code),
      name: String(r.name),
      hostUnitName: String(r.host_name),
      share: Number(r.share),
      totalInvestmentYuan: Number(r.total_investment_yuan),
      date: (r.counted_date as string | null) ?? null,
      inNumerator: r.in_numerator === null || r.in_numerator === undefined ? null : Number(r.in_numerator) === 1,
      reportedYuan: r.reported_yuan === null || r.reported_yuan === undefined ? null : Number(r.reported_yuan),
      landMu: r.land_centimu === null || r.land_centimu === undefined ? null : Number(r.land_centimu) / 100,
    })),
  };
}
