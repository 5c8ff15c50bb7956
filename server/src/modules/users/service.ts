import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { diffRows } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { checkPasswordStrength, hashPassword } from '../../platform/password.js';
import { scopeAllowsUnit } from '../../platform/scope.js';
import { revokeUserSessions } from '../../platform/sessions.js';
import { setPassword } from '../account/index.js';
import { auditIdentity, authorizeRoleSet, authorizeUser, type Operator, type UserRecord } from './policy.js';
import {
  findUnitForAssignment,
  findUserInScope,
  findUserRow,
  insertUser,
  replaceUserRoles,
  rolesByIds,
  rolesOfUser,
  updateUserRow,
  usernameTaken,
} from './repo.js';
import type { CreateUserBody, UpdateUserBody } from './schema.js';

/*
 * The one write path for accounts: the web routes, the console (`gongjian users …`) and the seed
 * all come here. Each function validates, asks policy.ts, writes and audits in one transaction.
 */

/** The stored row and roles of an account `by` may address (404 for the web when out of its scope). */
async function loadTarget(gj: Services, trx: Transaction<DB>, by: Operator, id: number) {
  if (by.kind === 'web' && !(await findUserInScope(trx, gj.dialect, by.actor.scope, id, gj.clock.now()))) throw notFound();
  const row = await findUserRow(trx, id);
  if (!row) throw notFound();
  const roles = await rolesOfUser(trx, id);
  const record: UserRecord = { id: row.id, unitId: row.unit_id, roles };
  return { row, roles, record };
}

async function assertUnitUsable(trx: Transaction<DB>, by: Operator, unitId: number): Promise<void> {
  const unit = await findUnitForAssignment(trx, unitId);
  if (!unit || (by.kind === 'web' && !scopeAllowsUnit(by.actor.scope, unitId))) throw new AppError(400, 'UNIT_NOT_FOUND');
  if (unit.disabled) throw new AppError(400, 'UNIT_DISABLED', { name: unit.name });
}

/** Every role exists, and the set is one an account may hold when `by` grants it. */
async function checkedRoleSet(trx: Transaction<DB>, by: Operator, roleIds: number[]) {
  const wanted = [...new Set(roleIds)];
  const roles = await rolesByIds(trx, wanted);
  if (roles.length !== wanted.length) throw new AppError(400, 'ROLE_NOT_FOUND');
  authorizeRoleSet(by, roles);
  return wanted.sort((a, b) => a - b);
}

const sameIds = (a: number[], b: number[]) => a.length === b.length && [...a].sort((x, y) => x - y).every((v, i) => v === [...b].sort((x, y) => x - y)[i]);

export interface NewAccount extends CreateUserBody {
  /** Default true: a password someone else chose must be replaced at the first login. */
  mustChangePassword?: boolean;
}

export async function createUser(gj: Services, ctx: RequestContext, by: Operator, input: NewAccount): Promise<number> {
  checkPasswordStrength(input.password, input.username);
  const hash = await hashPassword(input.password);
  return gj.db.transaction().execute(async (trx) => {
    await assertUnitUsable(trx, by, input.unitId);
    if (await usernameTaken(trx, input.username)) throw new AppError(409, 'USERNAME_TAKEN', { username: input.username });
    const roleIds = await checkedRoleSet(trx, by, input.roleIds);
    const id = await insertUser(
      trx,
      {
        username: input.username,
        displayName: input.displayName,
        unitId: input.unitId,
        passwordHash: hash,
        mustChangePassword: input.mustChangePassword ?? true,
        phoneEnc: gj.cipher.encryptOptional(input.phone),
        idNumberEnc: gj.cipher.encryptOptional(input.idNumber),
        email: input.email,
        roleIds,
      },
      gj.clock.now(),
    );
    const after = await findUserRow(trx, id);
    await gj.audit.append(trx, ctx, { action: 'user.create', objectType: 'user', objectId: id, ...auditIdentity(by), detail: { ...diffRows(null, after), roles: { from: [], to: roleIds } } });
    return id;
  });
}

/**
 * Edits an account. `roleIds` are its business roles: an administrator role it holds is kept.
 * Changing the unit or the roles ends the account's sessions, so no session keeps old powers.
 */
