import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { z } from 'zod';
import { UNIT_KINDS } from '../../../../common/permissions.js';
import { diffRows } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { actorOf, errorBody, idParams, noContent, type App } from '../../platform/http.js';
import { findUnit, insertUnit, listVisibleUnits, visibleUnitIds, type UnitRow } from './repo.js';

const unitSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  parentId: z.number().nullable(),
  path: z.string(),
  sortOrder: z.number(),
  disabled: z.boolean(),
});

function present(row: UnitRow): z.infer<typeof unitSchema> {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind as (typeof UNIT_KINDS)[number], parentId: row.parent_id, path: row.path, sortOrder: row.sort_order, disabled: row.disabled === 1 };
}

const unitFields = {
  code: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(UNIT_KINDS),
  sortOrder: z.number().int().min(0).max(100000),
};

export async function unitRoutes(app: App) {
  const gj = app.gj;
  const write = { auth: { permission: 'system:unit:write' as const } };

  async function loadForWrite(trx: Transaction<DB>, id: number): Promise<UnitRow> {
    const unit = await findUnit(trx, id);
    if (!unit) throw notFound();
    return unit;
  }

  app.get(
    '/api/units',
    { config: { auth: {} }, schema: { tags: ['units'], summary: 'The organisation tree as far as my data scope reaches (with ancestors)', response: { 200: z.object({ items: z.array(unitSchema) }) } } },
    async (request) => {
      const actor = actorOf(request);
      return { items: (await listVisibleUnits(gj.db, actor.scope, actor.unitId)).map(present) };
    },
  );

  app.get(
    '/api/units/:id',
    { config: { auth: {} }, schema: { tags: ['units'], summary: 'One unit', params: idParams, response: { 200: unitSchema, 404: errorBody } } },
    async (request) => {
      const actor = actorOf(request);
      const visible = await visibleUnitIds(gj.db, actor.scope, actor.unitId);
      if (visible !== 'all' && !visible.has(request.params.id)) throw notFound();
      const unit = await findUnit(gj.db, request.params.id);
      if (!unit) throw notFound();
      return present(unit);
    },
  );

  app.post(
    '/api/units',
    {
      config: write,
      schema: {
        tags: ['units'],
        summary: 'Add a unit under a parent',
        body: z.object({ ...unitFields, sortOrder: unitFields.sortOrder.default(0), parentId: z.number().int().positive() }),
        response: { 201: unitSchema, 400: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await gj.db.transaction().execute(async (trx) => {
        const parent = await trx.selectFrom('units').selectAll().where('id', '=', body.parentId).executeTakeFirst();
        if (!parent) throw new AppError(400, 'UNIT_NOT_FOUND');
        if (parent.disabled) throw new AppError(400, 'UNIT_DISABLED', { name: parent.name });
        const taken = await trx.selectFrom('units').select('id').where('code', '=', body.code).executeTakeFirst();
        if (taken) throw new AppError(409, 'UNIT_CODE_TAKEN', { code: body.code });
        const row = await insertUnit(trx, { code: body.code, name: body.name, kind: body.kind, parentId: body.parentId, sortOrder: body.sortOrder }, gj.clock.now());
        await gj.audit.append(trx, request.ctx, { action: 'unit.create', objectType: 'unit', objectId: row.id, detail: diffRows(null, row) });
        return row;
      });
      request.audited = true;
      return reply.code(201).send(present(created));
    },
  );

  app.patch(
    '/api/units/:id',
    {
      config: write,
      schema: { tags: ['units'], summary: 'Rename or re-code a unit', params: idParams, body: z.object(unitFields).partial(), response: { 200: unitSchema, 404: errorBody, 409: errorBody } },
    },
    async (request) => {
      const body = request.body;
      const updated = await gj.db.transaction().execute(async (trx) => {
        const before = await loadForWrite(trx, request.params.id);
        if (body.code && body.code !== before.code) {
          const taken = await trx.selectFrom('units').select('id').where('code', '=', body.code).executeTakeFirst();
          if (taken) throw new AppError(409, 'UNIT_CODE_TAKEN', { code: body.code });
        }
        await trx
          .updateTable('units')
          .set({ code: body.code ?? before.code, name: body.name ?? before.name, kind: body.kind ?? before.kind, sort_order: body.sortOrder ?? before.sort_order, updated_at: gj.clock.now().toISOString() })
          .where('id', '=', before.id)
          .execute();
        const after = await trx.selectFrom('units').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
        await gj.audit.append(trx, request.ctx, { action: 'unit.update', objectType: 'unit', objectId: before.id, detail: diffRows(before, after) });
        return after;
      });
      request.audited = true;
      return present(updated);
    },
  );

  app.post(
    '/api/units/:id/move',
    {
      config: write,
      schema: { tags: ['units'], summary: 'Move a unit (and its subtree) under another parent', params: idParams, body: z.object({ parentId: z.number().int().positive() }), response: { 200: unitSchema, 400: errorBody, 404: errorBody } },
    },
    async (request) => {
      const moved = await gj.db.transaction().execute(async (trx) => {
        const unit = await loadForWrite(trx, request.params.id);
        if (unit.parent_id === null) throw new AppError(400, 'UNIT_ROOT_FIXED');
        const parent = await trx.selectFrom('units').selectAll().where('id', '=', request.body.parentId).executeTakeFirst();
        if (!parent) throw new AppError(400, 'UNIT_NOT_FOUND');
        if (parent.path.startsWith(unit.path)) throw new AppError(400, 'UNIT_MOVE_CYCLE');
        if (parent.disabled) throw new AppError(400, 'UNIT_DISABLED', { name: parent.name });
        const newPath = `${parent.path}${unit.id}/`;
        // One statement rewrites the whole subtree's paths: the prefix is swapped for the new one.
        await trx
          .updateTable('units')
          .set({ path: sql<string>`${newPath} || substr(path, ${unit.path.length + 1})` })
          .where('path', 'like', `${unit.path}%`)
          .execute();
        await trx.updateTable('units').set({ parent_id: parent.id, updated_at: gj.clock.now().toISOString() }).where('id', '=', unit.id).execute();
        const after = await trx.selectFrom('units').selectAll().where('id', '=', unit.id).executeTakeFirstOrThrow();
        await gj.audit.append(trx, request.ctx, { action: 'unit.move', objectType: 'unit', objectId: unit.id, detail: diffRows(unit, after) });
        return after;
      });
      request.audited = true;
      return present(moved);
    },
  );

  for (const [verb, disabled] of [['disable', 1], ['enable', 0]] as const) {
    app.post(
      `/api/units/:id/${verb}`,
      { config: write, schema: { tags: ['units'], summary: verb === 'disable' ? 'Disable a unit' : 'Enable a unit again', params: idParams, response: { 200: unitSchema, 400: errorBody, 404: errorBody } } },
      async (request) => {
        const after = await gj.db.transaction().execute(async (trx) => {
          const unit = await loadForWrite(trx, request.params.id);
          if (unit.parent_id === null) throw new AppError(400, 'UNIT_ROOT_FIXED');
          await trx.updateTable('units').set({ disabled, updated_at: gj.clock.now().toISOString() }).where('id', '=', unit.id).execute();
          const row = await trx.selectFrom('units').selectAll().where('id', '=', unit.id).executeTakeFirstOrThrow();
          await gj.audit.append(trx, request.ctx, { action: `unit.${verb}`, objectType: 'unit', objectId: unit.id, detail: diffRows(unit, row) });
          return row;
        });
        request.audited = true;
        return present(after);
      },
    );
  }

  app.delete(
    '/api/units/:id',
    { config: write, schema: { tags: ['units'], summary: 'Delete a unit that nothing refers to', params: idParams, response: { 204: z.null(), 404: errorBody, 409: errorBody } } },
    async (request, reply) => {
      await gj.db.transaction().execute(async (trx) => {
        const unit = await loadForWrite(trx, request.params.id);
        if (unit.parent_id === null) throw new AppError(400, 'UNIT_ROOT_FIXED');
        const child = await trx.selectFrom('units').select('id').where('parent_id', '=', unit.id).executeTakeFirst();
        const user = await trx.selectFrom('users').select('id').where('unit_id', '=', unit.id).executeTakeFirst();
        const role = await trx.selectFrom('role_units').select('role_id').where('unit_id', '=', unit.id).executeTakeFirst();
        if (child || user || role) throw new AppError(409, 'UNIT_IN_USE', { name: unit.name });
        await trx.deleteFrom('units').where('id', '=', unit.id).execute();
        await gj.audit.append(trx, request.ctx, { action: 'unit.delete', objectType: 'unit', objectId: unit.id, detail: diffRows(unit, null) });
      });
      request.audited = true;
      return noContent(reply);
    },
  );
}
