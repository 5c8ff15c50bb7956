import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { MAX_ATTACHMENT_BYTES } from '../../platform/files.js';
import { actorOf, auditAlone, errorBody, idParams, sendStoredFile, type App, type Services } from '../../platform/http.js';
import { chinaToday } from '../dispatch/index.js';
import { agendaDocx } from './agenda-document.js';
import { actionsFor, canReadCityPapers } from './policy.js';
import { presentAgenda, presentDetail, presentSummary, scorecard } from './presenter.js';
import { enterpriseOfActor } from '../enterprises/index.js';
import { agendaRows, attachmentsOf, coUnitsOf, departments, eventsOf, listProblems, problemById, rootUnitName, scorecardFacts } from './repo.js';
import {
  agendaItemSchema,
  answerBody,
  assignBody,
  attachmentParams,
  attachmentQuery,
  confirmBody,
  decisionBody,
  listQuery,
  problemAttachmentSchema,
  problemDetailSchema,
  problemSummarySchema,
  raiseBody,
  scorecardQuery,
  scorecardRowSchema,
} from './schema.js';
import { addProblemAttachment, loadReadable, answerProblem, assignProblem, confirmProblem, problemAttachmentForDownload, raiseProblem, recordDecision } from './service.js';
import { chinaYearStart } from '../../platform/china-time.js';

