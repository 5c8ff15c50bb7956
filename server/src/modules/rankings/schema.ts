import { z } from 'zod';

const year = z.coerce.number().int().min(2000).max(2100);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const rankingQuery = z.object({ year, asOf: date.optional() });
export const rowsQuery = z.object({
  year,
  asOf: date.optional(),
  unitId: z.coerce.number().int().positive().max(2147483647),
  indicator: z.string().min(1).max(40),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const periodParams = z.object({ period });
export const publishBody = z.object({ period });

const adjustment = z.object({ code: z.string().min(1).max(40), label: z.string().min(1).max(100), labelEn: z.string().max(100).optional(), indicator: z.string().min(1).max(40), pointsEach: z.number().min(0).max(100), max: z.number().min(0).max(100).optional() });
export const schemeBody = z.object({
  validFrom: date,
  name: z.string().min(1).max(100).optional(),
  nameEn: z.string().min(1).max(100).optional(),
  definition: z.object({ method: z.literal('efficacy'), weights: z.record(z.string().max(40), z.number().min(0).max(1000)), bonuses: z.array(adjustment).max(20), deductions: z.array(adjustment).max(20) }),
});
export const countingRulesBody = z.object({
  validFrom: date,
  definition: z.object({ above100mYuan: z.number().int().positive(), above10mUsd: z.number().int().positive(), above1bYuan: z.number().int().positive(), above100mUsd: z.number().int().positive() }),
});
