import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { defaultProjectColumns, isLocalDesk } from '../../../../common/ledger-columns.js';
import { chinaDay } from '../../platform/china-time.js';
import { acceptLedgerFiles, ledgerImportQuery, ledgerImportReport, XLSX_TYPE } from '../../platform/excel/http.js';
import { MAX_UPLOAD_BYTES } from '../../platform/excel/workbook.js';
import { AppError, notFound } from '../../platform/errors.js';
import { MAX_ATTACHMENT_BYTES } from '../../platform/files.js';
import { actorOf, errorBody, idParams, noContent, sendStoredFile, type App, type Services } from '../../platform/http.js';
import { unitsToWan } from '../../platform/money.js';
import { reportUnitName, type DataScope } from '../../platform/scope.js';
import { importProjects, LEDGER_FIELDS } from './excel.js';
import { projectTemplate, writeProjectsXlsx } from './export.js';
import { presentAttachment, presentDetail, presentSummary } from './presenter.js';
import { attachmentsInScope, chainNames, listProjects, projectDetailRows } from './repo.js';
import { attachmentParams, attachmentQuery, createBody, exportQuery, listQuery, patchBody, projectAttachmentSchema, projectDetailSchema, projectListSchema, stageBody, statusBody } from './schema.js';
import { addProject, addProjectAttachment, attachmentForDownload, changeStage, changeStatus, removeProjectAttachment, updateProject } from './service.js';

