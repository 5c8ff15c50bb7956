import { z } from 'zod';
import { PERIOD_PATTERN } from '../../../../common/dispatch.js';
import { loanImportReportSchema, loanStatsSchema } from '../../../../common/key-enterprises-api.js';
import { AppError } from '../../platform/errors.js';
import { acceptLedgerFiles } from '../../platform/excel/http.js';
import { MAX_UPLOAD_BYTES } from '../../platform/excel/workbook.js';
import { actorOf, errorBody, idParams, noContent, type App, type Services } from '../../platform/http.js';
import { chinaToday } from '../dispatch/index.js';
import { importLoanSheet } from './loan-sheet.js';
import { bankChainIds } from '../key-enterprises/index.js';
import { financingNeeds, recordBankReply } from '../problems/index.js';
import { readableBanks } from './policy.js';
import { presentAssignments, presentLines, presentLoanStats, presentTotals } from './presenter.js';
import { assignments, creditLines, creditSums, listedEnterprises, loanSheets, names, plans } from './repo.js';
import { bankAssignmentSchema, bankYearParams, financingNeedSchema, chainsBody, creditLineBody, creditLineSchema, creditTotalsSchema, linesQuery, moveBody, planBody, planSchema, yearQuery } from './schema.js';
import { assignChains, grantCredit, recordMove, savePlan } from './service.js';

