import { briefingListSchema } from '../../../../common/briefings-api.js';
import { errorBody, type App, type Services } from '../../platform/http.js';
import { assertReadBriefings } from './policy.js';
import { attachmentHeader, DOCX_TYPE, presentArchived } from './presenter.js';
import { archivedList } from './repo.js';
import { idParams, listQuery, monthlyQuery } from './schema.js';
import { archivedFile, generateMonthlyBriefing } from './service.js';

/** The monthly briefing's HTTP surface: a fresh draft of a published month, and the archive. */
export async function briefingRoutes(app: App) {
  const gj: Services = app.gj;

  app.get(
    '/api/briefings/monthly',
    {
      config: { auth: { permission: 'target:read' } },
      schema: {
        tags: ['briefings'],
        summary: "Drafts a published month's briefing as a Word document (city-wide readers only; audited): headline figures, the ranking, charts, the red list, narrative",
        querystring: monthlyQuery,
      },
    },
    async (request, reply) => {
      const briefing = await generateMonthlyBriefing(gj, request.ctx, request.query.period);
      request.audited = true;
      return reply.header('Content-Type', DOCX_TYPE).header('Content-Disposition', attachmentHeader(briefing.fileName, `briefing-${briefing.period}.docx`)).send(briefing.bytes);
    },
  );

  app.get(
    '/api/briefings',
    { config: { auth: { permission: 'target:read' } }, schema: { tags: ['briefings'], summary: 'The archived monthly briefings of a year, newest first (city-wide readers only)', querystring: listQuery, response: { 200: briefingListSchema, 403: errorBody } } },
    async (request) => {
      assertReadBriefings(request.ctx);
      return presentArchived(await archivedList(gj.db, request.query.year));
    },
  );

  app.get(
    '/api/briefings/:id/file',
    { config: { auth: { permission: 'target:read' } }, schema: { tags: ['briefings'], summary: 'Downloads an archived briefing (city-wide readers only; audited)', params: idParams } },
    async (request, reply) => {
      const file = await archivedFile(gj, request.ctx, request.params.id);
      request.audited = true;
      return reply.header('Content-Type', DOCX_TYPE).header('Content-Disposition', attachmentHeader(file.fileName, `briefing-${file.period}.docx`)).send(file.bytes);
    },
  );
}
