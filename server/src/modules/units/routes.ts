import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { actorOf, errorBody, idParams, noContent, type App } from '../../platform/http.js';
import { presentUnit } from './presenter.js';
import { findVisibleUnit, listVisibleUnits } from './repo.js';
import { createUnitBody, moveUnitBody, unitSchema, updateUnitBody } from './schema.js';
import { createUnit, deleteUnit, moveUnit, setUnitDisabled, updateUnit } from './service.js';

export async function unitRoutes(app: App) {
  const gj = app.gj;
  const write = { auth: { permission: 'system:unit:write' as const } };

  app.get(
    '/api/units',
    { config: { auth: {} }, schema: { tags: ['units'], summary: 'The organisation tree as far as my data scope reaches (with ancestors)', response: { 200: z.object({ items: z.array(unitSchema) }) } } },
    async (request) => {
      const actor = actorOf(request);
      return { items: (await listVisibleUnits(gj.db, actor.scope, actor.unitId)).map(presentUnit) };
    },
  );

  app.get(
    '/api/units/:id',
    { config: { auth: {} }, schema: { tags: ['units'], summary: 'One unit', params: idParams, response: { 200: unitSchema, 404: errorBody } } },
    async (request) => {
      const actor = actorOf(request);
      const unit = await findVisibleUnit(gj.db, actor.scope, actor.unitId, request.params.id);
      if (!unit) throw notFound();
      return presentUnit(unit);
    },
  );

  app.post(
    '/api/units',
    { config: write, schema: { tags: ['units'], summary: 'Add a unit under a parent', body: createUnitBody, response: { 201: unitSchema, 400: errorBody, 409: errorBody } } },
    async (request, reply) => {
      const created = await createUnit(gj, request.ctx, request.body);
      request.audited = true;
      return reply.code(201).send(presentUnit(created));
    },
  );

  app.patch(
    '/api/units/:id',
    { config: write, schema: { tags: ['units'], summary: 'Rename or re-code a unit', params: idParams, body: updateUnitBody, response: { 200: unitSchema, 404: errorBody, 409: errorBody } } },
    async (request) => {
      const updated = await updateUnit(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return presentUnit(updated);
    },
  );

  app.post(
    '/api/units/:id/move',
    { config: write, schema: { tags: ['units'], summary: 'Move a unit (and its subtree) under another parent', params: idParams, body: moveUnitBody, response: { 200: unitSchema, 400: errorBody, 404: errorBody } } },
    async (request) => {
      const moved = await moveUnit(gj, request.ctx, request.params.id, request.body.parentId);
      request.audited = true;
      return presentUnit(moved);
    },
  );

  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(
      `/api/units/:id/${verb}`,
      { config: write, schema: { tags: ['units'], summary: verb === 'disable' ? 'Disable a unit' : 'Enable a unit again', params: idParams, response: { 200: unitSchema, 400: errorBody, 404: errorBody } } },
      async (request) => {
        const after = await setUnitDisabled(gj, request.ctx, request.params.id, disabled);
        request.audited = true;
        return presentUnit(after);
      },
    );
  }

  app.delete(
    '/api/units/:id',
    { config: write, schema: { tags: ['units'], summary: 'Delete a unit that nothing refers to', params: idParams, response: { 204: z.null(), 404: errorBody, 409: errorBody } } },
    async (request, reply) => {
      await deleteUnit(gj, request.ctx, request.params.id);
      request.audited = true;
      return noContent(reply);
    },
  );
}
