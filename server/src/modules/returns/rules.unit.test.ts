import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURNS_RULE, gapLight, isFilingPeriod, lastFour, monthsOfQuarter, parsePeriod, periodEnd, periodOrder, periodWords, previousQuarter, quarterEnd, quarterOfDay, quarterOfPeriod, reachedOn } from '../../../../common/returns.js';
import { capacityEvidence, gradeOf, perMu, returnsEvidence, rollUp, type Filed, type Quarter } from './rules.js';

const rule = DEFAULT_RETURNS_RULE;
const q = (period: string, outputWan: number, taxWan = 0): Quarter => ({ period, outputYuan: outputWan * 10_000, taxYuan: taxWan * 10_000, jobs: null, months: 3 });
const m = (period: string, outputWan: number, taxWan = 0, jobs: number | null = null): Filed => ({ period, outputYuan: outputWan * 10_000, taxYuan: taxWan * 10_000, jobs });

describe('quarters', () => {
  it('count across years and end on the last day', () => {
    expect(previousQuarter('2026-Q1')).toBe('2025-Q4');
    expect(quarterEnd('2026-Q1')).toBe('2026-03-31');
    expect(quarterEnd('2026-Q4')).toBe('2026-12-31');
    expect(quarterOfDay('2026-07-01')).toBe('2026-Q3');
    expect(lastFour('2026-Q2')).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
  });
  it('take months where a unit files monthly, ordered in time with quarters', () => {
    expect(parsePeriod('2026-05')).toEqual({ year: 2026, quarter: 2, month: 5 });
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('2026-Q5')).toBeNull();
    expect(quarterOfPeriod('2026-12')).toBe('2026-Q4');
    expect(monthsOfQuarter('2026-Q1')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(periodEnd('2024-02')).toBe('2024-02-29');
    expect(periodEnd('2026-Q2')).toBe('2026-06-30');
    expect([periodWords('2026-Q2', 'zh-CN'), periodWords('2026-05', 'zh-CN'), periodWords('2026-Q2', 'en-US'), periodWords('2026-05', 'en-US')]).toEqual(['2026年二季度', '2026年5月', 'Q2 2026', 'May 2026']);
    // As text 2026-Q1 sorts after 2026-12; in time it is March.
    expect(['2026-Q1', '2026-12', '2025-Q4', '2026-04'].sort((a, b) => periodOrder(a).localeCompare(periodOrder(b)))).toEqual(['2025-Q4', '2026-Q1', '2026-04', '2026-12']);
  });
  it('can be filed only in the years kept: a year such as 0000 is no period (and Date.UTC would end it in 1900)', () => {
    for (const p of ['2000-01', '2000-Q1', '2026-08', '2100-12', '2100-Q4']) expect(isFilingPeriod(p), p).toBe(true);
    for (const p of ['0000-01', '0099-Q1', '1999-12', '1999-Q4', '2101-01', '2101-Q1', '2026-00', '2026-13', '2026-Q1 ', '２０２６-08', '2026-q1', '']) expect(isFilingPeriod(p), p).toBe(false);
  });
  it('date a stage they prove at their end, or today while they are not over', () => {
    expect(reachedOn('2026-08', '2026-11-20')).toBe('2026-08-31');
    expect(reachedOn('2026-11', '2026-11-20')).toBe('2026-11-20');
    expect(reachedOn('2026-Q4', '2026-11-20')).toBe('2026-11-20');
    expect(reachedOn('2026-11', '2026-11-30')).toBe('2026-11-30');
    expect(reachedOn('2026-Q3', '2026-11-20')).toBe('2026-09-30');
  });
});

describe('rolling months into quarters', () => {
  it('sums a monthly filer’s months into their quarter with how many are in, the newest headcount', () => {
    const r = rollUp([m('2026-05', 20, 2, 110), m('2026-Q1', 300, 30, 90), m('2026-04', 10, 1, 100)]);
    expect(r).toEqual([
      { period: '2026-Q1', outputYuan: 300 * 10_000, taxYuan: 30 * 10_000, jobs: 90, months: 3 },
      { period: '2026-Q2', outputYuan: 30 * 10_000, taxYuan: 3 * 10_000, jobs: 110, months: 2 },
    ]);
  });
});

