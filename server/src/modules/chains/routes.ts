import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { errorBody, idParams, type App, type Services } from '../../platform/http.js';
import { chainsWithCounts } from './repo.js';
import { chainCreateBody, chainPatchBody, chainSchema } from './schema.js';
import { addChain, changeChain } from './service.js';

/** The chain taxonomy's HTTP surface (rules in service.ts). */
export async function chainRoutes(app: App) {
  const gj: Services = app.gj;

  app.get(
    '/api/chains',
    {
      // The taxonomy is the city's public vocabulary: the chain bureau and the 金链行动's banks and regulator name chains by it too.
      config: { auth: { permission: ['project:read', 'lead:read', 'keylist:write', 'finance:read'] } },
      schema: { tags: ['chains'], summary: 'The industry-chain taxonomy (四群八链), with validity dates and how many projects use each chain', response: { 200: z.object({ items: z.array(chainSchema) }) } },
    },
    async () => ({ items: await chainsWithCounts(gj.db) }),
  );

  app.post(
    '/api/chains',
    {
      config: { auth: { permission: 'chain:write' } },
      schema: { tags: ['chains'], summary: 'Add a chain to the taxonomy, valid from a date', body: chainCreateBody, response: { 201: chainSchema, 400: errorBody, 409: errorBody } },
    },
    async (request, reply) => {
      const id = await addChain(gj, request.ctx, request.body);
      request.audited = true;
      return reply.code(201).send((await chainsWithCounts(gj.db)).find((c) => c.id === id)!);
    },
  );

  app.patch(
    '/api/chains/:id',
    {
      config: { auth: { permission: 'chain:write' } },
      schema: {
        tags: ['chains'],
        summary: 'Correct a chain’s name or cluster, reorder it, or retire it from a date (valid_to); projects keep their chain',
        params: idParams,
        body: chainPatchBody,
        response: { 200: chainSchema, 400: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      await changeChain(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      const found = (await chainsWithCounts(gj.db)).find((c) => c.id === request.params.id);
      if (!found) throw notFound();
      return found;
    },
  );
}
