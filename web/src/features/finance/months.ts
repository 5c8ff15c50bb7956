import type { CreditTotals } from '../../../../common/key-enterprises-api';

export interface MonthSeries {
  /** 1 … 12 */
  months: number[];
  granted: (number | null)[];
  drawn: (number | null)[];
  repaid: (number | null)[];
}

/**
 * The year's credit month by month for a line chart. Months that have not come yet are null, not 0:
 * a line that drops to nothing in December of a year still running would say something false.
 */
export function monthSeries(byMonth: CreditTotals['byMonth'], year: number, today: Date): MonthSeries {
  const nowYear = today.getFullYear();
  const lastMonth = year < nowYear ? 12 : year > nowYear ? 0 : today.getMonth() + 1;
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  const at = (m: number) => byMonth.find((r) => r.month === `${year}-${String(m).padStart(2, '0')}`);
  const pick = (key: 'grantedWan' | 'drawnWan' | 'repaidWan') => months.map((m) => (m > lastMonth ? null : (at(m)?.[key] ?? 0)));
  return { months, granted: pick('grantedWan'), drawn: pick('drawnWan'), repaid: pick('repaidWan') };
}
