import { z } from 'zod';
import { ENTERPRISE_TAGS } from '../../../../common/key-enterprises.js';
import { pageQuery } from '../../platform/http.js';
import { isoDate } from '../../platform/validation.js';

/** The enterprise registry (企业库): the request and response shapes. */
export const registryQuery = z.object({ ...pageQuery, q: z.string().trim().max(100).optional(), tag: z.string().trim().max(40).optional() });
export const registryItemSchema = z.object({ id: z.number(), uscc: z.string(), name: z.string(), industry: z.string().nullable(), servingUnitName: z.string() });
export const registryRecordSchema = registryItemSchema.extend({
  formerNames: z.array(z.object({ name: z.string(), since: z.string() })),
  /** Every tag ever recorded, a withdrawn one with who withdrew it and why. */
  tags: z.array(z.object({ id: z.number(), tag: z.string(), source: z.string(), validFrom: z.string(), validTo: z.string().nullable(), retiredAt: z.string().nullable(), retiredBy: z.string().nullable(), retireReason: z.string().nullable() })),
  /** Whether the reader keeps this record (industry, tags). */
  canEdit: z.boolean(),
  lists: z.array(z.object({ year: z.number(), chainId: z.number(), chainName: z.string(), segment: z.string().nullable(), role: z.string().nullable() })),
  /** Linked records the reader may see, and how many more exist that it may not. */
  projects: z.object({ items: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), stage: z.string(), hostUnitName: z.string() })), hidden: z.number() }),
  leads: z.object({ items: z.array(z.object({ id: z.number(), code: z.string(), title: z.string(), status: z.string(), unitName: z.string() })), hidden: z.number() }),
  problems: z.object({ items: z.array(z.object({ id: z.number(), code: z.string(), title: z.string(), category: z.string(), status: z.string() })), hidden: z.number() }),
  /** Credit lines, for readers of the 金链行动's figures (a leader); null for the rest. */
  credit: z.array(z.object({ id: z.number(), bankName: z.string(), chainName: z.string(), amountWan: z.number(), grantedOn: z.string(), outstandingWan: z.number() })).nullable(),
});

export const industryBody = z.object({ industry: z.string().trim().max(100).nullable().transform((v) => v || null) });
export const tagBody = z.object({ tag: z.enum(ENTERPRISE_TAGS), source: z.string().trim().min(2).max(200), validFrom: isoDate, validTo: isoDate.nullable().optional() });
export const retireBody = z.object({ reason: z.string().trim().min(2).max(200), lastDay: isoDate });
export const tagParams = z.object({ id: z.coerce.number().int().positive().max(2147483647), tagId: z.coerce.number().int().positive().max(2147483647) });
