/** Monthly dispatch (调度) and warnings: codes shared by server and web; labels live in i18n. */
export const LIST_LEVELS = ['province', 'city', 'district'] as const; // 省重大 / 市重点 / 区重点
export type ListLevel = (typeof LIST_LEVELS)[number];
/** Levels on the city's lists (set by the commission); `district` lists are each unit's own. */
export const CITY_LEVELS: readonly ListLevel[] = ['province', 'city'];

/** `returns`: a producing project behind its contract (not at 达产 past its planned date, or not at 达效 after its year; common/returns.ts gapLight). */
export const WARNING_KINDS = ['progress', 'start', 'registration', 'returns'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];
export const LIGHT_LEVELS = ['green', 'yellow', 'red'] as const;
export type LightLevel = (typeof LIGHT_LEVELS)[number];

export const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(period: string): { year: number; month: number } | null {
  const m = PERIOD_PATTERN.exec(period);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}

export function periodOf(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The period before (2023-01 → 2022-12). */
export function previousPeriod(period: string): string {
  const p = parsePeriod(period)!;
  return p.month === 1 ? periodOf(p.year - 1, 12) : periodOf(p.year, p.month - 1);
}
