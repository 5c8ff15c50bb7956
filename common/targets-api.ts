import { z } from 'zod';
import { INDICATOR_UNITS } from './targets.js';

/**
 * Targets' responses: the server validates and documents what it sends with these, the web infers
 * its types from them. A target is in its indicator's unit: a number of projects, 万元, or percent.
 */
export const indicatorSchema = z.object({
  code: z.string(),
  version: z.number(),
  name: z.string(),
  nameEn: z.string(),
  unit: z.enum(INDICATOR_UNITS),
});

export const targetUnitSchema = z.object({
  unitId: z.number(),
  unitName: z.string(),
  kind: z.string(),
  /** Depth in the unit tree below the city (1: a district or zone). */
  depth: z.number(),
  /** Indicator code → the target in force; an indicator without a target is absent. */
  targets: z.record(z.string(), z.number()),
});

export const targetsOfYearSchema = z.object({
  year: z.number(),
  indicators: z.array(indicatorSchema),
  /** Every unit a target may be set for, in tree order, with its targets in force. */
  units: z.array(targetUnitSchema),
});

export const targetImportReportSchema = z.object({
  fileSha256: z.string(),
  sheet: z.string(),
  year: z.number(),
  mapping: z.array(z.object({ column: z.string(), header: z.string(), field: z.string().nullable() })),
  /** Data rows read (合计 and 说明 lines are not rows). */
  rows: z.number(),
  /** Rows matched to a unit with every value readable. */
  units: z.number(),
  /** Targets that a commit writes (or a dry run would write): the rest are unchanged. */
  changed: z.number(),
  unchanged: z.number(),
  committed: z.boolean(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() })),
  items: z.array(z.object({ row: z.number(), unitId: z.number(), unitName: z.string(), targets: z.record(z.string(), z.number()) })),
});

export type IndicatorInfo = z.infer<typeof indicatorSchema>;
export type TargetUnit = z.infer<typeof targetUnitSchema>;
export type TargetsOfYear = z.infer<typeof targetsOfYearSchema>;
export type TargetImportReport = z.infer<typeof targetImportReportSchema>;
