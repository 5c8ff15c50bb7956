import type { LightLevel, ListLevel, WarningKind } from '../../../../common/dispatch.js';

/**
 * The warning rules as data (a row of `warning_rules` per version) and the pure function that
 * turns one project's facts for one period into its lights. Nothing here reads the clock or the
 * database, so a past period recomputed with the rule version it used gives the same lights.
 */
export interface RuleDefinition {
  /** Progress deviation d = 序时进度 − cumulative ÷ plan, in percentage points: yellow when d > yellowAbove, red when d > redAbove. */
  progress: { yellowAbove: number; redAbove: number };
  /** Not started after the planned month: yellow from the planned month, red `redMonthsLate` months later. */
  start: { redMonthsLate: number };
  /** Started but not in the statistics (入库): yellow after `yellowMonths`, red after `redMonths`. */
  registration: { yellowMonths: number; redMonths: number };
  /** A project yellow in this many consecutive periods (of one kind) is red. */
  consecutiveYellowsToRed: number;
  /** Which list levels the rules apply to. */
  levels: ListLevel[];
}

export interface WarningRule {
  version: number;
  effectiveFrom: string;
  definition: RuleDefinition;
}

/** The rule in force for a period: the newest version effective on or before the period's last day. */
export function ruleFor(rules: WarningRule[], year: number, month: number): WarningRule {
  const lastDay = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  const eligible = rules.filter((r) => r.effectiveFrom <= lastDay).sort((a, b) => b.version - a.version);
  if (!eligible.length) throw new Error(`no warning rule in force for ${year}-${month}`);
  return eligible[0]!;
}

export interface ProjectFacts {
  year: number;
  month: number;
  /** 年度计划投资, integer yuan (null or 0: no progress light). */
  planYuan: number | null;
  /** Cumulative investment of the year as last reported up to this period, integer yuan. */
  cumulativeYuan: number | null;
  /** Planned 开工 date and actual 开工 date (or `startReached` when the ledger lacks the date). */
  plannedStart: string | null;
  actualStart: string | null;
  startReached: boolean;
  /** 入库 reached. */
  registered: boolean;
  /** Raw levels of the previous consecutive periods, newest first, per kind (for the two-yellows rule). */
  previousRaw: Partial<Record<WarningKind, LightLevel[]>>;
  /**
   * A producing project's gap against its contract on the period's last day (投产达效: not at
   * 达产 past its planned date, or not at 达效 after its committed year), as the returns rule in
   * force judges it (common/returns.ts gapLight); absent when there is nothing to judge.
   */
  returnsGap?: { level: LightLevel; monthsLate: number } | null;
}

export interface Light {
  kind: WarningKind;
  level: LightLevel;
  /** The level before the consecutive-yellows rule. */
  rawLevel: LightLevel;
  /** Progress: deviation in hundredths of a percentage point (d × 100), rounded half away from zero. */
  deviationCenti: number | null;
  monthsLate: number | null;
}

const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/**
 * Compares d = m/12 − cum/plan against a threshold t exactly, in integers:
 * d > t ⇔ 100·m·plan − 1200·cum > 12·t·plan (all sides scaled by 1200·plan > 0).
 */
function deviationAbove(month: number, plan: bigint, cum: bigint, threshold: number): boolean {
  const t = BigInt(Math.round(threshold * 1000));
  return (100n * BigInt(month) * plan - 1200n * cum) * 1000n > 12n * t * plan;
}

function deviationCenti(month: number, plan: bigint, cum: bigint): number {
  // d·100 = (10000·m·plan − 120000·cum) / (12·plan), rounded half away from zero.
  const num = 10000n * BigInt(month) * plan - 120000n * cum;
  const den = 12n * plan;
  const q = num / den;
  const r = num % den;
  const twice = (r < 0n ? -r : r) * 2n;
  return Number(twice >= den ? q + (num < 0n ? -1n : 1n) : q);
}

function escalate(raw: LightLevel, previous: LightLevel[] | undefined, needed: number): LightLevel {
  if (raw !== 'yellow' || needed < 2) return raw;
  const run = previous ?? [];
  for (let i = 0; i < needed - 1; i++) if (run[i] !== 'yellow') return raw;
  return 'red';
}

export function computeLights(facts: ProjectFacts, rule: RuleDefinition): Light[] {
  const lights: Light[] = [];
  const here = facts.year * 12 + facts.month - 1;
  const push = (kind: WarningKind, raw: LightLevel, extra: Partial<Light>) =>
    lights.push({ kind, rawLevel: raw, level: escalate(raw, facts.previousRaw[kind], rule.consecutiveYellowsToRed), deviationCenti: null, monthsLate: null, ...extra });

  if (facts.planYuan && facts.planYuan > 0) {
    const plan = BigInt(facts.planYuan);
    const cum = BigInt(facts.cumulativeYuan ?? 0);
    const raw: LightLevel = deviationAbove(facts.month, plan, cum, rule.progress.redAbove) ? 'red' : deviationAbove(facts.month, plan, cum, rule.progress.yellowAbove) ? 'yellow' : 'green';
    push('progress', raw, { deviationCenti: deviationCenti(facts.month, plan, cum) });
  }

  if (!facts.startReached && facts.plannedStart) {
    const late = here - monthIndex(facts.plannedStart);
    if (late >= 0) push('start', late >= rule.start.redMonthsLate ? 'red' : 'yellow', { monthsLate: late });
    else push('start', 'green', { monthsLate: late });
  }

  if (facts.startReached && facts.actualStart && !facts.registered) {
    const since = here - monthIndex(facts.actualStart);
    const raw: LightLevel = since >= rule.registration.redMonths ? 'red' : since >= rule.registration.yellowMonths ? 'yellow' : 'green';
    push('registration', raw, { monthsLate: since });
  }

  if (facts.returnsGap) push('returns', facts.returnsGap.level, { monthsLate: facts.returnsGap.monthsLate });
  return lights;
}

/**
 * Year-end forecast from the monthly pace: the cumulative plus the recent pace (mean of the last
 * three months) for each month left, each month 15% slower than the one before — construction
 * spending follows an S-curve, slowing towards the year's end. On the backtest
 * (bench/forecast-backtest.ts, docs/dispatch.md) this beats both the undamped pace and the
 * run rate from January in mean error from mid-year on.
 */
export const FORECAST_DAMPING = 0.85;

export function forecastYearEnd(month: number, cumulativeYuan: number, recentMonthsYuan: number[]): number {
  const recent = recentMonthsYuan.slice(0, 3);
  const pace = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : month > 0 ? cumulativeYuan / month : 0;
  let weight = 0;
  for (let k = 1; k <= 12 - month; k++) weight += FORECAST_DAMPING ** k;
  return Math.round(cumulativeYuan + pace * weight);
}
