import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { auditCheckpointFileOf } from '../../config.js';
import { verifyAuditChain } from '../../platform/audit.js';
import { actorOf, pageQuery, type App } from '../../platform/http.js';
import { translate } from '../../platform/i18n/index.js';
import { ROUTE_ACTIONS, isRequestLine } from '../../../../common/audit.js';
import { auditCount, auditPage, objectNames } from './repo.js';
import { auditEntrySchema, auditFilterQuery, verifyResultSchema } from './schema.js';

const EXPORT_PAGE = 2000;

export async function auditRoutes(app: App) {
  const gj = app.gj;

  function normalise<T extends { from?: string; to?: string }>(q: T): T {
    return { ...q, from: q.from ? new Date(q.from).toISOString() : undefined, to: q.to ? new Date(q.to).toISOString() : undefined };
  }

  app.get(
    '/api/audit',
    {
      config: { auth: { permission: 'audit:read' } },
      schema: { tags: ['audit'], summary: 'The audit trail, filtered and paged in the database', querystring: z.object({ ...pageQuery, ...auditFilterQuery }), response: { 200: z.object({ items: z.array(auditEntrySchema), total: z.number() }) } },
    },
    async (request) => {
      const { page, pageSize, ...filter } = normalise(request.query);
      const [rows, total] = await Promise.all([auditPage(gj.db, filter, { limit: pageSize, offset: (page - 1) * pageSize }), auditCount(gj.db, filter)]);
      // A refused request's record holds the route and its :id; the route says what the id names.
      const kindOf = (r: (typeof rows)[number]) => (r.object_type === 'request' && isRequestLine(r.action) ? (ROUTE_ACTIONS[r.action]?.[1] ?? null) : r.object_type);
      const names = await objectNames(gj.db, rows.flatMap((r) => { const type = kindOf(r); return type && r.object_id ? [{ type, id: r.object_id }] : []; }), request.ctx.lang);
      return {
        items: rows.map((r) => {
          const kind = kindOf(r);
          return {
            id: r.id,
            at: r.at,
            userId: r.user_id,
            username: r.username,
            unitId: r.unit_id,
            unitName: r.unit_name,
            roles: r.roles,
            ip: r.ip,
            action: r.action,
            objectType: r.object_type,
            objectId: r.object_id,
            objectKind: kind,
            objectName: kind && r.object_id ? (names.get(`${kind}:${r.object_id}`) ?? null) : null,
            result: r.result,
            detail: r.detail ? JSON.parse(r.detail) : null,
            requestId: r.request_id,
          };
        }),
        total,
      };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { auth: { permission: 'audit:read' } },
      schema: { tags: ['audit'], summary: 'Check the HMAC-SM3 chain of the whole trail, and its ends against the latest published checkpoint', response: { 200: verifyResultSchema } },
    },
    async () => {
      const result = await verifyAuditChain(gj.db, gj.config.auditKey, { checkpointFile: auditCheckpointFileOf(gj.config) });
      return { ...result, checkpoint: result.checkpoint && { at: result.checkpoint.at, lastId: result.checkpoint.lastId, count: result.checkpoint.count } };
    },
  );

  app.get(
    '/api/audit/export',
    {
      config: { auth: { permission: 'audit:export' } },
      schema: { tags: ['audit'], summary: 'Export the filtered trail as .xlsx (streamed; the export itself is audited)', querystring: z.object(auditFilterQuery) },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const filter = normalise(request.query);
      const lang = request.ctx.lang;
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'audit.export', objectType: 'audit_log', detail: { filter } });
      const stream = new PassThrough();
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
      const sheet = workbook.addWorksheet(lang === 'en-US' ? 'Audit trail' : '审计记录');
      const headers = lang === 'en-US'
        ? ['ID', 'Time (UTC)', 'User', 'Unit', 'Roles', 'IP', 'Action', 'Object type', 'Object ID', 'Result', 'Detail', 'Request ID']
        : ['序号', '时间（UTC）', '用户', '单位', '角色', 'IP', '操作', '对象类型', '对象ID', '结果', '详情', '请求编号'];
      sheet.columns = headers.map((header, i) => ({ header, width: [8, 24, 14, 20, 16, 16, 24, 12, 10, 8, 60, 38][i] }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      const result = (r: string) => (lang === 'en-US' ? r : r === 'success' ? '成功' : '失败');
      // Streamed a page at a time (keyset by id): memory stays flat however long the trail.
      void (async () => {
        try {
          let before: number | null = null;
          for (;;) {
            const rows = await auditPage(gj.db, filter, { limit: EXPORT_PAGE, beforeId: before });
            for (const r of rows) {
              // Cells that a spreadsheet would run as a formula are written as text with a leading quote.
              const safe = (v: string | null) => (v && /^[=+\-@]/.test(v) ? `'${v}` : v);
              sheet.addRow([r.id, r.at, safe(r.username), safe(r.unit_name), r.roles, r.ip, r.action, r.object_type, safe(r.object_id), result(r.result), safe(r.detail), r.request_id]).commit();
            }
            if (rows.length < EXPORT_PAGE) break;
            before = rows[rows.length - 1]!.id;
          }
          sheet.commit();
          await workbook.commit();
        } catch (err) {
          request.log.error({ err, user: actor.username }, 'audit export failed');
          stream.destroy(err as Error);
        }
      })();
      const name = `${translate(lang, 'AUDIT_EXPORT_FILENAME')}-${gj.clock.now().toISOString().slice(0, 10)}.xlsx`;
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(stream);
    },
  );
}
