import { diffRows } from '../../platform/audit.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { authorizeRole, type RoleGrants } from './policy.js';
import { presentRole } from './presenter.js';
import { deleteRoleRow, insertRoleRow, loadRoleRows, roleCodeTaken, updateRoleRow, writeGrants } from './repo.js';
import type { RoleBody, RoleChange } from './schema.js';

/*
 * The one write path for roles. A holder's permissions and data scope are read from the database at
 * every request (platform/sessions.ts resolveSession), so a change reaches open sessions at once.
 */

async function loadOne(trx: Parameters<typeof loadRoleRows>[0], id: number) {
  const [row] = await loadRoleRows(trx, [id]);
  return row ? presentRole(row) : null;
}

export async function createRole(gj: Services, ctx: RequestContext, actor: Actor, body: RoleBody): Promise<number> {
  const next: RoleGrants = { adminKind: body.adminKind, permissions: body.permissions, dataScope: body.dataScope, unitIds: body.unitIds };
  authorizeRole(actor, 'create', null, next);
  return gj.db.transaction().execute(async (trx) => {
    if (await roleCodeTaken(trx, body.code)) throw new AppError(409, 'ROLE_CODE_TAKEN', { code: body.code });
    const id = await insertRoleRow(trx, { code: body.code, name: body.name, nameEn: body.nameEn, adminKind: body.adminKind, dataScope: body.dataScope, description: body.description ?? null }, gj.clock.now());
    if ((await writeGrants(trx, id, body.permissions, body.dataScope, body.unitIds)) !== 'ok') throw new AppError(400, 'UNIT_NOT_FOUND');
    await gj.audit.append(trx, ctx, { action: 'role.create', objectType: 'role', objectId: id, detail: diffRows(null, await loadOne(trx, id)) });
    return id;
  });
}

export async function updateRole(gj: Services, ctx: RequestContext, actor: Actor, id: number, change: RoleChange): Promise<void> {
  await gj.db.transaction().execute(async (trx) => {
    const before = await loadOne(trx, id);
    if (!before) authorizeRole(actor, 'update', null);
    const role = before!;
    const next: RoleGrants = {
      adminKind: change.adminKind === undefined ? role.adminKind : change.adminKind,
      permissions: change.permissions ?? role.permissions,
      dataScope: change.dataScope ?? role.dataScope,
      unitIds: change.unitIds ?? role.unitIds,
    };
    authorizeRole(actor, 'update', role, next);
    await updateRoleRow(trx, role.id, { name: change.name ?? role.name, nameEn: change.nameEn ?? role.nameEn, dataScope: next.dataScope, description: change.description === undefined ? role.description : change.description }, gj.clock.now());
    if ((await writeGrants(trx, role.id, next.permissions, next.dataScope, next.unitIds)) !== 'ok') throw new AppError(400, 'UNIT_NOT_FOUND');
    await gj.audit.append(trx, ctx, { action: 'role.update', objectType: 'role', objectId: role.id, detail: diffRows(role, await loadOne(trx, role.id)) });
  });
}

export async function deleteRole(gj: Services, ctx: RequestContext, actor: Actor, id: number): Promise<void> {
  await gj.db.transaction().execute(async (trx) => {
    const before = await loadOne(trx, id);
    authorizeRole(actor, 'delete', before);
    await deleteRoleRow(trx, before!.id);
    await gj.audit.append(trx, ctx, { action: 'role.delete', objectType: 'role', objectId: before!.id, detail: diffRows(before, null) });
  });
}

export async function listRoles(gj: Services) {
  return (await loadRoleRows(gj.db)).map(presentRole);
}

export async function findRole(gj: Services, id: number) {
  return loadOne(gj.db, id);
}
