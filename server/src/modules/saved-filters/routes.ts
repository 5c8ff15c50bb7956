import { z } from 'zod';
import { AppError, notFound } from '../../platform/errors.js';
import { actorOf, errorBody, idParams, noContent, type App } from '../../platform/http.js';

const PAGES = ['projects'] as const;
const MAX_PER_PAGE = 30;
const filterSchema = z.object({ id: z.number(), page: z.enum(PAGES), name: z.string(), query: z.string(), createdAt: z.string() });

/** Named filters are a user's own: every read and write is by the owner only (self scope). */
export async function savedFilterRoutes(app: App) {
  const gj = app.gj;

  app.get(
    '/api/saved-filters',
    { config: { auth: {} }, schema: { tags: ['saved-filters'], summary: 'My saved filters of a page', querystring: z.object({ page: z.enum(PAGES) }), response: { 200: z.object({ items: z.array(filterSchema) }) } } },
    async (request) => {
      const rows = await gj.db.selectFrom('saved_filters').selectAll().where('user_id', '=', actorOf(request).userId).where('page', '=', request.query.page).orderBy('name').execute();
      return { items: rows.map((r) => ({ id: r.id, page: r.page as (typeof PAGES)[number], name: r.name, query: r.query, createdAt: r.created_at })) };
    },
  );

  app.post(
    '/api/saved-filters',
    {
      config: { auth: {} },
      schema: {
        tags: ['saved-filters'],
        summary: 'Save the current filter of a page under a name (a name used again replaces it)',
        body: z.object({ page: z.enum(PAGES), name: z.string().trim().min(1).max(50), query: z.string().max(2000) }),
        response: { 201: filterSchema, 400: errorBody },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { page, name, query } = request.body;
      const saved = await gj.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('saved_filters').where('user_id', '=', actor.userId).where('page', '=', page).where('name', '=', name).execute();
        const count = Number((await trx.selectFrom('saved_filters').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', actor.userId).where('page', '=', page).executeTakeFirstOrThrow()).n);
        if (count >= MAX_PER_PAGE) throw new AppError(400, 'SAVED_FILTER_LIMIT', { max: MAX_PER_PAGE });
        const now = gj.clock.now().toISOString();
        const row = await trx.insertInto('saved_filters').values({ user_id: actor.userId, page, name, query, created_at: now }).returning('id').executeTakeFirstOrThrow();
        await gj.audit.append(trx, request.ctx, { action: 'saved-filter.save', objectType: 'saved_filter', objectId: row.id, detail: { page, name, query } });
        return { id: row.id, page, name, query, createdAt: now };
      });
      request.audited = true;
      return reply.code(201).send(saved);
    },
  );

  app.delete(
    '/api/saved-filters/:id',
    { config: { auth: {} }, schema: { tags: ['saved-filters'], summary: 'Delete one of my saved filters', params: idParams, response: { 204: z.null(), 404: errorBody } } },
    async (request, reply) => {
      const actor = actorOf(request);
      await gj.db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('saved_filters').where('id', '=', request.params.id).where('user_id', '=', actor.userId).executeTakeFirst();
        if (Number(result.numDeletedRows) !== 1) throw notFound();
        await gj.audit.append(trx, request.ctx, { action: 'saved-filter.delete', objectType: 'saved_filter', objectId: request.params.id });
      });
      request.audited = true;
      return noContent(reply);
    },
  );
}
