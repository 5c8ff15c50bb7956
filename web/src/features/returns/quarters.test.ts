import { describe, expect, it } from 'vitest';
import { currentQuarter, lastEndedQuarter, quarterList, quarterRange, quartersUpTo, shareOfDesign } from './quarters';

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
  });
});
