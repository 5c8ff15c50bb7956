import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { defaultLeadColumns, isLocalDesk } from '../../../../common/ledger-columns.js';
import { chinaDay } from '../../platform/china-time.js';
import { reportUnitName } from '../../platform/scope.js';
import { maskPhone } from '../../platform/crypto.js';
import { AppError, notFound } from '../../platform/errors.js';
import { acceptLedgerFiles, exportColumns, exportLang, ledgerImportQuery, ledgerImportReport, XLSX_TYPE } from '../../platform/excel/http.js';
import { MAX_UPLOAD_BYTES } from '../../platform/excel/workbook.js';
import { actorOf, errorBody, idParams, noContent, type App, type Services } from '../../platform/http.js';
import type { Actor } from '../../platform/context.js';
import { unitsToWan } from '../../platform/money.js';
import { loadSettings } from '../../platform/settings.js';
import { importLeads, LEAD_FIELDS, leadTemplate } from './excel.js';
import { exportLeads, LEAD_EXPORT_KEYS } from './export.js';
import { canSeeConflictParties } from './policy.js';
import { presentConflict, presentDetail, presentHandoff, presentSummary } from './presenter.js';
import { chainNames, conflictQueue, handoffTargets, leadDetailRows, listLeads } from './repo.js';
import {
  acceptBody,
  checkBody,
  checkResponse,
  conflictItem,
  conflictSchema,
  contactResponse,
  convertBody,
  declineBody,
  decideBody,
  followupBody,
  handoffBody,
  handoffListQuery,
  handoffSchema,
  handoffTargetsResponse,
  leadCreateBody,
  leadDetailSchema,
  leadListQuery,
  leadPatchBody,
  leadSummarySchema,
  statsQuery,
  statsResponse,
  statusBody,
} from './schema.js';
import { acceptHandoff, addFollowup, arbitrate, changeLeadStatus, checkRegistration, chinaDate, convertToProject, declineHandoff, editLead, handoffBox, RECEIVING_KINDS, registerLead, startHandoff, unmaskContact } from './service.js';
import { leadStats } from './stats.js';


