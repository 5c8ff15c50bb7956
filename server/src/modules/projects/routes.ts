import { z } from 'zod';
import { ABOVE_100M_YUAN, ABOVE_10M_USD, PROJECT_STATUSES, STAGES, type Stage } from '../../../../common/projects.js';
import { diffRows } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/context.js';
import { actorOf, errorBody, idParams, noContent, pageQuery, type App, type Services } from '../../platform/http.js';
import { unitsToWan } from '../../platform/money.js';
import { MAX_UPLOAD_BYTES } from '../../platform/excel/workbook.js';
import { acceptLedgerFiles, ledgerImportQuery, ledgerImportReport } from '../../platform/excel/http.js';
import { checkAttachment, MAX_ATTACHMENT_BYTES } from '../../platform/files.js';
import { importProjects, LEDGER_FIELDS } from './excel.js';
import { EXPORT_COLUMNS, projectTemplate, writeProjectsXlsx } from './export.js';
import { PassThrough } from 'node:stream';
import { companyKey } from '../../platform/company-names.js';
import { searchInitials } from '../../platform/search.js';
import { writeProjectGrams } from './grams.js';
import { listProjects, scopedProjects, SORTABLE, type SortKey } from './repo.js';
import { assertHostUnit, assertReferences, assertVersion, changeStage, changeStatus, createBody, createProject, isoDate, loadForWrite, projectFields, recordEvent, toColumns } from './service.js';

const stageRow = z.object({ stage: z.enum(STAGES), plannedDate: z.string().nullable(), actualDate: z.string().nullable(), actualUnknown: z.boolean(), late: z.boolean() });

const summarySchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  investorName: z.string().nullable(),
  hostUnitId: z.number(),
  hostUnitName: z.string(),
  chainId: z.number().nullable(),
  chainName: z.string().nullable(),
  chainRole: z.string().nullable(),
  stage: z.enum(STAGES),
  status: z.enum(PROJECT_STATUSES),
  totalInvestmentWan: z.number(),
  foreignInvestmentUsdWan: z.number().nullable(),
  above100m: z.boolean(),
  signedDate: z.string().nullable(),
  startedDate: z.string().nullable(),
  leaderName: z.string().nullable(),
  officerUserId: z.number().nullable(),
  tags: z.array(z.string()),
  version: z.number(),
  updatedAt: z.string(),
});

const detailSchema = summarySchema.extend({
  investorUscc: z.string().nullable(),
  investorRegion: z.string().nullable(),
  investorTags: z.array(z.string()),
  deptUnitId: z.number().nullable(),
  nature: z.string().nullable(),
  category: z.string().nullable(),
  fixedAssetWan: z.number().nullable(),
  registeredCapitalWan: z.number().nullable(),
  landMu: z.string().nullable(),
  expectedOutputWan: z.number().nullable(),
  expectedTaxWan: z.number().nullable(),
  expectedJobs: z.number().nullable(),
  sourceChannel: z.string().nullable(),
  progressText: z.string().nullable(),
  remarks: z.string().nullable(),
  statusReason: z.string().nullable(),
  /** The lead this project came from (转为项目), if any. */
  leadId: z.number().nullable(),
  stages: z.array(stageRow),
  timeline: z.array(z.object({ id: z.number(), at: z.string(), userName: z.string().nullable(), kind: z.string(), from: z.string().nullable(), to: z.string().nullable(), reason: z.string().nullable() })),
});

const isAbove = (yuan: number, usd: number | null) => yuan >= ABOVE_100M_YUAN || (usd ?? 0) >= ABOVE_10M_USD;

