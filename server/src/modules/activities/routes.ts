import { z } from 'zod';
import { ACTIVITY_TYPES } from '../../../../common/leads.js';
import type { Permission } from '../../../../common/permissions.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { checkAttachment, MAX_ATTACHMENT_BYTES } from '../../platform/files.js';
import { actorOf, errorBody, idParams, pageQuery, type App, type Services } from '../../platform/http.js';
import { iso, loadLeadForWrite, recordLeadEvent, touchByActivity } from '../leads/service.js';
import { scopedLeads } from '../leads/repo.js';
import { scopedProjects } from '../projects/repo.js';
import { scopeAllowsUnit } from '../../platform/scope.js';
import { isoDate } from '../../platform/validation.js';
import { loadForWrite, recordEvent } from '../projects/service.js';

/**
 * Field work (走访, 接待, 洽谈, 考察, 签约仪式) logged against a lead or a project, by districts
 * and resident offices alike. An activity is visible with what it is logged against.
 */
const activityBody = z.object({
  type: z.enum(ACTIVITY_TYPES),
  date: isoDate,
  place: z.string().trim().max(200).nullable().optional(),
  ourPeople: z.string().trim().max(500).nullable().optional(),
  theirPeople: z.string().trim().max(500).nullable().optional(),
  notes: z.string().max(5000).nullable().optional(),
  /** Who did it, when not the user's own unit: e.g. the commerce bureau logging for its 驻上海招商组. */
  unitId: z.number().int().positive().optional(),
});

const attachmentSchema = z.object({ id: z.number(), fileName: z.string(), size: z.number(), uploadedAt: z.string() });
const activitySchema = z.object({
  id: z.number(),
  leadId: z.number().nullable(),
  projectId: z.number().nullable(),
  subject: z.string().nullable(),
  unitId: z.number(),
  unitName: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  date: z.string(),
  place: z.string().nullable(),
  ourPeople: z.string().nullable(),
  theirPeople: z.string().nullable(),
  notes: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  attachments: z.array(attachmentSchema),
});