/** 金链行动: banks' chains, credit lines, draws and repayments, plans, and the totals — a bank sees its own, the regulator all. */
export async function financeRoutes(app: App) {
  const gj: Services = app.gj;
  const tags = ['finance'];
  acceptLedgerFiles(app);

  app.post(
    '/api/loan-stats/import',
    {
      config: { auth: { permission: 'finance:manage' } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: { tags, summary: 'Import the regulator’s monthly loan sheet (.xlsx/.xls as the body) for a month: a dry run by default; commit=true keeps it as a new version of the month, or nothing when a row is rejected', querystring: z.object({ period: z.string(), commit: z.enum(['true', 'false']).default('false') }), response: { 200: loanImportReportSchema, 400: errorBody, 403: errorBody, 413: errorBody } },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
      const { period, commit } = request.query;
      if (!PERIOD_PATTERN.test(period) || period > chinaToday(gj.clock.now()).slice(0, 7)) throw new AppError(400, 'LOAN_PERIOD_BAD');
      const report = await importLoanSheet(gj, request.ctx, request.body, { period, dryRun: commit !== 'true', lang: request.ctx.lang });
      request.audited = true;
      return report;
    },
  );

  /** The enterprises whose financing needs the actor sees: a bank, those on its chains' lists; city-wide readers, all listed. */
  async function needsScope(actor: ReturnType<typeof actorOf>, year: number) {
    return listedEnterprises(gj.db, actor.scope.all ? null : await bankChainIds(gj.db, actor.scope, year), year);
  }

  app.get(
    '/api/financing-needs',
    { config: { auth: { permission: 'finance:read' } }, schema: { tags, summary: 'Financing needs (融资 problems) raised by enterprises on the key lists of my chains for the year, with the banks’ replies', querystring: yearQuery, response: { 200: z.object({ items: z.array(financingNeedSchema) }) } } },
    async (request) => {
      const listed = await needsScope(actorOf(request), request.query.year);
      const { needs, replies } = await financingNeeds(gj.db, [...listed.keys()], 200);
      return {
        items: needs.map((n) => ({
          problemId: n.id,
          code: n.code,
          title: n.title,
          description: n.description,
          status: n.status,
          enterpriseName: n.enterprise_name,
          chains: listed.get(n.enterprise_id!) ?? [],
          createdAt: new Date(n.created_at).toISOString(),
          replies: replies.filter((r) => r.problem_id === n.id).map((r) => ({ bankName: r.bank_name ?? '', by: r.actor_name ?? '', text: r.text ?? '', at: new Date(r.at).toISOString() })),
        })),
      };
    },
  );

  app.post(
    '/api/financing-needs/:id/replies',
    { config: { auth: { permission: 'finance:write' } }, schema: { tags, summary: 'Answer an enterprise’s financing need as a bank of its chain (on the problem’s timeline; the enterprise is told)', params: idParams, querystring: yearQuery, body: z.object({ text: z.string().trim().min(2).max(2000) }), response: { 204: z.null(), 404: errorBody, 409: errorBody } } },
    async (request, reply) => {
      const listed = await needsScope(actorOf(request), request.query.year);
      // A need of an enterprise off my chains' lists does not exist for me.
      const { needs } = await financingNeeds(gj.db, [...listed.keys()], 1, request.params.id);
      if (!needs.length) throw new AppError(404, 'NOT_FOUND');
      await recordBankReply(gj, request.ctx, request.params.id, request.body.text);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.get(
    '/api/loan-stats',
    { config: { auth: { permission: 'finance:read' } }, schema: { tags, summary: 'The year’s monthly loan figures of the city and each institution (city-wide readers: the regulator, the leaders)', querystring: yearQuery, response: { 200: loanStatsSchema, 403: errorBody } } },
    async (request) => {
      // Every institution's figures: not a bank's to read (it sees its own credit, not its rivals').
      if (!actorOf(request).scope.all) throw new AppError(403, 'FORBIDDEN');
      return presentLoanStats(await loanSheets(gj.db, request.query.year));
    },
  );

  app.get(
    '/api/banks/assignments',
    { config: { auth: { permission: 'finance:read' } }, schema: { tags, summary: 'Which chains each bank took in a year (a bank: its own)', querystring: yearQuery, response: { 200: z.object({ items: z.array(bankAssignmentSchema) }) } } },
    async (request) => ({ items: presentAssignments(await assignments(gj.db, request.query.year, readableBanks(actorOf(request)))) }),
  );

  app.put(
    '/api/banks/:id/chains/:year',
    { config: { auth: { permission: 'finance:manage' } }, schema: { tags, summary: 'Assign a bank its chains for a year (the finance regulator)', params: bankYearParams, body: chainsBody, response: { 204: z.null(), 400: errorBody } } },
    async (request, reply) => {
      await assignChains(gj, request.ctx, request.params.id, request.params.year, request.body.chainIds);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.get(
    '/api/credit-lines',
    { config: { auth: { permission: 'finance:read' } }, schema: { tags, summary: 'Credit lines granted in a year, with drawn, repaid and outstanding (a bank: its own), paged in the database', querystring: linesQuery, response: { 200: z.object({ items: z.array(creditLineSchema), total: z.number() }) } } },
    async (request) => {
      const { year, page, pageSize } = request.query;
      const { rows, total } = await creditLines(gj.db, year, readableBanks(actorOf(request)), pageSize, (page - 1) * pageSize);
      return { items: presentLines(rows), total };
    },
  );

  app.post(
    '/api/credit-lines',
    { config: { auth: { permission: 'finance:write' } }, schema: { tags, summary: 'Record a credit line (授信) for an enterprise on the key list of one of my chains', body: creditLineBody, response: { 201: z.object({ id: z.number() }), 400: errorBody, 403: errorBody } } },
    async (request, reply) => {
      const id = await grantCredit(gj, request.ctx, request.body);
      request.audited = true;
      return reply.code(201).send({ id });
    },
  );

  app.post(
    '/api/credit-lines/:id/moves',
    { config: { auth: { permission: 'finance:write' } }, schema: { tags, summary: 'Record money drawn on, or repaid to, one of my credit lines', params: idParams, body: moveBody, response: { 201: z.object({ id: z.number() }), 400: errorBody, 403: errorBody, 404: errorBody } } },
    async (request, reply) => {
      const id = await recordMove(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return reply.code(201).send({ id });
    },
  );

  app.get(
    '/api/credit/totals',
    { config: { auth: { permission: 'finance:read' } }, schema: { tags, summary: 'The year’s credit per bank, per chain and per month (a bank: its own)', querystring: yearQuery, response: { 200: creditTotalsSchema } } },
    async (request) => {
      const year = request.query.year;
      const sums = await creditSums(gj.db, year, readableBanks(actorOf(request)));
      const bankIds = [...new Set([...sums.granted, ...sums.moved].map((r) => Number(r.bank_unit_id)))];
      const chainIds = [...new Set([...sums.granted, ...sums.moved].map((r) => Number(r.chain_id)))];
      return presentTotals(year, sums, await names(gj.db, 'units', bankIds), await names(gj.db, 'chains', chainIds));
    },
  );

  app.get(
    '/api/bank-plans',
    { config: { auth: { permission: 'finance:read' } }, schema: { tags, summary: '一链一方案 and 一企一策 of a year (a bank: its own)', querystring: yearQuery, response: { 200: z.object({ items: z.array(planSchema) }) } } },
    async (request) => {
      const rows = await plans(gj.db, request.query.year, readableBanks(actorOf(request)));
      return { items: rows.map((p) => ({ id: p.id, bankUnitId: p.bank_unit_id, bankName: p.bank_name, chainId: p.chain_id, chainName: p.chain_name, enterpriseId: p.enterprise_id, enterpriseName: p.enterprise_name, text: p.text, updatedAt: new Date(p.updated_at).toISOString() })) };
    },
  );

  app.put(
    '/api/bank-plans',
    { config: { auth: { permission: 'finance:write' } }, schema: { tags, summary: 'Save my plan for a chain (一链一方案) or for an enterprise on its list (一企一策) for a year', body: planBody, response: { 200: z.object({ id: z.number() }), 403: errorBody, 404: errorBody } } },
    async (request) => {
      const id = await savePlan(gj, request.ctx, request.body);
      request.audited = true;
      return { id };
    },
  );
}
