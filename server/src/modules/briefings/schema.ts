import { z } from 'zod';

export const monthlyQuery = z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });
export const listQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const idParams = z.object({ id: z.coerce.number().int().positive().max(2147483647) });
