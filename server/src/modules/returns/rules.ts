import { lastFour, parseQuarter, previousQuarter, quarterOf, type Grade, type ReturnsRule } from '../../../../common/returns.js';

/**
 * The 达产 / 达效 / 亩均 rules as pure functions of the figures: the service proposes stages from
 * them, the pages show the same evidence. Money is integer yuan, compared exactly (BigInt where a
 * product could pass 2^53), land in hundredths of a 亩.
 */
export interface Quarter {
  period: string;
  outputYuan: number;
  taxYuan: number;
  jobs: number | null;
}

export interface Commitment {
  designOutputYuan: number | null;
  returnsTaxYuan: number | null;
  landCentimu: number | null;
}

export interface CapacityEvidence {
  reached: boolean;
  /** The quarters judged (newest last), each with the quarter's threshold. */
  quarters: { period: string; outputYuan: number | null; thresholdYuan: number }[];
}

/** 达产: each of the last `capacityQuarters` quarters up to `upTo` filed, with output ≥ share × design ÷ 4. */
export function capacityEvidence(rule: ReturnsRule, c: Commitment, figures: Quarter[], upTo: string): CapacityEvidence | null {
  if (!c.designOutputYuan || c.designOutputYuan <= 0) return null;
  const byPeriod = new Map(figures.map((f) => [f.period, f]));
  const shareBp = BigInt(Math.round(rule.capacityShare * 10_000));
  const design = BigInt(c.designOutputYuan);
  const threshold = Number((design * shareBp + 39_999n) / 40_000n);
  const quarters: CapacityEvidence['quarters'] = [];
  for (let i = 0, p = upTo; i < rule.capacityQuarters; i++, p = previousQuarter(p)) {
    const f = byPeriod.get(p);
    quarters.unshift({ period: p, outputYuan: f ? f.outputYuan : null, thresholdYuan: threshold });
  }
  // Exact: output × 4 × 10,000 ≥ design × share in basis points.
  const reached = quarters.every((q) => q.outputYuan !== null && BigInt(q.outputYuan) * 40_000n >= design * shareBp);
  return { reached, quarters };
}

export interface ReturnsEvidence {
  reached: boolean;
  year: number;
  taxYuan: number;
  committedTaxYuan: number;
  periods: string[];
}

/** 达效: the tax filed for the year of `upTo`, its quarters up to `upTo`, reaches the committed tax. */
export function returnsEvidence(c: Commitment, figures: Quarter[], upTo: string): ReturnsEvidence | null {
  if (!c.returnsTaxYuan || c.returnsTaxYuan <= 0) return null;
  const { year, quarter } = parseQuarter(upTo)!;
  const periods = Array.from({ length: quarter }, (_, i) => quarterOf(year, i + 1));
  const inYear = figures.filter((f) => periods.includes(f.period));
  const taxYuan = inYear.reduce((s, f) => s + f.taxYuan, 0);
  return { reached: taxYuan >= c.returnsTaxYuan, year, taxYuan, committedTaxYuan: c.returnsTaxYuan, periods: inYear.map((f) => f.period) };
}

export interface PerMu {
  /** The quarters of the last four up to the period that were filed. */
  quarters: number;
  /** A year's tax and output at the pace of those quarters (their sum × 4 ÷ quarters), in yuan. */
  taxYuan: number;
  outputYuan: number;
  taxPerMuWan: number | null;
  outputPerMuWan: number | null;
  grade: Grade | null;
}


/**
 * 亩均: a year's tax and output per 亩 at the pace of the last four quarters filed (a project that
 * produced for two quarters is judged on those two, doubled), graded by the rule's thresholds.
 * No land or no figures: not graded.
 */
export function perMu(rule: ReturnsRule, landCentimu: number | null, figures: Quarter[], upTo: string): PerMu {
  const window = new Set(lastFour(upTo));
  const used = figures.filter((f) => window.has(f.period));
  const n = used.length;
  const taxYuan = n ? Math.round((used.reduce((s, f) => s + f.taxYuan, 0) * 4) / n) : 0;
  const outputYuan = n ? Math.round((used.reduce((s, f) => s + f.outputYuan, 0) * 4) / n) : 0;
  if (!landCentimu || landCentimu <= 0 || !n) return { quarters: n, taxYuan, outputYuan, taxPerMuWan: null, outputPerMuWan: null, grade: null };
  // 万元 per 亩, two decimals: yuan × 100 ÷ centimu ÷ 10,000.
  const perMuWan = (yuan: number) => Math.round(yuan / landCentimu) / 100;
  const taxPerMuWan = perMuWan(taxYuan);
  return { quarters: n, taxYuan, outputYuan, taxPerMuWan, outputPerMuWan: perMuWan(outputYuan), grade: gradeOf(rule, taxPerMuWan) };
}

export function gradeOf(rule: ReturnsRule, taxPerMuWan: number): Grade {
  const t = rule.gradeTaxPerMuWan;
  return taxPerMuWan >= t.A ? 'A' : taxPerMuWan >= t.B ? 'B' : taxPerMuWan >= t.C ? 'C' : 'D';
}
