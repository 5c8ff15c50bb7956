import { z } from 'zod';
import { indicatorSchema, targetImportReportSchema, targetsOfYearSchema } from '../../../../common/targets-api.js';
import { AppError } from '../../platform/errors.js';
import { acceptLedgerFiles } from '../../platform/excel/http.js';
import { MAX_UPLOAD_BYTES } from '../../platform/excel/workbook.js';
import { errorBody, type App, type Services } from '../../platform/http.js';
import { importTargets } from './excel.js';
import { loadIndicators } from './indicators.js';
import { assertReadTargets } from './policy.js';
import { inTableOrder, presentIndicator, presentTargets } from './presenter.js';
import { targetableUnits, targetsOfYear } from './repo.js';
import { targetImportQuery, targetsBody, yearQuery } from './schema.js';
import { setTargets } from './service.js';

/** Targets' HTTP surface: declare permission and schemas, call the service or repo, present. */
export async function targetRoutes(app: App) {
  const gj: Services = app.gj;
  acceptLedgerFiles(app);

  app.get(
    '/api/indicators',
    { config: { auth: { permission: 'target:read' } }, schema: { tags: ['targets'], summary: 'The indicator library: the version of each indicator in force, with its name and unit (count, 万元, percent)', response: { 200: z.object({ items: z.array(indicatorSchema) }) } } },
    async (request) => {
      assertReadTargets(request.ctx);
      return { items: inTableOrder(await loadIndicators(gj.db)).map(presentIndicator) };
    },
  );

  app.get(
    '/api/targets',
    { config: { auth: { permission: 'target:read' } }, schema: { tags: ['targets'], summary: "A year's targets in force per unit and indicator, every unit a target may be set for, and the indicators (every reader sees every unit's targets: 比拼 compares them)", querystring: yearQuery, response: { 200: targetsOfYearSchema, 400: errorBody } } },
    async (request) => {
      assertReadTargets(request.ctx);
      const year = request.query.year;
      const [indicators, units, targets] = await Promise.all([loadIndicators(gj.db), targetableUnits(gj.db), targetsOfYear(gj.db, year)]);
      return presentTargets(year, indicators, units, targets);
    },
  );

  app.put(
    '/api/targets',
    { config: { auth: { permission: 'target:write' } }, schema: { tags: ['targets'], summary: "Set a year's targets (null withdraws one): each changed value is a new version, the old one kept; unchanged values write nothing", body: targetsBody, response: { 200: z.object({ changed: z.number() }), 400: errorBody, 403: errorBody } } },
    async (request) => {
      const result = await setTargets(gj, request.ctx, request.body.year, request.body.items, { source: 'form' });
      if (result.changed) request.audited = true;
      return result;
    },
  );

  app.post(
    '/api/targets/import',
    {
      config: { auth: { permission: 'target:write' } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: { tags: ['targets'], summary: "Import the city's 目标任务分解表 (.xlsx/.xls as the body) for a year: a dry run by default; dryRun=false sets every row's targets together, or none when a row is rejected", querystring: targetImportQuery, response: { 200: targetImportReportSchema, 400: errorBody, 403: errorBody, 413: errorBody } },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
      const report = await importTargets(gj, request.ctx, request.body, request.query.year, { dryRun: request.query.dryRun, lang: request.ctx.lang });
      request.audited = true;
      return report;
    },
  );
}
