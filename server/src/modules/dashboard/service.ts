import { COHORT_STEPS, type DashboardPanel } from '../../../../common/dashboard-api.js';
import { ABOVE_100M_YUAN, ABOVE_10M_USD, STAGES } from '../../../../common/projects.js';
import { BUILTIN_INDICATOR_CODES } from '../../../../common/targets.js';
import type { Actor } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { chinaToday } from '../dispatch/index.js';
import { computeRanking, previousRanks } from '../rankings/index.js';
import { indicatorRows, indicatorValues, isDepartmentIndicator, loadIndicators, targetsOfYear, type Indicator, type TargetRow } from '../targets/index.js';
import { canFocus, defaultFocus, panelsFor, assertPanel } from './policy.js';
import * as repo from './repo.js';
import type { Band, Behind, Focus, Window } from './repo.js';

export type DashboardDeps = Pick<Services, 'db' | 'dialect' | 'clock'>;

/** The year's window: up to the as-of date (today in the current year, else the year's last day), never after today. */
export function windowOf(year: number, asOf: string | undefined, today: string): Window {
  const at = asOf ?? (String(year) === today.slice(0, 4) ? today : `${year}-12-31`);
  if (Number.isNaN(Date.parse(`${at}T00:00:00Z`)) || Number(at.slice(0, 4)) !== year || at > today) throw new AppError(400, 'DASHBOARD_AS_OF_BAD');
  return { year, asOf: at, from: `${year}-01-01`, month: at.slice(0, 7) };
}

/** The unit shown: the one asked for (in the reader's scope, else not found) or the reader's default. */
export async function focusOf(gj: DashboardDeps, actor: Actor, unitId: number | undefined): Promise<Focus> {
  const roots = await repo.roots(gj.db);
  let id: number | null;
  if (unitId !== undefined) {
    if (!canFocus(actor.scope, unitId)) throw notFound();
    id = unitId;
  } else if (actor.scope.all) {
    id = roots[0]?.id ?? null;
  } else {
    const paths = actor.scope.unitIds.length ? await gj.db.selectFrom('units').select(['id', 'path']).where('id', 'in', actor.scope.unitIds).execute() : [];
    id = defaultFocus(actor, paths);
  }
  const unit = id === null ? undefined : await repo.unitById(gj.db, id);
  if (!unit) throw notFound();
  return { id: unit.id, name: unit.name, path: unit.path, whole: actor.scope.all && unit.parent_id === null && roots.length === 1, scope: actor.scope };
}

/** 亿元以上 as the `signed_100m` indicator counts it at the as-of date. */
async function bandOf(gj: DashboardDeps, indicators: Indicator[]): Promise<Band> {
  const signed = indicators.find((i) => i.code === 'signed_100m');
  return (signed && (await repo.countingRules(gj.db, signed.ruleVersion))) || { above100mYuan: ABOVE_100M_YUAN, above10mUsd: ABOVE_10M_USD };
}

const ORDER = new Map<string, number>(BUILTIN_INDICATOR_CODES.map((c, i) => [c, i]));
const byTableOrder = (a: Indicator, b: Indicator) => (ORDER.get(a.code) ?? 99) - (ORDER.get(b.code) ?? 99) || a.code.localeCompare(b.code);

/**
 * A unit's target for each indicator: its own, else what the units below it were set (summed for
 * counts and amounts; a share takes the strictest, as the city's aim is the highest of them).
 * A unit below another with a target is left out, so nothing is counted twice.
 */
export function targetsFor(focus: { id: number; path: string }, rows: TargetRow[], indicators: Indicator[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const ind of indicators) {
    const mine = rows.filter((r) => r.indicatorCode === ind.code && r.unitPath.startsWith(focus.path));
    const own = mine.find((r) => r.unitId === focus.id);
    if (own) {
      out.set(ind.code, Number(own.value));
      continue;
    }
    const top = mine.filter((r) => !mine.some((o) => o !== r && r.unitPath.startsWith(o.unitPath)));
    if (!top.length) continue;
    const values = top.map((r) => Number(r.value));
    out.set(ind.code, ind.unit === 'percent' ? Math.max(...values) : Math.round(values.reduce((a, b) => a + b, 0) * 10_000) / 10_000);
  }
  return out;
}

