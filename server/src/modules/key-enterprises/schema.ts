import { z } from 'zod';
import { CHAIN_ROLES, CHAIN_SEGMENTS, ENTERPRISE_TAGS } from '../../../../common/key-enterprises.js';
import { usccField } from '../../platform/validation.js';

/** Key-enterprise lists (重点企业清单) per chain and year: the request shapes. */
const year = z.coerce.number().int().min(2000).max(2100);
const chainId = z.coerce.number().int().positive().max(2147483647);

export const listQuery = z.object({ year, chainId });
export const importQuery = z.object({ year, chainId, commit: z.enum(['true', 'false']).default('false') });
export const listBody = z.object({
  year: z.number().int().min(2000).max(2100),
  chainId: z.number().int().positive().max(2147483647),
  note: z.string().trim().max(500).optional(),
  /** The version the editor started from: saving over a newer one is refused (409) instead of silently replacing it. */
  baseVersion: z.number().int().min(0).max(2147483647).optional(),
  items: z
    .array(
      z.object({
        uscc: usccField,
        industry: z.string().trim().max(100).nullable().optional(),
        name: z.string().trim().min(2).max(200),
        segment: z.enum(CHAIN_SEGMENTS).nullable().optional(),
        role: z.enum(CHAIN_ROLES).nullable().optional(),
        financingNeed: z.string().trim().max(500).nullable().optional(),
        tags: z.array(z.enum(ENTERPRISE_TAGS)).max(ENTERPRISE_TAGS.length).optional(),
      }),
    )
    .max(2000),
});
export const versionsSchema = z.object({ items: z.array(z.object({ id: z.number(), version: z.number(), source: z.string(), note: z.string().nullable(), createdAt: z.string(), createdBy: z.string().nullable(), items: z.number() })) });

export const gapsBody = z.object({
  chainId: z.number().int().positive().max(2147483647),
  gaps: z
    .array(z.object({ segment: z.enum(CHAIN_SEGMENTS), name: z.string().trim().min(1).max(100), note: z.string().trim().max(500).nullable().optional(), targets: z.array(z.string().trim().min(2).max(200)).max(50) }))
    .max(100),
});

export { chainMapSchema, keyListImportReportSchema, keyListSchema } from '../../../../common/key-enterprises-api.js';