export async function projectRoutes(app: App) {
  const gj: Services = app.gj;

  async function detail(scope: Parameters<typeof scopedProjects>[2], id: number): Promise<z.infer<typeof detailSchema>> {
    const row = await scopedProjects(gj.db, gj.dialect, scope)
      .leftJoin('chains', 'chains.id', 'projects.chain_id')
      .selectAll('projects')
      .select(['host.name as host_unit_name', 'chains.name as chain_name'])
      .where('projects.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound();
    const [stages, events] = await Promise.all([
      gj.db.selectFrom('project_stages').selectAll().where('project_id', '=', id).execute(),
      gj.db.selectFrom('project_events').leftJoin('users', 'users.id', 'project_events.user_id').select(['project_events.id', 'project_events.at', 'users.display_name', 'project_events.kind', 'project_events.from_value', 'project_events.to_value', 'project_events.reason']).where('project_id', '=', id).orderBy('project_events.id', 'desc').limit(200).execute(),
    ]);
    const today = gj.clock.now().toISOString().slice(0, 10);
    const reached = STAGES.indexOf(row.stage as Stage);
    return {
      ...presentSummary({ ...row }),
      investorUscc: row.investor_uscc,
      investorRegion: row.investor_region,
      investorTags: JSON.parse(row.investor_tags),
      deptUnitId: row.dept_unit_id,
      nature: row.nature,
      category: row.category,
      fixedAssetWan: unitsToWan(row.fixed_asset_yuan),
      registeredCapitalWan: unitsToWan(row.registered_capital_yuan),
      landMu: row.land_mu,
      expectedOutputWan: unitsToWan(row.expected_output_yuan),
      expectedTaxWan: unitsToWan(row.expected_tax_yuan),
      expectedJobs: row.expected_jobs,
      sourceChannel: row.source_channel,
      progressText: row.progress_text,
      remarks: row.remarks,
      statusReason: row.status_reason,
      leadId: row.lead_id,
      stages: STAGES.map((stage, i) => {
        const s = stages.find((x) => x.stage === stage);
        const planned = s?.planned_date ?? null;
        const actual = s?.actual_date ?? null;
        // Late: planned date passed and the stage not reached, or reached after its plan.
        const late = !!planned && ((i > reached && planned < today) || (!!actual && actual > planned));
        return { stage, plannedDate: planned, actualDate: actual, actualUnknown: s?.actual_unknown === 1, late };
      }),
      timeline: events.map((e) => ({ id: e.id, at: e.at, userName: e.display_name, kind: e.kind, from: e.from_value, to: e.to_value, reason: e.reason })),
    };
  }

  const listQuery = z.object({
    ...pageQuery,
    q: z.string().trim().max(100).optional(),
    unitId: z.coerce.number().int().positive().optional(),
    chainId: z.coerce.number().int().positive().optional(),
    stage: z.union([z.enum(STAGES), z.array(z.enum(STAGES))]).optional(),
    status: z.enum(PROJECT_STATUSES).optional(),
    minWan: z.coerce.number().min(0).optional(),
    maxWan: z.coerce.number().min(0).optional(),
    above100m: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    signedYear: z.coerce.number().int().min(1990).max(2100).optional(),
    startedYear: z.coerce.number().int().min(1990).max(2100).optional(),
    tag: z.string().trim().max(20).optional(),
    leader: z.string().trim().max(100).optional(),
    officerId: z.coerce.number().int().positive().optional(),
    // Newest first by default: the id order is the cheapest one for both databases.
    sort: z.enum(Object.keys(SORTABLE) as [SortKey, ...SortKey[]]).default('id'),
    order: z.enum(['asc', 'desc']).default('desc'),
  });

  app.get(
    '/api/projects',
    {
      config: { auth: { permission: 'project:read' } },
      schema: {
        tags: ['projects'],
        summary: 'The project ledger in my data scope: filters, search (substring, pinyin initials, code, USCC), paged in the database, with the count and total investment of all matches',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(summarySchema), total: z.number(), totalInvestmentWan: z.number() }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { page, pageSize, sort, order, stage, ...filter } = request.query;
      const { rows, total, totalInvestmentYuan } = await listProjects(gj.db, gj.dialect, actor.scope, { ...filter, stages: stage === undefined ? undefined : ([] as string[]).concat(stage) }, page, pageSize, sort, order);
      return { items: rows.map(presentSummary), total, totalInvestmentWan: unitsToWan(totalInvestmentYuan) ?? 0 };
    },
  );

  app.get(
    '/api/projects/:id',
    { config: { auth: { permission: 'project:read' } }, schema: { tags: ['projects'], summary: 'One project with its lifecycle and timeline', params: idParams, response: { 200: detailSchema, 404: errorBody } } },
    async (request) => detail(actorOf(request).scope, request.params.id),
  );

  const fieldsSchema = z.object(projectFields);

  app.post(
    '/api/projects',
    { config: { auth: { permission: 'project:write' } }, schema: { tags: ['projects'], summary: 'Create a project (code generated when absent)', body: createBody, response: { 201: detailSchema, 400: errorBody, 409: errorBody } } },
    async (request, reply) => {
      const actor = actorOf(request);
      assertHostUnit(request.ctx, request.body.hostUnitId);
      const id = await gj.db.transaction().execute((trx) => createProject(trx, gj, request.ctx, request.body));
      request.audited = true;
      return reply.code(201).send(await detail(actor.scope, id));
    },
  );

  const patchBody = fieldsSchema.partial().extend({ version: z.number().int().positive() });

  app.patch(
    '/api/projects/:id',
    {
      config: { auth: { permission: 'project:write' } },
      schema: { tags: ['projects'], summary: 'Edit a project; a stale version answers 409 and nothing is overwritten', params: idParams, body: patchBody, response: { 200: detailSchema, 400: errorBody, 404: errorBody, 409: errorBody } },
    },
    async (request) => {
      const actor = actorOf(request);
      const body = request.body;
      await gj.db.transaction().execute(async (trx) => {
        const before = await loadForWrite(gj, trx, request.ctx, request.params.id);
        assertVersion(before.version, body.version);
        if (typeof body.hostUnitId === 'number' && body.hostUnitId !== before.host_unit_id) assertHostUnit(request.ctx, body.hostUnitId);
        await assertReferences(trx, body);
        const changes = toColumns(body);
        const name = (changes.name as string | undefined) ?? before.name;
        const investor = changes.investor_name === undefined ? before.investor_name : (changes.investor_name as string | null);
        // The version moves in the same conditional UPDATE: of two concurrent writers, one loses.
        const result = await trx
          .updateTable('projects')
          .set({ ...changes, search_initials: searchInitials(name, investor), investor_key: companyKey(investor).key, investor_region_key: companyKey(investor).region, version: before.version + 1, updated_at: gj.clock.now().toISOString() })
          .where('id', '=', before.id)
          .where('version', '=', body.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw new AppError(409, 'PROJECT_VERSION_CONFLICT', { current: before.version });
        if (name !== before.name || investor !== before.investor_name) await writeProjectGrams(trx, [{ id: before.id, name, investor }]);
        const after = await trx.selectFrom('projects').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
        const diff = diffRows(before, after);
        delete diff.version;
        delete diff.search_initials;
        delete diff.investor_key;
        delete diff.investor_region_key;
        await recordEvent(trx, gj, request.ctx, before.id, 'edit', null, null, null, Object.keys(diff));
        await gj.audit.append(trx, request.ctx, { action: 'project.update', objectType: 'project', objectId: before.id, detail: diff });
      });
      request.audited = true;
      return detail(actor.scope, request.params.id);
    },
  );

  app.post(
    '/api/projects/:id/stage',
    {
      config: { auth: { permission: 'project:write' } },
      schema: {
        tags: ['projects'],
        summary: 'Advance (with the actual date) or go back (with a reason) in the lifecycle',
        params: idParams,
        body: z.object({ stage: z.enum(STAGES), actualDate: isoDate.optional(), reason: z.string().trim().max(500).optional(), version: z.number().int().positive() }),
        response: { 200: detailSchema, 400: errorBody, 404: errorBody, 409: errorBody },
      },
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
      schema: {
        tags: ['projects'],
        summary: 'Suspend, terminate (with a reason) or resume a project',
        params: idParams,
        body: z.object({ status: z.enum(PROJECT_STATUSES), reason: z.string().trim().max(500).optional(), version: z.number().int().positive() }),
        response: { 200: detailSchema, 400: errorBody, 404: errorBody, 409: errorBody },
      },
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
        response: {
          200: ledgerImportReport,
          400: errorBody,
          413: errorBody,
        },
      },
    },
    async (request) => {
      assertHostUnit(request.ctx, request.query.unitId);
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
      const report = await importProjects(gj, request.ctx, request.body, request.query.unitId, { dryRun: !request.query.commit, lang: request.ctx.lang, mapping: request.query.mapping });
      request.audited = true;
      return report;
    },
  );

  const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const attachment = (name: string) => `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

  app.get(
    '/api/projects/export',
    {
      config: { auth: { permission: 'project:export' } },
      schema: {
        tags: ['projects'],
        summary: 'The filtered ledger as .xlsx, streamed, in the chosen columns (formula-like cells defused)',
        querystring: listQuery.omit({ page: true, pageSize: true, sort: true, order: true }).extend({ columns: z.string().max(500).optional() }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { columns, stage, ...filter } = request.query;
      const chosen = columns?.split(',').filter((c) => EXPORT_COLUMNS.some((x) => x.key === c));
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'project.export', objectType: 'project', detail: { filter: request.query } });
      request.audited = true;
      const stream = new PassThrough();
      writeProjectsXlsx(stream, gj.db, gj.dialect, actor.scope, { ...filter, stages: stage === undefined ? undefined : ([] as string[]).concat(stage) }, { columns: chosen, lang: request.ctx.lang }).catch((err) => {
        request.log.error({ err }, 'project export failed');
        stream.destroy(err as Error);
      });
      const name = `${request.ctx.lang === 'en-US' ? 'projects' : '项目台账'}-${gj.clock.now().toISOString().slice(0, 10)}.xlsx`;
      return reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', attachment(name)).send(stream);
    },
  );

  app.get(
    '/api/projects/template',
    { config: { auth: { permission: 'project:import' } }, schema: { tags: ['projects'], summary: 'The import template with dropdowns from the dictionaries' } },
    async (_request, reply) => {
      const chains = (await gj.db.selectFrom('chains').select('name').orderBy('sort_order').execute()).map((c) => c.name);
      return reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', attachment('项目台账导入模板.xlsx')).send(await projectTemplate(chains));
    },
  );

  const attachmentSchema = z.object({ id: z.number(), fileName: z.string(), mime: z.string(), size: z.number(), sha256: z.string(), uploadedBy: z.string().nullable(), uploadedAt: z.string() });
  const attachmentParams = z.object({ id: z.coerce.number().int().positive(), attachmentId: z.coerce.number().int().positive() });

  app.get(
    '/api/projects/:id/attachments',
    { config: { auth: { permission: 'project:read' } }, schema: { tags: ['projects'], summary: "A project's attachments", params: idParams, response: { 200: z.object({ items: z.array(attachmentSchema) }), 404: errorBody } } },
    async (request) => {
      const visible = await scopedProjects(gj.db, gj.dialect, actorOf(request).scope).select('projects.id').where('projects.id', '=', request.params.id).executeTakeFirst();
      if (!visible) throw notFound();
      const rows = await gj.db
        .selectFrom('project_attachments')
        .leftJoin('users', 'users.id', 'project_attachments.uploaded_by')
        .select(['project_attachments.id', 'file_name', 'mime', 'size', 'sha256', 'users.display_name', 'uploaded_at'])
        .where('project_id', '=', request.params.id)
        .orderBy('project_attachments.id', 'desc')
        .execute();
      return { items: rows.map((r) => ({ id: r.id, fileName: r.file_name, mime: r.mime, size: r.size, sha256: r.sha256, uploadedBy: r.display_name, uploadedAt: r.uploaded_at })) };
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
        querystring: z.object({ name: z.string().trim().min(1).max(200) }),
        response: { 201: attachmentSchema, 400: errorBody, 404: errorBody, 413: errorBody },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'ATTACHMENT_TYPE', { name: request.query.name });
      const bytes = request.body;
      const mime = checkAttachment(request.query.name, bytes);
      const stored = gj.files.put(bytes);
      try {
        const id = await gj.db.transaction().execute(async (trx) => {
          await loadForWrite(gj, trx, request.ctx, request.params.id);
          const row = await trx
            .insertInto('project_attachments')
            .values({ project_id: request.params.id, file_name: request.query.name, mime, size: bytes.length, sha256: stored.sha256, storage_key: stored.key, uploaded_by: actorOf(request).userId, uploaded_at: gj.clock.now().toISOString() })
            .returning('id')
            .executeTakeFirstOrThrow();
          await recordEvent(trx, gj, request.ctx, request.params.id, 'attachment', null, request.query.name, null);
          await gj.audit.append(trx, request.ctx, { action: 'project.attachment-add', objectType: 'project', objectId: request.params.id, detail: { fileName: request.query.name, size: bytes.length, sha256: stored.sha256 } });
          return row.id;
        });
        request.audited = true;
        return reply.code(201).send({ id, fileName: request.query.name, mime, size: bytes.length, sha256: stored.sha256, uploadedBy: actorOf(request).displayName, uploadedAt: gj.clock.now().toISOString() });
      } catch (err) {
        // Nothing recorded: the stored bytes must not linger either.
        gj.files.remove(stored.key);
        throw err;
      }
    },
  );

  async function visibleAttachment(request: { params: { id: number; attachmentId: number }; ctx: RequestContext }) {
    const visible = await scopedProjects(gj.db, gj.dialect, request.ctx.actor!.scope).select('projects.id').where('projects.id', '=', request.params.id).executeTakeFirst();
    const row = visible && (await gj.db.selectFrom('project_attachments').selectAll().where('id', '=', request.params.attachmentId).where('project_id', '=', request.params.id).executeTakeFirst());
    if (!row) throw notFound();
    return row;
  }

  app.get(
    '/api/projects/:id/attachments/:attachmentId',
    { config: { auth: { permission: 'project:read' } }, schema: { tags: ['projects'], summary: 'Download an attachment (audited)', params: attachmentParams } },
    async (request, reply) => {
      const row = await visibleAttachment(request);
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'project.attachment-download', objectType: 'project', objectId: request.params.id, detail: { attachmentId: row.id, fileName: row.file_name } });
      return reply
        .header('Content-Type', row.mime)
        .header('Content-Disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(row.file_name)}`)
        .send(gj.files.get(row.storage_key));
    },
  );

  app.delete(
    '/api/projects/:id/attachments/:attachmentId',
    { config: { auth: { permission: 'project:write' } }, schema: { tags: ['projects'], summary: 'Remove an attachment', params: attachmentParams, response: { 204: z.null(), 404: errorBody } } },
    async (request, reply) => {
      const row = await visibleAttachment(request);
      await gj.db.transaction().execute(async (trx) => {
        await loadForWrite(gj, trx, request.ctx, request.params.id);
        await trx.deleteFrom('project_attachments').where('id', '=', row.id).execute();
        await recordEvent(trx, gj, request.ctx, request.params.id, 'detach', row.file_name, null, null);
        await gj.audit.append(trx, request.ctx, { action: 'project.attachment-remove', objectType: 'project', objectId: request.params.id, detail: { fileName: row.file_name, sha256: row.sha256 } });
      });
      gj.files.remove(row.storage_key);
      request.audited = true;
      return noContent(reply);
    },
  );
}

