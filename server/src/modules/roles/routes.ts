import type { Transaction } from 'kysely';
import { z } from 'zod';
import { ADMIN_KINDS, ADMIN_KIND_GROUPS, ALL_PERMISSIONS, DATA_SCOPES, PERMISSION_GROUPS, type AdminKind, type PermissionGroup } from '../../../../common/permissions.js';
import type { DB } from '../../db/schema.js';
import { diffRows } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { errorBody, idParams, noContent, type App } from '../../platform/http.js';

const roleSchema = z.object({
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

const roleBody = z.object({
  code: z.string().trim().min(2).max(64).regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  adminKind: z.enum(ADMIN_KINDS).nullable().default(null),
  dataScope: z.enum(DATA_SCOPES),
  description: z.string().trim().max(500).nullable().optional(),
  permissions: z.array(z.enum(ALL_PERMISSIONS as [string, ...string[]])).max(ALL_PERMISSIONS.length),
  unitIds: z.array(z.number().int().positive()).max(500).default([]),
});

/** A role's permissions must match its kind: an admin role only its own group, a business role no admin group. */
function assertPermissionsFit(adminKind: AdminKind | null, permissions: string[]) {
  const allowedGroups: PermissionGroup[] = adminKind ? ADMIN_KIND_GROUPS[adminKind] : ['org', 'business'];
  const allowed = new Set(allowedGroups.flatMap((g) => [...PERMISSION_GROUPS[g]] as string[]));
  const stray = permissions.find((p) => !allowed.has(p));
  if (stray) throw new AppError(400, 'ROLE_PERMISSION_MISMATCH', { kind: adminKind ?? 'business', permission: stray });
}

async function loadRoles(db: Transaction<DB> | App['gj']['db'], ids?: number[]) {
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
    id: r.id,
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    adminKind: r.admin_kind as AdminKind | null,
    dataScope: r.data_scope as (typeof DATA_SCOPES)[number],
    builtin: r.builtin === 1,
    description: r.description,
    permissions: perms.filter((p) => p.role_id === r.id).map((p) => p.permission).sort(),
    unitIds: units.filter((u) => u.role_id === r.id).map((u) => u.unit_id).sort((a, b) => a - b),
    userCount: Number(counts.find((c) => c.role_id === r.id)?.n ?? 0),
  }));
}

