import { z } from 'zod';
import { AppError, notFound } from '../../platform/errors.js';
import { acceptLedgerFiles } from '../../platform/excel/http.js';
import { MAX_UPLOAD_BYTES } from '../../platform/excel/workbook.js';
import { actorOf, auditAlone, errorBody, noContent, type App, type Services } from '../../platform/http.js';
import { importKeyList, keyListXlsx } from './excel.js';
import { canReadList, readsAllLists } from './policy.js';
import { presentChainMap, presentKeyList } from './presenter.js';
import { bankChainIds, chainById, currentList, gapsOf, leadStatusesByKey, listItems, listVersions } from './repo.js';
import { chainMapSchema, gapsBody, importQuery, keyListImportReportSchema, keyListSchema, listBody, listQuery, versionsSchema } from './schema.js';
import { setChainGaps, setKeyList } from './service.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const READERS = ['keylist:write', 'project:read', 'finance:read'] as const;

/** Key-enterprise lists per chain and year: the chain bureau keeps them, officers read them, a bank reads its chains'. */
export async function keyEnterpriseRoutes(app: App) {
  const gj: Services = app.gj;
  const tags = ['key-enterprises'];
  acceptLedgerFiles(app);

  /** 404 unless the actor may read this chain's list of the year (a bank: only the chains it took). */
  async function assertReadable(actor: ReturnType<typeof actorOf>, chainId: number, year: number) {
    const chain = await chainById(gj.db, chainId);
    if (!chain) throw notFound();
    const mine = readsAllLists(actor) ? [] : await bankChainIds(gj.db, actor.scope, year);
    if (!canReadList(actor, chainId, mine)) throw notFound();
    return chain;
  }

  app.get(
    '/api/key-enterprises',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'A chain’s key-enterprise list of a year (the version in force): enterprises, tags, segment, financing needs', querystring: listQuery, response: { 200: keyListSchema, 404: errorBody } } },
    async (request) => {
      const { year, chainId } = request.query;
      await assertReadable(actorOf(request), chainId, year);
      const list = await currentList(gj.db, chainId, year);
      return presentKeyList(list, list ? await listItems(gj.db, list.id, year) : null);
    },
  );

  app.get(
    '/api/key-enterprises/versions',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'The versions of a chain’s list of a year, newest first', querystring: listQuery, response: { 200: versionsSchema, 404: errorBody } } },
    async (request) => {
      const { year, chainId } = request.query;
      await assertReadable(actorOf(request), chainId, year);
      const rows = await listVersions(gj.db, chainId, year);
      return { items: rows.map((r) => ({ id: r.id, version: r.version, source: r.source, note: r.note, createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by_name, items: Number(r.items ?? 0) })) };
    },
  );

  app.put(
    '/api/key-enterprises',
    { config: { auth: { permission: 'keylist:write' } }, schema: { tags, summary: 'Save a chain’s list of a year as a new version (the chain bureau)', body: listBody, response: { 200: keyListSchema, 400: errorBody, 409: errorBody } } },
    async (request) => {
      await setKeyList(gj, request.ctx, { ...request.body, source: 'edit' });
      request.audited = true;
      const list = await currentList(gj.db, request.body.chainId, request.body.year);
      return presentKeyList(list, list ? await listItems(gj.db, list.id, request.body.year) : null);
    },
  );

  app.post(
    '/api/key-enterprises/import',
    {
      config: { auth: { permission: 'keylist:write' } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: { tags, summary: 'Import a chain’s 重点企业清单 (.xlsx/.xls as the body) for a year: a dry run by default; commit=true saves it as a new version, or nothing when a row is rejected', querystring: importQuery, response: { 200: keyListImportReportSchema, 400: errorBody, 403: errorBody, 413: errorBody } },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
      const { year, chainId, commit } = request.query;
      if (!(await chainById(gj.db, chainId))) throw new AppError(400, 'CHAIN_NOT_FOUND');
      const report = await importKeyList(gj, request.ctx, request.body, { year, chainId, dryRun: commit !== 'true', lang: request.ctx.lang });
      request.audited = true;
      return report;
    },
  );

  app.get(
    '/api/key-enterprises/export',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'A chain’s list of a year as Excel, in the layout the import reads back (audited)', querystring: listQuery } },
    async (request, reply) => {
      const { year, chainId } = request.query;
      const chain = await assertReadable(actorOf(request), chainId, year);
      const list = await currentList(gj.db, chainId, year);
      const shown = presentKeyList(list, list ? await listItems(gj.db, list.id, year) : null);
      const title = `${year}年${chain.name}产业链重点企业清单`;
      const file = await keyListXlsx(title, shown.items.map((i) => ({ name: i.enterpriseName, uscc: i.uscc, industry: i.industry, segment: i.segment, role: i.role, tags: i.tags.map((t) => t.tag), financingNeed: i.financingNeed })));
      await auditAlone(app, request, { action: 'keylist.export', objectType: 'key_list', objectId: list?.id ?? null, detail: { year, chainId, items: shown.items.length } });
      return reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', `attachment; filename="key-enterprises.xlsx"; filename*=UTF-8''${encodeURIComponent(`${title}.xlsx`)}`).send(file);
    },
  );

  app.get(
    '/api/chain-map',
    { config: { auth: { permission: [...READERS] } }, schema: { tags, summary: 'The chain map of a year: per segment the listed enterprises, the gaps to fill (补链) and the firms courted — whether a lead chases each and how far it got', querystring: listQuery, response: { 200: chainMapSchema, 404: errorBody } } },
    async (request) => {
      const { year, chainId } = request.query;
      const chain = await assertReadable(actorOf(request), chainId, year);
      const list = await currentList(gj.db, chainId, year);
      const shown = presentKeyList(list, list ? await listItems(gj.db, list.id, year) : null);
      const gaps = await gapsOf(gj.db, chainId);
      return presentChainMap({ id: chain.id, name: chain.name }, year, shown, gaps, await leadStatusesByKey(gj.db, gaps.targets.map((t) => t.name_key)));
    },
  );

  app.put(
    '/api/chain-map/gaps',
    { config: { auth: { permission: 'keylist:write' } }, schema: { tags, summary: 'Replace a chain’s gaps (补链 targets) and the firms courted for each (the chain bureau)', body: gapsBody, response: { 204: z.null(), 400: errorBody } } },
    async (request, reply) => {
      await setChainGaps(gj, request.ctx, request.body.chainId, request.body.gaps);
      request.audited = true;
      return noContent(reply);
    },
  );
}