export interface DashboardData {
  window: Window;
  focus: Focus;
  indicators: Indicator[];
  values: Map<string, number | null> | null;
  targets: Map<string, number> | null;
  ranking: { previousPeriod: string | null; items: { unitId: number; unitName: string; rank: number; score: number; previousRank: number | null }[] } | null;
  stages: Map<string, number>;
  chains: Awaited<ReturnType<typeof repo.chainCounts>>;
  units: { unitId: number; name: string; own: boolean; signed: number; signedYuan: number; investedYuan: number | null }[];
  trend: { month: string; signed: number; started: number; investedYuan: number | null }[];
  red: { period: string | null; count: number; items: Awaited<ReturnType<typeof repo.redProjects>>['items'] } | null;
  top: Awaited<ReturnType<typeof repo.topProjects>>;
  cohort: { stage: string; reached: number; medianDays: number | null; medianFromSigned: number | null }[];
}

function previousPeriodOf(asOf: string): string {
  const [y, m] = asOf.split('-').map(Number);
  return m === 1 ? `${y! - 1}-12` : `${y}-${String(m! - 1).padStart(2, '0')}`;
}

/** Units of the comparison: the focus's children (their subtrees rolled up) and its own projects. */
const COMPARED_KINDS = new Set(['district', 'zone', 'park', 'street']);

