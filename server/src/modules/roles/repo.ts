import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Roles (all, or these ids) with their grants and holder counts, in four queries whatever the number of roles. */
export async function loadRoleRows(db: Db, ids?: number[]) {
  let q = db.selectFrom('roles').selectAll().orderBy('id');
  if (ids) q = q.where('id', 'in', ids.length ? ids : [0]);
  const roles = await q.execute();
  if (roles.length === 0) return [];
  const roleIds = roles.map((r) => r.id);
  const [perms, units, counts] = await Promise.all([
    db.selectFrom('role_permissions').select(['role_id', 'permission']).where('role_id', 'in', roleIds).execute(),
    db.selectFrom('role_units').select(['role_id', 'unit_id']).where('role_id', 'in', roleIds).execute(),
    db.selectFrom('user_roles').select(['role_id', (eb) => eb.fn.countAll().as('n')]).where('role_id', 'in', roleIds).groupBy('role_id').execute(),
  ]);
  return roles.map((r) => ({
    ...r,
    permissions: perms.filter((p) => p.role_id === r.id).map((p) => p.permission).sort(),
    unitIds: units.filter((u) => u.role_id === r.id).map((u) => u.unit_id).sort((a, b) => a - b),
    userCount: Number(counts.find((c) => c.role_id === r.id)?.n ?? 0),
  }));
}
export type RoleRow = Awaited<ReturnType<typeof loadRoleRows>>[number];

export async function roleCodeTaken(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom('roles').select('id').where('code', '=', code).executeTakeFirst());
}

export async function insertRoleRow(
  trx: Transaction<DB>,
  role: { code: string; name: string; nameEn: string; adminKind: string | null; dataScope: string; description: string | null },
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const inserted = await trx
    .insertInto('roles')
    .values({ code: role.code, name: role.name, name_en: role.nameEn, admin_kind: role.adminKind, data_scope: role.dataScope, builtin: 0, description: role.description, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateRoleRow(trx: Transaction<DB>, id: number, values: { name: string; nameEn: string; dataScope: string; description: string | null }, now: Date): Promise<void> {
  await trx.updateTable('roles').set({ name: values.name, name_en: values.nameEn, data_scope: values.dataScope, description: values.description, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

/** Replaces a role's permissions and, for a custom scope, its units (refused when a unit does not exist). */
export async function writeGrants(trx: Transaction<DB>, roleId: number, permissions: string[], dataScope: string, unitIds: number[]): Promise<'ok' | 'unit-not-found'> {
  await trx.deleteFrom('role_permissions').where('role_id', '=', roleId).execute();
  if (permissions.length) await trx.insertInto('role_permissions').values([...new Set(permissions)].map((permission) => ({ role_id: roleId, permission }))).execute();
  await trx.deleteFrom('role_units').where('role_id', '=', roleId).execute();
  const units = dataScope === 'custom' ? [...new Set(unitIds)] : [];
  if (units.length) {
    const found = await trx.selectFrom('units').select('id').where('id', 'in', units).execute();
    if (found.length !== units.length) return 'unit-not-found';
    await trx.insertInto('role_units').values(units.map((unit_id) => ({ role_id: roleId, unit_id }))).execute();
  }
  return 'ok';
}

export async function deleteRoleRow(trx: Transaction<DB>, id: number): Promise<void> {
  await trx.deleteFrom('role_permissions').where('role_id', '=', id).execute();
  await trx.deleteFrom('role_units').where('role_id', '=', id).execute();
  await trx.deleteFrom('roles').where('id', '=', id).execute();
}
