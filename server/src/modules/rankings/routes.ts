import { z } from 'zod';
import { publishedListSchema, rankingRowsSchema, rankingSchema, verifySchema } from '../../../../common/rankings-api.js';
import { AppError, notFound } from '../../platform/errors.js';
import { actorOf, errorBody, type App, type Services } from '../../platform/http.js';
import { chinaToday } from '../dispatch/index.js';
import { indicatorRows, loadIndicators } from '../targets/index.js';
import { assertReadTargets } from '../targets/index.js';
import { assertRowsReadable, visibleProjects } from './policy.js';
import { presentRanking, presentRows } from './presenter.js';
import { previousRanks, publishedList, unitWithPath } from './repo.js';
import { countingRulesBody, periodParams, publishBody, rankingQuery, rowsQuery, schemeBody } from './schema.js';
import { addCountingRules, addSchemeVersion, assertAsOf, computeRanking, publishRanking, readPublished, recomputePublished } from './service.js';

/** The 赛马榜's HTTP surface: declare permission and schemas, call the service, present. */
export async function rankingRoutes(app: App) {
  const gj: Services = app.gj;
  const today = () => chinaToday(gj.clock.now());

  app.get(
    '/api/rankings',
    { config: { auth: { permission: 'target:read' } }, schema: { tags: ['rankings'], summary: 'The 赛马榜 computed now from the data, as of a date (default today, or the year end of a past year): every unit with targets that year, its score, rank and indicators', querystring: rankingQuery, response: { 200: rankingSchema, 400: errorBody, 404: errorBody } } },
    async (request) => {
      assertReadTargets(request.ctx);
      const { year } = request.query;
      const asOf = request.query.asOf ?? (String(year) === today().slice(0, 4) ? today() : `${year}-12-31`);
      assertAsOf(year, asOf, today());
      const ranking = await computeRanking(gj.db, { year, asOf, watermark: null });
      return presentRanking(ranking, await loadIndicators(gj.db, ranking.indicatorVersions), await previousRanks(gj.db, asOf), null, request.ctx.lang);
    },
  );

  app.get(
    '/api/rankings/rows',
    { config: { auth: { permission: 'target:read' } }, schema: { tags: ['rankings'], summary: "The projects behind one unit's figure (only a unit in my scope; projects I may not read are counted, not named), paged in the database", querystring: rowsQuery, response: { 200: rankingRowsSchema, 400: errorBody, 403: errorBody, 404: errorBody } } },
    async (request) => {
      const actor = actorOf(request);
      const { year, unitId, indicator: code, page, pageSize } = request.query;
      const asOf = request.query.asOf ?? (String(year) === today().slice(0, 4) ? today() : `${year}-12-31`);
      assertAsOf(year, asOf, today());
      assertRowsReadable(actor, unitId);
      const unit = await unitWithPath(gj.db, unitId);
      if (!unit) throw notFound();
      const indicator = (await loadIndicators(gj.db, undefined, asOf)).find((i) => i.code === code);
      if (!indicator) throw new AppError(400, 'TARGET_INDICATOR_BAD', { indicator: code });
      const rows = await indicatorRows(gj.db, { indicator, year, asOf, unitPath: unit.path, visible: visibleProjects(actor.scope), limit: pageSize, offset: (page - 1) * pageSize });
      return presentRows(rows);
    },
  );

  app.get(
    '/api/rankings/published',
    { config: { auth: { permission: 'target:read' } }, schema: { tags: ['rankings'], summary: 'The published monthly rankings of a year (newest first), each with its leader', querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }), response: { 200: publishedListSchema } } },
    async (request) => ({ items: await publishedList(gj.db, request.query.year) }),
  );

  app.get(
    '/api/rankings/published/:period',
    { config: { auth: { permission: 'target:read' } }, schema: { tags: ['rankings'], summary: "A month's published ranking, frozen as it was published (its newest version unless one is asked for)", params: periodParams, querystring: z.object({ version: z.coerce.number().int().positive().max(2147483647).optional() }), response: { 200: rankingSchema, 404: errorBody } } },
    async (request) => {
      const published = await readPublished(gj.db, request.params.period, request.query.version);
      if (!published) throw new AppError(404, 'RANKING_NOT_FOUND');
      return presentRanking(published.ranking, await loadIndicators(gj.db, published.ranking.indicatorVersions), await previousRanks(gj.db, published.ranking.asOf), published, request.ctx.lang);
    },
  );

  app.get(
    '/api/rankings/published/:period/verify',
    { config: { auth: { permission: 'target:read' } }, schema: { tags: ['rankings'], summary: 'Recomputes a published ranking from the data as it stood when it was published (its histories, scheme and rule versions) and says whether it equals what was published', params: periodParams, querystring: z.object({ version: z.coerce.number().int().positive().max(2147483647).optional() }), response: { 200: verifySchema, 404: errorBody } } },
    async (request) => {
      const published = await readPublished(gj.db, request.params.period, request.query.version);
      if (!published) throw new AppError(404, 'RANKING_NOT_FOUND');
      const again = await recomputePublished(gj.db, published);
      return { period: published.period, version: published.version, equal: again.equal, recomputed: again.items };
    },
  );

  app.post(
    '/api/rankings/publish',
    { config: { auth: { permission: 'target:write' } }, schema: { tags: ['rankings'], summary: "Publishes a month's ranking (as of its last day), frozen with its scheme, rule versions and the data it saw; a month published again gets a new version", body: publishBody, response: { 200: z.object({ period: z.string(), version: z.number() }), 400: errorBody, 404: errorBody } } },
    async (request) => {
      const published = await publishRanking(gj, request.ctx, request.body.period);
      request.audited = true;
      return { period: published.period, version: published.version };
    },
  );

  app.post(
    '/api/rankings/schemes',
    { config: { auth: { permission: 'target:write' } }, schema: { tags: ['rankings'], summary: 'Adds a version of the scoring scheme (weights, bonuses, deductions), valid from a date; published rankings keep theirs', body: schemeBody, response: { 200: z.object({ id: z.number() }), 400: errorBody } } },
    async (request) => {
      const id = await addSchemeVersion(gj, request.ctx, request.body);
      request.audited = true;
      return { id };
    },
  );

  app.post(
    '/api/rankings/counting-rules',
    { config: { auth: { permission: 'target:write' } }, schema: { tags: ['rankings'], summary: 'Adds a version of the counting rules (统计口径 thresholds); every indicator gets a version counting by it, published rankings keep theirs', body: countingRulesBody, response: { 200: z.object({ version: z.number() }), 400: errorBody } } },
    async (request) => {
      const version = await addCountingRules(gj, request.ctx, request.body);
      request.audited = true;
      return { version };
    },
  );
}
