import { z } from 'zod';
import type { Actor } from '../../platform/context.js';

export const meSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  unitKind: z.string(),
  roles: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), nameEn: z.string(), adminKind: z.string().nullable() })),
  permissions: z.array(z.string()),
  adminKind: z.string().nullable(),
  mustChangePassword: z.boolean(),
  mustEnrolMfa: z.boolean(),
  totpEnabled: z.boolean(),
});

export function presentMe(actor: Actor): z.infer<typeof meSchema> {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    unitId: actor.unitId,
    unitName: actor.unitName,
    unitKind: actor.unitKind,
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
    adminKind: actor.adminKind,
    mustChangePassword: actor.mustChangePassword,
    mustEnrolMfa: actor.mustEnrolMfa,
    totpEnabled: actor.totpEnabled,
  };
}
