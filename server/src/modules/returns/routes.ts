import { z } from 'zod';
import { gapLight, quarterEnd, type ReturnStage } from '../../../../common/returns.js';
import { chinaDay } from '../../platform/china-time.js';
import { AppError, notFound } from '../../platform/errors.js';
import { acceptLedgerFiles } from '../../platform/excel/http.js';
import { MAX_UPLOAD_BYTES } from '../../platform/excel/workbook.js';
import { actorOf, errorBody, idParams, type App, type Services } from '../../platform/http.js';
import { unitsToWan } from '../../platform/money.js';
import { importReturns } from './excel.js';
import { canCommit, canFileReturns, canReadReturns } from './policy.js';
import { capacityPlanned, commitmentOf, producingInScope, projectHead, proposalsOf, quartersOf, ruleOn } from './repo.js';
import { lastFour, perMu, gradeOf } from './rules.js';
import { commitmentBody, decideBody, gapsList, importQuery, listQuery, parkRanking, parksQuery, projectReturns, quarterBody, quarterParams, returnsImportReport, returnsList } from './schema.js';
import { decideProposal, fileQuarter, setCommitments } from './service.js';

const mu = (centimu: number | null | undefined) => (centimu === null || centimu === undefined ? null : centimu / 100);
const READERS = ['project:read'] as const;

