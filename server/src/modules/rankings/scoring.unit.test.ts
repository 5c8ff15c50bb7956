import { describe, expect, it } from 'vitest';
import { scoreUnits, type SchemeDefinition, type UnitFigures } from './scoring.js';

const scheme: SchemeDefinition = { method: 'efficacy', weights: { a: 40, b: 10 }, bonuses: [], deductions: [] };
const unit = (unitId: number, values: Record<string, number | null>, targets: Record<string, number>): UnitFigures => ({ unitId, unitName: `U${unitId}`, order: `/${unitId}/`, values, targets });

describe('the efficacy-coefficient score', () => {
  it('maps completion linearly to 60–100 among the ranked units and weights the indicators', () => {
    const [first, second, third] = scoreUnits([unit(1, { a: 10, b: 1 }, { a: 10, b: 2 }), unit(2, { a: 5, b: 2 }, { a: 10, b: 2 }), unit(3, { a: 0, b: 0 }, { a: 10, b: 2 })], scheme);
    // Unit 1: a c=1 → 100, b c=0.5 → 80; (40×100 + 10×80)/50 = 96.
    expect(first).toMatchObject({ unitId: 1, rank: 1, score: 96 });
    // Unit 2: a c=0.5 → 80, b c=1 → 100; (3200 + 1000)/50 = 84.
    expect(second).toMatchObject({ unitId: 2, rank: 2, score: 84 });
    expect(third).toMatchObject({ unitId: 3, rank: 3, score: 60 });
    expect(first!.indicators.map((i) => [i.code, i.completion, i.score])).toEqual([['a', 1, 100], ['b', 0.5, 80]]);
  });

  it('gives 100 when every unit completes the same, and equal scores share a rank', () => {
    const scored = scoreUnits([unit(1, { a: 5 }, { a: 10 }), unit(2, { a: 1 }, { a: 2 }), unit(3, { a: 0 }, { a: 4 })], { ...scheme, weights: { a: 1 } });
    expect(scored.map((u) => [u.unitId, u.rank, u.score])).toEqual([[1, 1, 100], [2, 1, 100], [3, 3, 60]]);
  });

  it('scores a unit only on the indicators it has targets for, and adds bonuses and deductions with their caps', () => {
    const withAdjust: SchemeDefinition = { ...scheme, bonuses: [{ code: 'big', label: '10亿元以上项目', indicator: 'b', pointsEach: 1, max: 3 }], deductions: [{ code: 'late', label: '超期未开工', indicator: 'late', pointsEach: 0.5 }] };
    const scored = scoreUnits([unit(1, { a: 10, b: 5, late: 2 }, { a: 10 }), unit(2, { a: 5, b: 0, late: 0 }, { a: 10, b: 1 })], withAdjust);
    const one = scored.find((u) => u.unitId === 1)!;
    expect(one.indicators.map((i) => i.code)).toEqual(['a']);
    expect(one.adjustments).toEqual([{ code: 'big', points: 3 }, { code: 'late', points: -1 }]);
    expect(one.score).toBe(102);
    // Unit 2: a → 60; b is its alone → 100; (40×60 + 10×100)/50 = 68.
    expect(scored.find((u) => u.unitId === 2)!.score).toBe(68);
  });

  it('rounds to two decimals the same way every time', () => {
    const scored = scoreUnits([unit(1, { a: 1 }, { a: 3 }), unit(2, { a: 2 }, { a: 3 }), unit(3, { a: 3 }, { a: 7 })], { ...scheme, weights: { a: 1 } });
    // 3/7 lies 2/7 of the way from 1/3 to 2/3: 60 + 40 × 2/7 = 71.428…
    expect(scored.map((u) => [u.unitId, u.score])).toEqual([[2, 100], [3, 71.43], [1, 60]]);
  });
});
