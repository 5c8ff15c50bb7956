import { z } from 'zod';
import { DASHBOARD_PANELS } from '../../../../common/dashboard-api.js';

const year = z.coerce.number().int().min(2000).max(2100);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.coerce.number().int().positive().max(2147483647);

export const dashboardQuery = z.object({ year, asOf: date.optional(), unitId: id.optional() });

export const rowsQuery = z.object({
  year,
  asOf: date.optional(),
  unitId: id.optional(),
  panel: z.enum(DASHBOARD_PANELS),
  /** Which bar or slice: a stage, a chain id (`none`: on no chain), a unit id (`own`: 本级), a month YYYY-MM, an indicator code. */
  key: z.string().max(40).default(''),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