/** Problems' HTTP surface: declare permission and schemas, call the service, present. */
export async function problemRoutes(app: App) {
  const gj: Services = app.gj;
  const tags = ['problems'];
  const now = () => gj.clock.now();
  // Files arrive as the request body itself, as for project and activity attachments.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));

  /** The detail as the actor may see it (404 when it may not). */
  async function detail(request: { ctx: import('../../platform/context.js').RequestContext }, id: number) {
    const actor = request.ctx.actor!;
    const { record, enterprise } = await loadReadable(gj.db, actor, id);
    const [row, events, co, files] = await Promise.all([problemById(gj.db, id), eventsOf(gj.db, [id]), coUnitsOf(gj.db, id), attachmentsOf(gj.db, id)]);
    return presentDetail(row!, events, co, files, actionsFor(actor, enterprise, record), now(), chinaToday(now()));
  }

  app.post(
    '/api/problems',
    { config: { auth: { permission: 'problem:write' } }, schema: { tags, summary: 'Raise a problem (a unit about a project of its scope; an enterprise contact about its own project or company)', body: raiseBody, response: { 201: z.object({ id: z.number(), code: z.string() }), 400: errorBody } } },
    async (request, reply) => {
      const id = await raiseProblem(gj, request.ctx, request.body);
      request.audited = true;
      const row = await problemById(gj.db, id);
      return reply.code(201).send({ id, code: row!.code });
    },
  );

  app.get(
    '/api/problems',
    { config: { auth: { permission: 'problem:read' } }, schema: { tags, summary: 'The problems I may see, newest first, paged in the database', querystring: listQuery, response: { 200: z.object({ items: z.array(problemSummarySchema), total: z.number() }) } } },
    async (request) => {
      const actor = actorOf(request);
      const { page, pageSize, overdue, handling, ...f } = request.query;
      const today = chinaToday(now());
      const { rows, total } = await listProblems(gj.db, gj.dialect, actor, await enterpriseOfActor(gj.db, actor), { ...f, overdue: overdue === 'true', handlerUnitId: handling ? actor.unitId : undefined }, today, page, pageSize);
      return { items: rows.map((r) => presentSummary(r, today)), total };
    },
  );

  app.get(
    '/api/problems/agenda',
    { config: { auth: { permission: 'problem:read' } }, schema: { tags, summary: 'The leading group’s agenda: overdue problems with who has held each and for how long (city-wide readers)', response: { 200: z.object({ items: z.array(agendaItemSchema) }), 403: errorBody } } },
    async (request) => ({ items: await agenda(actorOf(request)) }),
  );

  async function agenda(actor: import('../../platform/context.js').Actor) {
    if (!actor.scope.all) throw new AppError(403, 'FORBIDDEN');
    const rows = await agendaRows(gj.db);
    return presentAgenda(rows, await eventsOf(gj.db, rows.map((r) => r.id)), now(), chinaToday(now()));
  }

  app.get(
    '/api/problems/agenda.docx',
    { config: { auth: { permission: 'problem:read' } }, schema: { tags, summary: 'The agenda as the meeting’s Word list (调度会议题清单), audited' } },
    async (request, reply) => {
      const items = await agenda(actorOf(request));
      const city = await rootUnitName(gj.db);
      const today = chinaToday(now());
      const buffer = await agendaDocx(items, { city, dateText: `${Number(today.slice(0, 4))}年${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日` });
      await auditAlone(app, request, { action: 'problem.agenda-export', objectType: 'problem', objectId: null, detail: { items: items.length } });
      const name = `调度会议题清单-${today}.docx`;
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('Content-Disposition', `attachment; filename="agenda.docx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(buffer);
    },
  );

  app.get(
    '/api/problems/scorecard',
    { config: { auth: { permission: 'problem:read' } }, schema: { tags, summary: 'Department scorecard per month: received, closed, median days to close, overdue rate, satisfaction, sent back', querystring: scorecardQuery, response: { 200: z.object({ items: z.array(scorecardRowSchema), totals: z.array(scorecardRowSchema) }), 403: errorBody } } },
    async (request) => {
      const actor = actorOf(request);
      if (!canReadCityPapers(actor)) throw new AppError(403, 'FORBIDDEN');
      const year = request.query.year;
      const depts = await departments(gj.db, null);
      const facts = await scorecardFacts(gj.db, chinaYearStart(year), chinaYearStart(year + 1), null);
      return scorecard(year, depts, facts, chinaToday(now()));
    },
  );

  app.get(
    '/api/problems/:id',
    { config: { auth: { permission: 'problem:read' } }, schema: { tags, summary: 'One problem with its timeline, attachments, 超时倒查 and what I may do next', params: idParams, response: { 200: problemDetailSchema, 404: errorBody } } },
    async (request) => detail(request, request.params.id),
  );

  app.post(
    '/api/problems/:id/assign',
    { config: { auth: { permission: 'problem:assign' } }, schema: { tags, summary: '交办: assign to a lead department (and co-handling ones) with a deadline — the category’s when not given', params: idParams, body: assignBody, response: { 200: problemDetailSchema, 400: errorBody, 404: errorBody, 409: errorBody } } },
    async (request) => {
      await assignProblem(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/api/problems/:id/answer',
    { config: { auth: { permission: 'problem:handle' } }, schema: { tags, summary: '办理结果: the lead department answers', params: idParams, body: answerBody, response: { 200: problemDetailSchema, 403: errorBody, 404: errorBody, 409: errorBody } } },
    async (request) => {
      await answerProblem(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/api/problems/:id/confirm',
    { config: { auth: { permission: 'problem:write' } }, schema: { tags, summary: 'The raiser confirms: satisfied closes it (销号) with a rating 1–5; not satisfied sends it back with a reason', params: idParams, body: confirmBody, response: { 200: problemDetailSchema, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } } },
    async (request) => {
      await confirmProblem(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/api/problems/:id/decisions',
    { config: { auth: { permission: 'problem:assign' } }, schema: { tags, summary: 'Record a decision of the leading group’s meeting on the problem', params: idParams, body: decisionBody, response: { 200: problemDetailSchema, 404: errorBody, 409: errorBody } } },
    async (request) => {
      await recordDecision(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/api/problems/:id/attachments',
    {
      config: { auth: { permission: ['problem:write', 'problem:handle', 'problem:assign'] } },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: { tags, summary: 'Attach a photo (straight from the phone’s camera) or a document (the body; its name in ?name=), type checked by content, ≤ 20 MB', params: idParams, querystring: attachmentQuery, response: { 201: problemAttachmentSchema, 400: errorBody, 403: errorBody, 404: errorBody, 413: errorBody } },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'ATTACHMENT_TYPE', { name: request.query.name });
      const added = await addProblemAttachment(gj, request.ctx, request.params.id, request.query.name, request.body);
      request.audited = true;
      return reply.code(201).send(added);
    },
  );

  app.get(
    '/api/problems/:id/attachments/:attachmentId',
    { config: { auth: { permission: 'problem:read' } }, schema: { tags, summary: 'Download a problem’s attachment (audited)', params: attachmentParams } },
    async (request, reply) => {
      const row = await problemAttachmentForDownload(gj, request.ctx, request.params.id, request.params.attachmentId);
      request.audited = true;
      return sendStoredFile(reply, gj.files, row);
    },
  );
}
