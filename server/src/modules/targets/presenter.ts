import type { IndicatorInfo, TargetsOfYear } from '../../../../common/targets-api.js';
import type { Indicator } from './indicators.js';
import type { TargetRow } from './repo.js';

/** The one place that shapes targets for the API. */
export function presentIndicator(i: Indicator): IndicatorInfo {
  return { code: i.code, version: i.version, name: i.name, nameEn: i.nameEn, unit: i.unit };
}

/** Every unit a target may be set for, in tree order, with the targets in force (decimal text → number). */
export function presentTargets(year: number, indicators: Indicator[], units: { id: number; name: string; path: string; kind: string }[], targets: TargetRow[]): TargetsOfYear {
  const byUnit = new Map<number, Record<string, number>>();
  for (const t of targets) byUnit.set(t.unitId, { ...byUnit.get(t.unitId), [t.indicatorCode]: Number(t.value) });
  return {
    year,
    indicators: indicators.map(presentIndicator),
    // The city is depth 0: a district or zone is 1, a park or street below it 2.
    units: units.map((u) => ({ unitId: u.id, unitName: u.name, kind: u.kind, depth: u.path.split('/').filter(Boolean).length - 1, targets: byUnit.get(u.id) ?? {} })),
  };
}
