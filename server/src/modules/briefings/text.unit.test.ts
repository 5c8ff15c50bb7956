import { describe, expect, it } from 'vitest';
import { formatCount, formatWan, headlineSentence, movementText, narrative } from './text.js';

describe('briefing sentences', () => {
  it('shows shares of projects with one decimal only when fractional', () => {
    expect(formatCount(4)).toBe('4');
    expect(formatCount(3.3)).toBe('3.3');
    expect(formatCount(2.25)).toBe('2.3');
    expect(formatCount(2.96)).toBe('3');
    expect(headlineSentence({ signed100m: 12.7, signed1b: 3, chainShare: 69.7, investmentWan: null })).toBe('新签约亿元以上项目12.7个，其中10亿元以上3个，“四群八链”项目占比69.7%');
    expect(headlineSentence({ signed100m: 0, signed1b: 0, chainShare: null, investmentWan: null })).toBe('新签约亿元以上项目0个，其中10亿元以上0个');
  });

  it('writes money in 亿元 from 1亿 up', () => {
    expect(formatWan(5_000)).toBe('5000万元');
    expect(formatWan(1_320_380)).toBe('132.04亿元');
  });

  it('says who leads, who moved most and who is behind 序时进度', () => {
    expect(movementText(1, 3)).toBe('↑2');
    expect(movementText(3, 2)).toBe('↓1');
    expect(movementText(2, 2)).toBe('—');
    expect(movementText(2, null)).toBe('新上榜');
    const lines = narrative(
      [
        { unitName: '甲区', rank: 1, score: 96.5, previousRank: 3, investmentCompletion: 95 },
        { unitName: '乙区', rank: 2, score: 90, previousRank: 1, investmentCompletion: 60 },
        { unitName: '丙区', rank: 3, score: 80, previousRank: 2, investmentCompletion: null },
      ],
      91.7,
    );
    expect(lines).toEqual(['甲区以96.5分位列第一，丙区暂列末位。', '甲区进步最快，较上月上升2位；乙区、丙区较上月下降1位。', '乙区的重点项目完成投资低于序时进度（91.7%），需加快推进。']);
  });
});
