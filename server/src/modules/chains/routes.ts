import { z } from 'zod';
import { diffRows } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { errorBody, idParams, type App, type Services } from '../../platform/http.js';
import { isoDate } from '../../platform/validation.js';

const chainSchema = z.object({ id: z.number(), code: z.string(), name: z.string(), cluster: z.string(), validFrom: z.string(), validTo: z.string().nullable(), sortOrder: z.number(), projects: z.number() });

/**
 * The industry-chain taxonomy (四群八链), versioned by validity dates: a change of the taxonomy is a
 * new chain valid from a date and the old one retired (valid_to) — projects keep the chain they
 * were counted under, so a past year's figures stay as they were. Names may be corrected in place.
 */
export async function chainRoutes(app: App) {
  const gj: Services = app.gj;

  async function list() {
    const rows = await gj.db
      .selectFrom('chains')
      .leftJoin('projects', 'projects.chain_id', 'chains.id')
      .select(['chains.id', 'chains.code', 'chains.name', 'chains.cluster', 'chains.valid_from', 'chains.valid_to', 'chains.sort_order', (eb) => eb.fn.count('projects.id').as('projects')])
      .groupBy(['chains.id', 'chains.code', 'chains.name', 'chains.cluster', 'chains.valid_from', 'chains.valid_to', 'chains.sort_order'])
      .orderBy('chains.sort_order')
      .orderBy('chains.id')
      .execute();
    return rows.map((c) => ({ id: c.id, code: c.code, name: c.name, cluster: c.cluster, validFrom: c.valid_from, validTo: c.valid_to, sortOrder: c.sort_order, projects: Number(c.projects) }));
  }

  app.get(
    '/api/chains',
    {
      config: { auth: { permission: ['project:read', 'lead:read'] } },
      schema: { tags: ['chains'], summary: 'The industry-chain taxonomy (四群八链), with validity dates and how many projects use each chain', response: { 200: z.object({ items: z.array(chainSchema) }) } },
    },
    async () => ({ items: await list() }),
  );

  const fields = {
    name: z.string().trim().min(2).max(100),
    cluster: z.string().trim().min(2).max(100),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    sortOrder: z.number().int().min(0).max(10_000),
  };

  app.post(
    '/api/chains',
    {
      config: { auth: { permission: 'chain:write' } },
      schema: {
        tags: ['chains'],
        summary: 'Add a chain to the taxonomy, valid from a date',
        body: z.object({ ...fields, code: z.string().trim().min(2).max(64).regex(/^[a-z0-9-]+$/), validTo: fields.validTo.optional(), sortOrder: fields.sortOrder.optional() }),
        response: { 201: chainSchema, 400: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const b = request.body;
      if (b.validTo && b.validTo < b.validFrom) throw new AppError(400, 'CHAIN_VALIDITY');
      const id = await gj.db.transaction().execute(async (trx) => {
        if (await trx.selectFrom('chains').select('id').where('code', '=', b.code).executeTakeFirst()) throw new AppError(409, 'CHAIN_CODE_TAKEN', { code: b.code });
        const last = await trx.selectFrom('chains').select((eb) => eb.fn.max('sort_order').as('n')).executeTakeFirst();
        const row = await trx
          .insertInto('chains')
          .values({ code: b.code, name: b.name, cluster: b.cluster, valid_from: b.validFrom, valid_to: b.validTo ?? null, sort_order: b.sortOrder ?? Number(last?.n ?? 0) + 1 })
          .returning('id')
          .executeTakeFirstOrThrow();
        const after = await trx.selectFrom('chains').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
        await gj.audit.append(trx, request.ctx, { action: 'chain.create', objectType: 'chain', objectId: row.id, detail: diffRows(null, after) });
        return row.id;
      });
      request.audited = true;
      return reply.code(201).send((await list()).find((c) => c.id === id)!);
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
        body: z.object(fields).partial(),
        response: { 200: chainSchema, 400: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      const b = request.body;
      await gj.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('chains').selectAll().where('id', '=', request.params.id).executeTakeFirst();
        if (!before) throw notFound();
        const validFrom = b.validFrom ?? before.valid_from;
        const validTo = b.validTo === undefined ? before.valid_to : b.validTo;
        if (validTo && validTo < validFrom) throw new AppError(400, 'CHAIN_VALIDITY');
        await trx
          .updateTable('chains')
          .set({
            ...(b.name !== undefined ? { name: b.name } : {}),
            ...(b.cluster !== undefined ? { cluster: b.cluster } : {}),
            ...(b.sortOrder !== undefined ? { sort_order: b.sortOrder } : {}),
            valid_from: validFrom,
            valid_to: validTo,
          })
          .where('id', '=', before.id)
          .execute();
        const after = await trx.selectFrom('chains').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
        await gj.audit.append(trx, request.ctx, { action: 'chain.update', objectType: 'chain', objectId: before.id, detail: diffRows(before, after) });
      });
      request.audited = true;
      const found = (await list()).find((c) => c.id === request.params.id);
      if (!found) throw notFound();
      return found;
    },
  );
}
