import { describe, expect, it } from 'vitest';
import { byQuarter, currentMonth, currentQuarter, filedOtherWay, lastEndedMonth, lastEndedQuarter, monthsUpTo, newestFirst, quarterList, quarterRange, quartersUpTo, shareOfDesign } from './quarters';

const ZH = ['一季度', '二季度', '三季度', '四季度'];
const EN = ['Q1', 'Q2', 'Q3', 'Q4'];

describe('returns quarters', () => {
  it('names the quarter by China’s calendar and the one that ended last', () => {
    // 31 Dec 2025, 20:00 UTC is already 1 Jan 2026 in China.
    expect(currentQuarter(new Date('2025-12-31T20:00:00Z'))).toBe('2026-Q1');
    expect(lastEndedQuarter(new Date('2025-12-31T20:00:00Z'))).toBe('2025-Q4');
    expect(lastEndedQuarter(new Date('2026-08-15T00:00:00Z'))).toBe('2026-Q2');
  });

  it('lists and spans quarters across years', () => {
    expect(quartersUpTo('2026-Q2', 3)).toEqual(['2026-Q2', '2026-Q1', '2025-Q4']);
    expect(quarterRange('2025-Q3', '2026-Q1')).toEqual(['2025-Q3', '2025-Q4', '2026-Q1']);
    expect(quarterRange('2026-Q2', '2026-Q1')).toEqual([]);
  });

  it('words the evidence: quarters grouped by year, shares of a quarter of the design output', () => {
    expect(quarterList(['2026-Q2', '2026-Q3'], 'zh-CN', ZH)).toBe('2026年二季度、三季度');
    expect(quarterList(['2025-Q4', '2026-Q1'], 'zh-CN', ZH)).toBe('2025年四季度、2026年一季度');
    expect(quarterList(['2026-Q2', '2026-Q3'], 'en-US', EN)).toBe('Q2 and Q3 2026');
    expect(shareOfDesign(40_500_000, 20_000)).toBe(81);
    expect(shareOfDesign(42_000_000, 20_000)).toBe(84);
    expect(quarterList(['2026-04', '2026-Q1', '2026-05'], 'zh-CN', ZH)).toBe('2026年一季度、4月、5月');
    expect(quarterList(['2026-Q1', '2026-04', '2026-05'], 'en-US', EN)).toBe('Q1, Apr and May 2026');
    expect(quarterList(['2025-Q4', '2026-Q1', '2026-05'], 'en-US', EN)).toBe('Q4 2025; Q1 and May 2026');
    expect(quarterList(['2025-Q4', '2026-Q1'], 'en-US', EN)).toBe('Q4 2025 and Q1 2026');
  });

  it('takes months where a unit files monthly: China’s month, rolled into quarters, the other way of a quarter closed', () => {
    expect(currentMonth(new Date('2025-12-31T20:00:00Z'))).toBe('2026-01');
    expect(lastEndedMonth(new Date('2026-01-10T00:00:00Z'))).toBe('2025-12');
    expect(monthsUpTo('2026-02', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    const rolled = byQuarter([{ period: '2026-04', outputWan: 0.1, taxWan: 1 }, { period: '2026-05', outputWan: 0.2, taxWan: 2 }, { period: '2026-Q1', outputWan: 9, taxWan: 3 }]);
    expect(rolled.get('2026-Q2')).toEqual({ outputWan: 0.3, taxWan: 3, months: 2 });
    expect(rolled.get('2026-Q1')).toEqual({ outputWan: 9, taxWan: 3, months: 3 });
    expect([...filedOtherWay(['2026-Q1', '2026-05'])].sort()).toEqual(['2026-01', '2026-02', '2026-03', '2026-Q2']);
    expect(newestFirst([{ period: '2026-Q1' }, { period: '2026-12' }, { period: '2026-04' }]).map((x) => x.period)).toEqual(['2026-12', '2026-04', '2026-Q1']);
  });
});