describe('达产: two consecutive quarters at 80% of a quarter of the design output', () => {
  // Design 4 亿元 a year: a quarter's share is 1 亿, 80% of it 8000 万元.
  const c = { designOutputYuan: 40_000 * 10_000, returnsTaxYuan: null, landCentimu: null };
  it('is reached at exactly 80% in both quarters, not a yuan less', () => {
    expect(capacityEvidence(rule, c, [q('2026-Q1', 8000), q('2026-Q2', 8000)], '2026-Q2')!.reached).toBe(true);
    const short = [q('2026-Q1', 8000), { ...q('2026-Q2', 8000), outputYuan: 8000 * 10_000 - 1 }];
    expect(capacityEvidence(rule, c, short, '2026-Q2')!.reached).toBe(false);
  });
  it('needs the quarters consecutive and filed: a gap or one quarter is not enough', () => {
    expect(capacityEvidence(rule, c, [q('2025-Q4', 9000), q('2026-Q2', 9000)], '2026-Q2')!.reached).toBe(false);
    expect(capacityEvidence(rule, c, [q('2026-Q2', 12000)], '2026-Q2')!.reached).toBe(false);
    expect(capacityEvidence(rule, c, [q('2025-Q4', 9000), q('2026-Q1', 9000)], '2026-Q1')).toMatchObject({ reached: true, quarters: [{ period: '2025-Q4', thresholdYuan: 80_000_000 }, { period: '2026-Q1' }] });
  });
  it('judges a monthly filer’s quarters only once all three months are in', () => {
    const months = [...['2025-10', '2025-11', '2025-12'].map((p) => m(p, 3000)), m('2026-01', 3000), m('2026-02', 3000)];
    const partial = capacityEvidence(rule, c, rollUp(months), '2026-Q1')!;
    // 6000 万元 in two months already passes 8000 × 2/3, but the quarter is not whole: not shown yet.
    expect(partial).toMatchObject({ reached: false, quarters: [{ period: '2025-Q4', months: 3 }, { period: '2026-Q1', months: 2, outputYuan: 6000 * 10_000 }] });
    expect(capacityEvidence(rule, c, rollUp([...months, m('2026-03', 2000)]), '2026-Q1')!.reached).toBe(true);
    expect(capacityEvidence(rule, c, rollUp([...months, m('2026-03', 1999)]), '2026-Q1')!.reached).toBe(false);
  });
  it('has nothing to judge without a design output', () => {
    expect(capacityEvidence(rule, { ...c, designOutputYuan: null }, [q('2026-Q1', 1)], '2026-Q1')).toBeNull();
  });
});

describe('达效: the year’s tax reaches the committed tax', () => {
  const c = { designOutputYuan: null, returnsTaxYuan: 8000 * 10_000, landCentimu: null };
  it('sums the year’s quarters up to the period, not last year’s', () => {
    const figures = [q('2025-Q4', 0, 5000), q('2026-Q1', 0, 3000), q('2026-Q2', 0, 4999), q('2026-Q3', 0, 1)];
    expect(returnsEvidence(c, figures, '2026-Q2')).toMatchObject({ reached: false, taxYuan: 7999 * 10_000 });
    expect(returnsEvidence(c, figures, '2026-Q3')).toMatchObject({ reached: true, taxYuan: 8000 * 10_000, periods: ['2026-Q1', '2026-Q2', '2026-Q3'] });
  });
  it('is reached in the month the tax gets there, for a unit that files monthly', () => {
    const filed = [m('2025-12', 0, 9000), m('2026-Q1', 0, 6000), m('2026-04', 0, 1500), m('2026-05', 0, 500), m('2026-06', 0, 100)];
    expect(returnsEvidence(c, filed, '2026-04')).toMatchObject({ reached: false, taxYuan: 7500 * 10_000 });
    expect(returnsEvidence(c, filed, '2026-05')).toMatchObject({ reached: true, taxYuan: 8000 * 10_000, periods: ['2026-Q1', '2026-04', '2026-05'] });
  });
});

describe('亩均', () => {
  it('takes a year at the pace of the quarters filed among the last four, per 亩, graded', () => {
    // 100 亩, two quarters of 600 万元 tax: a year of 2400 万元, 24 万元/亩 → B.
    const r = perMu(rule, 100_00, [q('2026-Q1', 5000, 600), q('2026-Q2', 5000, 600), q('2025-Q1', 9999, 9999)], '2026-Q2');
    expect(r).toMatchObject({ quarters: 2, taxYuan: 2400 * 10_000, taxPerMuWan: 24, outputPerMuWan: 200, grade: 'B' });
    expect(perMu(rule, null, [q('2026-Q2', 1, 1)], '2026-Q2').grade).toBeNull();
  });
  it('annualises a monthly filer by the months filed: five months × 12 ÷ 5', () => {
    // 2025-Q4 filed whole, then January and February monthly: 5 months, 1000 万元 tax → 2400 a year on 100 亩.
    const r = perMu(rule, 100_00, rollUp([m('2025-Q4', 0, 600), m('2026-01', 0, 200), m('2026-02', 0, 200), m('2025-Q1', 0, 9999)]), '2026-Q1');
    expect(r).toMatchObject({ quarters: 2, months: 5, taxYuan: 2400 * 10_000, taxPerMuWan: 24, grade: 'B' });
    // Whole quarters give what × 4 ÷ quarters gave.
    expect(perMu(rule, 100_00, [q('2026-Q1', 0, 7), q('2026-Q2', 0, 4)], '2026-Q2').taxYuan).toBe(Math.round((11 * 10_000 * 4) / 2));
  });
  it('grades on the thresholds inclusively', () => {
    expect([30, 29.99, 15, 5, 4.99].map((v) => gradeOf(rule, v))).toEqual(['A', 'B', 'B', 'C', 'D']);
  });
});

describe('the gap light', () => {
  it('is yellow past the planned 达产 date and red six months on', () => {
    const p = { stage: 'producing', capacityPlanned: '2026-03-31', returnsYear: null };
    expect(gapLight(rule, p, '2026-03-31')!.level).toBe('green');
    expect(gapLight(rule, p, '2026-04-01')!.level).toBe('yellow');
    expect(gapLight(rule, p, '2026-09-30')!.level).toBe('yellow');
    expect(gapLight(rule, p, '2026-10-01')).toMatchObject({ level: 'red', kind: 'capacity', monthsLate: 6 });
    expect(gapLight(rule, { stage: 'capacity', capacityPlanned: null, returnsYear: 2025 }, '2026-02-01')).toMatchObject({ level: 'yellow', kind: 'returns' });
    expect(gapLight(rule, { stage: 'returns', capacityPlanned: '2020-01-01', returnsYear: 2020 }, '2026-02-01')).toBeNull();
  });
});
