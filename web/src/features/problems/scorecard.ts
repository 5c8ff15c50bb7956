import type { ScorecardRow } from '../../../../common/problems-api';

export interface DepartmentYear {
  unitId: number;
  unitName: string;
  received: number;
  closed: number;
  medianDaysToClose: number | null;
  overdueRate: number | null;
  satisfaction: number | null;
  returned: number;
  months: ScorecardRow[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The year's figures of one department from its months. Counts add up; the mean rating is weighted
 * by the problems closed. The API gives each month's median and overdue rate but not what they
 * were taken over, so the year's median is the closed-weighted median of the months' medians and
 * the year's overdue rate the mean of the months that had problems due — estimates, said so on the page.
 */
export function yearOf(months: ScorecardRow[]): Omit<DepartmentYear, 'unitId' | 'unitName' | 'months'> {
  const received = months.reduce((s, m) => s + m.received, 0);
  const closed = months.reduce((s, m) => s + m.closed, 0);
  const returned = months.reduce((s, m) => s + m.returned, 0);
  const rated = months.filter((m) => m.satisfaction !== null && m.closed > 0);
  const ratedCount = rated.reduce((s, m) => s + m.closed, 0);
  const satisfaction = ratedCount ? Math.round((rated.reduce((s, m) => s + m.satisfaction! * m.closed, 0) / ratedCount) * 100) / 100 : null;
  const timed = months.filter((m) => m.medianDaysToClose !== null && m.closed > 0).sort((a, b) => a.medianDaysToClose! - b.medianDaysToClose!);
  const timedCount = timed.reduce((s, m) => s + m.closed, 0);
  let medianDaysToClose: number | null = null;
  for (let seen = 0, i = 0; i < timed.length; i++) {
    seen += timed[i]!.closed;
    if (seen * 2 >= timedCount) {
      medianDaysToClose = timed[i]!.medianDaysToClose;
      break;
    }
  }
  const due = months.filter((m) => m.overdueRate !== null);
  const overdueRate = due.length ? round1(due.reduce((s, m) => s + m.overdueRate!, 0) / due.length) : null;
  return { received, closed, returned, satisfaction, medianDaysToClose, overdueRate };
}

export function byDepartment(rows: ScorecardRow[]): DepartmentYear[] {
  const groups = new Map<number, ScorecardRow[]>();
  const names = new Map<number, string>();
  for (const r of rows) {
    groups.set(r.unitId, [...(groups.get(r.unitId) ?? []), r]);
    names.set(r.unitId, r.unitName);
  }
  return [...groups].map(([unitId, months]) => ({ unitId, unitName: names.get(unitId)!, months, ...yearOf(months) }));
}
