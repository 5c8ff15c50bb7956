import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { scopeAllowsUnit } from '../../platform/scope.js';

/**
 * Who asks for a change to an account: a logged-in user on the web, or an operator at the server
 * console (`gongjian users …`). Only the console manages administrator accounts.
 */
export type Operator = { kind: 'web'; actor: Actor } | { kind: 'console'; name: string };

export type UserAction = 'edit-profile' | 'change-unit' | 'set-roles' | 'disable' | 'enable' | 'unlock' | 'reset-password';

export interface UserRecord {
  id: number;
  unitId: number;
  roles: readonly { adminKind: string | null }[];
}

/** Actions that change who an account is or what it may do: never on oneself, never on an administrator from the web. */
const POWERS: ReadonlySet<UserAction> = new Set(['change-unit', 'set-roles', 'disable', 'enable', 'unlock', 'reset-password']);

const holdsAdminRole = (roles: readonly { adminKind: string | null }[]) => roles.some((r) => r.adminKind);

/**
 * Why `by` may not do `action` to `target`, or null when it may. Every record-level check on an
 * account lives here (三权分立 included): routes, the console and imports all ask this.
 */
export function userRefusal(by: Operator, action: UserAction, target: UserRecord): AppError | null {
  if (by.kind === 'console') return null;
  const { actor } = by;
  const self = target.id === actor.userId;
  // Out of scope reads as absent, never as forbidden: the answer must not confirm the account exists.
  if (!self && !scopeAllowsUnit(actor.scope, target.unitId)) return new AppError(404, 'NOT_FOUND');
  const needed = action === 'set-roles' ? actor.permissions.has('system:user:write') || actor.permissions.has('security:user-role:write') : actor.permissions.has('system:user:write');
  if (!needed) return new AppError(403, 'FORBIDDEN');
  if (!POWERS.has(action)) return null;
  if (self) return new AppError(403, 'SELF_CHANGE_FORBIDDEN');
  if (holdsAdminRole(target.roles)) return new AppError(403, 'ADMIN_ACCOUNT_CONSOLE_ONLY');
  return null;
}

export function canManageUser(by: Operator, action: UserAction, target: UserRecord): boolean {
  return userRefusal(by, action, target) === null;
}

export function authorizeUser(by: Operator, action: UserAction, target: UserRecord): void {
  const refusal = userRefusal(by, action, target);
  if (refusal) throw refusal;
}

/**
 * Why an account may not hold this set of roles, or null: an administrator role is held alone
 * (which also keeps the three kinds apart), and only the console hands one out.
 */
export function roleSetRefusal(by: Operator, roles: readonly { adminKind: string | null }[]): AppError | null {
  if (!holdsAdminRole(roles)) return null;
  if (by.kind === 'web') return new AppError(403, 'ADMIN_ACCOUNT_CONSOLE_ONLY');
  if (roles.length > 1) return new AppError(400, 'ADMIN_ROLE_EXCLUSIVE');
  return null;
}

export function authorizeRoleSet(by: Operator, roles: readonly { adminKind: string | null }[]): void {
  const refusal = roleSetRefusal(by, roles);
  if (refusal) throw refusal;
}

/** The name the audit trail records for a console operator (the web's comes from the session). */
export function auditIdentity(by: Operator): { username?: string } {
  return by.kind === 'console' ? { username: by.name } : {};
}
