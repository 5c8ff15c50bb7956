import { z } from 'zod';
import { isoDate } from '../../platform/validation.js';

export const chainSchema = z.object({ id: z.number(), code: z.string(), name: z.string(), cluster: z.string(), validFrom: z.string(), validTo: z.string().nullable(), sortOrder: z.number(), projects: z.number() });

const fields = {
  name: z.string().trim().min(2).max(100),
  cluster: z.string().trim().min(2).max(100),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  sortOrder: z.number().int().min(0).max(10_000),
};

export const chainCreateBody = z.object({ ...fields, code: z.string().trim().min(2).max(64).regex(/^[a-z0-9-]+$/), validTo: fields.validTo.optional(), sortOrder: fields.sortOrder.optional() });
export const chainPatchBody = z.object(fields).partial();
export type ChainCreate = z.infer<typeof chainCreateBody>;
export type ChainPatch = z.infer<typeof chainPatchBody>;
