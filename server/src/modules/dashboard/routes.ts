import { dashboardRowsSchema, dashboardSchema } from '../../../../common/dashboard-api.js';
import { actorOf, errorBody, type App, type Services } from '../../platform/http.js';
import { presentDashboard, presentRows } from './presenter.js';
import { dashboardQuery, rowsQuery } from './schema.js';
import { dashboardRows, loadDashboard } from './service.js';

/** 领导驾驶舱's HTTP surface: declare permission and schemas, call the service, present. */
export async function dashboardRoutes(app: App) {
  const gj: Services = app.gj;

  app.get(
    '/api/dashboard',
    {
      config: { auth: { permission: 'dashboard:read' } },
      schema: {
        tags: ['dashboard'],
        summary: "领导驾驶舱 in one request, within my data scope (or a unit in it): targets against 序时进度, the 赛马榜's top with movement, the stage funnel, chains and the chain share, units compared, the monthly trend, the red list, the largest projects and the signing-to-landing cohort",
        querystring: dashboardQuery,
        response: { 200: dashboardSchema, 400: errorBody, 404: errorBody },
      },
    },
    async (request) => presentDashboard(await loadDashboard(gj, actorOf(request), request.query), request.ctx.lang),
  );

  app.get(
    '/api/dashboard/rows',
    {
      config: { auth: { permission: 'dashboard:read' } },
      schema: {
        tags: ['dashboard'],
        summary: "The projects behind one of the dashboard's figures (a bar, a slice, a step), paged in the database; an indicator's figure names only the projects I may read and counts the rest",
        querystring: rowsQuery,
        response: { 200: dashboardRowsSchema, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => presentRows(await dashboardRows(gj, actorOf(request), request.query)),
  );
}
