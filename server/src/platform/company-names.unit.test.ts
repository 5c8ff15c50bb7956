import { describe, expect, it } from 'vitest';
import { NEAR_NAME_THRESHOLD, nameSimilarity, normaliseCompanyName, regionsCompatible, sameCompany } from './company-names.js';

/**
 * The same company written the ways offices write it (each group), and different companies with
 * names close enough to fool a careless matcher (different groups, some deliberately confusable).
 */
const CORPUS: string[][] = [
  ['江苏恒顺醋业股份有限公司', '恒顺醋业股份有限公司', '江苏恒顺醋业', '恒顺醋业（江苏）有限公司', '江苏 恒顺醋业 股份有限公司', '江苏恒顺醋业股份有限公司　'],
  ['中复神鹰碳纤维股份有限公司', '中复神鹰碳纤维有限公司', '中复神鹰碳纤维（连云港）有限公司', '中复神鹰碳纤维(江苏)有限责任公司', '中复神鹰碳纤维集团', '中复神鹰碳纤维股份公司', '中复神鹰碳纤唯股份有限公司'],
  ['比亚迪股份有限公司', '比亚迪（镇江）有限公司', '比亚迪(中国)有限公司', '广东比亚迪股份有限公司', '比亚迪集团', '深圳比亚迪有限公司'],
  ['宁德时代新能源科技股份有限公司', '宁德时代新能源科技有限公司', '宁德时代新能源科技（江苏）有限公司', '宁德时代新能源科技', '宁德时代新能源科技股份公司'],
  ['上海电气集团股份有限公司', '上海电气集团有限公司', '上海电气', '上海市电气集团', '上海电气（集团）总公司'],
  ['南京电气集团有限公司', '南京电气有限公司', '南京电气', '南京市电气集团有限公司', '江苏南京电气有限公司'],
  ['中船动力（集团）有限公司', '中船动力集团有限公司', '中船动力有限公司', '中船动力', '中船动力(镇江)有限公司'],
  ['ＡＢＣ精密机械有限公司', 'ABC精密机械有限公司', 'abc精密机械', 'ABC 精密机械 有限公司', 'ABC精密机械(苏州)有限公司'],
  ['镇江大全电气有限公司', '大全电气有限公司', '大全电气', '江苏大全电气有限公司', '大全电气（镇江）有限公司'],
  ['苏州华瑞新材料科技有限公司', '苏州华瑞新材料科技', '华瑞新材料科技(苏州)有限公司', '江苏苏州华瑞新材料科技有限公司'],
  ['无锡华瑞新材料科技有限公司', '无锡华瑞新材料科技'],
  ['华瑞新能源科技有限公司', '华瑞新能源科技股份有限公司'],
  ['恒顺酱醋有限公司', '恒顺酱醋'],
  ['中船重工动力有限公司', '中船重工动力'],
  ['大全集团有限公司', '大全集团'],
];

function pairs() {
  const out: { a: string; b: string; same: boolean }[] = [];
  const all = CORPUS.flatMap((group, g) => group.map((name) => ({ name, g })));
  for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) out.push({ a: all[i]!.name, b: all[j]!.name, same: all[i]!.g === all[j]!.g });
  return out;
}

function score(decide: (a: string, b: string) => boolean) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const wrong: string[] = [];
  for (const p of pairs()) {
    const said = decide(p.a, p.b);
    if (said && p.same) tp++;
    else if (said && !p.same) {
      fp++;
      wrong.push(`false match: ${p.a} ~ ${p.b}`);
    } else if (!said && p.same) {
      fn++;
      wrong.push(`missed: ${p.a} ~ ${p.b}`);
    }
  }
  return { tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn), wrong };
}

describe('company-name matching', () => {
  it('normalises regions, brackets, legal forms, full-width forms and spaces', () => {
    expect(normaliseCompanyName('江苏恒顺醋业股份有限公司')).toEqual({ core: '恒顺醋业', region: '江苏' });
    expect(normaliseCompanyName('恒顺醋业（江苏）有限公司')).toEqual({ core: '恒顺醋业', region: null });
    expect(normaliseCompanyName('ＡＢＣ 精密机械 有限公司').core).toBe('abc精密机械');
    expect(normaliseCompanyName('上海市电气集团').region).toBe('上海');
    // A name that is all region keeps something to compare.
    expect(normaliseCompanyName('上海').core).toBe('上海');
    expect(regionsCompatible('苏州', '江苏')).toBe(true);
    expect(regionsCompatible('苏州', '无锡')).toBe(false);
  });

  it('tells the same company from different ones: precision and recall over the corpus', () => {
    const exact = score((a, b) => sameCompany(normaliseCompanyName(a), normaliseCompanyName(b)));
    const candidates = score((a, b) => {
      const x = normaliseCompanyName(a);
      const y = normaliseCompanyName(b);
      return sameCompany(x, y) || nameSimilarity(x, y) >= NEAR_NAME_THRESHOLD;
    });
    const total = pairs().length;
    const line = (label: string, s: typeof exact) =>
      `${label}: precision ${(s.precision * 100).toFixed(1)}%, recall ${(s.recall * 100).toFixed(1)}% (${s.tp} right, ${s.fp} false matches, ${s.fn} missed)`;
    // Written to the test output on purpose: docs/benchmarks.md quotes these lines.
    console.log(`[name matcher] ${CORPUS.length} companies, ${CORPUS.flat().length} spellings, ${total} pairs`);
    console.log(`[name matcher] ${line('same company (conflict)', exact)}`);
    console.log(`[name matcher] ${line('shown as candidate (same or similarity ≥ ' + NEAR_NAME_THRESHOLD + ')', candidates)}`);
    for (const w of [...exact.wrong, ...candidates.wrong.filter((w) => w.startsWith('missed'))]) console.log(`[name matcher]   ${w}`);
    // A false conflict wrongly tells a district someone else owns its investor. The rule of
    // domain.md drops parenthesised regions, so 华瑞新材料科技(苏州) meets 无锡华瑞新材料科技: the two
    // known false matches, listed above; nothing else may slip.
    expect(exact.fp).toBeLessThanOrEqual(2);
    expect(exact.recall).toBeGreaterThanOrEqual(0.95);
    // Candidates are for a person to look at: all true pairs among them, a few look-alikes allowed.
    expect(candidates.recall).toBe(1);
    expect(candidates.precision).toBeGreaterThanOrEqual(0.9);
  });
});
