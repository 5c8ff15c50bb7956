import { describe, expect, it } from 'vitest';
import { monthSeries } from './months';

const byMonth = Array.from({ length: 12 }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, '0')}`, grantedWan: i === 1 ? 5000 : 0, drawnWan: i === 10 ? 1200.5 : 0, repaidWan: 0 }));

describe('the monthly credit line chart', () => {
  it('draws the months gone by and leaves the months to come empty (null, not 0)', () => {
    const s = monthSeries(byMonth, 2026, new Date(2026, 10, 29));
    expect(s.months).toHaveLength(12);
    expect(s.granted.slice(0, 3)).toEqual([0, 5000, 0]);
    expect(s.drawn[10]).toBe(1200.5);
    expect(s.drawn[11]).toBeNull();
    expect(s.granted[11]).toBeNull();
  });

  it('draws a past year whole, a missing month as 0, and nothing of a future year', () => {
    expect(monthSeries(byMonth.slice(0, 6), 2026, new Date(2027, 0, 3)).granted).toEqual([0, 5000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(monthSeries([], 2028, new Date(2026, 10, 29)).repaid.every((v) => v === null)).toBe(true);
  });
});
