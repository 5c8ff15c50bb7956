import { z } from 'zod';

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  roles: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  /** What the object id names: the object type, or for a refused request the kind its route's id names. */
  objectKind: z.string().nullable(),
  /** The object's name as it is now (a lead's title, a user's name…); null when it has none or is gone. */
  objectName: z.string().nullable(),
  result: z.string(),
  detail: z.unknown(),
  requestId: z.string().nullable(),
});

export const auditFilterQuery = {
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  username: z.string().trim().max(64).optional(),
  unitId: z.coerce.number().int().positive().max(2147483647).optional(),
  action: z.string().trim().max(64).optional(),
  objectType: z.string().trim().max(64).optional(),
  objectId: z.string().trim().max(64).optional(),
  result: z.enum(['success', 'failure']).optional(),
};

export const verifyResultSchema = z.object({
  checked: z.number(),
  problems: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      source: z.enum(['file', 'given']).optional(),
      line: z.number().optional(),
      expected: z.number().optional(),
      found: z.number().optional(),
    }),
  ),
  /** The published checkpoint the chain was held to; null when none has been written yet. */
  checkpoint: z.object({ at: z.string(), lastId: z.number(), count: z.number() }).nullable(),
});
