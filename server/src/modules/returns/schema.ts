import { z } from 'zod';
import { GRADES, isFilingPeriod, MONTH_PATTERN, PROPOSAL_STATES, QUARTER_PATTERN, RETURN_STAGES } from '../../../../common/returns.js';
import { pageQuery } from '../../platform/http.js';
import { wan } from '../../platform/validation.js';

/** 投产达效与亩均效益: the request and response shapes. */
const year = z.number().int().min(2000).max(2100);
/** A quarter of the years the platform keeps (2000–2100), as dispatch periods. */
export const quarter = z.string().regex(QUARTER_PATTERN).refine(isFilingPeriod);
/** What figures are filed for: a quarter, or a month (YYYY-MM) where the unit files monthly. */
export const period = z.union([quarter, z.string().regex(MONTH_PATTERN).refine(isFilingPeriod)]);
const id = z.coerce.number().int().positive().max(2147483647);

export const commitmentBody = z.object({
  /** Design capacity, as a year's output (万元). */
  designOutputWan: wan.nullable().optional(),
  capacityYear: year.nullable().optional(),
  capacityOutputWan: wan.nullable().optional(),
  capacityTaxWan: wan.nullable().optional(),
  returnsYear: year.nullable().optional(),
  returnsOutputWan: wan.nullable().optional(),
  returnsTaxWan: wan.nullable().optional(),
  jobs: z.number().int().min(0).max(10_000_000).nullable().optional(),
  landMu: z.number().min(0).max(1_000_000).multipleOf(0.01).nullable().optional(),
  /** The version the editor started from (0 before the first). */
  version: z.number().int().min(0).max(2147483647),
});
export type CommitmentInput = z.infer<typeof commitmentBody>;

export const quarterBody = z.object({
  outputWan: wan,
  taxWan: wan,
  jobs: z.number().int().min(0).max(10_000_000).nullable().optional(),
  /** The version corrected (0 or absent for a first filing). */
  version: z.number().int().min(0).max(2147483647).optional(),
});
export type QuarterInput = z.infer<typeof quarterBody>;

export const quarterParams = z.object({ id, period });
export const decideBody = z.object({ decision: z.enum(['confirm', 'dismiss']), reason: z.string().trim().max(500).optional(), projectVersion: z.number().int().min(1).max(2147483647).optional() });
export const listQuery = z.object({ ...pageQuery, period: quarter, unitId: id.optional() });
export const parksQuery = z.object({ period: quarter });
export const templateQuery = z.object({ period, unitId: id.optional() });
export const importQuery = z.object({ period, unitId: id.optional(), commit: z.enum(['true', 'false']).default('false') });

const wanOut = z.number().nullable();
export const returnsItem = z.object({
  projectId: z.number(),
  projectCode: z.string(),
  projectName: z.string(),
  hostUnitName: z.string(),
  stage: z.string(),
  /** The quarter's figures: filed whole, or its months filed so far summed (`months` says how many; 0 when none). */
  outputWan: wanOut,
  months: z.number(),
  taxWan: wanOut,
  jobs: z.number().nullable(),
  landMu: z.number().nullable(),
  /** A year at the pace of the last four quarters filed, per 亩 (万元/亩). */
  taxPerMuWan: z.number().nullable(),
  outputPerMuWan: z.number().nullable(),
  grade: z.enum(GRADES).nullable(),
  committedTaxWan: wanOut,
  designOutputWan: wanOut,
  /** The open proposal the figures make, if any. */
  proposal: z.enum(RETURN_STAGES).nullable(),
});
export const returnsRule = z.object({
  /** 达产: this share of a quarter of the design output … */
  capacityShare: z.number(),
  /** … for this many quarters running. */
  capacityQuarters: z.number(),
  /** 亩均税收 (万元/亩) from which a project or park is graded A, B, C; below C it is D. */
  gradeTaxPerMuWan: z.object({ A: z.number(), B: z.number(), C: z.number() }),
  graceMonths: z.number(),
  redMonths: z.number(),
});
export const returnsList = z.object({ period: z.string(), ruleVersion: z.number(), rule: returnsRule, items: z.array(returnsItem), total: z.number() });

export const projectReturns = z.object({
  project: z.object({ id: z.number(), code: z.string(), name: z.string(), stage: z.string(), version: z.number(), hostUnitName: z.string(), canCommit: z.boolean(), canFile: z.boolean() }),
  commitments: z
    .object({ designOutputWan: wanOut, capacityYear: z.number().nullable(), capacityOutputWan: wanOut, capacityTaxWan: wanOut, returnsYear: z.number().nullable(), returnsOutputWan: wanOut, returnsTaxWan: wanOut, jobs: z.number().nullable(), landMu: z.number().nullable(), version: z.number() })
    .nullable(),
  /** What the ledger knew before commitments were set (expected output, tax, jobs, land). */
  ledger: z.object({ outputWan: wanOut, taxWan: wanOut, jobs: z.number().nullable(), landMu: z.number().nullable() }),
  quarters: z.array(z.object({ period: z.string(), outputWan: z.number(), taxWan: z.number(), jobs: z.number().nullable(), version: z.number(), source: z.string() })),
  proposals: z.array(z.object({ id: z.number(), stage: z.enum(RETURN_STAGES), period: z.string(), state: z.enum(PROPOSAL_STATES), evidence: z.unknown(), ruleVersion: z.number(), proposedAt: z.string(), decidedAt: z.string().nullable(), decidedBy: z.string().nullable(), reason: z.string().nullable() })),
});

export const parkRanking = z.object({
  period: z.string(),
  items: z.array(z.object({ unitId: z.number(), unitName: z.string(), projects: z.number(), landMu: z.number(), taxWan: z.number(), outputWan: z.number(), taxPerMuWan: z.number().nullable(), outputPerMuWan: z.number().nullable(), grade: z.enum(GRADES).nullable(), rank: z.number().nullable(), trend: z.array(z.object({ period: z.string(), taxPerMuWan: z.number().nullable() })) })),
});

export const gapsQuery = z.object({ ...pageQuery });
/** A page of the projects behind their contract; `total` of them in scope, `red` of those red. */
export const gapsList = z.object({ items: z.array(z.object({ projectId: z.number(), projectCode: z.string(), projectName: z.string(), hostUnitName: z.string(), stage: z.string(), kind: z.enum(['capacity', 'returns']), level: z.enum(['yellow', 'red']), monthsLate: z.number(), due: z.string() })), total: z.number(), red: z.number() });

export const returnsImportReport = z.object({
  rows: z.number(),
  matched: z.number(),
  committed: z.boolean(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  /** Rows with no figure at all (a project the downloaded form lists that nobody filled in): not filed. */
  skipped: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() })),
  /** Each matched row: its project, matched by credit code, project code or name; the figures read; what filing does (null when a refused row stopped the import). */
  outcomes: z.array(
    z.object({
      row: z.number(),
      projectId: z.number(),
      projectCode: z.string(),
      projectName: z.string(),
      matchedBy: z.enum(['uscc', 'code', 'name']),
      outputWan: z.number(),
      taxWan: z.number(),
      jobs: z.number().nullable(),
      outcome: z.enum(['created', 'updated', 'unchanged']).nullable(),
    }),
  ),
});
export type ReturnsImportReport = z.infer<typeof returnsImportReport>;
