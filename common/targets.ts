/** Targets and the 赛马榜: what the server and the web share. */

export const BUILTIN_INDICATOR_CODES = ['signed_100m', 'signed_1b', 'started_100m', 'chain_share', 'investment_wan'] as const;
/** Indicators of the departments' handling of assigned problems (the department scorecard), for department targets. */
export const DEPARTMENT_INDICATOR_CODES = ['problem_closed', 'problem_on_time', 'problem_satisfaction'] as const;
export type BuiltinIndicatorCode = (typeof BUILTIN_INDICATOR_CODES)[number];

/** An indicator's value is a number of projects (shares count as fractions), 万元, a percent, or 万元 per 亩 (亩均税收). */
export const INDICATOR_UNITS = ['count', 'wan', 'percent', 'wanPerMu'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/** Stages an indicator can count by their actual date. */
export const COUNTED_STAGES = ['signed', 'registered', 'land', 'started', 'statistics', 'completed', 'producing', 'capacity', 'returns'] as const;
export type CountedStage = (typeof COUNTED_STAGES)[number];

/** Amount bands of the counting rules (亿元以上 with the foreign-currency rule, 10亿元以上). */
export const AMOUNT_BANDS = ['above100m', 'above1b'] as const;
export type AmountBand = (typeof AMOUNT_BANDS)[number];

/** Units a target can be set for: the ones that are ranked (not the city itself, banks or enterprises). */
export const TARGET_UNIT_KINDS = ['district', 'zone', 'park', 'street', 'department', 'resident_office'] as const;

/** The period a ranking is published for: its as-of date is the month's last day. */
export function monthEnd(period: string): string {
  const [y, m] = period.split('-').map(Number);
  const last = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return `${period}-${String(last).padStart(2, '0')}`;
}
