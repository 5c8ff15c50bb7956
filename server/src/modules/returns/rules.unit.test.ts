import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURNS_RULE, gapLight, lastFour, previousQuarter, quarterEnd, quarterOfDay } from '../../../../common/returns.js';
import { capacityEvidence, gradeOf, perMu, returnsEvidence, type Quarter } from './rules.js';

const rule = DEFAULT_RETURNS_RULE;
const q = (period: string, outputWan: number, taxWan = 0): Quarter => ({ period, outputYuan: outputWan * 10_000, taxYuan: taxWan * 10_000, jobs: null });

describe('quarters', () => {
  it('count across years and end on the last day', () => {
    expect(previousQuarter('2026-Q1')).toBe('2025-Q4');
    expect(quarterEnd('2026-Q1')).toBe('2026-03-31');
    expect(quarterEnd('2026-Q4')).toBe('2026-12-31');
    expect(quarterOfDay('2026-07-01')).toBe('2026-Q3');
    expect(lastFour('2026-Q2')).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
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
});

describe('亩均', () => {
  it('takes a year at the pace of the quarters filed among the last four, per 亩, graded', () => {
    // 100 亩, two quarters of 600 万元 tax: a year of 2400 万元, 24 万元/亩 → B.
    const r = perMu(rule, 100_00, [q('2026-Q1', 5000, 600), q('2026-Q2', 5000, 600), q('2025-Q1', 9999, 9999)], '2026-Q2');
    expect(r).toMatchObject({ quarters: 2, taxYuan: 2400 * 10_000, taxPerMuWan: 24, outputPerMuWan: 200, grade: 'B' });
    expect(perMu(rule, null, [q('2026-Q2', 1, 1)], '2026-Q2').grade).toBeNull();
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
