import { z } from 'zod';
import { hasAtMost4Decimals } from './money.js';
import { usccProblem } from '../../../common/uscc.js';

const isRealDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/**
 * A calendar date as the API exchanges it: YYYY-MM-DD, and a real day. Anything else is answered
 * with its own message (`FIELD_DATE`, in the user's language), not a bare "not in a valid form".
 */
export const isoDate = z
  .string()
  .superRefine((d, ctx) => {
    if (!isRealDay(d)) ctx.addIssue({ code: 'custom', message: 'not a YYYY-MM-DD day', params: { messageKey: 'FIELD_DATE' } });
  })
  .meta({ format: 'date', example: '2026-11-20' });

/** An amount in 万元 (or 万美元) as the API takes it: exact to one 元 (four decimals). */
export const wan = z.number().min(0).max(1e9).refine(hasAtMost4Decimals, { message: 'at most 4 decimals' });

/**
 * A 统一社会信用代码 as the API takes it: trimmed, upper-cased, 18 symbols of GB 32100 and a
 * matching check character. A wrong check character is its own message (`FIELD_USCC_CHECK`): the
 * user typed a real-looking code with a typo, and the registry would never find that company.
 */
export const usccField = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const problem = usccProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { messageKey: problem === 'check' ? 'FIELD_USCC_CHECK' : 'FIELD_USCC_FORMAT' } });
  });