export async function roleRoutes(app: App) {
  const gj = app.gj;
  const readers = { auth: { permission: ['security:role:read', 'system:user:write'] as ('security:role:read' | 'system:user:write')[] } };
  const writers = { auth: { permission: 'security:role:write' as const } };

  app.get(
    '/api/permissions',
    { config: readers, schema: { tags: ['roles'], summary: 'The permission catalog, by group', response: { 200: z.object({ groups: z.record(z.string(), z.array(z.string())) }) } } },
    async () => ({ groups: PERMISSION_GROUPS as unknown as Record<string, string[]> }),
  );

  app.get(
    '/api/roles',
    { config: readers, schema: { tags: ['roles'], summary: 'All roles with their permissions', response: { 200: z.object({ items: z.array(roleSchema) }) } } },
    async () => ({ items: await loadRoles(gj.db) }),
  );

  app.get(
    '/api/roles/:id',
    { config: readers, schema: { tags: ['roles'], summary: 'One role', params: idParams, response: { 200: roleSchema, 404: errorBody } } },
    async (request) => {
      const [role] = await loadRoles(gj.db, [request.params.id]);
      if (!role) throw notFound();
      return role;
    },
  );

  async function writeGrants(trx: Transaction<DB>, roleId: number, permissions: string[], dataScope: string, unitIds: number[]) {
    await trx.deleteFrom('role_permissions').where('role_id', '=', roleId).execute();
    if (permissions.length) await trx.insertInto('role_permissions').values([...new Set(permissions)].map((permission) => ({ role_id: roleId, permission }))).execute();
    await trx.deleteFrom('role_units').where('role_id', '=', roleId).execute();
    const units = dataScope === 'custom' ? [...new Set(unitIds)] : [];
    if (units.length) {
      const found = await trx.selectFrom('units').select('id').where('id', 'in', units).execute();
      if (found.length !== units.length) throw new AppError(400, 'UNIT_NOT_FOUND');
      await trx.insertInto('role_units').values(units.map((unit_id) => ({ role_id: roleId, unit_id }))).execute();
    }
  }

  app.post(
    '/api/roles',
    { config: writers, schema: { tags: ['roles'], summary: 'Create a role', body: roleBody, response: { 201: roleSchema, 400: errorBody, 409: errorBody } } },
    async (request, reply) => {
      const body = request.body;
      assertPermissionsFit(body.adminKind, body.permissions);
      const id = await gj.db.transaction().execute(async (trx) => {
        if (await trx.selectFrom('roles').select('id').where('code', '=', body.code).executeTakeFirst()) throw new AppError(409, 'ROLE_CODE_TAKEN', { code: body.code });
        const now = gj.clock.now().toISOString();
        const inserted = await trx
          .insertInto('roles')
          .values({ code: body.code, name: body.name, name_en: body.nameEn, admin_kind: body.adminKind, data_scope: body.dataScope, builtin: 0, description: body.description ?? null, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeGrants(trx, inserted.id, body.permissions, body.dataScope, body.unitIds);
        const [after] = await loadRoles(trx, [inserted.id]);
        await gj.audit.append(trx, request.ctx, { action: 'role.create', objectType: 'role', objectId: inserted.id, detail: diffRows(null, after) });
        return inserted.id;
      });
      request.audited = true;
      return reply.code(201).send((await loadRoles(gj.db, [id]))[0]!);
    },
  );

  app.patch(
    '/api/roles/:id',
    { config: writers, schema: { tags: ['roles'], summary: 'Edit a role (its users get the change at once)', params: idParams, body: roleBody.omit({ code: true }).partial(), response: { 200: roleSchema, 400: errorBody, 404: errorBody } } },
    async (request) => {
      const body = request.body;
      await gj.db.transaction().execute(async (trx) => {
        const [before] = await loadRoles(trx, [request.params.id]);
        if (!before) throw notFound();
        if (before.builtin && body.adminKind !== undefined && body.adminKind !== before.adminKind) throw new AppError(400, 'ROLE_BUILTIN', { name: before.name });
        const adminKind = body.adminKind === undefined ? before.adminKind : body.adminKind;
        if (adminKind !== before.adminKind && before.userCount > 0) throw new AppError(400, 'ROLE_IN_USE', { name: before.name, count: before.userCount });
        const permissions = body.permissions ?? before.permissions;
        assertPermissionsFit(adminKind, permissions);
        const dataScope = body.dataScope ?? before.dataScope;
        await trx
          .updateTable('roles')
          .set({ name: body.name ?? before.name, name_en: body.nameEn ?? before.nameEn, admin_kind: adminKind, data_scope: dataScope, description: body.description === undefined ? before.description : body.description, updated_at: gj.clock.now().toISOString() })
          .where('id', '=', before.id)
          .execute();
        await writeGrants(trx, before.id, permissions, dataScope, body.unitIds ?? before.unitIds);
        const [after] = await loadRoles(trx, [before.id]);
        await gj.audit.append(trx, request.ctx, { action: 'role.update', objectType: 'role', objectId: before.id, detail: diffRows(before, after) });
      });
      request.audited = true;
      return (await loadRoles(gj.db, [request.params.id]))[0]!;
    },
  );

  app.delete(
    '/api/roles/:id',
    { config: writers, schema: { tags: ['roles'], summary: 'Delete a role nobody holds', params: idParams, response: { 204: z.null(), 400: errorBody, 404: errorBody } } },
    async (request, reply) => {
      await gj.db.transaction().execute(async (trx) => {
        const [before] = await loadRoles(trx, [request.params.id]);
        if (!before) throw notFound();
        if (before.builtin) throw new AppError(400, 'ROLE_BUILTIN', { name: before.name });
        if (before.userCount > 0) throw new AppError(400, 'ROLE_IN_USE', { name: before.name, count: before.userCount });
        await trx.deleteFrom('role_permissions').where('role_id', '=', before.id).execute();
        await trx.deleteFrom('role_units').where('role_id', '=', before.id).execute();
        await trx.deleteFrom('roles').where('id', '=', before.id).execute();
        await gj.audit.append(trx, request.ctx, { action: 'role.delete', objectType: 'role', objectId: before.id, detail: diffRows(before, null) });
      });
      request.audited = true;
      return noContent(reply);
    },
  );
}
