import { z } from 'zod';
import { pageQuery } from '../../platform/http.js';

/** Enterprises and their contacts (企业联系人) as the serving units register them: the API's shapes. */
export const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export const registerBody = z.object({
  uscc: z.string().trim().toUpperCase().regex(USCC),
  name: z.string().trim().min(2).max(200),
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

export const registryQuery = z.object({ ...pageQuery, q: z.string().trim().max(100).optional(), tag: z.string().trim().max(40).optional() });
export const registryItemSchema = z.object({ id: z.number(), uscc: z.string(), name: z.string(), industry: z.string().nullable(), servingUnitName: z.string() });
export const registryRecordSchema = registryItemSchema.extend({
  formerNames: z.array(z.object({ name: z.string(), since: z.string() })),
  tags: z.array(z.object({ tag: z.string(), source: z.string(), validFrom: z.string(), validTo: z.string().nullable() })),
  lists: z.array(z.object({ year: z.number(), chainId: z.number(), chainName: z.string(), segment: z.string().nullable(), role: z.string().nullable() })),
  /** Linked records the reader may see, and how many more exist that it may not. */
  projects: z.object({ items: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), stage: z.string(), hostUnitName: z.string() })), hidden: z.number() }),
  leads: z.object({ items: z.array(z.object({ id: z.number(), code: z.string(), title: z.string(), status: z.string(), unitName: z.string() })), hidden: z.number() }),
});