/** Every panel of the dashboard for a reader: a fixed number of grouped queries, whatever the size of the ledger. */
export async function loadDashboard(gj: DashboardDeps, actor: Actor, input: { year: number; asOf?: string; unitId?: number }): Promise<DashboardData> {
  const window = windowOf(input.year, input.asOf, chinaToday(gj.clock.now()));
  const focus = await focusOf(gj, actor, input.unitId);
  const can = panelsFor(actor);
  const db = gj.db;
  // The targets panel: the built-in five, and any other area indicator the city set targets for
  // this year (新投产, 达效… once they are targets); the departments' problem indicators belong to the scorecard.
  const yearTargets = await targetsOfYear(db, window.year);
  const targeted = new Set(yearTargets.map((t) => t.indicatorCode));
  const indicators = (await loadIndicators(db, undefined, window.asOf)).filter((i) => !isDepartmentIndicator(i) && (ORDER.has(i.code) || targeted.has(i.code))).sort(byTableOrder);
  const band = await bandOf(gj, indicators);

  // The panels read independently: on PostgreSQL they run side by side on the pool's connections
  // (the ranking's pass beside the cohort's), on SQLite one after another on its one connection.
  const targetsPanel = async () => {
    if (!can.targets) return { values: null, targets: null, ranking: null };
    const rows = yearTargets;
    const targets = targetsFor(focus, rows, indicators);
    let ranking: DashboardData['ranking'] = { previousPeriod: null, items: [] };
    const shown = new Map<string, number | null>();
    if (rows.length) {
      // The board and the shown unit's figures in one pass over the ledger.
      const [board, previous] = await Promise.all([
        computeRanking(db, { year: window.year, asOf: window.asOf, watermark: null, alsoFor: [{ id: focus.id, path: focus.path }], alsoIndicators: indicators.map((i) => i.code) }),
        previousRanks(db, window.asOf),
      ]);
      for (const [code, v] of board.alsoValues?.get(focus.id) ?? []) shown.set(code, v.value);
      ranking = { previousPeriod: previous.size ? previousPeriodOf(window.asOf) : null, items: board.items.map((i) => ({ unitId: i.unitId, unitName: i.unitName, rank: i.rank, score: i.score, previousRank: previous.get(i.unitId) ?? null })) };
    }
    const missing = indicators.filter((i) => !shown.has(i.code));
    if (missing.length) {
      const computed = await indicatorValues(db, { indicators: missing, year: window.year, asOf: window.asOf, units: [{ id: focus.id, path: focus.path }], watermark: null });
      for (const i of missing) shown.set(i.code, computed.get(focus.id)?.get(i.code)?.value ?? null);
    }
    return { values: shown as DashboardData['values'], targets, ranking };
  };
  const redPanel = async (): Promise<DashboardData['red']> => {
    if (!can.dispatch) return null;
    const period = await repo.lightsPeriod(db, window);
    return period ? { period: period.period, ...(await repo.redProjects(db, focus, period.id, 5)) } : { period: null, count: 0, items: [] };
  };
  const [{ values, targets, ranking }, reach, stages, chains, signedUnits, invested, signedMonths, startedMonths, top, red, subtree] = await Promise.all([
    targetsPanel(),
    repo.cohort(db, gj.dialect, focus, window),
    repo.stageCounts(db, focus),
    repo.chainCounts(db, focus, window, band),
    repo.signedByUnit(db, focus, window),
    can.dispatch ? repo.investedByUnitMonth(db, focus, window) : null,
    repo.perMonth(db, focus, window, 'signed'),
    repo.perMonth(db, focus, window, 'started'),
    repo.topProjects(db, focus, 10),
    redPanel(),
    repo.unitsUnder(db, focus.path),
  ]);

  // Unit figures are grouped per unit in SQL, then rolled up here to the focus's children by path.
  const childOf = new Map<number, number>();
  for (const u of subtree) {
    const first = u.path.slice(focus.path.length).split('/')[0];
    childOf.set(u.id, first ? Number(first) : focus.id);
  }
  const slots = new Map<number, { signed: number; signedYuan: number; investedYuan: number }>();
  const slot = (unitId: number) => {
    const key = childOf.get(unitId) ?? focus.id;
    let s = slots.get(key);
    if (!s) slots.set(key, (s = { signed: 0, signedYuan: 0, investedYuan: 0 }));
    return s;
  };
  for (const s of signedUnits) {
    const target = slot(s.unitId);
    target.signed += s.count;
    target.signedYuan += s.yuan;
  }
  const investedByMonth = new Map<string, number>();
  for (const r of invested ?? []) {
    slot(r.unitId).investedYuan += r.yuan;
    investedByMonth.set(r.period, (investedByMonth.get(r.period) ?? 0) + r.yuan);
  }
  const units: DashboardData['units'] = [];
  const own = slots.get(focus.id);
  if (own) units.push({ unitId: focus.id, name: focus.name, own: true, signed: own.signed, signedYuan: own.signedYuan, investedYuan: invested ? own.investedYuan : null });
  for (const u of subtree.filter((x) => x.id !== focus.id && childOf.get(x.id) === x.id)) {
    const s = slots.get(u.id);
    if (!s && (!COMPARED_KINDS.has(u.kind) || u.disabled)) continue;
    units.push({ unitId: u.id, name: u.name, own: false, signed: s?.signed ?? 0, signedYuan: s?.signedYuan ?? 0, investedYuan: invested ? (s?.investedYuan ?? 0) : null });
  }

  const trend: DashboardData['trend'] = [];
  for (let m = 1; m <= Number(window.month.slice(5, 7)); m++) {
    const month = `${window.year}-${String(m).padStart(2, '0')}`;
    trend.push({ month, signed: signedMonths.get(month) ?? 0, started: startedMonths.get(month) ?? 0, investedYuan: invested ? (investedByMonth.get(month) ?? 0) : null });
  }

  const cohort = COHORT_STEPS.map((stage) => {
    const index = STAGES.indexOf(stage);
    const reached = stage === 'signed' ? reach.signed : [...reach.reached].filter(([mx]) => mx >= index).reduce((a, [, n]) => a + n, 0);
    const m = reach.medians.get(stage);
    return { stage, reached, medianDays: m?.step ?? null, medianFromSigned: m?.fromSigned ?? null };
  });

  return { window, focus, indicators, values, targets, ranking, stages, chains, units, trend, red, top, cohort };
}

