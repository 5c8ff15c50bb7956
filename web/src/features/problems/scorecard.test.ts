import { describe, expect, it } from 'vitest';
import type { ScorecardRow } from '../../../../common/problems-api';
import { byDepartment } from './scorecard';

const row = (unitId: number, month: string, over: Partial<ScorecardRow> = {}): ScorecardRow => ({
  unitId,
  unitName: `部门${unitId}`,
  month,
  received: 0,
  closed: 0,
  medianDaysToClose: null,
  due: 0,
  late: 0,
  overdueRate: null,
  satisfaction: null,
  returned: 0,
  ...over,
});

describe('department scorecard rows', () => {
  it('takes each department’s year from the server’s totals, in their order, with its own months behind it', () => {
    const items = [row(2, '2026-01', { received: 2 }), row(1, '2026-01'), row(2, '2026-02', { closed: 1 }), row(1, '2026-02')];
    const totals = [row(1, '2026', { received: 5, medianDaysToClose: 9.5, overdueRate: 50 }), row(2, '2026', { received: 2, closed: 1 })];
    const years = byDepartment(items, totals);
    expect(years.map((y) => [y.unitId, y.received, y.medianDaysToClose, y.overdueRate])).toEqual([
      [1, 5, 9.5, 50],
      [2, 2, null, null],
    ]);
    expect(years[1]!.months.map((m) => m.month)).toEqual(['2026-01', '2026-02']);
  });
});
