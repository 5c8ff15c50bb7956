/**
 * Monthly dispatch's public entry: what other modules (the workbench, targets, the seed, the
 * console) may use.
 */
export { dispatchRoutes } from './routes.js';
export { remindMissingReports, fileReport, openPeriod, setKeyProject, requestLate, decideLate, chinaToday, isLocked, defaultDeadline, type ReportInput } from './service.js';
export { importDispatch } from './excel.js';
export { recomputePeriodLights } from './lights.js';
// The demo seed writes a campaign's history of reports in bulk, then rebuilds each project's newest.
export { refreshLatest } from './repo.js';
export { canDispatch } from './policy.js';
export { owesReport, latestProgressTexts, type PeriodRef } from './repo.js';
export { monthRedList } from './red-list.js';