/** The projects behind one figure, paged in the database, within the reader's scope. */
export async function dashboardRows(
  gj: DashboardDeps,
  actor: Actor,
  input: { year: number; asOf?: string; unitId?: number; panel: DashboardPanel; key: string; page: number; pageSize: number },
): Promise<{ total: number; hidden: number; items: (repo.DrillRow & { share: number | null })[] }> {
  const window = windowOf(input.year, input.asOf, chinaToday(gj.clock.now()));
  const focus = await focusOf(gj, actor, input.unitId);
  const can = panelsFor(actor);
  const { key } = input;
  const bad = () => new AppError(400, 'DASHBOARD_KEY_BAD', { key });
  const limit = input.pageSize;
  const offset = (input.page - 1) * input.pageSize;

  if (input.panel === 'kpi') {
    assertPanel(can.targets);
    const indicator = (await loadIndicators(gj.db, undefined, window.asOf)).find((i) => i.code === key);
    if (!indicator) throw bad();
    // The indicator's own rows (credit shares, as the 赛马榜 counts): named only where the reader may read.
    const rows = await indicatorRows(gj.db, { indicator, year: window.year, asOf: window.asOf, unitPath: focus.path, visible: repo.projectsIn({ ...focus, whole: true }), limit, offset });
    const brief = await repo.projectsBrief(gj.db, rows.items.map((r) => r.projectId));
    return {
      total: rows.total,
      hidden: rows.hidden,
      items: rows.items.map((r) => ({ projectId: r.projectId, code: r.code, name: r.name, unitName: r.hostUnitName, stage: brief.get(r.projectId)?.stage ?? '', status: brief.get(r.projectId)?.status ?? '', yuan: r.totalInvestmentYuan, chainName: brief.get(r.projectId)?.chainName ?? null, date: r.date, valueYuan: r.reportedYuan, share: r.share })),
    };
  }

  const month = () => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(key) || Number(key.slice(0, 4)) !== window.year) throw bad();
    return key;
  };
  const unitPath = async (): Promise<string | null> => {
    if (key === 'own') return null;
    if (!/^\d{1,10}$/.test(key) || Number(key) > 2147483647) throw bad();
    const unit = await repo.unitById(gj.db, Number(key));
    if (!unit || !unit.path.startsWith(focus.path) || !canFocus(actor.scope, unit.id)) throw notFound();
    return unit.path;
  };

  let b: Behind;
  switch (input.panel) {
    case 'funnel':
      if (!(STAGES as readonly string[]).includes(key)) throw bad();
      b = repo.behind.funnel(focus, key);
      break;
    case 'chain': {
      if (key !== 'none' && !/^\d{1,10}$/.test(key)) throw bad();
      const indicators = await loadIndicators(gj.db, undefined, window.asOf);
      b = repo.behind.chain(focus, window, await bandOf(gj, indicators), key === 'none' ? null : Number(key));
      break;
    }
    case 'unitSigned':
      b = repo.behind.unitSigned(focus, window, await unitPath());
      break;
    case 'unitInvested':
      assertPanel(can.dispatch);
      b = repo.behind.invested(focus, window, { unitPath: await unitPath() });
      break;
    case 'signedMonth':
    case 'startedMonth':
      b = repo.behind.month(focus, window, input.panel === 'signedMonth' ? 'signed' : 'started', month());
      break;
    case 'investedMonth':
      assertPanel(can.dispatch);
      b = repo.behind.invested(focus, window, { period: month() });
      break;
    case 'red': {
      assertPanel(can.dispatch);
      const period = await repo.lightsPeriod(gj.db, window);
      if (!period) return { total: 0, hidden: 0, items: [] };
      b = repo.behind.red(focus, period.id);
      break;
    }
    case 'top':
      b = repo.behind.top(focus);
      break;
    case 'cohort':
      if (!(COHORT_STEPS as readonly string[]).includes(key)) throw bad();
      b = repo.behind.cohort(focus, window, key);
      break;
    default:
      throw bad();
  }
  const rows = await repo.rowsBehind(gj.db, b, limit, offset);
  return { total: rows.total, hidden: 0, items: rows.items.map((r) => ({ ...r, share: null })) };
}
