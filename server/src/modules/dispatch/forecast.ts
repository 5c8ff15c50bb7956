import type { Forecast } from '../../../../common/dispatch-api.js';
import type { LightLevel } from '../../../../common/dispatch.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { unitsToWan } from '../../platform/money.js';
import type { DataScope } from '../../platform/scope.js';
import { monthlyAmounts } from './repo.js';
import { forecastYearEnd } from './rules.js';
import { scopeCondition } from '../../platform/scope.js';

/**
 * Year-end forecast per project and unit from the monthly pace (rules.ts `forecastYearEnd`: the
 * cumulative plus the mean of the last three months for each month left), and the projects on
 * course to miss their plan while their light is still green or yellow — the ones a light alone
 * does not flag yet.
 */
export async function forecastFor(db: Kysely<DB>, scope: DataScope, period: { id: number; period: string; year: number; month: number }): Promise<Forecast> {
  const amounts = await monthlyAmounts(db, scope, period.year, period.month);
  const byProject = new Map<number, { month: number; monthYuan: number; cumulativeYuan: number }[]>();
  for (const a of amounts) byProject.set(a.projectId, [...(byProject.get(a.projectId) ?? []), { month: a.month, monthYuan: Number(a.monthYuan), cumulativeYuan: Number(a.cumulativeYuan) }]);
  const plans = await db
    .selectFrom('project_year_plans as plan')
    .innerJoin('projects as p', 'p.id', 'plan.project_id')
    .innerJoin('units as host', 'host.id', 'p.host_unit_id')
    .leftJoin('project_lights as l', (j) => j.onRef('l.project_id', '=', 'p.id').on('l.period_id', '=', period.id).on('l.kind', '=', 'progress'))
    .where((eb) => scopeCondition(eb, scope, eb.ref('p.host_unit_id')))
    .where('plan.year', '=', period.year)
    .where('p.status', '!=', 'terminated')
    .where((eb) => eb.exists(eb.selectFrom('key_projects as k').select('k.project_id').whereRef('k.project_id', '=', 'p.id').where('k.year', '=', period.year)))
    .select(['p.id', 'p.code', 'p.name', 'host.id as unitId', 'host.name as unitName', 'plan.plan_yuan as planYuan', 'l.level'])
    .execute();
  const units = new Map<number, { unitId: number; unitName: string; plan: number; cumulative: number; forecast: number }>();
  const atRisk: Forecast['atRisk'] = [];
  for (const p of plans) {
    const history = (byProject.get(p.id) ?? []).sort((a, b) => b.month - a.month);
    const cumulative = history[0]?.cumulativeYuan ?? 0;
    const recent = history.filter((h) => h.month > period.month - 3).map((h) => h.monthYuan);
    const forecast = forecastYearEnd(period.month, cumulative, recent);
    const plan = Number(p.planYuan);
    const u = units.get(p.unitId) ?? { unitId: p.unitId, unitName: p.unitName, plan: 0, cumulative: 0, forecast: 0 };
    u.plan += plan;
    u.cumulative += cumulative;
    u.forecast += forecast;
    units.set(p.unitId, u);
    const level = (p.level as LightLevel | null) ?? null;
    if (plan > 0 && forecast < plan && level !== 'red') {
      atRisk.push({ projectId: p.id, projectCode: p.code, projectName: p.name, unitName: p.unitName, planWan: unitsToWan(plan)!, cumulativeWan: unitsToWan(cumulative)!, forecastWan: unitsToWan(forecast)!, forecastPct: Math.round((forecast * 1000) / plan) / 10, progressLevel: level });
    }
  }
  atRisk.sort((a, b) => a.forecastPct - b.forecastPct);
  return {
    period: period.period,
    units: [...units.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN')).map((u) => ({ unitId: u.unitId, unitName: u.unitName, planWan: unitsToWan(u.plan)!, cumulativeWan: unitsToWan(u.cumulative)!, forecastWan: unitsToWan(u.forecast)!, forecastPct: u.plan ? Math.round((u.forecast * 1000) / u.plan) / 10 : null })),
    atRisk: atRisk.slice(0, 200),
  };
}
