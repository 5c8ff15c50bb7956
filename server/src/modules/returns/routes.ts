import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { chinaDay } from '../../platform/china-time.js';
import { AppError } from '../../platform/errors.js';
import { acceptLedgerFiles, XLSX_TYPE } from '../../platform/excel/http.js';
import { MAX_UPLOAD_BYTES } from '../../platform/excel/workbook.js';
import { actorOf, errorBody, idParams, type App, type Services } from '../../platform/http.js';
import { reportUnitName } from '../../platform/scope.js';
import { filingUnit, importReturns, returnsTemplate } from './excel.js';
import { gapList, projectReturnsView, rankParks, returnsPage } from './reads.js';
import { commitmentBody, decideBody, gapsList, gapsQuery, importQuery, templateQuery, listQuery, parkRanking, parksQuery, projectReturns, quarterBody, quarterParams, returnsImportReport, returnsList } from './schema.js';
import { decideProposal, filePeriod, setCommitments } from './service.js';

const READERS = ['project:read'] as const;

/** 投产达效与亩均效益: declare permission and schemas, call the service (writes) or reads.ts (reads). */
export async function returnsRoutes(app: App) {
  const gj: Services = app.gj;
  const tags = ['returns'];
  acceptLedgerFiles(app);

  app.get(
    '/api/returns',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'Producing projects in my scope with the quarter’s output, tax and jobs (a monthly filer’s months summed, with how many are in), and 亩均 (a year at the pace of the last four quarters) with its grade; paged in the database', querystring: listQuery, response: { 200: returnsList } } },
    async (request) => {
      const { period, unitId, page, pageSize } = request.query;
      return returnsPage(gj.db, actorOf(request).scope, { period, unitId, page, pageSize });
    },
  );

  app.get(
    '/api/returns/projects/:id',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'A project’s commitments against its quarters (the chart’s data), and the stages its figures propose', params: idParams, response: { 200: projectReturns, 404: errorBody } } },
    async (request) => {
      return projectReturnsView(gj.db, request.ctx, request.params.id);
    },
  );

  app.put(
    '/api/returns/projects/:id/commitments',
    { config: { auth: { permission: 'project:write' } }, schema: { tags, summary: 'Set a project’s commitments from its contract (design output; output and tax at 达产 and 达效 with their years; jobs; land), as a whole, by version', params: idParams, body: commitmentBody, response: { 200: z.object({ version: z.number() }), 403: errorBody, 404: errorBody, 409: errorBody } } },
    async (request) => {
      const out = await setCommitments(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return out;
    },
  );

  app.put(
    '/api/returns/projects/:id/quarters/:period',
    { config: { auth: { permission: 'dispatch:write' } }, schema: { tags, summary: 'File (or correct, by version) a producing project’s output, tax and jobs of a quarter (YYYY-Qn) or, where the unit files monthly, a month (YYYY-MM; a quarter is filed one way or the other) — the host unit', params: quarterParams, body: quarterBody, response: { 200: z.object({ outcome: z.enum(['created', 'updated', 'unchanged']), version: z.number() }), 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } } },
    async (request) => {
      const out = await filePeriod(gj, request.ctx, request.params.id, request.params.period, request.body);
      request.audited = true;
      return out;
    },
  );

  app.post(
    '/api/returns/proposals/:id/decide',
    { config: { auth: { permission: 'dispatch:write' } }, schema: { tags, summary: 'Confirm a stage the figures propose (the project moves to it, dated the period’s end — today while the period is not over) or dismiss it with a reason — the host unit', params: idParams, body: decideBody, response: { 204: z.null(), 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } } },
    async (request, reply) => {
      await decideProposal(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/returns/import',
    {
      config: { auth: { permission: 'dispatch:write' } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: { tags, summary: 'Import a quarter’s (or a month’s) output and tax sheet (.xlsx/.xls as the body), matched by credit code, else project code, else name within my scope: a dry run by default; commit=true writes all rows or none', querystring: importQuery, response: { 200: returnsImportReport, 400: errorBody, 403: errorBody, 413: errorBody } },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
      const { period, unitId, commit } = request.query;
      const report = await importReturns(gj, request.ctx, request.body, { period, unitId, dryRun: commit !== 'true', lang: request.ctx.lang });
      request.audited = true;
      return report;
    },
  );

  app.get(
    '/api/returns/template',
    { config: { auth: { permission: 'dispatch:write' } }, schema: { tags, summary: 'The form to fill in for a period (a quarter, or a month): my producing projects I may file for (under the unit, if given) with the credit code, code and name the import matches by, and the period’s figures where filed — an office .xlsx the import reads back', querystring: templateQuery } },
    async (request, reply) => {
      const { period, unitId } = request.query;
      const actor = actorOf(request);
      if (unitId !== undefined) await filingUnit(gj, request.ctx, unitId);
      const unitName = await reportUnitName(gj.db, actor, unitId);
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'returns.template', objectType: 'unit', objectId: unitId ?? null, detail: { period } });
      request.audited = true;
      const stream = new PassThrough();
      returnsTemplate(stream, gj, request.ctx, { period, unitId, unitName, exportedBy: actor.unitName }).catch((err) => {
        request.log.error({ err }, 'returns template failed');
        stream.destroy(err as Error);
      });
      const name = `${unitName}${period}产值税收表.xlsx`;
      return reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', `attachment; filename="returns-${period}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`).send(stream);
    },
  );

  app.get(
    '/api/returns/parks',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'Parks and zones ranked by 亩均税收 (their producing projects’ tax of a year at the last four quarters’ pace over their land), graded, with the trend of the last four quarters', querystring: parksQuery, response: { 200: parkRanking } } },
    async (request) => {
      return rankParks(gj.db, actorOf(request).scope, request.query.period);
    },
  );

  app.get(
    '/api/returns/gaps',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'Producing projects behind their contract: not at 达产 past its planned date, or not at 达效 after the committed year (yellow, red six months on), the longest late first; paged in the database, with how many in all and how many red', querystring: gapsQuery, response: { 200: gapsList } } },
    async (request) => {
      const { page, pageSize } = request.query;
      return gapList(gj.db, actorOf(request).scope, chinaDay(gj.clock.now()), { page, pageSize });
    },
  );
}
