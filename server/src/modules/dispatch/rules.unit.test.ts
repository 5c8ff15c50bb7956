import { describe, expect, it } from 'vitest';
import { computeLights, forecastYearEnd, ruleFor, type ProjectFacts, type RuleDefinition } from './rules.js';

const RULE: RuleDefinition = { progress: { yellowAbove: 10, redAbove: 30 }, start: { redMonthsLate: 3 }, registration: { yellowMonths: 1, redMonths: 2 }, consecutiveYellowsToRed: 2, levels: ['province', 'city', 'district'] };
const base: ProjectFacts = { year: 2023, month: 6, planYuan: 12_000_000, cumulativeYuan: 0, plannedStart: null, actualStart: '2023-01-10', startReached: true, registered: true, previousRaw: {} };
const progress = (facts: Partial<ProjectFacts>) => computeLights({ ...base, ...facts }, RULE).find((l) => l.kind === 'progress');

describe('progress lights (序时进度 m/12, d in points: green ≤ 10 < yellow ≤ 30 < red)', () => {
  // Plan 1,200万 at month 6: 序时 600万. d = 50 − cum/12 (cum in 万).
  it.each([
    [480, 'green', 10], // exactly 10 points behind: green
    [479.9999, 'yellow', 10], // one yuan more behind: yellow
    [240, 'yellow', 30], // exactly 30: yellow
    [239.9999, 'red', 30],
    [0, 'red', 50],
    [900, 'green', -25], // ahead of schedule
  ])('cumulative %s万 → %s', (wan, level, points) => {
    const light = progress({ cumulativeYuan: Math.round(wan * 10_000) })!;
    expect(light.level).toBe(level);
    expect(Math.round(light.deviationCenti! / 100)).toBe(points);
  });

  it('gives no progress light without a plan', () => {
    expect(progress({ planYuan: null })).toBeUndefined();
    expect(progress({ planYuan: 0 })).toBeUndefined();
  });

  it('turns the second consecutive yellow red, not a yellow after a red or a green', () => {
    expect(progress({ cumulativeYuan: 3_000_000, previousRaw: { progress: ['yellow'] } })).toMatchObject({ level: 'red', rawLevel: 'yellow' });
    expect(progress({ cumulativeYuan: 3_000_000, previousRaw: { progress: ['red'] } })).toMatchObject({ level: 'yellow' });
    expect(progress({ cumulativeYuan: 3_000_000, previousRaw: { progress: ['green'] } })).toMatchObject({ level: 'yellow' });
    expect(progress({ cumulativeYuan: 3_000_000, previousRaw: {} })).toMatchObject({ level: 'yellow' });
  });

  it('is exact with amounts too large for a float ratio', () => {
    // 12亿 plan, 10 points behind to the yuan.
    const light = progress({ planYuan: 120_000_000_000, cumulativeYuan: 48_000_000_000 })!;
    expect(light.level).toBe('green');
    expect(progress({ planYuan: 120_000_000_000, cumulativeYuan: 47_999_999_999 })!.level).toBe('yellow');
  });
});

describe('start and statistics lights', () => {
  const start = (plannedStart: string, month = 6) => computeLights({ ...base, month, startReached: false, actualStart: null, registered: false, plannedStart, planYuan: null }, RULE).find((l) => l.kind === 'start');
  it('is yellow from the planned month and red three months late', () => {
    expect(start('2023-07-15')).toMatchObject({ level: 'green', monthsLate: -1 });
    expect(start('2023-06-30')).toMatchObject({ level: 'yellow', monthsLate: 0 });
    expect(start('2023-04-01')).toMatchObject({ level: 'yellow', monthsLate: 2 });
    expect(start('2023-03-31')).toMatchObject({ level: 'red', monthsLate: 3 });
  });
  it('gives no start light once started', () => {
    expect(computeLights({ ...base, plannedStart: '2023-01-01' }, RULE).find((l) => l.kind === 'start')).toBeUndefined();
  });
  const reg = (actualStart: string) => computeLights({ ...base, registered: false, actualStart, planYuan: null }, RULE).find((l) => l.kind === 'registration');
  it('is yellow one month after the start unregistered, red after two', () => {
    expect(reg('2023-06-02')).toMatchObject({ level: 'green' });
    expect(reg('2023-05-31')).toMatchObject({ level: 'yellow' });
    expect(reg('2023-04-01')).toMatchObject({ level: 'red' });
  });
});

describe('rule versions and the forecast', () => {
  const rules = [
    { version: 1, effectiveFrom: '2000-01-01', definition: RULE },
    { version: 2, effectiveFrom: '2024-03-01', definition: { ...RULE, progress: { yellowAbove: 5, redAbove: 20 } } },
  ];
  it('uses the rule in force for the period, so a past period is recomputed as it was', () => {
    expect(ruleFor(rules, 2024, 2).version).toBe(1);
    expect(ruleFor(rules, 2024, 3).version).toBe(2);
    expect(ruleFor(rules, 2023, 6).version).toBe(1);
  });
  it('projects the year from the last three months, each month left 15% slower', () => {
    // 100 a month for six more months: 85 + 72.25 + 61.41 + 52.2 + 44.37 + 37.71 = 352.98.
    expect(forecastYearEnd(6, 600, [100, 100, 100])).toBe(953);
    expect(forecastYearEnd(6, 600, [150, 100, 50])).toBe(953);
    expect(forecastYearEnd(6, 600, [])).toBe(953);
    expect(forecastYearEnd(12, 900, [10])).toBe(900);
  });
});

describe('returns lights (投产达效 behind the contract)', () => {
  const returns = (facts: Partial<ProjectFacts>) => computeLights({ ...base, ...facts }, RULE).find((l) => l.kind === 'returns');
  it('carries the gap the returns rule judged, and a yellow in two periods running turns red', () => {
    expect(returns({})).toBeUndefined();
    expect(returns({ returnsGap: { level: 'yellow', monthsLate: 1 } })).toMatchObject({ level: 'yellow', monthsLate: 1 });
    expect(returns({ returnsGap: { level: 'yellow', monthsLate: 2 }, previousRaw: { returns: ['yellow'] } })).toMatchObject({ rawLevel: 'yellow', level: 'red' });
    expect(returns({ returnsGap: { level: 'green', monthsLate: 0 } })!.level).toBe('green');
  });
});
