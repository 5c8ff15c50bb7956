import { lastFour, monthsIn, parsePeriod, periodOrder, previousQuarter, quarterOfPeriod, type Grade, type ReturnsRule } from '../../../../common/returns.js';

/*
 * The 达产 / 达效 / 亩均 rules as pure functions of the figures: the service proposes stages from
 * them, the pages show the same evidence. Money is integer yuan, compared exactly (BigInt where a
 * product could pass 2^53), land in hundredths of a 亩.
 */

/** A period's figures as filed: a quarter's, or a month's where the unit files monthly. */
export interface Filed {
  period: string;
  outputYuan: number;
  taxYuan: number;
  jobs: number | null;
}

/** A quarter's figures: filed whole (`months` 3), or the sum of its months filed so far. */
export interface Quarter extends Filed {
  months: number;
}

/**
 * Figures by quarter, oldest first: a quarter filed whole as it is; a monthly filer's months summed
 * into their quarter, with how many are in. Jobs are a headcount, not a flow: the newest month's.
 */
export function rollUp(filed: Filed[]): Quarter[] {
  const out = new Map<string, Quarter>();
  // Each period's order key computed once (the sort compares each several times; a city's parks roll up some 30,000 projects' periods).
  const inOrder = filed.map((f) => ({ f, order: periodOrder(f.period) })).sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  for (const { f } of inOrder) {
    const key = quarterOfPeriod(f.period);
    const q = out.get(key);
    if (!q) out.set(key, { period: key, outputYuan: f.outputYuan, taxYuan: f.taxYuan, jobs: f.jobs, months: monthsIn(f.period) });
    else {
      q.outputYuan += f.outputYuan;
      q.taxYuan += f.taxYuan;
      q.months += monthsIn(f.period);
      if (f.jobs !== null) q.jobs = f.jobs;
    }
  }
  return [...out.values()];
}

export interface Commitment {
  designOutputYuan: number | null;
  returnsTaxYuan: number | null;
  landCentimu: number | null;
}

export interface CapacityEvidence {
  reached: boolean;
  /** The quarters judged (newest last), each with the quarter's threshold and the months of it filed (3: whole). */
  quarters: { period: string; outputYuan: number | null; months: number; thresholdYuan: number }[];
}

/**
 * 达产: each of the last `capacityQuarters` quarters up to `upTo` filed whole (a monthly filer's
 * three months in), with output ≥ share × design ÷ 4.
 */
export function capacityEvidence(rule: ReturnsRule, c: Commitment, figures: Quarter[], upTo: string): CapacityEvidence | null {
  if (!c.designOutputYuan || c.designOutputYuan <= 0) return null;
  const byPeriod = new Map(figures.map((f) => [f.period, f]));
  const shareBp = BigInt(Math.round(rule.capacityShare * 10_000));
  const design = BigInt(c.designOutputYuan);
  const threshold = Number((design * shareBp + 39_999n) / 40_000n);
  const quarters: CapacityEvidence['quarters'] = [];
  for (let i = 0, p = upTo; i < rule.capacityQuarters; i++, p = previousQuarter(p)) {
    const f = byPeriod.get(p);
    quarters.unshift({ period: p, outputYuan: f ? f.outputYuan : null, months: f ? f.months : 0, thresholdYuan: threshold });
  }
  // Exact: output × 4 × 10,000 ≥ design × share in basis points; a quarter missing a month has not shown it.
  const reached = quarters.every((q) => q.outputYuan !== null && q.months === 3 && BigInt(q.outputYuan) * 40_000n >= design * shareBp);
  return { reached, quarters };
}

export interface ReturnsEvidence {
  reached: boolean;
  year: number;
  taxYuan: number;
  committedTaxYuan: number;
  periods: string[];
}

/**
 * 达效: the tax filed for the year of `upTo`, its periods up to `upTo` (quarters, or months where
 * the unit files monthly — a monthly filer can reach it in any month), reaches the committed tax.
 */
export function returnsEvidence(c: Commitment, filed: Filed[], upTo: string): ReturnsEvidence | null {
  if (!c.returnsTaxYuan || c.returnsTaxYuan <= 0) return null;
  const { year } = parsePeriod(upTo)!;
  const end = periodOrder(upTo);
  const inYear = filed.filter((f) => parsePeriod(f.period)!.year === year && periodOrder(f.period) <= end).sort((a, b) => periodOrder(a.period).localeCompare(periodOrder(b.period)));
  const taxYuan = inYear.reduce((s, f) => s + f.taxYuan, 0);
  return { reached: taxYuan >= c.returnsTaxYuan, year, taxYuan, committedTaxYuan: c.returnsTaxYuan, periods: inYear.map((f) => f.period) };
}

export interface PerMu {
  /** The quarters of the last four up to the period with figures … */
  quarters: number;
  /** … and the months they cover (a quarter filed whole is three). */
  months: number;
  /** A year's tax and output at the pace of those months (their sum × 12 ÷ months), in yuan. */
  taxYuan: number;
  outputYuan: number;
  taxPerMuWan: number | null;
  outputPerMuWan: number | null;
  grade: Grade | null;
}


/**
 * 亩均: a year's tax and output per 亩 at the pace of what was filed in the last four quarters,
 * by months (a project that produced for two quarters is judged on those two, doubled; a monthly
 * filer five months in on those five, × 12 ÷ 5), graded by the rule's thresholds. No land or no
 * figures: not graded.
 */
export function perMu(rule: ReturnsRule, landCentimu: number | null, figures: Quarter[], upTo: string): PerMu {
  const window = new Set(lastFour(upTo));
  const used = figures.filter((f) => window.has(f.period));
  const n = used.length;
  const months = used.reduce((s, f) => s + f.months, 0);
  const taxYuan = months ? Math.round((used.reduce((s, f) => s + f.taxYuan, 0) * 12) / months) : 0;
  const outputYuan = months ? Math.round((used.reduce((s, f) => s + f.outputYuan, 0) * 12) / months) : 0;
  if (!landCentimu || landCentimu <= 0 || !months) return { quarters: n, months, taxYuan, outputYuan, taxPerMuWan: null, outputPerMuWan: null, grade: null };
  // 万元 per 亩, two decimals: yuan × 100 ÷ centimu ÷ 10,000.
  const perMuWan = (yuan: number) => Math.round(yuan / landCentimu) / 100;
  const taxPerMuWan = perMuWan(taxYuan);
  return { quarters: n, months, taxYuan, outputYuan, taxPerMuWan, outputPerMuWan: perMuWan(outputYuan), grade: gradeOf(rule, taxPerMuWan) };
}

export function gradeOf(rule: ReturnsRule, taxPerMuWan: number): Grade {
  const t = rule.gradeTaxPerMuWan;
  return taxPerMuWan >= t.A ? 'A' : taxPerMuWan >= t.B ? 'B' : taxPerMuWan >= t.C ? 'C' : 'D';
}
