import { z } from 'zod';
import { PERMISSION_GROUPS } from '../../../../common/permissions.js';
import { notFound } from '../../platform/errors.js';
import { actorOf, errorBody, idParams, noContent, type App } from '../../platform/http.js';
import { permissionCatalogAnswer, roleBody, roleChangeBody, roleSchema } from './schema.js';
import { createRole, deleteRole, findRole, listRoles, updateRole } from './service.js';

export async function roleRoutes(app: App) {
  const gj = app.gj;
  const readers = { auth: { permission: ['security:role:read', 'system:user:write'] as ('security:role:read' | 'system:user:write')[] } };
  const writers = { auth: { permission: 'security:role:write' as const } };

  async function answerFor(id: number) {
    const role = await findRole(gj, id);
    if (!role) throw notFound();
    return role;
  }

  app.get(
    '/api/permissions',
    { config: readers, schema: { tags: ['roles'], summary: 'The permission catalog, by group', response: { 200: permissionCatalogAnswer } } },
    async () => ({ groups: PERMISSION_GROUPS as unknown as Record<string, string[]> }),
  );

  app.get(
    '/api/roles',
    { config: readers, schema: { tags: ['roles'], summary: 'All roles with their permissions', response: { 200: z.object({ items: z.array(roleSchema) }) } } },
    async () => ({ items: await listRoles(gj) }),
  );

  app.get(
    '/api/roles/:id',
    { config: readers, schema: { tags: ['roles'], summary: 'One role', params: idParams, response: { 200: roleSchema, 404: errorBody } } },
    async (request) => answerFor(request.params.id),
  );

  app.post(
    '/api/roles',
    { config: writers, schema: { tags: ['roles'], summary: 'Create a business role (the three administrator roles are fixed)', body: roleBody, response: { 201: roleSchema, 400: errorBody, 403: errorBody, 409: errorBody } } },
    async (request, reply) => {
      const id = await createRole(gj, request.ctx, actorOf(request), request.body);
      request.audited = true;
      return reply.code(201).send(await answerFor(id));
    },
  );

  app.patch(
    '/api/roles/:id',
    { config: writers, schema: { tags: ['roles'], summary: 'Edit a role (its users get the change at their next request)', params: idParams, body: roleChangeBody, response: { 200: roleSchema, 400: errorBody, 403: errorBody, 404: errorBody } } },
    async (request) => {
      await updateRole(gj, request.ctx, actorOf(request), request.params.id, request.body);
      request.audited = true;
      return answerFor(request.params.id);
    },
  );

  app.delete(
    '/api/roles/:id',
    { config: writers, schema: { tags: ['roles'], summary: 'Delete a role nobody holds', params: idParams, response: { 204: z.null(), 400: errorBody, 404: errorBody } } },
    async (request, reply) => {
      await deleteRole(gj, request.ctx, actorOf(request), request.params.id);
      request.audited = true;
      return noContent(reply);
    },
  );
}
