import { describe, expect, it } from 'vitest';
import type { ScorecardRow } from '../../../../common/problems-api';
import { byDepartment, yearOf } from './scorecard';

const month = (unitId: number, m: number, over: Partial<ScorecardRow> = {}): ScorecardRow => ({
  unitId,
  unitName: `部门${unitId}`,
  month: `2026-${String(m).padStart(2, '0')}`,
  received: 0,
  closed: 0,
  medianDaysToClose: null,
  overdueRate: null,
  satisfaction: null,
  returned: 0,
  ...over,
});

describe('department scorecard for the year', () => {
  it('adds the counts and weights the rating by the problems closed each month', () => {
    const y = yearOf([
      month(1, 1, { received: 3, closed: 1, satisfaction: 5, medianDaysToClose: 4, returned: 1 }),
      month(1, 2, { received: 1, closed: 3, satisfaction: 3, medianDaysToClose: 10 }),
      month(1, 3),
    ]);
    expect(y).toMatchObject({ received: 4, closed: 4, returned: 1, satisfaction: 3.5 });
    // Three of the four closures fell in the month whose median was 10 days.
    expect(y.medianDaysToClose).toBe(10);
  });

  it('averages the overdue rate over the months that had problems due, and says nothing when none had', () => {
    expect(yearOf([month(1, 1, { overdueRate: 50 }), month(1, 2, { overdueRate: 0 }), month(1, 3)]).overdueRate).toBe(25);
    expect(yearOf([month(1, 1), month(1, 2)])).toEqual({ received: 0, closed: 0, returned: 0, satisfaction: null, medianDaysToClose: null, overdueRate: null });
  });

  it('keeps every department, those with nothing as zeros, in the order the server gives', () => {
    const rows = byDepartment([month(2, 1, { received: 2 }), month(1, 1), month(2, 2, { closed: 1 }), month(1, 2)]);
    expect(rows.map((r) => [r.unitId, r.received, r.closed, r.months.length])).toEqual([
      [2, 2, 1, 2],
      [1, 0, 0, 2],
    ]);
  });
});
