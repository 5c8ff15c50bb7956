import { describe, expect, it } from 'vitest';
import type { LoanPeriod } from './api';
import { formatChange, formatYiValue, latestPeriod, loanSeries } from './loans';

const period = (p: string, balanceYi: number): LoanPeriod => ({ period: p, version: 1, balanceYi, ytdChangeYi: 10, yoyPercent: 12, mfgBalanceYi: null, mfgYtdChangeYi: null, mfgSharePercent: 18.92, institutions: [] });

describe('the city loan chart', () => {
  it('draws the months that have a sheet and leaves the others empty (null, not 0)', () => {
    const s = loanSeries([period('2023-06', 7938.34), period('2023-05', 7800), period('2022-12', 7000)], 2023);
    expect(s.months).toHaveLength(12);
    expect(s.balance.slice(3, 7)).toEqual([null, 7800, 7938.34, null]);
    expect(s.balance[11]).toBeNull();
    expect(s.mfgShare[5]).toBe(18.92);
  });

  it('takes the newest month and writes 亿元 with two decimals', () => {
    expect(latestPeriod([period('2023-05', 1), period('2023-06', 2), period('2023-01', 3)])?.period).toBe('2023-06');
    expect(latestPeriod([])).toBeNull();
    expect(formatYiValue(7938.34)).toBe('7,938.34');
    expect(formatChange(950.5)).toBe('+950.50');
    expect(formatChange(null)).toBe('—');
  });
});