export async function updateUser(gj: Services, ctx: RequestContext, by: Operator, id: number, change: UpdateUserBody): Promise<void> {
  await gj.db.transaction().execute(async (trx) => {
    const { row: before, roles, record } = await loadTarget(gj, trx, by, id);
    authorizeUser(by, 'edit-profile', record);
    const unitChanged = change.unitId !== undefined && change.unitId !== before.unit_id;
    if (unitChanged) {
      authorizeUser(by, 'change-unit', record);
      await assertUnitUsable(trx, by, change.unitId!);
    }
    const currentIds = roles.map((r) => r.id);
    const wantedIds = change.roleIds ? [...new Set([...change.roleIds, ...roles.filter((r) => r.adminKind).map((r) => r.id)])] : currentIds;
    const rolesChanged = !sameIds(wantedIds, currentIds);
    if (rolesChanged) {
      authorizeUser(by, 'set-roles', record);
      await checkedRoleSet(trx, by, wantedIds);
    }
    await updateUserRow(trx, before.id, {
      display_name: change.displayName ?? before.display_name,
      unit_id: change.unitId ?? before.unit_id,
      phone_enc: change.phone === undefined ? before.phone_enc : gj.cipher.encryptOptional(change.phone),
      id_number_enc: change.idNumber === undefined ? before.id_number_enc : gj.cipher.encryptOptional(change.idNumber),
      email: change.email === undefined ? before.email : change.email,
      updated_at: gj.clock.now().toISOString(),
    });
    if (rolesChanged) await replaceUserRoles(trx, before.id, wantedIds);
    const after = await findUserRow(trx, before.id);
    const rolesDiff = rolesChanged ? { roles: { from: [...currentIds].sort((a, b) => a - b), to: [...wantedIds].sort((a, b) => a - b) } } : {};
    await gj.audit.append(trx, ctx, { action: 'user.update', objectType: 'user', objectId: before.id, ...auditIdentity(by), detail: { ...diffRows(before, after), ...rolesDiff } });
    if (unitChanged || rolesChanged) await revokeUserSessions(trx, before.id, gj.clock.now());
  });
}

/** Replaces all of an account's roles (the security admin's grant page, `gongjian users set-roles`). Ends its sessions. */
export async function setUserRoles(gj: Services, ctx: RequestContext, by: Operator, id: number, roleIds: number[]): Promise<void> {
  await gj.db.transaction().execute(async (trx) => {
    const { row, roles, record } = await loadTarget(gj, trx, by, id);
    authorizeUser(by, 'set-roles', record);
    const wanted = await checkedRoleSet(trx, by, roleIds);
    await replaceUserRoles(trx, row.id, wanted);
    await gj.audit.append(trx, ctx, { action: 'user.roles', objectType: 'user', objectId: row.id, ...auditIdentity(by), detail: { roles: { from: roles.map((r) => r.id), to: wanted } } });
    // Powers changed: the user's open sessions must not keep the old ones.
    await revokeUserSessions(trx, row.id, gj.clock.now());
  });
}

export async function setUserDisabled(gj: Services, ctx: RequestContext, by: Operator, id: number, disabled: boolean): Promise<void> {
  await gj.db.transaction().execute(async (trx) => {
    const { row: before, record } = await loadTarget(gj, trx, by, id);
    authorizeUser(by, disabled ? 'disable' : 'enable', record);
    await updateUserRow(trx, before.id, { disabled: disabled ? 1 : 0, updated_at: gj.clock.now().toISOString() });
    if (disabled) await revokeUserSessions(trx, before.id, gj.clock.now());
    const after = await findUserRow(trx, before.id);
    await gj.audit.append(trx, ctx, { action: disabled ? 'user.disable' : 'user.enable', objectType: 'user', objectId: before.id, ...auditIdentity(by), detail: diffRows(before, after) });
  });
}

export async function unlockUser(gj: Services, ctx: RequestContext, by: Operator, id: number): Promise<void> {
  await gj.db.transaction().execute(async (trx) => {
    const { row: before, record } = await loadTarget(gj, trx, by, id);
    authorizeUser(by, 'unlock', record);
    await updateUserRow(trx, before.id, { locked_until: null, failed_count: 0, updated_at: gj.clock.now().toISOString() });
    const after = await findUserRow(trx, before.id);
    await gj.audit.append(trx, ctx, { action: 'user.unlock', objectType: 'user', objectId: before.id, ...auditIdentity(by), detail: diffRows(before, after) });
  });
}

/** A temporary password the user must replace at the next login; lifts a lockout and ends the sessions. */
export async function resetUserPassword(gj: Services, ctx: RequestContext, by: Operator, id: number, password: string): Promise<void> {
  await gj.db.transaction().execute(async (trx) => {
    const { row, record } = await loadTarget(gj, trx, by, id);
    authorizeUser(by, 'reset-password', record);
    await setPassword(gj, trx, ctx, row, password, { forceChange: true, action: 'user.reset-password', auditUsername: auditIdentity(by).username });
    await updateUserRow(trx, row.id, { locked_until: null, failed_count: 0 });
  });
}

/** The unmasked phone and ID number of an account in scope; the look itself is audited. */
export async function revealSensitive(gj: Services, ctx: RequestContext, by: Extract<Operator, { kind: 'web' }>, id: number) {
  const row = await findUserInScope(gj.db, gj.dialect, by.actor.scope, id, gj.clock.now());
  if (!row) throw notFound();
  await gj.audit.appendAlone(gj.db, ctx, { action: 'user.unmask', objectType: 'user', objectId: row.id, detail: { fields: ['phone', 'idNumber'] } });
  return row;
}
