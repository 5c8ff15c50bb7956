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

/**
 * One row per department: the year's figures as the server counted them from the problems (a
 * median or a rate over the year is not an average of the months'), with its months behind it.
 */
export function byDepartment(items: ScorecardRow[], totals: ScorecardRow[]): DepartmentYear[] {
  return totals.map((y) => ({
    unitId: y.unitId,
    unitName: y.unitName,
    received: y.received,
    closed: y.closed,
    medianDaysToClose: y.medianDaysToClose,
    overdueRate: y.overdueRate,
    satisfaction: y.satisfaction,
    returned: y.returned,
    months: items.filter((m) => m.unitId === y.unitId),
  }));
}
