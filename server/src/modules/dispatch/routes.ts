import { z } from 'zod';
import { previousPeriod } from '../../../../common/dispatch.js';
import { boardSchema, dispatchImportReportSchema, forecastSchema, keyProjectSchema, periodSchema, projectLightsSchema, reportDetailSchema, reportPageSchema, warningPageSchema } from '../../../../common/dispatch-api.js';
import { AppError, notFound } from '../../platform/errors.js';
import { acceptLedgerFiles, XLSX_TYPE } from '../../platform/excel/http.js';
import { MAX_UPLOAD_BYTES } from '../../platform/excel/workbook.js';
import { actorOf, errorBody, idParams, noContent, type App, type Services } from '../../platform/http.js';
import { importDispatch } from './excel.js';
import { writeDispatchXlsx } from './export.js';
import { forecastFor } from './forecast.js';
import { recomputePeriodLights } from './lights.js';
import { assertManage, canDispatch } from './policy.js';
import { points, presentPeriod, presentReportRow, presentWarning } from './presenter.js';
import { warningRules, filingBoard, keyProjectsList, periodId, periodReports, periodSummary, periodsWithCounts, projectDispatchHistory, projectHost, projectLightHistory, projectListsAndPlans, reportPhoto, reportPhotos, reportVersions, titleUnit, warningCounts, warningsList } from './repo.js';
import {
  dispatchImportQuery,
  exportQuery,
  forecastQuery,
  keyProjectBody,
  keyProjectParams,
  keyProjectsQuery,
  lateDecisionBody,
  lateRequestBody,
  openPeriodBody,
  periodParams,
  photoParams,
  photoQuery,
  recomputeBody,
  ruleBody,
  reportBody,
  reportParams,
  reportsQuery,
  warningsQuery,
} from './schema.js';
import { addReportPhoto, addWarningRule, chinaToday, decideLate, fileReport, lockPeriod, openPeriod, periodRow, requestLate, setKeyProject } from './service.js';
import { unitsToWan } from '../../platform/money.js';


