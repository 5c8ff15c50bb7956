import type { Kysely, Transaction } from 'kysely';
import { parsePeriod, WARNING_KINDS, type LightLevel } from '../../../../common/dispatch.js';
import { DEFAULT_RETURNS_RULE, gapLight, type ReturnsRule } from '../../../../common/returns.js';
import { stageIndex, type Stage } from '../../../../common/projects.js';
import type { DB } from '../../db/schema.js';
import { owesReport } from './repo.js';
import { computeLights, ruleFor, type ProjectFacts, type WarningRule } from './rules.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function loadRules(db: Db): Promise<WarningRule[]> {
  const rows = await db.selectFrom('warning_rules').selectAll().execute();
  return rows.map((r) => ({ version: r.version, effectiveFrom: r.effective_from, definition: JSON.parse(r.definition) }));
}

const CHUNK = 1000;
const SEVERITY = { green: 0, yellow: 1, red: 2 } as const;
/** Above this many projects, read whole tables of the period rather than by project id. */
const WIDE = 2000;
const chunks = (ids: number[]) => Array.from({ length: Math.ceil(ids.length / CHUNK) }, (_, i) => ids.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Recomputes the lights of one period — for every project on the year's lists, or for the given
 * ones — and stores them with the rule version that produced them. A handful of queries for the
 * whole period (never one per project), then the rows replaced in batches.
 */
export async function recomputePeriodLights(db: Db, periodId: number, now: string, only?: number[]): Promise<{ projects: number; lights: number }> {
  const period = await db.selectFrom('dispatch_periods').selectAll().where('id', '=', periodId).executeTakeFirstOrThrow();
  const { year, month } = parsePeriod(period.period)!;
  const rule = ruleFor(await loadRules(db), year, month);
  const def = rule.definition;
  if (only && only.length === 0) return { projects: 0, lights: 0 };

  const listed = db
    .selectFrom('key_projects as k')
    .innerJoin('projects as p', 'p.id', 'k.project_id')
    .select(['p.id', 'p.host_unit_id', 'p.stage', 'p.status'])
    .distinct()
    .where('k.year', '=', year)
    .where('k.level', 'in', def.levels)
    .where(owesReport(period, def.levels));
  const found = only ? (await Promise.all(chunks(only).map((c) => listed.where('p.id', 'in', c).execute()))).flat() : await listed.execute();
  const projects = found.filter((p) => p.status !== 'terminated');
  const ids = projects.map((p) => p.id);

  const plans = new Map<number, number>();
  const cumulative = new Map<number, number>();
  const starts = new Map<number, { planned: string | null; actual: string | null }>();
  const previous = new Map<string, LightLevel[]>();
  // Periods of the same year up to this one, newest first: the latest filed cumulative counts.
  const periods = await db.selectFrom('dispatch_periods').select(['id', 'month', 'year']).where('year', '<=', year).where('year', '>=', year - 1).execute();
  const ordered = periods.filter((p) => p.year * 12 + p.month < year * 12 + month).sort((a, b) => b.year * 12 + b.month - (a.year * 12 + a.month));
  const consecutive: number[] = [];
  for (let i = 0, expect = year * 12 + month - 1; i < ordered.length && consecutive.length < def.consecutiveYellowsToRed - 1; i++, expect--) {
    if (ordered[i]!.year * 12 + ordered[i]!.month !== expect) break;
    consecutive.push(ordered[i]!.id);
  }
  const sameYear = [periodId, ...ordered.filter((p) => p.year === year).map((p) => p.id)];

  // A whole period (or a big import) reads each input table once; a few projects read by key.
  // (Filtering a big period by 1,000 project ids at a time made SQLite walk the period's index
  // once per chunk: 42 s for 100k projects, against ~3 s this way.)
  const idSet = new Set(ids);
  const wide = ids.length > WIDE;
  const rank = new Map(consecutive.map((id, k) => [id, k]));
  if (wide) {
    for (const r of await db.selectFrom('project_year_plans').select(['project_id', 'plan_yuan']).where('year', '=', year).execute()) if (idSet.has(r.project_id)) plans.set(r.project_id, Number(r.plan_yuan));
  } else {
    for (const chunk of chunks(ids)) for (const r of await db.selectFrom('project_year_plans').select(['project_id', 'plan_yuan']).where('year', '=', year).where('project_id', 'in', chunk).execute()) plans.set(r.project_id, Number(r.plan_yuan));
  }
  // The latest cumulative filed up to this period: newest period first, each project's first hit wins.
  const missing = new Set(ids);
  for (const pid of sameYear) {
    if (!missing.size) break;
    const base = db.selectFrom('dispatch_reports').select(['project_id', 'cumulative_yuan']).where('period_id', '=', pid).where('is_current', '=', 1);
    const found = missing.size > WIDE ? await base.execute() : (await Promise.all(chunks([...missing]).map((c) => base.where('project_id', 'in', c).execute()))).flat();
    for (const r of found) {
      if (!missing.has(r.project_id)) continue;
      cumulative.set(r.project_id, Number(r.cumulative_yuan));
      missing.delete(r.project_id);
    }
  }
  for (const chunk of chunks(ids)) {
    for (const st of await db.selectFrom('project_stages').select(['project_id', 'planned_date', 'actual_date']).where('stage', '=', 'started').where('project_id', 'in', chunk).execute()) starts.set(st.project_id, { planned: st.planned_date, actual: st.actual_date });
  }
  // 投产达效: the listed projects producing or at 达产 are judged against their contract on the
  // period's last day, by the returns rule in force then (the returns module's table, read here
  // because that module builds on this one, not the other way round).
  const periodEnd = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  const producing = projects.filter((p) => p.stage === 'producing' || p.stage === 'capacity').map((p) => p.id);
  const capacityDue = new Map<number, string | null>();
  const returnsYear = new Map<number, number | null>();
  let returnsRule: Pick<ReturnsRule, 'graceMonths' | 'redMonths'> = DEFAULT_RETURNS_RULE;
  if (producing.length) {
    const r = await db.selectFrom('returns_rules').select('definition').where('effective_from', '<=', periodEnd).orderBy('effective_from', 'desc').orderBy('version', 'desc').executeTakeFirst();
    if (r) returnsRule = { ...DEFAULT_RETURNS_RULE, ...JSON.parse(r.definition) };
    for (const chunk of chunks(producing)) {
      for (const st of await db.selectFrom('project_stages').select(['project_id', 'planned_date']).where('stage', '=', 'capacity').where('project_id', 'in', chunk).execute()) capacityDue.set(st.project_id, st.planned_date);
      for (const c of await db.selectFrom('project_commitments').select(['project_id', 'returns_year']).where('project_id', 'in', chunk).execute()) returnsYear.set(c.project_id, c.returns_year);
    }
  }
  if (consecutive.length) {
    const base = db.selectFrom('project_lights').select(['project_id', 'period_id', 'kind', 'raw_level']).where('period_id', 'in', consecutive);
    const prev = wide ? await base.execute() : (await Promise.all(chunks(ids).map((c) => base.where('project_id', 'in', c).execute()))).flat();
    for (const r of prev) {
      if (!idSet.has(r.project_id)) continue;
      const key = `${r.project_id}:${r.kind}`;
      const list = previous.get(key) ?? [];
      list[rank.get(r.period_id)!] = r.raw_level as LightLevel;
      previous.set(key, list);
    }
  }

  const rows: DB['project_lights'][] = [];
  for (const p of projects) {
    const start = starts.get(p.id);
    const reached = stageIndex(p.stage as Stage);
    const previousRaw: ProjectFacts['previousRaw'] = {};
    for (const kind of WARNING_KINDS) {
      const list = previous.get(`${p.id}:${kind}`);
      if (list) previousRaw[kind] = list;
    }
    const facts: ProjectFacts = {
      year,
      month,
      planYuan: plans.get(p.id) ?? null,
      cumulativeYuan: cumulative.get(p.id) ?? null,
      plannedStart: start?.planned ?? null,
      actualStart: start?.actual ?? null,
      startReached: reached >= stageIndex('started'),
      registered: reached >= stageIndex('statistics'),
      previousRaw,
      returnsGap: (() => {
        const gap = gapLight(returnsRule, { stage: p.stage, capacityPlanned: capacityDue.get(p.id) ?? null, returnsYear: returnsYear.get(p.id) ?? null }, periodEnd);
        return gap ? { level: gap.level, monthsLate: gap.monthsLate } : null;
      })(),
    };
    for (const light of computeLights(facts, def)) {
      rows.push({ project_id: p.id, period_id: periodId, kind: light.kind, level: light.level, raw_level: light.rawLevel, severity: SEVERITY[light.level], unit_id: p.host_unit_id, deviation_centi: light.deviationCenti, months_late: light.monthsLate, rule_version: rule.version, computed_at: now });
    }
  }
  if (!only) await db.deleteFrom('project_lights').where('period_id', '=', periodId).execute();
  else for (let i = 0; i < only.length; i += CHUNK) await db.deleteFrom('project_lights').where('period_id', '=', periodId).where('project_id', 'in', only.slice(i, i + CHUNK)).execute();
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('project_lights').values(rows.slice(i, i + CHUNK)).execute();
  return { projects: projects.length, lights: rows.length };
}

/** After a project's figures change, its lights of that period and of the later periods of the year (the two-yellows rule chains them). */
export async function recomputeProjectFrom(db: Db, projectIds: number[], year: number, month: number, now: string): Promise<void> {
  const later = await db.selectFrom('dispatch_periods').select(['id', 'month']).where('year', '=', year).where('month', '>=', month).orderBy('month').execute();
  for (const p of later) await recomputePeriodLights(db, p.id, now, projectIds);
}
