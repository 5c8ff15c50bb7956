import { z } from 'zod';
import { pageQuery } from '../../platform/http.js';
import { usccField } from '../../platform/validation.js';

/** Enterprises and their contacts (企业联系人) as the serving units register them: the API's shapes. */
export const registerBody = z.object({
  uscc: usccField,
  name: z.string().trim().min(2).max(200),
  /** Its industry (行业), as the officer knows it; kept in the registry record afterwards. */
  industry: z.string().trim().max(100).nullable().optional(),
  /** The serving unit; the actor's own when not given. */
  servingUnitId: z.number().int().positive().max(2147483647).optional(),
});
export type RegisterInput = z.infer<typeof registerBody>;

export const contactBody = z.object({
  username: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9_.-]+$/),
  displayName: z.string().trim().min(1).max(100),
  phone: z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/),
});
export type ContactInput = z.infer<typeof contactBody>;

export const listQuery = z.object({ ...pageQuery, q: z.string().trim().max(100).optional() });

export const enterpriseSchema = z.object({ id: z.number(), uscc: z.string(), name: z.string(), servingUnitId: z.number(), servingUnitName: z.string(), contacts: z.number() });
export const contactSchema = z.object({ id: z.number(), username: z.string(), displayName: z.string(), disabled: z.boolean(), lastLoginAt: z.string().nullable() });
export const createdContactSchema = z.object({ id: z.number(), username: z.string(), initialPassword: z.string() });
