/** Briefings' public entry: the routes and the schedule's work. */
export { briefingRoutes } from './routes.js';
export { archiveBriefing, archiveDueBriefings, draftMonthlyBriefing, type MonthlyBriefing } from './service.js';
