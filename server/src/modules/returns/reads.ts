import { sql, type Kysely, type SqlBool } from 'kysely';
import { gapLight, lastFour, quarterEnd, type ReturnStage } from '../../../../common/returns.js';
import type { DB } from '../../db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { unitsToWan } from '../../platform/money.js';
import type { DataScope } from '../../platform/scope.js';
import { canCommit, canFileReturns, canReadReturns } from './policy.js';
import { commitmentOf, openProposals, parksAndZones, producingInScope, projectHead, proposalsOf, filedRows, quartersOf, ruleOn } from './repo.js';
import { gradeOf, perMu } from './rules.js';

/**
 * What the returns pages read, as the API answers it: each a fixed number of queries (through the
 * repository) for the page or the whole scope, the figures then judged by the rules in memory.
 */
type Db = Kysely<DB>;

const mu = (centimu: number | null | undefined) => (centimu === null || centimu === undefined ? null : centimu / 100);

/** One page of the producing projects in scope with the quarter's figures and their 亩均 grade. */
export async function returnsPage(db: Db, scope: DataScope, q: { period: string; unitId?: number; page: number; pageSize: number }) {
  const { period, unitId, page, pageSize } = q;
  const { version, rule } = await ruleOn(db, quarterEnd(period));
  const base = producingInScope(db, scope, unitId);
  const [rows, total] = await Promise.all([
    base
      .select(['p.id', 'p.code', 'p.name', 'p.stage', 'h.name as host_name', 'c.land_centimu', 'c.returns_tax_yuan', 'c.design_output_yuan'])
      .orderBy('p.code')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => r.id);
  const [figures, proposals] = await Promise.all([
    quartersOf(db, ids, lastFour(period)[0]),
    openProposals(db, ids),
  ]);
  const items = rows.map((r) => {
    const f = (figures.get(r.id) ?? []).filter((q) => q.period <= period);
    const now = f.find((q) => q.period === period);
    const m = perMu(rule, r.land_centimu, f, period);
    return {
      projectId: r.id,
      projectCode: r.code,
      projectName: r.name,
      hostUnitName: r.host_name,
      stage: r.stage,
      outputWan: now ? unitsToWan(now.outputYuan) : null,
      months: now?.months ?? 0,
      taxWan: now ? unitsToWan(now.taxYuan) : null,
      jobs: now?.jobs ?? null,
      landMu: mu(r.land_centimu),
      taxPerMuWan: m.taxPerMuWan,
      outputPerMuWan: m.outputPerMuWan,
      grade: m.grade,
      committedTaxWan: unitsToWan(r.returns_tax_yuan),
      designOutputWan: unitsToWan(r.design_output_yuan),
      proposal: (proposals.find((x) => x.project_id === r.id)?.stage ?? null) as ReturnStage | null,
    };
  });
  // The rule in force with its figures, so a reader sees what 达产 and each grade take (not only a version number).
  return { period, ruleVersion: version, rule, items, total: Number(total.n) };
}

/** A project's commitments, quarters and proposals, with what the reader may do to them. */
export async function projectReturnsView(db: Db, ctx: RequestContext, id: number) {
  const p = await projectHead(db, id);
  if (!p || !canReadReturns(ctx, p)) throw notFound();
  const [c, quarters, proposals] = await Promise.all([
    commitmentOf(db, p.id),
    filedRows(db, p.id),
    proposalsOf(db, p.id),
  ]);
  return {
    project: { id: p.id, code: p.code, name: p.name, stage: p.stage, version: p.version, hostUnitName: p.host_name, canCommit: canCommit(ctx, p), canFile: canFileReturns(ctx, p.host_unit_id) },
    commitments: c
      ? {
          designOutputWan: unitsToWan(c.design_output_yuan),
          capacityYear: c.capacity_year,
          capacityOutputWan: unitsToWan(c.capacity_output_yuan),
          capacityTaxWan: unitsToWan(c.capacity_tax_yuan),
          returnsYear: c.returns_year,
          returnsOutputWan: unitsToWan(c.returns_output_yuan),
          returnsTaxWan: unitsToWan(c.returns_tax_yuan),
          jobs: c.jobs,
          landMu: mu(c.land_centimu),
          version: c.version,
        }
      : null,
    ledger: { outputWan: unitsToWan(p.expected_output_yuan), taxWan: unitsToWan(p.expected_tax_yuan), jobs: p.expected_jobs, landMu: p.land_mu === null ? null : Number(p.land_mu) },
    quarters: quarters.map((q) => ({ period: q.period, outputWan: unitsToWan(q.output_yuan)!, taxWan: unitsToWan(q.tax_yuan)!, jobs: q.jobs, version: q.version, source: q.source })),
    proposals: proposals.map((x) => ({
      id: x.id,
      stage: x.stage as ReturnStage,
      period: x.period,
      state: x.state as 'proposed' | 'confirmed' | 'dismissed',
      evidence: JSON.parse(x.evidence),
      ruleVersion: x.rule_version,
      proposedAt: new Date(x.proposed_at).toISOString(),
      decidedAt: x.decided_at ? new Date(x.decided_at).toISOString() : null,
      decidedBy: x.decided_by_name,
      reason: x.decision_reason,
    })),
  };
}

/** Parks and zones ranked by 亩均税收, graded, with the trend of the last four quarters. */
export async function rankParks(db: Db, scope: DataScope, period: string) {
  const { rule } = await ruleOn(db, quarterEnd(period));
  const parks = await parksAndZones(db);
  const window = lastFour(period);
  const trendWindow = [...lastFour(window[0]!).slice(0, 3), ...window];
  // The projects and their figures through the scope's query (not a list of ids: a city's are tens of thousands).
  const [projects, figures] = await Promise.all([producingInScope(db, scope).select(['p.id', 'h.path', 'c.land_centimu']).execute(), quartersOf(db, { scope }, trendWindow[0])]);
  // Each project with land judged once per quarter of the window (not once per park above it).
  const judged = projects
    .filter((p) => p.land_centimu)
    .map((p) => {
      const own = figures.get(p.id) ?? [];
      return { path: p.path, land: p.land_centimu!, per: window.map((q) => perMu(rule, p.land_centimu, own.filter((f) => f.period <= q), q)) };
    });
  // A project counts for every park or zone above its host (a park inside a zone counts for both).
  const items = parks
    .map((park) => {
      const inside = judged.filter((p) => p.path.startsWith(park.path));
      const land = inside.reduce((s, p) => s + p.land, 0);
      const at = (q: string) => {
        const i = window.indexOf(q);
        const counted = inside.filter((p) => p.per[i]!.quarters > 0);
        const countedLand = counted.reduce((s, p) => s + p.land, 0);
        const tax = counted.reduce((s, p) => s + p.per[i]!.taxYuan, 0);
        const output = counted.reduce((s, p) => s + p.per[i]!.outputYuan, 0);
        return { tax, output, land: countedLand, taxPerMu: countedLand ? Math.round(tax / countedLand) / 100 : null, outputPerMu: countedLand ? Math.round(output / countedLand) / 100 : null };
      };
      const now = at(period);
      return {
        unitId: park.id,
        unitName: park.name,
        projects: inside.length,
        landMu: land / 100,
        taxWan: unitsToWan(now.tax)!,
        outputWan: unitsToWan(now.output)!,
        taxPerMuWan: now.taxPerMu,
        outputPerMuWan: now.outputPerMu,
        grade: now.taxPerMu === null ? null : gradeOf(rule, now.taxPerMu),
        rank: null as number | null,
        trend: window.map((q) => ({ period: q, taxPerMuWan: at(q).taxPerMu })),
      };
    })
    .filter((x) => x.projects > 0)
    .sort((a, b) => (b.taxPerMuWan ?? -1) - (a.taxPerMuWan ?? -1) || a.unitId - b.unitId);
  let rank = 0;
  items.forEach((x, i) => {
    if (x.taxPerMuWan === null) return;
    rank = i > 0 && items[i - 1]!.taxPerMuWan === x.taxPerMuWan ? rank : i + 1;
    x.rank = rank;
  });
  return { period, items };
}

/**
 * The latest due date that is still lit on `today` (yellow, or red), by the rule: the light only
 * darkens as a due date moves back, so a binary search over the days finds the edge, and the list
 * is then a range over dates the database pages and counts. ('0001-01-01' when nothing is.)
 */
function litUpTo(rule: Parameters<typeof gapLight>[0], today: string, level: 'yellow' | 'red'): string {
  const lit = (due: string) => {
    const light = gapLight(rule, { stage: 'producing', capacityPlanned: due, returnsYear: null }, today);
    return !!light && (level === 'red' ? light.level === 'red' : light.level !== 'green');
  };
  const day = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
  let lo = Date.parse('1900-01-01') / 86_400_000;
  let hi = Date.parse(`${today}T00:00:00Z`) / 86_400_000 + 1;
  if (!lit(day(lo))) return '0001-01-01';
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (lit(day(mid))) lo = mid;
    else hi = mid;
  }
  return day(lo);
}