/** 投产达效与亩均效益: declare permission and schemas, call the service or the repository, present. */
export async function returnsRoutes(app: App) {
  const gj: Services = app.gj;
  const tags = ['returns'];
  acceptLedgerFiles(app);

  app.get(
    '/api/returns',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'Producing projects in my scope with the quarter’s output, tax and jobs, and 亩均 (a year at the pace of the last four quarters) with its grade; paged in the database', querystring: listQuery, response: { 200: returnsList } } },
    async (request) => {
      const { period, unitId, page, pageSize } = request.query;
      const scope = actorOf(request).scope;
      const { version, rule } = await ruleOn(gj.db, quarterEnd(period));
      const base = producingInScope(gj.db, scope, unitId);
      const [rows, total] = await Promise.all([
        base
          .select(['p.id', 'p.code', 'p.name', 'p.stage', 'h.name as host_name', 'c.land_centimu', 'c.returns_tax_yuan', 'c.design_output_yuan'])
          .orderBy('p.code')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      ]);
      const ids = rows.map((r) => r.id);
      const [figures, proposals] = await Promise.all([
        quartersOf(gj.db, ids, lastFour(period)[0]),
        ids.length ? gj.db.selectFrom('returns_proposals').select(['project_id', 'stage']).where('project_id', 'in', ids).where('state', '=', 'proposed').execute() : Promise.resolve([]),
      ]);
      const items = rows.map((r) => {
        const f = (figures.get(r.id) ?? []).filter((q) => q.period <= period);
        const now = f.find((q) => q.period === period);
        const m = perMu(rule, r.land_centimu, f, period);
        return {
          projectId: r.id,
          projectCode: r.code,
          projectName: r.name,
          hostUnitName: r.host_name,
          stage: r.stage,
          outputWan: now ? unitsToWan(now.outputYuan) : null,
          taxWan: now ? unitsToWan(now.taxYuan) : null,
          jobs: now?.jobs ?? null,
          landMu: mu(r.land_centimu),
          taxPerMuWan: m.taxPerMuWan,
          outputPerMuWan: m.outputPerMuWan,
          grade: m.grade,
          committedTaxWan: unitsToWan(r.returns_tax_yuan),
          designOutputWan: unitsToWan(r.design_output_yuan),
          proposal: (proposals.find((x) => x.project_id === r.id)?.stage ?? null) as ReturnStage | null,
        };
      });
      return { period, ruleVersion: version, items, total: Number(total.n) };
    },
  );

  app.get(
    '/api/returns/projects/:id',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'A project’s commitments against its quarters (the chart’s data), and the stages its figures propose', params: idParams, response: { 200: projectReturns, 404: errorBody } } },
    async (request) => {
      const p = await projectHead(gj.db, request.params.id);
      if (!p || !canReadReturns(request.ctx, p)) throw notFound();
      const [c, quarters, proposals] = await Promise.all([
        commitmentOf(gj.db, p.id),
        gj.db.selectFrom('project_returns').select(['period', 'output_yuan', 'tax_yuan', 'jobs', 'version', 'source']).where('project_id', '=', p.id).orderBy('period').execute(),
        proposalsOf(gj.db, p.id),
      ]);
      return {
        project: { id: p.id, code: p.code, name: p.name, stage: p.stage, version: p.version, hostUnitName: p.host_name, canCommit: canCommit(request.ctx, p), canFile: canFileReturns(request.ctx, p.host_unit_id) },
        commitments: c
          ? {
              designOutputWan: unitsToWan(c.design_output_yuan),
              capacityYear: c.capacity_year,
              capacityOutputWan: unitsToWan(c.capacity_output_yuan),
              capacityTaxWan: unitsToWan(c.capacity_tax_yuan),
              returnsYear: c.returns_year,
              returnsOutputWan: unitsToWan(c.returns_output_yuan),
              returnsTaxWan: unitsToWan(c.returns_tax_yuan),
              jobs: c.jobs,
              landMu: mu(c.land_centimu),
              version: c.version,
            }
          : null,
        ledger: { outputWan: unitsToWan(p.expected_output_yuan), taxWan: unitsToWan(p.expected_tax_yuan), jobs: p.expected_jobs, landMu: p.land_mu === null ? null : Number(p.land_mu) },
        quarters: quarters.map((q) => ({ period: q.period, outputWan: unitsToWan(q.output_yuan)!, taxWan: unitsToWan(q.tax_yuan)!, jobs: q.jobs, version: q.version, source: q.source })),
        proposals: proposals.map((x) => ({
          id: x.id,
          stage: x.stage as ReturnStage,
          period: x.period,
          state: x.state as 'proposed' | 'confirmed' | 'dismissed',
          evidence: JSON.parse(x.evidence),
          ruleVersion: x.rule_version,
          proposedAt: new Date(x.proposed_at).toISOString(),
          decidedAt: x.decided_at ? new Date(x.decided_at).toISOString() : null,
          decidedBy: x.decided_by_name,
          reason: x.decision_reason,
        })),
      };
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
    { config: { auth: { permission: 'dispatch:write' } }, schema: { tags, summary: 'File (or correct, by version) a producing project’s output, tax and jobs of a quarter — the host unit', params: quarterParams, body: quarterBody, response: { 200: z.object({ outcome: z.enum(['created', 'updated', 'unchanged']), version: z.number() }), 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } } },
    async (request) => {
      const out = await fileQuarter(gj, request.ctx, request.params.id, request.params.period, request.body);
      request.audited = true;
      return out;
    },
  );

  app.post(
    '/api/returns/proposals/:id/decide',
    { config: { auth: { permission: 'dispatch:write' } }, schema: { tags, summary: 'Confirm a stage the figures propose (the project moves to it, dated the quarter’s end) or dismiss it with a reason — the host unit', params: idParams, body: decideBody, response: { 204: z.null(), 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } } },
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
      schema: { tags, summary: 'Import a quarter’s output and tax sheet (.xlsx/.xls as the body), matched by credit code, else project code, else name within my scope: a dry run by default; commit=true writes all rows or none', querystring: importQuery, response: { 200: returnsImportReport, 400: errorBody, 403: errorBody, 413: errorBody } },
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
    '/api/returns/parks',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'Parks and zones ranked by 亩均税收 (their producing projects’ tax of a year at the last four quarters’ pace over their land), graded, with the trend of the last four quarters', querystring: parksQuery, response: { 200: parkRanking } } },
    async (request) => {
      const { period } = request.query;
      const scope = actorOf(request).scope;
      const { rule } = await ruleOn(gj.db, quarterEnd(period));
      const parks = await gj.db.selectFrom('units').select(['id', 'name', 'path']).where('kind', 'in', ['park', 'zone']).where('disabled', '=', 0).execute();
      const projects = await producingInScope(gj.db, scope).select(['p.id', 'h.path', 'c.land_centimu']).execute();
      const window = lastFour(period);
      const trendWindow = [...lastFour(window[0]!).slice(0, 3), ...window];
      const figures = await quartersOf(gj.db, projects.map((p) => p.id), trendWindow[0]);
      // A project counts for every park or zone above its host (a park inside a zone counts for both).
      const items = parks
        .map((park) => {
          const inside = projects.filter((p) => p.path.startsWith(park.path) && p.land_centimu);
          const land = inside.reduce((s, p) => s + p.land_centimu!, 0);
          const at = (q: string) => {
            const per = inside.map((p) => perMu(rule, p.land_centimu, (figures.get(p.id) ?? []).filter((f) => f.period <= q), q));
            const counted = per.filter((x) => x.quarters > 0);
            const countedLand = inside.filter((_, i) => per[i]!.quarters > 0).reduce((s, p) => s + p.land_centimu!, 0);
            const tax = counted.reduce((s, x) => s + x.taxYuan, 0);
            const output = counted.reduce((s, x) => s + x.outputYuan, 0);
            return { tax, output, land: countedLand, taxPerMu: countedLand ? Math.round(tax / countedLand) / 100 : null, outputPerMu: countedLand ? Math.round(output / countedLand) / 100 : null };
          };
          const now = at(period);
          return {
            unitId: park.id,
            unitName: park.name,
            projects: inside.length,
            landMu: land / 100,
            taxWan: unitsToWan(now.tax)!,
            outputWan: unitsToWan(now.output)!,
            taxPerMuWan: now.taxPerMu,
            outputPerMuWan: now.outputPerMu,
            grade: now.taxPerMu === null ? null : gradeOf(rule, now.taxPerMu),
            rank: null as number | null,
            trend: window.map((q) => ({ period: q, taxPerMuWan: at(q).taxPerMu })),
          };
        })
        .filter((x) => x.projects > 0)
        .sort((a, b) => (b.taxPerMuWan ?? -1) - (a.taxPerMuWan ?? -1) || a.unitId - b.unitId);
      let rank = 0;
      items.forEach((x, i) => {
        if (x.taxPerMuWan === null) return;
        rank = i > 0 && items[i - 1]!.taxPerMuWan === x.taxPerMuWan ? rank : i + 1;
        x.rank = rank;
      });
      return { period, items };
    },
  );

  app.get(
    '/api/returns/gaps',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'Producing projects behind their contract: not at 达产 past its planned date, or not at 达效 after the committed year (yellow, red six months on)', response: { 200: gapsList } } },
    async (request) => {
      const today = chinaDay(gj.clock.now());
      const { rule } = await ruleOn(gj.db, today);
      const rows = await producingInScope(gj.db, actorOf(request).scope).where('p.stage', 'in', ['producing', 'capacity']).select(['p.id', 'p.code', 'p.name', 'p.stage', 'h.name as host_name', 'c.returns_year']).orderBy('p.code').execute();
      const planned = await capacityPlanned(gj.db, rows.map((r) => r.id));
      const items = rows
        .map((r) => {
          const light = gapLight(rule, { stage: r.stage, capacityPlanned: planned.get(r.id) ?? null, returnsYear: r.returns_year }, today);
          if (!light || light.level === 'green') return null;
          const due = light.kind === 'capacity' ? planned.get(r.id)! : `${r.returns_year}-12-31`;
          return { projectId: r.id, projectCode: r.code, projectName: r.name, hostUnitName: r.host_name, stage: r.stage, kind: light.kind, level: light.level, monthsLate: light.monthsLate, due };
        })
        .filter((x): x is NonNullable<typeof x> => x !== null)
        .sort((a, b) => (a.level === b.level ? b.monthsLate - a.monthsLate : a.level === 'red' ? -1 : 1));
      return { items };
    },
  );
}
