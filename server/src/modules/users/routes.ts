import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { diffRows } from '../../platform/audit.js';
import { maskIdNumber, maskPhone } from '../../platform/crypto.js';
import { AppError, notFound } from '../../platform/errors.js';
import { actorOf, errorBody, idParams, noContent, pageQuery, type App } from '../../platform/http.js';
import { hashPassword, checkPasswordStrength } from '../../platform/password.js';
import { scopeAllowsUnit } from '../../platform/scope.js';
import { revokeUserSessions } from '../../platform/sessions.js';
import type { RequestContext } from '../../platform/context.js';
import { setPassword } from '../account/service.js';
import { findUserInScope, insertUser, listUsers, type UserListRow } from './repo.js';

const roleRef = z.object({ id: z.number(), code: z.string(), name: z.string(), adminKind: z.string().nullable() });

const userSchema = z.object({
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

const directoryUserSchema = z.object({ id: z.number(), username: z.string(), displayName: z.string(), unitId: z.number(), unitName: z.string() });

const phoneField = z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/);
const idNumberField = z.string().trim().regex(/^\d{17}[\dXx]$/);

export async function userRoutes(app: App) {
  const gj = app.gj;

  function present(row: UserListRow): z.infer<typeof userSchema> {
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      unitId: row.unit_id,
      unitName: row.unit_name,
      phone: maskPhone(gj.cipher.decryptOptional(row.phone_enc)),
      idNumber: maskIdNumber(gj.cipher.decryptOptional(row.id_number_enc)),
      email: row.email,
      disabled: row.disabled === 1,
      locked: !!row.locked_until && new Date(row.locked_until) > gj.clock.now(),
      mustChangePassword: row.must_change_password === 1,
      totpEnabled: row.totp_enabled === 1,
      lastLoginAt: row.last_login_at,
      createdAt: row.created_at,
      roles: row.roles,
    };
  }

  const listQuery = z.object({
    ...pageQuery,
    q: z.string().trim().max(64).optional(),
    unitId: z.coerce.number().int().positive().optional(),
    includeChildren: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    status: z.enum(['active', 'disabled', 'locked']).optional(),
    roleId: z.coerce.number().int().positive().optional(),
  });

  app.get(
    '/api/users',
    {
      config: { auth: { permission: ['system:user:read', 'security:user-role:write'] } },
      schema: { tags: ['users'], summary: 'Accounts in my data scope, paged in the database', querystring: listQuery, response: { 200: z.object({ items: z.array(userSchema), total: z.number() }) } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { page, pageSize, ...filter } = request.query;
      const { rows, total } = await listUsers(gj.db, gj.dialect, actor.scope, { ...filter, now: gj.clock.now() }, page, pageSize);
      return { items: rows.map(present), total };
    },
  );

  app.get(
    '/api/directory/users',
    {
      config: { auth: { permission: 'org:read' } },
      schema: {
        tags: ['users'],
        summary: 'Colleagues in my data scope (for pickers): names and units only',
        querystring: z.object({ ...pageQuery, q: z.string().trim().max(64).optional(), unitId: z.coerce.number().int().positive().optional() }),
        response: { 200: z.object({ items: z.array(directoryUserSchema), total: z.number() }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { page, pageSize, ...filter } = request.query;
      const { rows, total } = await listUsers(gj.db, gj.dialect, actor.scope, { ...filter, status: 'active', now: gj.clock.now() }, page, pageSize);
      return { items: rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, unitId: r.unit_id, unitName: r.unit_name })), total };
    },
  );

  app.get(
    '/api/users/:id',
    {
      config: { auth: { permission: ['system:user:read', 'security:user-role:write'] } },
      schema: { tags: ['users'], summary: 'One account', params: idParams, response: { 200: userSchema, 404: errorBody } },
    },
    async (request) => {
      const row = await findUserInScope(gj.db, gj.dialect, actorOf(request).scope, request.params.id, gj.clock.now());
      if (!row) throw notFound();
      return present(row);
    },
  );

  app.get(
    '/api/users/:id/sensitive',
    {
      config: { auth: { permission: 'system:user:unmask' } },
      schema: { tags: ['users'], summary: 'Unmasked phone and ID number (audited)', params: idParams, response: { 200: z.object({ phone: z.string().nullable(), idNumber: z.string().nullable() }), 404: errorBody } },
    },
    async (request) => {
      const row = await findUserInScope(gj.db, gj.dialect, actorOf(request).scope, request.params.id, gj.clock.now());
      if (!row) throw notFound();
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'user.unmask', objectType: 'user', objectId: row.id, detail: { fields: ['phone', 'idNumber'] } });
      return { phone: gj.cipher.decryptOptional(row.phone_enc), idNumber: gj.cipher.decryptOptional(row.id_number_enc) };
    },
  );

  const createBody = z.object({
    username: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9_.-]+$/),
    displayName: z.string().trim().min(1).max(100),
    unitId: z.number().int().positive(),
    password: z.string().min(1).max(128),
    phone: phoneField.optional(),
    idNumber: idNumberField.optional(),
    email: z.string().trim().email().max(200).optional(),
    roleIds: z.array(z.number().int().positive()).max(20).default([]),
  });

  app.post(
    '/api/users',
    {
      config: { auth: { permission: 'system:user:write' } },
      schema: { tags: ['users'], summary: 'Create an account; the password must be changed at first login', body: createBody, response: { 201: userSchema, 400: errorBody, 409: errorBody } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      checkPasswordStrength(body.password, body.username);
      const hash = await hashPassword(body.password);
      const id = await gj.db.transaction().execute(async (trx) => {
        await assertUnitUsable(trx, body.unitId, actor.scope);
        if (await trx.selectFrom('users').select('id').where('username', '=', body.username).executeTakeFirst()) {
          throw new AppError(409, 'USERNAME_TAKEN', { username: body.username });
        }
        await assertRoleAssignment(trx, body.roleIds, actor.permissions.has('security:user-role:write'));
        const id = await insertUser(
          trx,
          {
            username: body.username,
            displayName: body.displayName,
            unitId: body.unitId,
            passwordHash: hash,
            mustChangePassword: true,
            phoneEnc: gj.cipher.encryptOptional(body.phone),
            idNumberEnc: gj.cipher.encryptOptional(body.idNumber),
            email: body.email,
            roleIds: body.roleIds,
          },
          gj.clock.now(),
        );
        const after = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await gj.audit.append(trx, request.ctx, { action: 'user.create', objectType: 'user', objectId: id, detail: { ...diffRows(null, after), roles: { from: [], to: body.roleIds } } });
        return id;
      });
      request.audited = true;
      const row = await findUserInScope(gj.db, gj.dialect, actor.scope, id, gj.clock.now());
      return reply.code(201).send(present(row!));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { auth: { permission: 'system:user:write' } },
      schema: {
        tags: ['users'],
        summary: 'Edit an account (business roles only; administrator roles are the security admin\u2019s)',
        params: idParams,
        body: z.object({
          displayName: z.string().trim().min(1).max(100).optional(),
          unitId: z.number().int().positive().optional(),
          phone: phoneField.nullable().optional(),
          idNumber: idNumberField.nullable().optional(),
          email: z.string().trim().email().max(200).nullable().optional(),
          roleIds: z.array(z.number().int().positive()).max(20).optional(),
        }),
        response: { 200: userSchema, 400: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const body = request.body;
      await gj.db.transaction().execute(async (trx) => {
        const before = await loadInScope(trx, actor.scope, request.params.id);
        if (body.unitId !== undefined && body.unitId !== before.unit_id) await assertUnitUsable(trx, body.unitId, actor.scope);
        await trx
          .updateTable('users')
          .set({
            display_name: body.displayName ?? before.display_name,
            unit_id: body.unitId ?? before.unit_id,
            phone_enc: body.phone === undefined ? before.phone_enc : gj.cipher.encryptOptional(body.phone),
            id_number_enc: body.idNumber === undefined ? before.id_number_enc : gj.cipher.encryptOptional(body.idNumber),
            email: body.email === undefined ? before.email : body.email,
            updated_at: gj.clock.now().toISOString(),
          })
          .where('id', '=', before.id)
          .execute();
        let rolesChange: { from: number[]; to: number[] } | undefined;
        if (body.roleIds) rolesChange = await replaceRoles(trx, before.id, body.roleIds, { businessOnly: !actor.permissions.has('security:user-role:write') });
        const after = await trx.selectFrom('users').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
        await gj.audit.append(trx, request.ctx, { action: 'user.update', objectType: 'user', objectId: before.id, detail: { ...diffRows(before, after), ...(rolesChange ? { roles: rolesChange } : {}) } });
        // Moving a user to another unit changes what they may see: their sessions start again.
        if (after.unit_id !== before.unit_id) await revokeUserSessions(trx, before.id, gj.clock.now());
      });
      request.audited = true;
      return present((await findUserInScope(gj.db, gj.dialect, actor.scope, request.params.id, gj.clock.now()))!);
    },
  );

  app.put(
    '/api/users/:id/roles',
    {
      config: { auth: { permission: 'security:user-role:write' } },
      schema: { tags: ['users'], summary: 'Grant roles, administrator roles included (security admin)', params: idParams, body: z.object({ roleIds: z.array(z.number().int().positive()).max(20) }), response: { 200: userSchema, 400: errorBody, 404: errorBody } },
    },
    async (request) => {
      const actor = actorOf(request);
      await gj.db.transaction().execute(async (trx) => {
        const before = await loadInScope(trx, actor.scope, request.params.id);
        const change = await replaceRoles(trx, before.id, request.body.roleIds, { businessOnly: false });
        await gj.audit.append(trx, request.ctx, { action: 'user.roles', objectType: 'user', objectId: before.id, detail: { roles: change } });
        // Powers changed: the user's open sessions must not keep the old ones.
        await revokeUserSessions(trx, before.id, gj.clock.now());
      });
      request.audited = true;
      return present((await findUserInScope(gj.db, gj.dialect, actor.scope, request.params.id, gj.clock.now()))!);
    },
  );

  const simpleActions: [string, string, (trx: Transaction<DB>, id: number, ctx: RequestContext) => Promise<void>][] = [
    [
      'disable',
      'Disable an account (ends its sessions)',
      async (trx, id, ctx) => {
        if (id === ctx.actor!.userId) throw new AppError(400, 'CANNOT_DISABLE_SELF');
        await trx.updateTable('users').set({ disabled: 1, updated_at: gj.clock.now().toISOString() }).where('id', '=', id).execute();
        await revokeUserSessions(trx, id, gj.clock.now());
      },
    ],
    ['enable', 'Enable an account again', async (trx, id) => void (await trx.updateTable('users').set({ disabled: 0, updated_at: gj.clock.now().toISOString() }).where('id', '=', id).execute())],
    ['unlock', 'Lift a lockout', async (trx, id) => void (await trx.updateTable('users').set({ locked_until: null, failed_count: 0, updated_at: gj.clock.now().toISOString() }).where('id', '=', id).execute())],
  ];
  for (const [verb, summary, act] of simpleActions) {
    app.post(
      `/api/users/:id/${verb}`,
      { config: { auth: { permission: 'system:user:write' } }, schema: { tags: ['users'], summary, params: idParams, response: { 200: userSchema, 400: errorBody, 404: errorBody } } },
      async (request) => {
        const actor = actorOf(request);
        await gj.db.transaction().execute(async (trx) => {
          const before = await loadInScope(trx, actor.scope, request.params.id);
          await act(trx, before.id, request.ctx);
          const after = await trx.selectFrom('users').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
          await gj.audit.append(trx, request.ctx, { action: `user.${verb}`, objectType: 'user', objectId: before.id, detail: diffRows(before, after) });
        });
        request.audited = true;
        return present((await findUserInScope(gj.db, gj.dialect, actor.scope, request.params.id, gj.clock.now()))!);
      },
    );
  }

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { auth: { permission: 'system:user:write' } },
      schema: { tags: ['users'], summary: 'Set a temporary password; the user must change it at next login', params: idParams, body: z.object({ password: z.string().min(1).max(128) }), response: { 204: z.null(), 400: errorBody, 404: errorBody } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await gj.db.transaction().execute(async (trx) => {
        const user = await loadInScope(trx, actor.scope, request.params.id);
        await setPassword(gj, trx, request.ctx, user, request.body.password, { forceChange: true, action: 'user.reset-password' });
        await trx.updateTable('users').set({ locked_until: null, failed_count: 0 }).where('id', '=', user.id).execute();
      });
      request.audited = true;
      return noContent(reply);
    },
  );

  async function loadInScope(trx: Transaction<DB>, scope: Parameters<typeof findUserInScope>[2], id: number) {
    const visible = await findUserInScope(trx, gj.dialect, scope, id, gj.clock.now());
    if (!visible) throw notFound();
    return trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }
}

async function assertUnitUsable(trx: Transaction<DB>, unitId: number, scope: Parameters<typeof scopeAllowsUnit>[0]) {
  const unit = await trx.selectFrom('units').select(['id', 'name', 'disabled']).where('id', '=', unitId).executeTakeFirst();
  if (!unit || !scopeAllowsUnit(scope, unitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
  if (unit.disabled) throw new AppError(400, 'UNIT_DISABLED', { name: unit.name });
}

/**
 * The separation rules for a role set: every role exists; at most one administrator kind;
 * only the security administrator grants administrator roles.
 */
export async function assertRoleAssignment(trx: Transaction<DB>, roleIds: number[], mayGrantAdmin: boolean): Promise<void> {
  if (roleIds.length === 0) return;
  const roles = await trx.selectFrom('roles').select(['id', 'admin_kind']).where('id', 'in', roleIds).execute();
  if (roles.length !== new Set(roleIds).size) throw new AppError(400, 'ROLE_NOT_FOUND');
  const kinds = new Set(roles.map((r) => r.admin_kind).filter(Boolean));
  if (kinds.size > 1) throw new AppError(400, 'ADMIN_SEPARATION');
  if (kinds.size > 0 && !mayGrantAdmin) throw new AppError(403, 'ROLE_ADMIN_ASSIGN_FORBIDDEN');
}

/**
 * Replaces a user's roles. With `businessOnly` (the system admin), administrator roles the user
 * already holds are kept as they are and none can be added.
 */
async function replaceRoles(trx: Transaction<DB>, userId: number, roleIds: number[], options: { businessOnly: boolean }) {
  const current = await trx.selectFrom('user_roles').innerJoin('roles', 'roles.id', 'user_roles.role_id').select(['roles.id', 'roles.admin_kind']).where('user_roles.user_id', '=', userId).execute();
  const kept = options.businessOnly ? current.filter((r) => r.admin_kind).map((r) => r.id) : [];
  const wanted = [...new Set([...roleIds, ...kept])];
  if (options.businessOnly) {
    const adding = await trx.selectFrom('roles').select('id').where('id', 'in', roleIds.length ? roleIds : [0]).where('admin_kind', 'is not', null).execute();
    if (adding.length > 0) throw new AppError(403, 'ROLE_ADMIN_ASSIGN_FORBIDDEN');
  }
  await assertRoleAssignment(trx, wanted, true);
  await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (wanted.length > 0) await trx.insertInto('user_roles').values(wanted.map((role_id) => ({ user_id: userId, role_id }))).execute();
  return { from: current.map((r) => r.id).sort((a, b) => a - b), to: wanted.sort((a, b) => a - b) };
}

