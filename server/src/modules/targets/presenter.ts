import type { IndicatorInfo, TargetsOfYear } from '../../../../common/targets-api.js';
import { BUILTIN_INDICATOR_CODES } from '../../../../common/targets.js';
import type { Indicator } from './indicators.js';
import type { TargetRow } from './repo.js';

/** The one place that shapes targets for the API. */
export function presentIndicator(i: Indicator): IndicatorInfo {
  return { code: i.code, version: i.version, name: i.name, nameEn: i.nameEn, unit: i.unit };
}

/** Indicators in the order of the city's tables (新签约, 其中10亿元以上, 新开工, 占比, 投资), others after them by code. */
export function inTableOrder(indicators: Indicator[]): Indicator[] {
  const rank = (code: string) => {
    const i = (BUILTIN_INDICATOR_CODES as readonly string[]).indexOf(code);
    return i < 0 ? BUILTIN_INDICATOR_CODES.length : i;
  };
  return [...indicators].sort((a, b) => rank(a.code) - rank(b.code) || a.code.localeCompare(b.code));
}

/** Every unit a target may be set for, in tree order, with the targets in force (decimal text → number). */
export function presentTargets(year: number, indicators: Indicator[], units: { id: number; name: string; path: string; kind: string }[], targets: TargetRow[]): TargetsOfYear {
  const byUnit = new Map<number, Record<string, number>>();
  for (const t of targets) byUnit.set(t.unitId, { ...byUnit.get(t.unitId), [t.indicatorCode]: Number(t.value) });
  return {
    year,
    indicators: inTableOrder(indicators).map(presentIndicator),
    // The city is depth 0: a district or zone is 1, a park or street below it 2.
    units: units.map((u) => ({ unitId: u.id, unitName: u.name, kind: u.kind, depth: u.path.split('/').filter(Boolean).length - 1, targets: byUnit.get(u.id) ?? {} })),
  };
}
