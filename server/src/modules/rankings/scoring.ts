/**
 * Scoring schemes are data. The default is the efficacy-coefficient method (功效系数法) of
 * domain.md: per indicator, completion c = value ÷ target; among the units ranked on it,
 * s = 60 + 40 × (c − min c) ÷ (max c − min c), 100 when all are equal; a unit's score is the
 * weighted mean of its s over the indicators it has targets for, plus bonuses, minus deductions,
 * rounded to 2 decimals; equal scores share a rank.
 */
export interface Adjustment {
  code: string;
  label: string;
  labelEn?: string;
  /** Points per unit of this indicator's value (e.g. 1 point per 10亿元 project)… */
  indicator: string;
  pointsEach: number;
  /** …up to this many points. */
  max?: number;
}

export interface SchemeDefinition {
  method: 'efficacy';
  weights: Record<string, number>;
  bonuses: Adjustment[];
  deductions: Adjustment[];
}

export interface UnitFigures {
  unitId: number;
  unitName: string;
  /** Sort key for equal scores (the unit tree's order). */
  order: string;
  values: Record<string, number | null>;
  /** Targets in force, in the indicators' units. */
  targets: Record<string, number>;
}

export interface ScoredIndicator {
  code: string;
  value: number | null;
  target: number;
  /** value ÷ target, 4 decimals. */
  completion: number;
  /** The efficacy score of this indicator (60–100), 2 decimals. */
  score: number;
  weight: number;
}

export interface ScoredUnit {
  unitId: number;
  unitName: string;
  rank: number;
  score: number;
  indicators: ScoredIndicator[];
  adjustments: { code: string; points: number }[];
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round((x + Number.EPSILON) * f) / f;
};

export function scoreUnits(units: UnitFigures[], scheme: SchemeDefinition): ScoredUnit[] {
  const codes = Object.keys(scheme.weights).filter((code) => scheme.weights[code]! > 0);
  const completion = (u: UnitFigures, code: string) => (u.values[code] ?? 0) / u.targets[code]!;
  const hasTarget = (u: UnitFigures, code: string) => u.targets[code] !== undefined && u.targets[code]! > 0;
  const bounds = new Map<string, { min: number; max: number }>();
  for (const code of codes) {
    const cs = units.filter((u) => hasTarget(u, code)).map((u) => completion(u, code));
    if (cs.length) bounds.set(code, { min: Math.min(...cs), max: Math.max(...cs) });
  }
  const scored = units.map((u) => {
    const indicators: ScoredIndicator[] = [];
    let weighted = 0;
    let weights = 0;
    for (const code of codes) {
      if (!hasTarget(u, code)) continue;
      const c = completion(u, code);
      const { min, max } = bounds.get(code)!;
      const s = max === min ? 100 : 60 + (40 * (c - min)) / (max - min);
      const weight = scheme.weights[code]!;
      weighted += weight * s;
      weights += weight;
      indicators.push({ code, value: u.values[code] ?? null, target: u.targets[code]!, completion: round(c, 4), score: round(s, 2), weight });
    }
    const adjustments = [
      ...scheme.bonuses.map((b) => ({ code: b.code, points: Math.min(b.max ?? Infinity, (u.values[b.indicator] ?? 0) * b.pointsEach) })),
      ...scheme.deductions.map((d) => ({ code: d.code, points: -Math.min(d.max ?? Infinity, (u.values[d.indicator] ?? 0) * d.pointsEach) })),
    ].filter((a) => a.points !== 0);
    const base = weights ? weighted / weights : 0;
    const score = round(base + adjustments.reduce((sum, a) => sum + a.points, 0), 2);
    return { unitId: u.unitId, unitName: u.unitName, order: u.order, rank: 0, score, indicators, adjustments: adjustments.map((a) => ({ code: a.code, points: round(a.points, 2) })) };
  });
  scored.sort((a, b) => b.score - a.score || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  for (const unit of scored) unit.rank = 1 + scored.filter((o) => o.score > unit.score).length;
  return scored.map(({ order: _order, ...rest }) => rest);
}
