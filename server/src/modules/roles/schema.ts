import { z } from 'zod';
import { ADMIN_KINDS, ALL_PERMISSIONS, DATA_SCOPES } from '../../../../common/permissions.js';

export const roleSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  adminKind: z.enum(ADMIN_KINDS).nullable(),
  dataScope: z.enum(DATA_SCOPES),
  builtin: z.boolean(),
  description: z.string().nullable(),
  permissions: z.array(z.string()),
  unitIds: z.array(z.number()),
  userCount: z.number(),
});
export type RoleAnswer = z.infer<typeof roleSchema>;

export const roleBody = z.object({
  code: z.string().trim().min(2).max(64).regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  adminKind: z.enum(ADMIN_KINDS).nullable().default(null),
  dataScope: z.enum(DATA_SCOPES),
  description: z.string().trim().max(500).nullable().optional(),
  permissions: z.array(z.enum(ALL_PERMISSIONS as [string, ...string[]])).max(ALL_PERMISSIONS.length),
  unitIds: z.array(z.number().int().positive().max(2147483647)).max(500).default([]),
});
export type RoleBody = z.infer<typeof roleBody>;

export const roleChangeBody = roleBody.omit({ code: true }).partial();
export type RoleChange = z.infer<typeof roleChangeBody>;

export const permissionCatalogAnswer = z.object({ groups: z.record(z.string(), z.array(z.string())) });