export async function activityRoutes(app: App) {
  const gj: Services = app.gj;
  // Files arrive as the request body itself, as for project attachments.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));

  function baseQuery() {
    return gj.db
      .selectFrom('activities')
      .innerJoin('units', 'units.id', 'activities.unit_id')
      .leftJoin('users', 'users.id', 'activities.created_by')
      .leftJoin('leads as l', 'l.id', 'activities.lead_id')
      .leftJoin('projects as p', 'p.id', 'activities.project_id')
      .select(['activities.id', 'activities.lead_id', 'activities.project_id', 'l.title as lead_title', 'p.name as project_name', 'activities.unit_id', 'units.name as unit_name', 'activities.type', 'activities.date', 'activities.place', 'activities.our_people', 'activities.their_people', 'activities.notes', 'users.display_name', 'activities.created_at']);
  }

  async function present(rows: Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>): Promise<z.infer<typeof activitySchema>[]> {
    const ids = rows.map((r) => r.id);
    const files = ids.length ? await gj.db.selectFrom('activity_attachments').select(['id', 'activity_id', 'file_name', 'size', 'uploaded_at']).where('activity_id', 'in', ids).orderBy('id').execute() : [];
    return rows.map((r) => ({
      id: r.id,
      leadId: r.lead_id,
      projectId: r.project_id,
      subject: r.lead_title ?? r.project_name ?? null,
      unitId: r.unit_id,
      unitName: r.unit_name,
      type: r.type as (typeof ACTIVITY_TYPES)[number],
      date: r.date,
      place: r.place,
      ourPeople: r.our_people,
      theirPeople: r.their_people,
      notes: r.notes,
      createdBy: r.display_name,
      createdAt: iso(r.created_at)!,
      attachments: files.filter((f) => f.activity_id === r.id).map((f) => ({ id: f.id, fileName: f.file_name, size: f.size, uploadedAt: iso(f.uploaded_at)! })),
    }));
  }

  async function leadVisible(ctx: RequestContext, id: number) {
    if (!(await scopedLeads(gj.db, gj.dialect, ctx.actor!.scope).select('leads.id').where('leads.id', '=', id).executeTakeFirst())) throw notFound();
  }
  async function projectVisible(ctx: RequestContext, id: number) {
    if (!(await scopedProjects(gj.db, gj.dialect, ctx.actor!.scope).select('projects.id').where('projects.id', '=', id).executeTakeFirst())) throw notFound();
  }

  for (const target of ['leads', 'projects'] as const) {
    const readPermission: Permission = target === 'leads' ? 'lead:read' : 'project:read';
    const writePermission: Permission = target === 'leads' ? 'lead:write' : 'project:write';
    const column = target === 'leads' ? 'activities.lead_id' : 'activities.project_id';

    app.get(
      `/api/${target}/:id/activities`,
      { config: { auth: { permission: readPermission } }, schema: { tags: ['activities'], summary: `Field activities logged against one of my ${target}`, params: idParams, response: { 200: z.object({ items: z.array(activitySchema) }), 404: errorBody } } },
      async (request) => {
        await (target === 'leads' ? leadVisible : projectVisible)(request.ctx, request.params.id);
        return { items: await present(await baseQuery().where(column, '=', request.params.id).orderBy('activities.date', 'desc').orderBy('activities.id', 'desc').limit(500).execute()) };
      },
    );

    app.post(
      `/api/${target}/:id/activities`,
      { config: { auth: { permission: writePermission } }, schema: { tags: ['activities'], summary: `Log a visit, reception, negotiation, inspection or signing ceremony against a ${target.slice(0, -1)} (counts as the lead's progress)`, params: idParams, body: activityBody, response: { 201: activitySchema, 400: errorBody, 403: errorBody, 404: errorBody } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const b = request.body;
        const unitId = b.unitId ?? actor.unitId;
        if (!scopeAllowsUnit(actor.scope, unitId) && unitId !== actor.unitId) throw new AppError(400, 'UNIT_NOT_FOUND');
        const id = await gj.db.transaction().execute(async (trx) => {
          if (target === 'leads') await loadLeadForWrite(trx, request.ctx, request.params.id);
          else await loadForWrite(gj, trx, request.ctx, request.params.id);
          const row = await trx
            .insertInto('activities')
            .values({ lead_id: target === 'leads' ? request.params.id : null, project_id: target === 'projects' ? request.params.id : null, unit_id: unitId, type: b.type, date: b.date, place: b.place ?? null, our_people: b.ourPeople ?? null, their_people: b.theirPeople ?? null, notes: b.notes ?? null, created_by: actor.userId, created_at: gj.clock.now().toISOString() })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (target === 'leads') {
            await touchByActivity(trx, gj, request.params.id);
            await recordLeadEvent(trx, gj, request.ctx, request.params.id, 'activity', null, b.type, b.notes?.slice(0, 200) ?? null, { activityId: row.id, date: b.date });
          } else await recordEvent(trx, gj, request.ctx, request.params.id, 'activity', null, b.type, null, { activityId: row.id, date: b.date });
          await gj.audit.append(trx, request.ctx, { action: 'activity.create', objectType: target === 'leads' ? 'lead' : 'project', objectId: request.params.id, detail: { activityId: row.id, ...b } });
          return row.id;
        });
        request.audited = true;
        const [item] = await present(await baseQuery().where('activities.id', '=', id).execute());
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
        querystring: z.object({ ...pageQuery, type: z.enum(ACTIVITY_TYPES).optional(), from: isoDate.optional(), to: isoDate.optional() }),
        response: { 200: z.object({ items: z.array(activitySchema), total: z.number() }) },
      },
    },
    async (request) => {
      const scope = actorOf(request).scope;
      const { page, pageSize, type, from, to } = request.query;
      let q = baseQuery();
      let count = gj.db.selectFrom('activities').select((eb) => eb.fn.countAll().as('n'));
      if (!scope.all) {
        const units = scope.unitIds.length ? scope.unitIds : [-1];
        q = q.where('activities.unit_id', 'in', units);
        count = count.where('activities.unit_id', 'in', units);
      }
      if (type) {
        q = q.where('activities.type', '=', type);
        count = count.where('activities.type', '=', type);
      }
      if (from) {
        q = q.where('activities.date', '>=', from);
        count = count.where('activities.date', '>=', from);
      }
      if (to) {
        q = q.where('activities.date', '<=', to);
        count = count.where('activities.date', '<=', to);
      }
      const [rows, total] = await Promise.all([q.orderBy('activities.date', 'desc').orderBy('activities.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(), count.executeTakeFirstOrThrow()]);
      return { items: await present(rows), total: Number(total.n) };
    },
  );

  /** An activity is readable with its lead or project; writable by whoever may write those. */
  async function activityFor(ctx: RequestContext, id: number, write: boolean) {
    const row = await gj.db.selectFrom('activities').select(['id', 'lead_id', 'project_id']).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const actor = ctx.actor!;
    if (row.lead_id) {
      if (!actor.permissions.has(write ? 'lead:write' : 'lead:read')) throw notFound();
      if (write) await gj.db.transaction().execute((trx) => loadLeadForWrite(trx, ctx, row.lead_id!));
      else await leadVisible(ctx, row.lead_id);
    } else if (row.project_id) {
      if (!actor.permissions.has(write ? 'project:write' : 'project:read')) throw notFound();
      if (write) await gj.db.transaction().execute((trx) => loadForWrite(gj, trx, ctx, row.project_id!));
      else await projectVisible(ctx, row.project_id);
    }
    return row;
  }

  app.post(
    '/api/activities/:id/attachments',
    {
      config: { auth: { permission: ['lead:write', 'project:write'] } },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: { tags: ['activities'], summary: 'Attach a photo or document to an activity (the body; its name in ?name=), type checked by content, ≤ 20 MB', params: idParams, querystring: z.object({ name: z.string().trim().min(1).max(200) }), response: { 201: attachmentSchema, 400: errorBody, 404: errorBody, 413: errorBody } },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'ATTACHMENT_TYPE', { name: request.query.name });
      const bytes = request.body;
      const mime = checkAttachment(request.query.name, bytes);
      const activity = await activityFor(request.ctx, request.params.id, true);
      const stored = gj.files.put(bytes);
      try {
        const now = gj.clock.now().toISOString();
        const id = await gj.db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('activity_attachments')
            .values({ activity_id: activity.id, file_name: request.query.name, mime, size: bytes.length, sha256: stored.sha256, storage_key: stored.key, uploaded_by: actorOf(request).userId, uploaded_at: now })
            .returning('id')
            .executeTakeFirstOrThrow();
          await gj.audit.append(trx, request.ctx, { action: 'activity.attachment-add', objectType: 'activity', objectId: activity.id, detail: { fileName: request.query.name, size: bytes.length, sha256: stored.sha256 } });
          return row.id;
        });
        request.audited = true;
        return reply.code(201).send({ id, fileName: request.query.name, size: bytes.length, uploadedAt: now });
      } catch (err) {
        gj.files.remove(stored.key);
        throw err;
      }
    },
  );

  app.get(
    '/api/activities/:id/attachments/:attachmentId',
    {
      config: { auth: { permission: ['lead:read', 'project:read'] } },
      schema: { tags: ['activities'], summary: 'Download an activity attachment (audited)', params: z.object({ id: z.coerce.number().int().positive(), attachmentId: z.coerce.number().int().positive() }) },
    },
    async (request, reply) => {
      await activityFor(request.ctx, request.params.id, false);
      const row = await gj.db.selectFrom('activity_attachments').selectAll().where('id', '=', request.params.attachmentId).where('activity_id', '=', request.params.id).executeTakeFirst();
      if (!row) throw notFound();
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'activity.attachment-download', objectType: 'activity', objectId: request.params.id, detail: { attachmentId: row.id, fileName: row.file_name } });
      return reply
        .header('Content-Type', row.mime)
        .header('Content-Disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(row.file_name)}`)
        .send(gj.files.get(row.storage_key));
    },
  );
}
