import { z } from 'zod';

/** Request shapes of targets (responses live in common/targets-api.ts). */
const year = z.coerce.number().int().min(2000).max(2100);

export const yearQuery = z.object({ year });

export const targetsBody = z.object({
  year: z.number().int().min(2000).max(2100),
  /** null withdraws a target; the limits of each indicator's unit are checked by the service. */
  items: z
    .array(z.object({ unitId: z.number().int().positive().max(2147483647), indicatorCode: z.string().min(1).max(40), value: z.number().min(0).nullable() }))
    .min(1)
    .max(5000),
});

export const targetImportQuery = z.object({
  year,
  /** A dry run unless dryRun=false: every row checked and counted, nothing written. */
  dryRun: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});
