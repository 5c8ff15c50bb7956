import { z } from 'zod';
import { LIGHT_LEVELS, LIST_LEVELS, PERIOD_PATTERN, WARNING_KINDS } from '../../../../common/dispatch.js';
import { pageQuery } from '../../platform/http.js';
import { hasAtMost4Decimals } from '../../platform/money.js';

/** Request shapes of monthly dispatch (responses live in common/dispatch-api.ts). */
const period = z.string().regex(PERIOD_PATTERN);
const wan = z.number().min(0).max(100_000_000).refine(hasAtMost4Decimals, { message: 'precision' });
const text = (max: number) => z.string().trim().max(max).nullable().optional();

export const periodParams = z.object({ period });
export const reportParams = z.object({ period, projectId: z.coerce.number().int().positive().max(2147483647) });
export const photoParams = reportParams.extend({ photoId: z.coerce.number().int().positive().max(2147483647) });
export const keyProjectParams = z.object({ projectId: z.coerce.number().int().positive().max(2147483647), year: z.coerce.number().int().min(2000).max(2100) });

export const openPeriodBody = z.object({ period, deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() });

export const reportBody = z.object({
  monthWan: wan,
  cumulativeWan: wan,
  progressText: text(2000),
  nextSteps: text(2000),
  problems: text(2000),
  version: z.number().int().positive().max(2147483647).optional(),
  reason: text(500),
});

export const reportsQuery = z.object({
  unitId: z.coerce.number().int().positive().max(2147483647).optional(),
  state: z.enum(['filed', 'missing']).optional(),
  level: z.enum(LIGHT_LEVELS).optional(),
  ...pageQuery,
});

export const lateRequestBody = z.object({ unitId: z.number().int().positive().max(2147483647), reason: z.string().trim().min(1).max(500) });
export const lateDecisionBody = z.object({ approve: z.boolean(), reason: z.string().trim().max(500).nullable().optional() });

export const keyProjectsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  level: z.enum(LIST_LEVELS).optional(),
  unitId: z.coerce.number().int().positive().max(2147483647).optional(),
  ...pageQuery,
});
export const keyProjectBody = z.object({ levels: z.array(z.enum(LIST_LEVELS)).max(3), planWan: wan.nullable() });

export const warningsQuery = z.object({
  period,
  kind: z.enum(WARNING_KINDS).optional(),
  level: z.enum(['yellow', 'red']).optional(),
  unitId: z.coerce.number().int().positive().max(2147483647).optional(),
  ...pageQuery,
});
export const recomputeBody = z.object({ period });
export const forecastQuery = z.object({ period });
export const exportQuery = z.object({ unitId: z.coerce.number().int().positive().max(2147483647).optional() });
export const photoQuery = z.object({ name: z.string().trim().min(1).max(255) });

export const dispatchImportQuery = z.object({
  unitId: z.coerce.number().int().positive().max(2147483647),
  period,
  commit: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** The reason for correcting a locked month's figures (without one, such rows are row errors). */
  reason: z.string().trim().min(1).max(500).optional(),
});

const points = z.number().min(0).max(100);
export const ruleDefinition = z
  .object({
    progress: z.object({ yellowAbove: points, redAbove: points }),
    start: z.object({ redMonthsLate: z.number().int().min(1).max(24) }),
    registration: z.object({ yellowMonths: z.number().int().min(0).max(24), redMonths: z.number().int().min(1).max(24) }),
    consecutiveYellowsToRed: z.number().int().min(0).max(12),
    levels: z.array(z.enum(LIST_LEVELS)).min(1),
  })
  .refine((d) => d.progress.yellowAbove < d.progress.redAbove && d.registration.yellowMonths < d.registration.redMonths, { message: 'order' });
export const ruleBody = z.object({ effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), definition: ruleDefinition, note: z.string().trim().max(500).nullable().optional() });
