import { z } from 'zod';
import type { Permission } from '../../../../common/permissions.js';
import { AppError } from '../../platform/errors.js';
import { MAX_ATTACHMENT_BYTES } from '../../platform/files.js';
import { actorOf, errorBody, idParams, sendStoredFile, type App, type Services } from '../../platform/http.js';
import { assertTargetReadable } from './policy.js';
import { presentActivities } from './presenter.js';
import { activitiesOf, activityById, activityLog, attachmentsOf, type ActivityRow } from './repo.js';
import { activityAttachmentSchema, activityBody, activityLogQuery, activitySchema, attachmentParams, attachmentQuery } from './schema.js';
import { activityAttachmentForDownload, addActivityAttachment, logActivity } from './service.js';

/** Field work's HTTP surface: declare permission and schemas, call the service, present. */
export async function activityRoutes(app: App) {
  const gj: Services = app.gj;
  // Files arrive as the request body itself, as for project attachments.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));

  const present = async (rows: ActivityRow[]) => presentActivities(rows, await attachmentsOf(gj.db, rows.map((r) => r.id)));

  for (const target of ['leads', 'projects'] as const) {
    const readPermission: Permission = target === 'leads' ? 'lead:read' : 'project:read';
    const writePermission: Permission = target === 'leads' ? 'lead:write' : 'project:write';
    const on = (id: number) => (target === 'leads' ? { leadId: id, projectId: null } : { leadId: null, projectId: id });

    app.get(
      `/api/${target}/:id/activities`,
      { config: { auth: { permission: readPermission } }, schema: { tags: ['activities'], summary: `Field activities logged against one of my ${target}`, params: idParams, response: { 200: z.object({ items: z.array(activitySchema) }), 404: errorBody } } },
      async (request) => {
        await assertTargetReadable(gj.db, actorOf(request), on(request.params.id));
        return { items: await present(await activitiesOf(gj.db, target === 'leads' ? { leadId: request.params.id } : { projectId: request.params.id })) };
      },
    );

    app.post(
      `/api/${target}/:id/activities`,
      { config: { auth: { permission: writePermission } }, schema: { tags: ['activities'], summary: `Log a visit, reception, negotiation, inspection or signing ceremony against a ${target.slice(0, -1)} (counts as the lead's progress)`, params: idParams, body: activityBody, response: { 201: activitySchema, 400: errorBody, 403: errorBody, 404: errorBody } } },
      async (request, reply) => {
        const id = await logActivity(gj, request.ctx, on(request.params.id) as Parameters<typeof logActivity>[2], request.body);
        request.audited = true;
        const [item] = await present(await activityById(gj.db, id));
        return reply.code(201).send(item!);
      },
    );
  }

  app.get(
    '/api/activities',
    {
      config: { auth: { permission: 'lead:read' } },
      schema: {
        tags: ['activities'],
        summary: 'The field-work log of my units (who went where, when, with whom), newest first, paged in the database',
        querystring: activityLogQuery,
        response: { 200: z.object({ items: z.array(activitySchema), total: z.number() }) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const { rows, total } = await activityLog(gj.db, actorOf(request).scope, filter, page, pageSize);
      return { items: await present(rows), total };
    },
  );

  app.post(
    '/api/activities/:id/attachments',
    {
      config: { auth: { permission: ['lead:write', 'project:write'] } },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: { tags: ['activities'], summary: 'Attach a photo or document to an activity (the body; its name in ?name=), type checked by content, ≤ 20 MB', params: idParams, querystring: attachmentQuery, response: { 201: activityAttachmentSchema, 400: errorBody, 404: errorBody, 413: errorBody } },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'ATTACHMENT_TYPE', { name: request.query.name });
      const added = await addActivityAttachment(gj, request.ctx, request.params.id, request.query.name, request.body);
      request.audited = true;
      return reply.code(201).send(added);
    },
  );

  app.get(
    '/api/activities/:id/attachments/:attachmentId',
    { config: { auth: { permission: ['lead:read', 'project:read'] } }, schema: { tags: ['activities'], summary: 'Download an activity attachment (audited)', params: attachmentParams } },
    async (request, reply) => {
      const row = await activityAttachmentForDownload(gj, request.ctx, request.params.id, request.params.attachmentId);
      request.audited = true;
      return sendStoredFile(reply, gj.files, row);
    },
  );
}
