/**
 * 投产达效与亩均效益: codes and period arithmetic shared by the server and the web (labels live in
 * i18n). Actuals are filed per quarter (YYYY-Qn), or per month (YYYY-MM) where a unit files
 * monthly — each quarter one way or the other; the rules judge quarters, a monthly filer's months
 * summed into theirs. A period ends on its last calendar day.
 */
export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseQuarter(period: string): { year: number; quarter: number } | null {
  const m = QUARTER_PATTERN.exec(period);
  return m ? { year: Number(m[1]), quarter: Number(m[2]) } : null;
}

export function quarterOf(year: number, quarter: number): string {
  return `${String(year).padStart(4, '0')}-Q${quarter}`;
}

/** The quarter before (2026-Q1 → 2025-Q4). */
export function previousQuarter(period: string): string {
  const q = parseQuarter(period)!;
  return q.quarter === 1 ? quarterOf(q.year - 1, 4) : quarterOf(q.year, q.quarter - 1);
}

/** The quarter's last day, YYYY-MM-DD: the actual date a stage reached from its figures gets. */
export function quarterEnd(period: string): string {
  const q = parseQuarter(period)!;
  return new Date(Date.UTC(q.year, q.quarter * 3, 0)).toISOString().slice(0, 10);
}

/**
 * A period filed: a quarter, or a month (then `month` is 1–12). Both are 7 characters, but they do
 * not sort together as text ('2026-Q1' sorts after '2026-12'): order them by `periodOrder`.
 */
export function parsePeriod(period: string): { year: number; quarter: number; month: number | null } | null {
  const q = parseQuarter(period);
  if (q) return { ...q, month: null };
  const m = MONTH_PATTERN.exec(period);
  return m ? { year: Number(m[1]), quarter: Math.floor((Number(m[2]) - 1) / 3) + 1, month: Number(m[2]) } : null;
}

/** The years a period can be filed for: those the platform keeps (as dispatch periods and commitments). */
export const PERIOD_YEARS = { first: 2000, last: 2100 } as const;

/**
 * A period that can be filed: a quarter or a month of the years kept. Every way in checks it (the
 * route's schema, the service, the console): a year such as 0000 or 1999 is no period, and
 * `Date.UTC` reads years 0–99 as 1900–1999, so its end would be a wrong day.
 */
export function isFilingPeriod(period: string): boolean {
  const p = parsePeriod(period);
  return !!p && p.year >= PERIOD_YEARS.first && p.year <= PERIOD_YEARS.last;
}

export function isMonth(period: string): boolean {
  return MONTH_PATTERN.test(period);
}

/** How many months a period covers: 3 for a quarter, 1 for a month. */
export function monthsIn(period: string): number {
  return isMonth(period) ? 1 : 3;
}

/** The quarter a period falls in (2026-05 → 2026-Q2; a quarter is its own). */
export function quarterOfPeriod(period: string): string {
  const p = parsePeriod(period)!;
  return quarterOf(p.year, p.quarter);
}

/** The three months of a quarter, YYYY-MM (2026-Q2 → 2026-04, 2026-05, 2026-06). */
export function monthsOfQuarter(quarter: string): string[] {
  const q = parseQuarter(quarter)!;
  return [1, 2, 3].map((i) => `${String(q.year).padStart(4, '0')}-${String((q.quarter - 1) * 3 + i).padStart(2, '0')}`);
}

/** A key that sorts periods of both kinds in time: a quarter as its last month (2026-Q1 → 2026-03). */
export function periodOrder(period: string): string {
  return isMonth(period) ? period : monthsOfQuarter(period)[2]!;
}

/** The period's last day, YYYY-MM-DD: a month's or a quarter's. */
export function periodEnd(period: string): string {
  const p = parsePeriod(period)!;
  return new Date(Date.UTC(p.year, p.month ?? p.quarter * 3, 0)).toISOString().slice(0, 10);
}

/**
 * The day a stage the figures of `period` prove was reached: the period's end, or today while the
 * period is not over (a month or quarter in progress may be filed; what was filed by today proves
 * the stage by today, and no stage is dated in the future).
 */
