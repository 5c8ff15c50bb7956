import { z } from 'zod';
import { UNIT_KINDS } from '../../../../common/permissions.js';

export const unitSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  parentId: z.number().nullable(),
  path: z.string(),
  sortOrder: z.number(),
  disabled: z.boolean(),
});
export type UnitAnswer = z.infer<typeof unitSchema>;

const unitFields = {
  code: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(UNIT_KINDS),
  sortOrder: z.number().int().min(0).max(100000),
};

export const createUnitBody = z.object({ ...unitFields, sortOrder: unitFields.sortOrder.default(0), parentId: z.number().int().positive().max(2147483647) });
export type CreateUnitBody = z.infer<typeof createUnitBody>;
export const updateUnitBody = z.object(unitFields).partial();
export type UpdateUnitBody = z.infer<typeof updateUnitBody>;
export const moveUnitBody = z.object({ parentId: z.number().int().positive().max(2147483647) });