/** Monthly dispatch's HTTP surface: declare permission and schemas, call the service or repo, present. */
export async function dispatchRoutes(app: App) {
  const gj: Services = app.gj;
  acceptLedgerFiles(app);
  const today = () => chinaToday(gj.clock.now());

  /** A project the caller may read dispatch data of (404 otherwise: existence is not told). */
  async function readableProject(request: Parameters<typeof actorOf>[0], projectId: number) {
    const project = await projectHost(gj.db, projectId);
    if (!project || !canDispatch(actorOf(request), 'read', project.host_unit_id)) throw notFound();
    return project;
  }

  async function withPrevious(period: string) {
    const p = await periodRow(gj.db, period);
    return { p, previousId: await periodId(gj.db, previousPeriod(period)) };
  }

  app.get(
    '/api/dispatch/periods',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: 'Dispatch periods, newest first, with how many key projects of my scope owe a report and how many filed', response: { 200: z.object({ items: z.array(periodSchema) }) } } },
    async (request) => ({ items: (await periodsWithCounts(gj.db, actorOf(request).scope)).map((p) => presentPeriod(p, today())) }),
  );

  app.post(
    '/api/dispatch/periods',
    { config: { auth: { permission: 'dispatch:manage' } }, schema: { tags: ['dispatch'], summary: 'Open a period (the period owner); the deadline defaults to the setting (the 5th of the next month)', body: openPeriodBody, response: { 201: z.object({ period: z.string() }), 400: errorBody, 409: errorBody } } },
    async (request, reply) => {
      await openPeriod(gj, request.ctx, request.body.period, request.body.deadline);
      request.audited = true;
      return reply.code(201).send({ period: request.body.period });
    },
  );

  app.post(
    '/api/dispatch/periods/:period/lock',
    { config: { auth: { permission: 'dispatch:manage' } }, schema: { tags: ['dispatch'], summary: 'Lock a period before its deadline (it locks by itself after it)', params: periodParams, response: { 204: z.null(), 404: errorBody } } },
    async (request, reply) => {
      await lockPeriod(gj, request.ctx, request.params.period);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.get(
    '/api/dispatch/periods/:period/board',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: 'Who filed and who has not, per unit of my scope, and the late-filing requests', params: periodParams, response: { 200: boardSchema, 404: errorBody } } },
    async (request) => {
      const scope = actorOf(request).scope;
      const p = await periodRow(gj.db, request.params.period);
      const counts = (await periodsWithCounts(gj.db, scope)).find((x) => x.id === p.id) ?? p;
      const board = await filingBoard(gj.db, scope, p);
      return {
        period: presentPeriod(counts, today()),
        units: board.units,
        grants: board.grants.map((g) => ({ id: g.id, unitId: g.unit_id, unitName: g.unitName, reason: g.reason, state: g.state as 'pending' | 'approved' | 'refused', requestedAt: new Date(g.requested_at).toISOString(), until: g.until, decisionReason: g.decision_reason })),
      };
    },
  );

  app.get(
    '/api/dispatch/periods/:period/reports',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: "The period's key projects of my scope with their reports, plan, share of plan, consistency notice and progress light; paged in the database", params: periodParams, querystring: reportsQuery, response: { 200: reportPageSchema, 404: errorBody } } },
    async (request) => {
      const scope = actorOf(request).scope;
      const { p, previousId } = await withPrevious(request.params.period);
      const { page, pageSize, ...filter } = request.query;
      const rows = await periodReports(gj.db, scope, p, previousId, filter, page, pageSize);
      const totals = await periodSummary(gj.db, scope, p, filter);
      return { items: rows.map((r) => presentReportRow(r, p.month)), total: totals.total, totals: { monthWan: unitsToWan(totals.monthYuan)!, cumulativeWan: unitsToWan(totals.cumulativeYuan)!, planWan: unitsToWan(totals.planYuan)! }, period: presentPeriod(p, today()) };
    },
  );

  app.get(
    '/api/dispatch/periods/:period/projects/:projectId',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: "One project's report for a period: every version (corrections kept) and the photos", params: reportParams, response: { 200: reportDetailSchema, 404: errorBody } } },
    async (request) => {
      const project = await readableProject(request, request.params.projectId);
      const p = await periodRow(gj.db, request.params.period);
      const versions = await reportVersions(gj.db, project.id, p.id);
      const photos = await reportPhotos(gj.db, project.id, p.id);
      return {
        period: presentPeriod(p, today()),
        projectId: project.id,
        projectName: project.name,
        versions: versions.map((v) => ({ version: v.version, current: !!v.is_current, monthWan: unitsToWan(v.month_yuan)!, cumulativeWan: unitsToWan(v.cumulative_yuan)!, progressText: v.progress_text, nextSteps: v.next_steps, problems: v.problems, late: !!v.late, correctionReason: v.correction_reason, source: v.source, filedAt: new Date(v.filed_at).toISOString(), filedBy: v.filedBy })),
        photos: photos.map((f) => ({ id: f.id, fileName: f.file_name, mime: f.mime, size: f.size, uploadedAt: new Date(f.uploaded_at).toISOString() })),
      };
    },
  );

  app.put(
    '/api/dispatch/periods/:period/projects/:projectId',
    { config: { auth: { permission: 'dispatch:write' } }, schema: { tags: ['dispatch'], summary: "File, edit (with the version edited) or — after the lock, with a reason — correct a project's monthly report", params: reportParams, body: reportBody, response: { 200: z.object({ outcome: z.enum(['created', 'updated', 'corrected', 'unchanged']), version: z.number() }), 400: errorBody, 404: errorBody, 409: errorBody } } },
    async (request) => {
      const result = await fileReport(gj, request.ctx, request.params.period, request.params.projectId, request.body);
      request.audited = true;
      return result;
    },
  );

  app.post(
    '/api/dispatch/periods/:period/projects/:projectId/photos',
    { config: { auth: { permission: 'dispatch:write' } }, bodyLimit: MAX_UPLOAD_BYTES, schema: { tags: ['dispatch'], summary: 'Add a photo of the month\'s 形象进度 (the body; its name in ?name=), type checked by content', params: reportParams, querystring: photoQuery, response: { 201: z.object({ id: z.number() }), 400: errorBody, 404: errorBody, 413: errorBody } } },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'ATTACHMENT_TYPE', { name: request.query.name });
      const id = await addReportPhoto(gj, request.ctx, request.params.period, request.params.projectId, request.query.name, request.body);
      request.audited = true;
      return reply.code(201).send({ id });
    },
  );

  app.get(
    '/api/dispatch/periods/:period/projects/:projectId/photos/:photoId',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: 'A report photo', params: photoParams } },
    async (request, reply) => {
      const project = await readableProject(request, request.params.projectId);
      const p = await periodRow(gj.db, request.params.period);
      const photo = await reportPhoto(gj.db, request.params.photoId, project.id, p.id);
      if (!photo) throw notFound();
      return reply.header('Content-Type', photo.mime).header('Cache-Control', 'private, max-age=3600').send(gj.files.get(photo.storage_key));
    },
  );

  app.post(
    '/api/dispatch/periods/:period/late-requests',
    { config: { auth: { permission: 'dispatch:write' } }, schema: { tags: ['dispatch'], summary: 'Ask the period owner to file after the lock (补报)', params: periodParams, body: lateRequestBody, response: { 201: z.object({ id: z.number() }), 404: errorBody, 409: errorBody } } },
    async (request, reply) => {
      const id = await requestLate(gj, request.ctx, request.params.period, request.body.unitId, request.body.reason);
      request.audited = true;
      return reply.code(201).send({ id });
    },
  );

  app.post(
    '/api/dispatch/late-requests/:id/decision',
    { config: { auth: { permission: 'dispatch:manage' } }, schema: { tags: ['dispatch'], summary: 'Approve (open for the configured days) or refuse a late filing', params: idParams, body: lateDecisionBody, response: { 204: z.null(), 404: errorBody, 409: errorBody } } },
    async (request, reply) => {
      await decideLate(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.post(
    '/api/dispatch/import',
    {
      config: { auth: { permission: 'dispatch:write' } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: { tags: ['dispatch'], summary: 'Import a monthly dispatch sheet (.xlsx/.xls as the body) for a unit and period: a dry run by default; commit=true files every valid row together', querystring: dispatchImportQuery, response: { 200: dispatchImportReportSchema, 400: errorBody, 404: errorBody, 413: errorBody } },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
      const report = await importDispatch(gj, request.ctx, request.body, request.query.unitId, request.query.period, { dryRun: !request.query.commit, lang: request.ctx.lang, reason: request.query.reason });
      request.audited = true;
      return report;
    },
  );

  app.get(
    '/api/dispatch/periods/:period/export',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: "The period's dispatch table (.xlsx) for a unit of my scope or my whole scope, in the layout offices send upward", params: periodParams, querystring: exportQuery } },
    async (request, reply) => {
      const actor = actorOf(request);
      const { p, previousId } = await withPrevious(request.params.period);
      const unitId = request.query.unitId;
      // Another unit's id: 404, as for its rows (not its name in a title, not a record of an export of it).
      if (unitId !== undefined && !canDispatch(actor, 'read', unitId)) throw notFound();
      // Without a unit: the whole scope, titled by the city (the org tree's root) or by the reader's unit.
      const titled = unitId !== undefined || actor.scope.all ? await titleUnit(gj.db, unitId) : { id: undefined, name: actor.unitName };
      const unit = titled && { id: unitId, name: titled.name };
      if (!unit) throw notFound();
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'dispatch.export', objectType: 'dispatch_period', objectId: p.id, detail: { period: p.period, unitId: unitId ?? null } });
      request.audited = true;
      const file = await writeDispatchXlsx(gj.db, actor.scope, p, previousId, unit, request.ctx.lang);
      const name = `${unit.name}${p.year}年${p.month}月重点项目调度表.xlsx`;
      return reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', `attachment; filename="dispatch.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`).send(file);
    },
  );

  app.get(
    '/api/dispatch/key-projects',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: "The year's key-project lists in my scope, with levels and annual plans; paged in the database", querystring: keyProjectsQuery, response: { 200: z.object({ items: z.array(keyProjectSchema), total: z.number() }) } } },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      const { rows, total } = await keyProjectsList(gj.db, actorOf(request).scope, filter, page, pageSize);
      return { items: rows.map((r) => ({ projectId: r.projectId, projectCode: r.projectCode, projectName: r.projectName, stage: r.stage, unitId: r.unitId, unitName: r.unitName, totalInvestmentWan: unitsToWan(r.totalYuan)!, planWan: unitsToWan(r.planYuan), levels: r.levels })), total };
    },
  );

  app.put(
    '/api/dispatch/key-projects/:projectId/:year',
    { config: { auth: { permission: ['dispatch:write', 'dispatch:manage'] } }, schema: { tags: ['dispatch'], summary: "Put a project on the year's lists (省重大 / 市重点 by the owner, 区重点 by its unit) with its annual plan", params: keyProjectParams, body: keyProjectBody, response: { 204: z.null(), 400: errorBody, 403: errorBody, 404: errorBody } } },
    async (request, reply) => {
      await setKeyProject(gj, request.ctx, request.params.projectId, request.params.year, request.body);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.get(
    '/api/warnings',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: "The period's red and yellow lights in my scope (green ones are not listed), with counts per unit; paged in the database", querystring: warningsQuery, response: { 200: warningPageSchema, 404: errorBody } } },
    async (request) => {
      const scope = actorOf(request).scope;
      const p = await periodRow(gj.db, request.query.period);
      const { page, pageSize, period: _period, ...filter } = request.query;
      const { rows, total } = await warningsList(gj.db, scope, p.id, filter, page, pageSize);
      const counts = await warningCounts(gj.db, scope, p.id);
      const byUnit = new Map<number, { unitId: number; unitName: string; yellow: number; red: number }>();
      for (const c of counts) {
        if (c.level === 'green') continue;
        const u = byUnit.get(c.unitId) ?? { unitId: c.unitId, unitName: c.unitName, yellow: 0, red: 0 };
        u[c.level as 'yellow' | 'red'] += Number(c.n);
        byUnit.set(c.unitId, u);
      }
      return { items: rows.map(presentWarning), total, byUnit: [...byUnit.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow) };
    },
  );

  app.post(
    '/api/warnings/recompute',
    { config: { auth: { permission: 'dispatch:manage' } }, schema: { tags: ['dispatch'], summary: 'Recompute every light of a period with the rule in force for it', body: recomputeBody, response: { 200: z.object({ projects: z.number(), lights: z.number() }), 404: errorBody } } },
    async (request) => {
      assertManage(request.ctx);
      const p = await periodRow(gj.db, request.body.period);
      const result = await gj.db.transaction().execute(async (trx) => {
        const done = await recomputePeriodLights(trx, p.id, gj.clock.now().toISOString());
        await gj.audit.append(trx, request.ctx, { action: 'dispatch.recompute', objectType: 'dispatch_period', objectId: p.id, detail: { period: p.period, ...done } });
        return done;
      });
      request.audited = true;
      return result;
    },
  );

  app.get(
    '/api/warnings/rules',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: 'Every version of the warning rules with its effective date (the lights keep the version that produced them)', response: { 200: z.object({ items: z.array(z.object({ version: z.number(), effectiveFrom: z.string(), definition: z.record(z.string(), z.unknown()), note: z.string().nullable(), createdAt: z.string() })) }) } } },
    async () => ({ items: (await warningRules(gj.db)).map((r) => ({ version: r.version, effectiveFrom: r.effective_from, definition: JSON.parse(r.definition) as Record<string, unknown>, note: r.note, createdAt: new Date(r.created_at).toISOString() })) }),
  );

  app.post(
    '/api/warnings/rules',
    { config: { auth: { permission: 'dispatch:manage' } }, schema: { tags: ['dispatch'], summary: 'Add a version of the warning rules, in force from a date', body: ruleBody, response: { 201: z.object({ version: z.number() }), 400: errorBody } } },
    async (request, reply) => {
      const version = await addWarningRule(gj, request.ctx, request.body);
      request.audited = true;
      return reply.code(201).send({ version });
    },
  );

  app.get(
    '/api/dispatch/forecast',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: 'Year-end forecast per unit from the monthly pace, and the projects on course to miss their plan while still green or yellow', querystring: forecastQuery, response: { 200: forecastSchema, 404: errorBody } } },
    async (request) => forecastFor(gj.db, actorOf(request).scope, await periodRow(gj.db, request.query.period)),
  );

  app.get(
    '/api/projects/:id/lights',
    { config: { auth: { permission: 'dispatch:read' } }, schema: { tags: ['dispatch'], summary: "A project's lights over the months, its monthly figures and its list membership per year", params: idParams, response: { 200: projectLightsSchema, 404: errorBody } } },
    async (request) => {
      const project = await readableProject(request, request.params.id);
      const lights = await projectLightHistory(gj.db, project.id);
      const reports = await projectDispatchHistory(gj.db, project.id);
      const { lists, plans } = await projectListsAndPlans(gj.db, project.id);
      const years = [...new Set([...lists.map((l) => l.year), ...plans.map((p) => p.year)])].sort();
      return {
        lights: lights.map((l) => ({ period: l.period, kind: l.kind as 'progress', level: l.level as 'green', escalated: l.level !== l.rawLevel, deviationPoints: points(l.deviationCenti), monthsLate: l.monthsLate, ruleVersion: l.ruleVersion })),
        reports: reports.map((r) => ({ period: r.period, monthWan: unitsToWan(r.monthYuan)!, cumulativeWan: unitsToWan(r.cumulativeYuan)!, planWan: unitsToWan(r.planYuan), version: r.version, late: !!r.late })),
        lists: years.map((year) => ({ year, levels: lists.filter((l) => l.year === year).map((l) => l.level as 'city'), planWan: unitsToWan(plans.find((p) => p.year === year)?.plan_yuan) })),
      };
    },
  );
}
