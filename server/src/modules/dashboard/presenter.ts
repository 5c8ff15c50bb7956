import type { DashboardResponse, DashboardRowsResponse } from '../../../../common/dashboard-api.js';
import { STAGES } from '../../../../common/projects.js';
import type { Lang } from '../../platform/i18n/index.js';
import { unitsToWan } from '../../platform/money.js';
import type { DrillRow } from './repo.js';
// 序时进度 is the city's one rule (domain.md: month m, m/12), the figure the 赛马榜 shows for the date.
import { timeProgressAt } from '../rankings/index.js';
import type { DashboardData } from './service.js';

const wan = (yuan: number) => unitsToWan(yuan)!;
const one = (x: number) => Math.round(x * 10) / 10;

/** The dashboard as the API shows it: money in 万元, indicator names in the reader's language. */
export function presentDashboard(d: DashboardData, lang: Lang): DashboardResponse {
  const timeProgress = timeProgressAt(d.window.asOf);
  const targets = d.values && d.targets
    ? d.indicators.map((ind) => {
        const value = d.values!.get(ind.code) ?? null;
        const target = d.targets!.get(ind.code) ?? null;
        const completion = value !== null && target ? one((value / target) * 100) : null;
        // A share or a rate per 亩 is judged against the whole target at any date, not in step with the months.
        const expected = ind.unit === 'percent' || ind.unit === 'wanPerMu' ? 100 : timeProgress;
        return { code: ind.code, name: lang === 'en-US' ? ind.nameEn : ind.name, unit: ind.unit, value, target, completion, expected, behind: completion === null ? null : completion < expected };
      })
    : null;
  const chainTotal = d.chains.reduce((a, c) => a + c.count, 0);
  const share = targets?.find((t) => t.code === 'chain_share');
  // Reached a stage: at it or at any stage after it.
  let running = 0;
  const funnel = [...STAGES].reverse().map((stage) => ({ stage, count: (running += d.stages.get(stage) ?? 0) })).reverse();
  return {
    year: d.window.year,
    asOf: d.window.asOf,
    timeProgress,
    unit: { id: d.focus.id, name: d.focus.name },
    targets,
    ranking: d.ranking,
    funnel,
    chains: {
      total: chainTotal,
      items: d.chains
        .map((c) => ({ chainId: c.chainId, name: c.name, cluster: c.cluster, count: c.count, investmentWan: wan(c.yuan) }))
        .sort((a, b) => Number(a.chainId === null) - Number(b.chainId === null) || b.count - a.count || (a.chainId ?? 0) - (b.chainId ?? 0)),
      share: share ? { value: share.value, target: share.target } : null,
    },
    units: d.units.map((u) => ({ unitId: u.unitId, name: u.name, own: u.own, signed: u.signed, signedInvestmentWan: wan(u.signedYuan), investedWan: u.investedYuan === null ? null : wan(u.investedYuan) })),
    trend: d.trend.map((t) => ({ month: t.month, signed: t.signed, started: t.started, investedWan: t.investedYuan === null ? null : wan(t.investedYuan) })),
    red: d.red,
    top: d.top.map((p) => ({ projectId: p.projectId, code: p.code, name: p.name, unitName: p.unitName, stage: p.stage, investmentWan: wan(p.yuan), chainName: p.chainName })),
    cohort: { steps: d.cohort },
  };
}

export function presentRows(rows: { total: number; hidden: number; items: (DrillRow & { share: number | null })[] }): DashboardRowsResponse {
  return {
    total: rows.total,
    hidden: rows.hidden,
    items: rows.items.map((r) => ({ projectId: r.projectId, code: r.code, name: r.name, unitName: r.unitName, stage: r.stage, status: r.status, investmentWan: wan(r.yuan), chainName: r.chainName, date: r.date, valueWan: r.valueYuan === null ? null : wan(r.valueYuan), share: r.share })),
  };
}
