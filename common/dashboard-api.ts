import { z } from 'zod';
import { INDICATOR_UNITS } from './targets.js';

/**
 * 领导驾驶舱's responses (the server validates and documents with these; the web infers its types).
 * Money in 万元; percentages as percent with one decimal; dates as YYYY-MM-DD.
 *
 * A panel the reader may not see is null: the targets and the 赛马榜 need `target:read`, the red
 * list and the investment reported in dispatch need `dispatch:read`.
 */
export const DASHBOARD_PANELS = ['kpi', 'funnel', 'chain', 'unitSigned', 'unitInvested', 'signedMonth', 'startedMonth', 'investedMonth', 'red', 'top', 'cohort'] as const;
export type DashboardPanel = (typeof DASHBOARD_PANELS)[number];

/** The cohort's steps, in order: of the projects signed in the year, how many reached each. */
export const COHORT_STEPS = ['signed', 'registered', 'land', 'started', 'completed', 'producing'] as const;

const kpiSchema = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.enum(INDICATOR_UNITS),
  value: z.number().nullable(),
  /** The unit's own target, else the sum of its units' targets (a share: the strictest of theirs); null when none is set. */
  target: z.number().nullable(),
  /** value ÷ target, percent. */
  completion: z.number().nullable(),
  /** What completion should be by now: 序时进度 for counts and amounts, 100 for a share. */
  expected: z.number(),
  behind: z.boolean().nullable(),
});

export const dashboardSchema = z.object({
  year: z.number(),
  asOf: z.string(),
  /** 序时进度: day of the year ÷ days in the year, percent. */
  timeProgress: z.number(),
  unit: z.object({ id: z.number(), name: z.string() }),
  targets: z.array(kpiSchema).nullable(),
  ranking: z
    .object({
      /** The published month the movement compares with (null when none was published). */
      previousPeriod: z.string().nullable(),
      items: z.array(z.object({ unitId: z.number(), unitName: z.string(), rank: z.number(), score: z.number(), previousRank: z.number().nullable() })),
    })
    .nullable(),
  /** Projects (not terminated) by the lifecycle stage they have reached: each stage counts those at it or beyond. */
  funnel: z.array(z.object({ stage: z.string(), count: z.number() })),
  /** 亿元以上 projects signed in the year up to the as-of date (not terminated), by chain; chainId null: on no chain. */
  chains: z.object({
    total: z.number(),
    items: z.array(z.object({ chainId: z.number().nullable(), name: z.string().nullable(), cluster: z.string().nullable(), count: z.number(), investmentWan: z.number() })),
    /** The `chain_share` indicator (as the 赛马榜 counts it) and its target. */
    share: z.object({ value: z.number().nullable(), target: z.number().nullable() }).nullable(),
  }),
  /** Each unit directly under the shown unit (its own projects as 本级), with the units below it. */
  units: z.array(z.object({ unitId: z.number(), name: z.string(), own: z.boolean(), signed: z.number(), signedInvestmentWan: z.number(), investedWan: z.number().nullable() })),
  /** Each month of the year up to the as-of month. */
  trend: z.array(z.object({ month: z.string(), signed: z.number(), started: z.number(), investedWan: z.number().nullable() })),
  red: z
    .object({
      period: z.string().nullable(),
      count: z.number(),
      items: z.array(z.object({ projectId: z.number(), code: z.string(), name: z.string(), unitName: z.string(), kind: z.string(), deviation: z.number().nullable(), monthsLate: z.number().nullable() })),
    })
    .nullable(),
  top: z.array(z.object({ projectId: z.number(), code: z.string(), name: z.string(), unitName: z.string(), stage: z.string(), investmentWan: z.number(), chainName: z.string().nullable() })),
  /** Of the projects signed in the year up to the as-of date, how many reached each step by then, and the median days. */
  cohort: z.object({
    steps: z.array(
      z.object({
        stage: z.string(),
        reached: z.number(),
        /** Median days from the step before (projects with both dates). */
        medianDays: z.number().nullable(),
        /** Median days from signing. */
        medianFromSigned: z.number().nullable(),
      }),
    ),
  }),
});

export const dashboardRowsSchema = z.object({
  total: z.number(),
  /** Projects behind the figure that the reader may not read (credited to the unit, hosted elsewhere): counted, not named. */
  hidden: z.number(),
  items: z.array(
    z.object({
      projectId: z.number(),
      code: z.string(),
      name: z.string(),
      unitName: z.string(),
      stage: z.string(),
      status: z.string(),
      investmentWan: z.number(),
      chainName: z.string().nullable(),
      /** The date the figure counted it by (signing, start, the step reached), if any. */
      date: z.string().nullable(),
      /** Investment reported in dispatch behind the figure, 万元 (investment panels). */
      valueWan: z.number().nullable(),
      /** The unit's credit share, percent (indicator figures; 100 unless lead arbitration split it). */
      share: z.number().nullable(),
    }),
  ),
});

export type DashboardResponse = z.infer<typeof dashboardSchema>;
export type DashboardRowsResponse = z.infer<typeof dashboardRowsSchema>;