/**
 * Producing projects behind their contract on a day, the longest late first (red before yellow),
 * a page at a time: the due date — the planned 达产 date of a producing project, else the end of
 * its committed 达效 year — is computed in the query, the lit range of due dates from the rule, so
 * the database filters, counts and pages; only the page is judged in memory for its words.
 */
export async function gapList(db: Db, scope: DataScope, today: string, q: { page: number; pageSize: number }) {
  const { rule } = await ruleOn(db, today);
  const [yellowUpTo, redUpTo] = [litUpTo(rule, today, 'yellow'), litUpTo(rule, today, 'red')];
  const due = sql<string | null>`case when p.stage = 'producing' and nullif(cs.planned_date, '') is not null then cs.planned_date when c.returns_year is not null then cast(c.returns_year as varchar(4)) || '-12-31' end`;
  // The planned 达产 date joined in the same query (one row per project and stage), not read by a list of ids.
  const base = producingInScope(db, scope)
    .leftJoin('project_stages as cs', (j) => j.onRef('cs.project_id', '=', 'p.id').on('cs.stage', '=', 'capacity'))
    .where('p.stage', 'in', ['producing', 'capacity'])
    .where(sql<SqlBool>`${due} <= ${yellowUpTo}`);
  const [rows, counts] = await Promise.all([
    base
      .select(['p.id', 'p.code', 'p.name', 'p.stage', 'h.name as host_name', 'c.returns_year', 'cs.planned_date as capacity_planned'])
      .orderBy(due)
      .orderBy('p.code')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum<number>(sql`case when ${due} <= ${redUpTo} then 1 else 0 end`).as('red')]).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((r) => {
    const light = gapLight(rule, { stage: r.stage, capacityPlanned: r.capacity_planned ?? null, returnsYear: r.returns_year }, today)!;
    const due = light.kind === 'capacity' ? r.capacity_planned! : `${r.returns_year}-12-31`;
    return { projectId: r.id, projectCode: r.code, projectName: r.name, hostUnitName: r.host_name, stage: r.stage, kind: light.kind, level: light.level as 'yellow' | 'red', monthsLate: light.monthsLate, due };
  });
  return { items, total: Number(counts.n), red: Number(counts.red ?? 0) };
}