const attachment = (name: string) => `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** The project ledger's HTTP surface: declare permission and schemas, call the service, present. */
export async function projectRoutes(app: App) {
  const gj: Services = app.gj;

  async function detail(scope: DataScope, id: number) {
    const found = await projectDetailRows(gj.db, gj.dialect, scope, id);
    if (!found) throw notFound();
    return presentDetail(found.row, found.stages, found.events, gj.clock.now().toISOString().slice(0, 10));
  }

  app.get(
    '/api/projects',
    {
      config: { auth: { permission: 'project:read' } },
      schema: {
        tags: ['projects'],
        summary: 'The project ledger in my data scope: filters, search (substring, pinyin initials, code, USCC), paged in the database, with the count and total investment of all matches',
        querystring: listQuery,
        response: { 200: projectListSchema },
      },
    },
    async (request) => {
      const { page, pageSize, sort, order, stage, ...filter } = request.query;
      const { rows, total, totalInvestmentYuan } = await listProjects(gj.db, gj.dialect, actorOf(request).scope, { ...filter, stages: stage === undefined ? undefined : ([] as string[]).concat(stage) }, page, pageSize, sort, order);
      return { items: rows.map(presentSummary), total, totalInvestmentWan: unitsToWan(totalInvestmentYuan) ?? 0 };
    },
  );

  app.get(
    '/api/projects/:id',
    { config: { auth: { permission: 'project:read' } }, schema: { tags: ['projects'], summary: 'One project with its lifecycle and timeline', params: idParams, response: { 200: projectDetailSchema, 404: errorBody } } },
    async (request) => detail(actorOf(request).scope, request.params.id),
  );

  app.post(
    '/api/projects',
    { config: { auth: { permission: 'project:write' } }, schema: { tags: ['projects'], summary: 'Create a project (code generated when absent)', body: createBody, response: { 201: projectDetailSchema, 400: errorBody, 409: errorBody } } },
    async (request, reply) => {
      const id = await addProject(gj, request.ctx, request.body);
      request.audited = true;
      return reply.code(201).send(await detail(actorOf(request).scope, id));
    },
  );

  app.patch(
    '/api/projects/:id',
    {
      config: { auth: { permission: 'project:write' } },
      schema: { tags: ['projects'], summary: 'Edit a project; a stale version answers 409 and nothing is overwritten', params: idParams, body: patchBody, response: { 200: projectDetailSchema, 400: errorBody, 404: errorBody, 409: errorBody } },
    },
    async (request) => {
      await updateProject(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return detail(actorOf(request).scope, request.params.id);
    },
  );

  app.post(
    '/api/projects/:id/stage',
    {
      config: { auth: { permission: 'project:write' } },
      schema: { tags: ['projects'], summary: 'Advance (with the actual date) or go back (with a reason) in the lifecycle', params: idParams, body: stageBody, response: { 200: projectDetailSchema, 400: errorBody, 404: errorBody, 409: errorBody } },
    },
    async (request) => {
      await changeStage(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return detail(actorOf(request).scope, request.params.id);
    },
  );

  app.post(
    '/api/projects/:id/status',
    {
      config: { auth: { permission: 'project:write' } },
      schema: { tags: ['projects'], summary: 'Suspend, terminate (with a reason) or resume a project', params: idParams, body: statusBody, response: { 200: projectDetailSchema, 400: errorBody, 404: errorBody, 409: errorBody } },
    },
    async (request) => {
      await changeStatus(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return detail(actorOf(request).scope, request.params.id);
    },
  );

  acceptLedgerFiles(app);

  app.post(
    '/api/projects/import',
    {
      config: { auth: { permission: 'project:import' } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['projects'],
        summary: 'Import a ledger (.xlsx/.xls as the body): a dry run by default; commit=true writes all accepted rows in one transaction',
        querystring: ledgerImportQuery(LEDGER_FIELDS),
        response: { 200: ledgerImportReport, 400: errorBody, 413: errorBody },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
      const report = await importProjects(gj, request.ctx, request.body, request.query.unitId, { dryRun: !request.query.commit, lang: request.ctx.lang, mapping: request.query.mapping });
      request.audited = true;
      return report;
    },
  );

  app.get(
    '/api/projects/export',
    {
      config: { auth: { permission: 'project:export' } },
      schema: {
        tags: ['projects'],
        summary: 'The filtered ledger as an office .xlsx (title, exporting unit and date, 单位：万元, the chosen columns as the list names them, 合计), streamed; formula-like cells defused',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const { columns, lang: asked, stage, ...filter } = request.query;
      const actor = actorOf(request);
      const lang = asked ?? request.ctx.lang;
      const chosen = columns ?? defaultProjectColumns(isLocalDesk(actor.unitKind, actor.roles.map((r) => r.code)));
      const heading = { unitName: await reportUnitName(gj.db, actor, filter.unitId), exportedBy: actor.unitName };
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'project.export', objectType: 'project', detail: { filter: request.query, columns: chosen } });
      request.audited = true;
      const stream = new PassThrough();
      writeProjectsXlsx(stream, gj.db, gj.dialect, actor.scope, { ...filter, stages: stage === undefined ? undefined : ([] as string[]).concat(stage) }, { columns: chosen, lang, heading, at: gj.clock.now() }).catch((err) => {
        request.log.error({ err }, 'project export failed');
        stream.destroy(err as Error);
      });
      const name = `${lang === 'en-US' ? 'projects' : '项目台账'}-${chinaDay(gj.clock.now())}.xlsx`;
      return reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', attachment(name)).send(stream);
    },
  );

  app.get(
    '/api/projects/template',
    { config: { auth: { permission: 'project:import' } }, schema: { tags: ['projects'], summary: 'The import template with dropdowns from the dictionaries' } },
    async (_request, reply) => reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', attachment('项目台账导入模板.xlsx')).send(await projectTemplate(await chainNames(gj.db))),
  );

  app.get(
    '/api/projects/:id/attachments',
    { config: { auth: { permission: 'project:read' } }, schema: { tags: ['projects'], summary: "A project's attachments", params: idParams, response: { 200: z.object({ items: z.array(projectAttachmentSchema) }), 404: errorBody } } },
    async (request) => {
      const rows = await attachmentsInScope(gj.db, gj.dialect, actorOf(request).scope, request.params.id);
      if (!rows) throw notFound();
      return { items: rows.map(presentAttachment) };
    },
  );

  app.post(
    '/api/projects/:id/attachments',
    {
      config: { auth: { permission: 'project:write' } },
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: {
        tags: ['projects'],
        summary: 'Attach a file (the body; its name in ?name=): PDF, image or Office document, ≤ 20 MB, type checked by content',
        params: idParams,
        querystring: attachmentQuery,
        response: { 201: projectAttachmentSchema, 400: errorBody, 404: errorBody, 413: errorBody },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'ATTACHMENT_TYPE', { name: request.query.name });
      const row = await addProjectAttachment(gj, request.ctx, request.params.id, request.query.name, request.body);
      request.audited = true;
      return reply.code(201).send(presentAttachment(row));
    },
  );

  app.get(
    '/api/projects/:id/attachments/:attachmentId',
    { config: { auth: { permission: 'project:read' } }, schema: { tags: ['projects'], summary: 'Download an attachment (audited)', params: attachmentParams } },
    async (request, reply) => {
      const row = await attachmentForDownload(gj, request.ctx, request.params.id, request.params.attachmentId);
      request.audited = true;
      return sendStoredFile(reply, gj.files, row);
    },
  );

  app.delete(
    '/api/projects/:id/attachments/:attachmentId',
    { config: { auth: { permission: 'project:write' } }, schema: { tags: ['projects'], summary: 'Remove an attachment', params: attachmentParams, response: { 204: z.null(), 404: errorBody } } },
    async (request, reply) => {
      await removeProjectAttachment(gj, request.ctx, request.params.id, request.params.attachmentId);
      request.audited = true;
      return noContent(reply);
    },
  );
}