export function reachedOn(period: string, today: string): string {
  const end = periodEnd(period);
  return end < today ? end : today;
}

/**
 * A period as people name it, for the server's messages and sheets (the web has its own through
 * i18n): zh 2026年二季度 / 2026年5月, en Q2 2026 / May 2026.
 */
export function periodWords(period: string, lang: 'zh-CN' | 'en-US'): string {
  const p = parsePeriod(period);
  if (!p) return period;
  if (lang === 'en-US') return p.month === null ? `Q${p.quarter} ${p.year}` : `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][p.month - 1]} ${p.year}`;
  return p.month === null ? `${p.year}年${'一二三四'[p.quarter - 1]}季度` : `${p.year}年${p.month}月`;
}

/** The month a calendar day falls in, YYYY-MM. */
export function monthOfDay(day: string): string {
  return day.slice(0, 7);
}

/** The quarter a calendar day falls in. */
export function quarterOfDay(day: string): string {
  return quarterOf(Number(day.slice(0, 4)), Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1);
}

/** The last four quarters up to `upTo`, oldest first: the window of 亩均 (the returns module and the `tax_per_mu` indicator). */
export function lastFour(upTo: string): string[] {
  const out = [upTo];
  while (out.length < 4) out.unshift(previousQuarter(out[0]!));
  return out;
}

/** The stages the figures can prove: 达产 (capacity) and 达效 (returns). */
export const RETURN_STAGES = ['capacity', 'returns'] as const;
export type ReturnStage = (typeof RETURN_STAGES)[number];

/** 亩均效益 classes, as Zhejiang's 亩均论英雄 evaluations name them: A 优先发展 … D 整治提升. */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const PROPOSAL_STATES = ['proposed', 'confirmed', 'dismissed'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/**
 * The rules, as data kept in versions (`returns_rules`). 达产: a quarter's output reaches
 * `capacityShare` of a quarter of the design output for `capacityQuarters` consecutive quarters.
 * 达效: the year's tax filed so far reaches the committed tax. 亩均: the tax (and output) of the
 * last four quarters per 亩, graded by the thresholds (万元/亩, highest first). A producing project
 * that has not reached 达产 `graceMonths` after its planned date is yellow, `redMonths` red.
 */
export interface ReturnsRule {
  capacityShare: number;
  capacityQuarters: number;
  gradeTaxPerMuWan: { A: number; B: number; C: number };
  graceMonths: number;
  redMonths: number;
}

export const DEFAULT_RETURNS_RULE: ReturnsRule = { capacityShare: 0.8, capacityQuarters: 2, gradeTaxPerMuWan: { A: 30, B: 15, C: 5 }, graceMonths: 0, redMonths: 6 };

/** Months from one day to another (whole months passed; negative when not yet). */
export function monthsAfter(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/**
 * The gap light of a producing project: not at 达产 past its planned date (+ grace) is yellow,
 * `redMonths` past it red; at 达产 but not 达效 after the committed year is over, likewise from
 * the year's end. Green otherwise; null when there is nothing to judge against.
 */
export function gapLight(rule: Pick<ReturnsRule, 'graceMonths' | 'redMonths'>, p: { stage: string; capacityPlanned: string | null; returnsYear: number | null }, today: string): { level: 'green' | 'yellow' | 'red'; kind: 'capacity' | 'returns'; monthsLate: number } | null {
  const judge = (due: string, kind: 'capacity' | 'returns') => {
    const late = monthsAfter(due, today) - rule.graceMonths;
    if (late < 0 || (late === 0 && today <= due)) return { level: 'green' as const, kind, monthsLate: 0 };
    return { level: late >= rule.redMonths ? ('red' as const) : ('yellow' as const), kind, monthsLate: Math.max(late, 0) };
  };
  if (p.stage === 'producing' && p.capacityPlanned) return judge(p.capacityPlanned, 'capacity');
  if ((p.stage === 'producing' || p.stage === 'capacity') && p.returnsYear) return judge(`${p.returnsYear}-12-31`, 'returns');
  return null;
}
