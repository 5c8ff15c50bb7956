/** The dashboard's public entry (领导驾驶舱): its routes, and the figures for whoever composes from them. */
export { dashboardRoutes } from './routes.js';
export { loadDashboard, dashboardRows, type DashboardData } from './service.js';
