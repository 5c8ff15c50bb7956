import { z } from 'zod';
import { LIGHT_LEVELS, LIST_LEVELS, WARNING_KINDS } from './dispatch.js';

/**
 * Monthly dispatch's responses: the server validates and documents what it sends with these,
 * the web infers its types from them. Money in 万元 (up to 4 decimals), deviations in
 * percentage points with two decimals.
 */
export const periodSchema = z.object({
  period: z.string(),
  year: z.number(),
  month: z.number(),
  deadline: z.string(),
  locked: z.boolean(),
  expected: z.number(),
  filed: z.number(),
  late: z.number(),
});

export const boardSchema = z.object({
  period: periodSchema,
  units: z.array(z.object({ unitId: z.number(), unitName: z.string(), expected: z.number(), filed: z.number(), late: z.number(), missing: z.number() })),
  grants: z.array(z.object({ id: z.number(), unitId: z.number(), unitName: z.string(), reason: z.string(), state: z.enum(['pending', 'approved', 'refused']), requestedAt: z.string(), until: z.string().nullable(), decisionReason: z.string().nullable() })),
});

export const reportRowSchema = z.object({
  projectId: z.number(),
  projectCode: z.string(),
  projectName: z.string(),
  investorName: z.string().nullable(),
  unitId: z.number(),
  unitName: z.string(),
  totalInvestmentWan: z.number(),
  planWan: z.number().nullable(),
  filed: z.boolean(),
  version: z.number().nullable(),
  monthWan: z.number().nullable(),
  cumulativeWan: z.number().nullable(),
  /** cumulative ÷ plan, percent with one decimal. */
  planSharePct: z.number().nullable(),
  progressText: z.string().nullable(),
  nextSteps: z.string().nullable(),
  problems: z.string().nullable(),
  late: z.boolean(),
  filedAt: z.string().nullable(),
  correctionReason: z.string().nullable(),
  /** previous cumulative + this month ≠ cumulative: shown, never refused. */
  consistency: z.object({ expectedCumulativeWan: z.number() }).nullable(),
  progressLevel: z.enum(LIGHT_LEVELS).nullable(),
  deviationPoints: z.number().nullable(),
});

export const reportPageSchema = z.object({
  items: z.array(reportRowSchema),
  total: z.number(),
  totals: z.object({ monthWan: z.number(), cumulativeWan: z.number(), planWan: z.number() }),
  period: periodSchema,
});

export const reportDetailSchema = z.object({
  period: periodSchema,
  projectId: z.number(),
  projectName: z.string(),
  versions: z.array(
    z.object({
      version: z.number(),
      current: z.boolean(),
      monthWan: z.number(),
      cumulativeWan: z.number(),
      progressText: z.string().nullable(),
      nextSteps: z.string().nullable(),
      problems: z.string().nullable(),
      late: z.boolean(),
      correctionReason: z.string().nullable(),
      source: z.string(),
      filedAt: z.string(),
      filedBy: z.string().nullable(),
    }),
  ),
  photos: z.array(z.object({ id: z.number(), fileName: z.string(), mime: z.string(), size: z.number(), uploadedAt: z.string() })),
});

export const warningSchema = z.object({
  projectId: z.number(),
  projectCode: z.string(),
  projectName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  kind: z.enum(WARNING_KINDS),
  level: z.enum(['yellow', 'red']),
  /** Red by the consecutive-yellows rule (raw level yellow). */
  escalated: z.boolean(),
  deviationPoints: z.number().nullable(),
  monthsLate: z.number().nullable(),
  ruleVersion: z.number(),
});

export const warningPageSchema = z.object({
  items: z.array(warningSchema),
  total: z.number(),
  byUnit: z.array(z.object({ unitId: z.number(), unitName: z.string(), yellow: z.number(), red: z.number() })),
});

export const projectLightsSchema = z.object({
  lights: z.array(z.object({ period: z.string(), kind: z.enum(WARNING_KINDS), level: z.enum(LIGHT_LEVELS), escalated: z.boolean(), deviationPoints: z.number().nullable(), monthsLate: z.number().nullable(), ruleVersion: z.number() })),
  reports: z.array(z.object({ period: z.string(), monthWan: z.number(), cumulativeWan: z.number(), planWan: z.number().nullable(), version: z.number(), late: z.boolean() })),
  lists: z.array(z.object({ year: z.number(), levels: z.array(z.enum(LIST_LEVELS)), planWan: z.number().nullable() })),
});

export const keyProjectSchema = z.object({
  projectId: z.number(),
  projectCode: z.string(),
  projectName: z.string(),
  stage: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  totalInvestmentWan: z.number(),
  planWan: z.number().nullable(),
  levels: z.array(z.enum(LIST_LEVELS)),
});

export const forecastSchema = z.object({
  period: z.string(),
  units: z.array(z.object({ unitId: z.number(), unitName: z.string(), planWan: z.number(), cumulativeWan: z.number(), forecastWan: z.number(), forecastPct: z.number().nullable() })),
  /** Projects on course to miss their plan while their light is still green or yellow. */
  atRisk: z.array(z.object({ projectId: z.number(), projectCode: z.string(), projectName: z.string(), unitName: z.string(), planWan: z.number(), cumulativeWan: z.number(), forecastWan: z.number(), forecastPct: z.number(), progressLevel: z.enum(LIGHT_LEVELS).nullable() })),
});

export const dispatchImportReportSchema = z.object({
  fileSha256: z.string(),
  sheet: z.string(),
  period: z.string(),
  mapping: z.array(z.object({ column: z.string(), header: z.string(), field: z.string().nullable() })),
  rows: z.number(),
  matched: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  committed: z.boolean(),
  monthWan: z.number(),
  cumulativeWan: z.number(),
  plansRecorded: z.number(),
  listed: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() })),
  outcomes: z.array(z.object({ row: z.number(), outcome: z.string(), projectId: z.number(), name: z.string(), code: z.string(), notice: z.string().optional() })),
});

export type DispatchPeriod = z.infer<typeof periodSchema>;
export type FilingBoard = z.infer<typeof boardSchema>;
export type ReportRow = z.infer<typeof reportRowSchema>;
export type ReportPage = z.infer<typeof reportPageSchema>;
export type ReportDetail = z.infer<typeof reportDetailSchema>;
export type WarningItem = z.infer<typeof warningSchema>;
export type WarningPage = z.infer<typeof warningPageSchema>;
export type ProjectLights = z.infer<typeof projectLightsSchema>;
export type KeyProject = z.infer<typeof keyProjectSchema>;
export type Forecast = z.infer<typeof forecastSchema>;
export type DispatchImportReport = z.infer<typeof dispatchImportReportSchema>;
