import { ADMIN_KIND_GROUPS, PERMISSION_GROUPS, type AdminKind, type PermissionGroup } from '../../../../common/permissions.js';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { RoleAnswer } from './schema.js';

export type RoleAction = 'create' | 'update' | 'delete';

/** What a write would make of a role's powers; name and description are not powers. */
export interface RoleGrants {
  adminKind: AdminKind | null;
  permissions: string[];
  dataScope: string;
  unitIds: number[];
}

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && [...a].map(String).sort().join() === [...b].map(String).sort().join();

function grantsChanged(before: RoleGrants, after: RoleGrants): boolean {
  return before.adminKind !== after.adminKind || before.dataScope !== after.dataScope || !sameList(before.permissions, after.permissions) || !sameList(before.unitIds, after.unitIds);
}

/**
 * A role's permissions must match its kind: an administrator role only its own groups, a business
 * role no administrator group — so no role mixes administration with business.
 */
export function permissionsRefusal(adminKind: AdminKind | null, permissions: readonly string[]): AppError | null {
  const allowedGroups: PermissionGroup[] = adminKind ? ADMIN_KIND_GROUPS[adminKind] : ['org', 'business'];
  const allowed = new Set(allowedGroups.flatMap((g) => [...PERMISSION_GROUPS[g]] as string[]));
  const stray = permissions.find((p) => !allowed.has(p));
  return stray ? new AppError(400, 'ROLE_PERMISSION_MISMATCH', { kind: adminKind ?? 'business', permission: stray }) : null;
}

/**
 * Why `actor` may not do `action` to a role, or null. Every record-level rule on roles lives here:
 * the three administrator roles are fixed (no new administrator role, no change to their powers,
 * no role turned into one), nobody changes the powers of a role they hold (their own data scope),
 * built-in and held roles are not deleted.
 */
export function roleRefusal(actor: Actor, action: RoleAction, role: Pick<RoleAnswer, 'id' | 'name' | 'builtin' | 'userCount'> & RoleGrants | null, next?: RoleGrants): AppError | null {
  if (!actor.permissions.has('security:role:write')) return new AppError(403, 'FORBIDDEN');
  if (action === 'create') {
    if (next?.adminKind) return new AppError(403, 'ROLE_ADMIN_FIXED');
    return next ? permissionsRefusal(next.adminKind, next.permissions) : null;
  }
  if (!role) return new AppError(404, 'NOT_FOUND');
  if (action === 'delete') {
    if (role.builtin) return new AppError(400, 'ROLE_BUILTIN', { name: role.name });
    if (role.userCount > 0) return new AppError(400, 'ROLE_IN_USE', { name: role.name, count: role.userCount });
    return null;
  }
  if (!next || !grantsChanged(role, next)) return null;
  if (role.adminKind || next.adminKind) return new AppError(403, 'ROLE_ADMIN_FIXED');
  if (actor.roles.some((r) => r.id === role.id)) return new AppError(403, 'SELF_CHANGE_FORBIDDEN');
  return permissionsRefusal(next.adminKind, next.permissions);
}

export function authorizeRole(actor: Actor, action: RoleAction, role: Parameters<typeof roleRefusal>[2], next?: RoleGrants): void {
  const refusal = roleRefusal(actor, action, role, next);
  if (refusal) throw refusal;
}
