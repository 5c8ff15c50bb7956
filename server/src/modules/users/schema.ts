import { z } from 'zod';
import { pageQuery } from '../../platform/http.js';

export const roleRef = z.object({ id: z.number(), code: z.string(), name: z.string(), nameEn: z.string(), adminKind: z.string().nullable() });

export const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  phone: z.string().nullable().describe('masked'),
  idNumber: z.string().nullable().describe('masked'),
  email: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  roles: z.array(roleRef),
});
export type UserAnswer = z.infer<typeof userSchema>;

export const directoryUserSchema = z.object({ id: z.number(), username: z.string(), displayName: z.string(), unitId: z.number(), unitName: z.string() });

const phoneField = z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/);
const idNumberField = z.string().trim().regex(/^\d{17}[\dXx]$/);
const roleIds = z.array(z.number().int().positive().max(2147483647)).max(20);

export const userListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(64).optional(),
  unitId: z.coerce.number().int().positive().max(2147483647).optional(),
  includeChildren: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  status: z.enum(['active', 'disabled', 'locked']).optional(),
  roleId: z.coerce.number().int().positive().max(2147483647).optional(),
});

export const directoryQuery = z.object({ ...pageQuery, q: z.string().trim().max(64).optional(), unitId: z.coerce.number().int().positive().max(2147483647).optional() });

export const createUserBody = z.object({
  username: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9_.-]+$/),
  displayName: z.string().trim().min(1).max(100),
  unitId: z.number().int().positive().max(2147483647),
  password: z.string().min(1).max(128),
  phone: phoneField.optional(),
  idNumber: idNumberField.optional(),
  email: z.string().trim().email().max(200).optional(),
  roleIds: roleIds.default([]),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  unitId: z.number().int().positive().max(2147483647).optional(),
  phone: phoneField.nullable().optional(),
  idNumber: idNumberField.nullable().optional(),
  email: z.string().trim().email().max(200).nullable().optional(),
  /** Business roles: administrator roles the account already holds are kept as they are. */
  roleIds: roleIds.optional(),
});
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const setRolesBody = z.object({ roleIds });
export const resetPasswordBody = z.object({ password: z.string().min(1).max(128) });
export const sensitiveAnswer = z.object({ phone: z.string().nullable(), idNumber: z.string().nullable() });
