import { z } from 'zod';
import { actorOf, errorBody, idParams, noContent, type App } from '../../platform/http.js';
import { listQuery, saveBody, savedFilterSchema } from './schema.js';
import { deleteFilter, mySavedFilters, saveFilter } from './service.js';

/** Named filters are a user's own: every read and write is by the owner only (self scope). */
export async function savedFilterRoutes(app: App) {
  const gj = app.gj;

  app.get(
    '/api/saved-filters',
    { config: { auth: {} }, schema: { tags: ['saved-filters'], summary: 'My saved filters of a page', querystring: listQuery, response: { 200: z.object({ items: z.array(savedFilterSchema) }) } } },
    async (request) => ({ items: await mySavedFilters(gj, actorOf(request).userId, request.query.page) }),
  );

  app.post(
    '/api/saved-filters',
    {
      config: { auth: {} },
      schema: {
        tags: ['saved-filters'],
        summary: 'Save the current filter of a page under a name (a name used again replaces it)',
        body: saveBody,
        response: { 201: savedFilterSchema, 400: errorBody },
      },
    },
    async (request, reply) => {
      const saved = await saveFilter(gj, request.ctx, actorOf(request).userId, request.body);
      request.audited = true;
      return reply.code(201).send(saved);
    },
  );

  app.delete(
    '/api/saved-filters/:id',
    { config: { auth: {} }, schema: { tags: ['saved-filters'], summary: 'Delete one of my saved filters', params: idParams, response: { 204: z.null(), 404: errorBody } } },
    async (request, reply) => {
      await deleteFilter(gj, request.ctx, actorOf(request).userId, request.params.id);
      request.audited = true;
      return noContent(reply);
    },
  );
}