function presentSummary(row: {
  id: number;
  code: string;
  name: string;
  investor_name: string | null;
  host_unit_id: number;
  host_unit_name: string;
  chain_id: number | null;
  chain_name: string | null;
  chain_role: string | null;
  stage: string;
  status: string;
  total_investment_yuan: number;
  foreign_investment_usd: number | null;
  signed_date: string | null;
  started_date: string | null;
  leader_name: string | null;
  officer_user_id: number | null;
  tags: string;
  version: number;
  updated_at: string;
}): z.infer<typeof summarySchema> {
  const yuan = Number(row.total_investment_yuan);
  const usd = row.foreign_investment_usd === null ? null : Number(row.foreign_investment_usd);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    investorName: row.investor_name,
    hostUnitId: row.host_unit_id,
    hostUnitName: row.host_unit_name,
    chainId: row.chain_id,
    chainName: row.chain_name,
    chainRole: row.chain_role,
    stage: row.stage as Stage,
    status: row.status as (typeof PROJECT_STATUSES)[number],
    totalInvestmentWan: unitsToWan(yuan) ?? 0,
    foreignInvestmentUsdWan: unitsToWan(usd),
    above100m: isAbove(yuan, usd),
    signedDate: row.signed_date,
    startedDate: row.started_date,
    leaderName: row.leader_name,
    officerUserId: row.officer_user_id,
    tags: JSON.parse(row.tags),
    version: row.version,
    updatedAt: row.updated_at,
  };
}
