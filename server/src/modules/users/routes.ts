import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { actorOf, errorBody, idParams, noContent, type App } from '../../platform/http.js';
import type { Operator } from './policy.js';
import { presentDirectoryUser, presentSensitive, presentUser } from './presenter.js';
import { findUserInScope, listUsers } from './repo.js';
import { createUserBody, directoryQuery, directoryUserSchema, resetPasswordBody, sensitiveAnswer, setRolesBody, updateUserBody, userListQuery, userSchema } from './schema.js';
import { createUser, resetUserPassword, revealSensitive, setUserDisabled, setUserRoles, unlockUser, updateUser } from './service.js';

export async function userRoutes(app: App) {
  const gj = app.gj;
  const fromWeb = (request: Parameters<typeof actorOf>[0]): Extract<Operator, { kind: 'web' }> => ({ kind: 'web', actor: actorOf(request) });

  /** The account as the caller sees it after a change (through the same scoped read as the list). */
  async function answerFor(request: Parameters<typeof actorOf>[0], id: number) {
    const row = await findUserInScope(gj.db, gj.dialect, actorOf(request).scope, id, gj.clock.now());
    if (!row) throw notFound();
    return presentUser(row, gj.cipher, gj.clock.now());
  }

  app.get(
    '/api/users',
    {
      config: { auth: { permission: ['system:user:read', 'security:user-role:write'] } },
      schema: { tags: ['users'], summary: 'Accounts in my data scope, paged in the database', querystring: userListQuery, response: { 200: z.object({ items: z.array(userSchema), total: z.number() }) } },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const { rows, total } = await listUsers(gj.db, gj.dialect, actorOf(request).scope, { ...filter, now: gj.clock.now() }, page, pageSize);
      return { items: rows.map((row) => presentUser(row, gj.cipher, gj.clock.now())), total };
    },
  );

  app.get(
    '/api/directory/users',
    {
      config: { auth: { permission: 'org:read' } },
      schema: { tags: ['users'], summary: 'Colleagues in my data scope (for pickers): names and units only', querystring: directoryQuery, response: { 200: z.object({ items: z.array(directoryUserSchema), total: z.number() }) } },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const { rows, total } = await listUsers(gj.db, gj.dialect, actorOf(request).scope, { ...filter, status: 'active', now: gj.clock.now() }, page, pageSize);
      return { items: rows.map(presentDirectoryUser), total };
    },
  );

  app.get(
    '/api/users/:id',
    {
      config: { auth: { permission: ['system:user:read', 'security:user-role:write'] } },
      schema: { tags: ['users'], summary: 'One account', params: idParams, response: { 200: userSchema, 404: errorBody } },
    },
    async (request) => answerFor(request, request.params.id),
  );

  app.get(
    '/api/users/:id/sensitive',
    {
      config: { auth: { permission: 'system:user:unmask' } },
      schema: { tags: ['users'], summary: 'Unmasked phone and ID number (audited)', params: idParams, response: { 200: sensitiveAnswer, 404: errorBody } },
    },
    async (request) => presentSensitive(await revealSensitive(gj, request.ctx, fromWeb(request), request.params.id), gj.cipher),
  );

  app.post(
    '/api/users',
    {
      config: { auth: { permission: 'system:user:write' } },
      schema: { tags: ['users'], summary: 'Create a business account; the password must be changed at first login (administrator accounts: console only)', body: createUserBody, response: { 201: userSchema, 400: errorBody, 403: errorBody, 409: errorBody } },
    },
    async (request, reply) => {
      const id = await createUser(gj, request.ctx, fromWeb(request), request.body);
      request.audited = true;
      return reply.code(201).send(await answerFor(request, id));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { auth: { permission: 'system:user:write' } },
      schema: {
        tags: ['users'],
        summary: 'Edit an account (business roles only; never one\u2019s own roles or unit, never an administrator\u2019s roles or unit)',
        params: idParams,
        body: updateUserBody,
        response: { 200: userSchema, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      await updateUser(gj, request.ctx, fromWeb(request), request.params.id, request.body);
      request.audited = true;
      return answerFor(request, request.params.id);
    },
  );

  app.put(
    '/api/users/:id/roles',
    {
      config: { auth: { permission: 'security:user-role:write' } },
      schema: { tags: ['users'], summary: 'Grant business roles (security admin); administrator roles only from the console', params: idParams, body: setRolesBody, response: { 200: userSchema, 400: errorBody, 403: errorBody, 404: errorBody } },
    },
    async (request) => {
      await setUserRoles(gj, request.ctx, fromWeb(request), request.params.id, request.body.roleIds);
      request.audited = true;
      return answerFor(request, request.params.id);
    },
  );

  const simpleActions = [
    ['disable', 'Disable an account (ends its sessions)', (request, id) => setUserDisabled(gj, request.ctx, fromWeb(request), id, true)],
    ['enable', 'Enable an account again', (request, id) => setUserDisabled(gj, request.ctx, fromWeb(request), id, false)],
    ['unlock', 'Lift a lockout', (request, id) => unlockUser(gj, request.ctx, fromWeb(request), id)],
  ] as const satisfies readonly (readonly [string, string, (request: Parameters<typeof actorOf>[0], id: number) => Promise<void>])[];
  for (const [verb, summary, act] of simpleActions) {
    app.post(
      `/api/users/:id/${verb}`,
      { config: { auth: { permission: 'system:user:write' } }, schema: { tags: ['users'], summary: `${summary}; not for oneself or an administrator account`, params: idParams, response: { 200: userSchema, 400: errorBody, 403: errorBody, 404: errorBody } } },
      async (request) => {
        await act(request, request.params.id);
        request.audited = true;
        return answerFor(request, request.params.id);
      },
    );
  }

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { auth: { permission: 'system:user:write' } },
      schema: { tags: ['users'], summary: 'Set a temporary password; the user must change it at next login (not for administrator accounts)', params: idParams, body: resetPasswordBody, response: { 204: z.null(), 400: errorBody, 403: errorBody, 404: errorBody } },
    },
    async (request, reply) => {
      await resetUserPassword(gj, request.ctx, fromWeb(request), request.params.id, request.body.password);
      request.audited = true;
      return noContent(reply);
    },
  );
}
