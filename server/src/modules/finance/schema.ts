import { z } from 'zod';
import { CREDIT_MOVES } from '../../../../common/key-enterprises.js';
import { pageQuery } from '../../platform/http.js';
import { isoDate } from '../../platform/validation.js';

/** 金链行动: banks' chains, credit lines and plans — the request shapes. */
const id = z.number().int().positive().max(2147483647);
const year = z.coerce.number().int().min(2000).max(2100);

export const creditLineBody = z.object({ enterpriseId: id, amountWan: z.number(), grantedOn: isoDate, termMonths: z.number().int().min(1).max(600).optional(), chainId: id.optional(), note: z.string().trim().max(500).optional() });
export type CreditLineInput = z.infer<typeof creditLineBody>;
export const moveBody = z.object({ kind: z.enum(CREDIT_MOVES), amountWan: z.number(), onDate: isoDate });
export type MoveInput = z.infer<typeof moveBody>;
export const planBody = z.object({ year: z.number().int().min(2000).max(2100), chainId: id, enterpriseId: id.optional(), text: z.string().trim().min(2).max(5000) });
export type PlanInput = z.infer<typeof planBody>;
export const chainsBody = z.object({ chainIds: z.array(id).max(50) });
export const yearQuery = z.object({ year });
export const linesQuery = z.object({ year, ...pageQuery });
export const bankYearParams = z.object({ id: z.coerce.number().int().positive().max(2147483647), year });
export const planSchema = z.object({ id: z.number(), bankUnitId: z.number(), bankName: z.string(), chainId: z.number(), chainName: z.string(), enterpriseId: z.number().nullable(), enterpriseName: z.string().nullable(), text: z.string(), updatedAt: z.string() });

export const financingNeedSchema = z.object({
  problemId: z.number(),
  code: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  enterpriseName: z.string(),
  chains: z.array(z.string()),
  createdAt: z.string(),
  replies: z.array(z.object({ bankName: z.string(), by: z.string(), text: z.string(), at: z.string() })),
});

export { bankAssignmentSchema, creditLineSchema, creditTotalsSchema } from '../../../../common/key-enterprises-api.js';
