import { z } from 'zod';
import { hasAtMost4Decimals } from './money.js';

/** A calendar date as the API exchanges it: YYYY-MM-DD, and a real day. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));

/** An amount in 万元 (or 万美元) as the API takes it: exact to one 元 (four decimals). */
export const wan = z.number().min(0).max(1e9).refine(hasAtMost4Decimals, { message: 'at most 4 decimals' });