/** The lead registry's HTTP surface: declare permission and schemas, call the service, present. */
export async function leadRoutes(app: App) {
  const gj: Services = app.gj;

  async function detail(actor: Actor, id: number) {
    const found = await leadDetailRows(gj.db, gj.dialect, actor.scope, id);
    if (!found) throw notFound();
    let maskedPhone: string | null;
    try {
      maskedPhone = maskPhone(gj.cipher.decryptOptional(found.row.contact_phone_enc));
    } catch {
      maskedPhone = '***';
    }
    return presentDetail(found, { scope: actor.scope, conflictParties: canSeeConflictParties(actor), settings: await loadSettings(gj.db), now: gj.clock.now(), maskedPhone });
  }

  app.get(
    '/api/leads',
    {
      config: { auth: { permission: 'lead:read' } },
      schema: {
        tags: ['leads'],
        summary: 'Leads I may read (held by my units, followed after a hand-off or arbitration, or offered to me): filters, search, overdue, paged in the database',
        querystring: leadListQuery,
        response: { 200: z.object({ items: z.array(leadSummarySchema), total: z.number(), totalInvestmentWan: z.number() }) },
      },
    },
    async (request) => {
      const { page, pageSize, sort, order, status, ...filter } = request.query;
      const now = gj.clock.now().toISOString();
      const { rows, total, totalInvestmentYuan } = await listLeads(gj.db, gj.dialect, actorOf(request).scope, { ...filter, status: status === undefined ? undefined : ([] as string[]).concat(status), now }, page, pageSize, sort, order);
      return { items: rows.map((r) => presentSummary(r, now)), total, totalInvestmentWan: unitsToWan(totalInvestmentYuan) ?? 0 };
    },
  );

  app.post(
    '/api/leads/check',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: "Before saving: registrations of the same enterprise in the city (credit code or normalised name) and, for a full company name, near names — only enterprise, unit and date; another unit's near name masked; rate-limited and audited",
        body: checkBody,
        response: { 200: checkResponse, 429: errorBody },
      },
    },
    async (request) => {
      const answer = await checkRegistration(gj, request.ctx, request.body);
      request.audited = true;
      return answer;
    },
  );

  app.post(
    '/api/leads',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: 'Register a lead. The first unit to register an enterprise owns it; a later one is saved but marked a conflict, and told only who registered first and when.',
        body: leadCreateBody,
        response: { 201: z.object({ id: z.number(), code: z.string(), conflict: conflictSchema }), 400: errorBody },
      },
    },
    async (request, reply) => {
      const result = await registerLead(gj, request.ctx, request.body);
      request.audited = true;
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/api/leads/:id',
    { config: { auth: { permission: 'lead:read' } }, schema: { tags: ['leads'], summary: 'One lead with deadlines, credit shares, hand-offs and timeline; another unit’s lead is 404', params: idParams, response: { 200: leadDetailSchema, 404: errorBody } } },
    async (request) => detail(actorOf(request), request.params.id),
  );

  app.get(
    '/api/leads/:id/contact',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: { tags: ['leads'], summary: 'The contact’s full phone number, for the holder (audited)', params: idParams, response: { 200: contactResponse, 403: errorBody, 404: errorBody } },
    },
    async (request) => {
      const contact = await unmaskContact(gj, request.ctx, request.params.id);
      request.audited = true;
      return contact;
    },
  );

  app.patch(
    '/api/leads/:id',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: { tags: ['leads'], summary: 'Edit a lead (holder only); a stale version answers 409', params: idParams, body: leadPatchBody, response: { 200: leadDetailSchema, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } },
    },
    async (request) => {
      await editLead(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return detail(actorOf(request), request.params.id);
    },
  );

  app.post(
    '/api/leads/:id/status',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: 'Move a lead between 新线索 / 跟进中 / 洽谈中 / 已放弃 (abandoning or reopening needs a reason)',
        params: idParams,
        body: statusBody,
        response: { 200: leadDetailSchema, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => {
      await changeLeadStatus(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return detail(actorOf(request), request.params.id);
    },
  );

  app.post(
    '/api/leads/:id/followups',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: 'Record a response, assessment, feedback or progress note: each meets its service deadline',
        params: idParams,
        body: followupBody,
        response: { 200: leadDetailSchema, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      await addFollowup(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return detail(actorOf(request), request.params.id);
    },
  );

  app.post(
    '/api/leads/:id/handoffs',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: 'Pass a lead to another unit with a reason and the share of credit the sender keeps; the receiver answers within the working-day deadline',
        params: idParams,
        body: handoffBody,
        response: { 201: z.object({ id: z.number() }), 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const id = await startHandoff(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return reply.code(201).send({ id });
    },
  );

  app.get(
    '/api/leads/handoff-targets',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: { tags: ['leads'], summary: 'Units a lead may be handed to (districts, zones, parks, streets, departments, resident offices), city-wide', response: { 200: handoffTargetsResponse } },
    },
    async () => ({ items: (await handoffTargets(gj.db, RECEIVING_KINDS)).map((r) => ({ id: r.id, name: r.name, kind: r.kind, parentName: r.parent_name })) }),
  );

  app.get(
    '/api/lead-handoffs',
    {
      config: { auth: { permission: 'lead:read' } },
      schema: {
        tags: ['leads'],
        summary: 'Hand-offs: offered to my units (in), sent by them (out), or escalated past their deadline (for the city commerce bureau)',
        querystring: handoffListQuery,
        response: { 200: z.object({ items: z.array(handoffSchema) }) },
      },
    },
    async (request) => ({ items: (await handoffBox(gj, actorOf(request), request.query.box, request.query.state)).map(presentHandoff) }),
  );

  app.post(
    '/api/lead-handoffs/:id/accept',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: { tags: ['leads'], summary: 'Accept a hand-off (the receiver; or the city commerce bureau once escalated)', params: idParams, body: acceptBody, response: { 204: z.null(), 403: errorBody, 404: errorBody, 409: errorBody } },
    },
    async (request, reply) => {
      await acceptHandoff(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.post(
    '/api/lead-handoffs/:id/decline',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: { tags: ['leads'], summary: 'Decline a hand-off with a reason; the lead stays with the sender', params: idParams, body: declineBody, response: { 204: z.null(), 403: errorBody, 404: errorBody, 409: errorBody } },
    },
    async (request, reply) => {
      await declineHandoff(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.get(
    '/api/lead-conflicts',
    {
      config: { auth: { permission: 'lead:arbitrate' } },
      schema: { tags: ['leads'], summary: 'The conflict queue (撞车) awaiting arbitration, both sides side by side', response: { 200: z.object({ items: z.array(conflictItem) }) } },
    },
    async () => ({ items: (await conflictQueue(gj.db)).map(presentConflict) }),
  );

  app.post(
    '/api/lead-conflicts/:id/decide',
    {
      config: { auth: { permission: 'lead:arbitrate' } },
      schema: {
        tags: ['leads'],
        summary: 'Arbitrate a conflict: confirm the first owner, split the credit (owner’s share in percent), merge into the first record, or transfer to the later unit — always with a reason',
        params: idParams,
        body: decideBody,
        response: { 204: z.null(), 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      await arbitrate(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.post(
    '/api/leads/:id/convert',
    {
      config: { auth: { permission: ['lead:write'] } },
      schema: {
        tags: ['leads'],
        summary: '转为项目: the signed lead becomes a project prefilled from it (stage 签约); lineage kept both ways, credit shares carried over',
        params: idParams,
        body: convertBody,
        response: { 201: z.object({ projectId: z.number() }), 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const projectId = await convertToProject(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return reply.code(201).send({ projectId });
    },
  );

  app.get(
    '/api/leads/stats',
    {
      config: { auth: { permission: 'lead:read' } },
      schema: {
        tags: ['leads'],
        summary: 'Per unit (incl. resident offices) and per staff member per month: leads registered, activities and visits, conversions to signed projects, overdue leads — within my scope',
        querystring: statsQuery,
        response: { 200: statsResponse },
      },
    },
    async (request) => leadStats(gj, actorOf(request).scope, request.query.year ?? Number(chinaDate(gj.clock.now().toISOString()).slice(0, 4))),
  );

  acceptLedgerFiles(app);

  app.post(
    '/api/leads/import',
    {
      config: { auth: { permission: 'lead:write' } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['leads'],
        summary: 'Import a lead ledger (.xlsx/.xls as the body) into a unit: a dry run by default (conflicts reported as they would happen); commit=true writes every accepted row in one transaction',
        querystring: ledgerImportQuery(LEAD_FIELDS),
        response: { 200: ledgerImportReport, 400: errorBody, 413: errorBody },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
      const report = await importLeads(gj, request.ctx, request.body, request.query.unitId, { dryRun: !request.query.commit, lang: request.ctx.lang, mapping: request.query.mapping });
      request.audited = true;
      return report;
    },
  );

  app.get(
    '/api/leads/template',
    { config: { auth: { permission: 'lead:write' } }, schema: { tags: ['leads'], summary: 'The lead-ledger import template with dropdowns' } },
    async (_request, reply) =>
      reply
        .header('Content-Type', XLSX_TYPE)
        .header('Content-Disposition', `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent('招商线索导入模板.xlsx')}`)
        .send(await leadTemplate(await chainNames(gj.db))),
  );

  app.get(
    '/api/leads/export',
    {
      config: { auth: { permission: 'lead:read' } },
      schema: {
        tags: ['leads'],
        summary: 'The filtered leads as an office .xlsx (title, exporting unit and date, 单位：万元, the chosen columns as the list names them, 合计), streamed; phone numbers never, formula-like cells defused',
        querystring: leadListQuery.omit({ page: true, pageSize: true, sort: true, order: true }).extend({ columns: exportColumns(LEAD_EXPORT_KEYS), lang: exportLang }),
      },
    },
    async (request, reply) => {
      const { status, columns, lang: asked, ...filter } = request.query;
      const actor = actorOf(request);
      const lang = asked ?? request.ctx.lang;
      const chosen = columns ?? defaultLeadColumns(isLocalDesk(actor.unitKind, actor.roles.map((r) => r.code)));
      const heading = { unitName: await reportUnitName(gj.db, actor, filter.unitId), exportedBy: actor.unitName };
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'lead.export', objectType: 'lead', detail: { filter: request.query, columns: chosen } });
      request.audited = true;
      const stream = new PassThrough();
      exportLeads(stream, gj, actor.scope, { ...filter, status: status === undefined ? undefined : ([] as string[]).concat(status), now: gj.clock.now().toISOString() }, { columns: chosen, lang, heading }).catch((err) => {
        request.log.error({ err }, 'lead export failed');
        stream.destroy(err as Error);
      });
      const name = `${lang === 'en-US' ? 'leads' : '招商线索'}-${chinaDay(gj.clock.now())}.xlsx`;
      return reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', `attachment; filename="leads.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`).send(stream);
    },
  );
}
