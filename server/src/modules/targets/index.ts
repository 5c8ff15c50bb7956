/**
 * Targets' public entry: what other modules (the 赛马榜, the dashboard, briefings, the seed, the
 * console) may use.
 */
export { targetRoutes } from './routes.js';
export { setTargets, targetText, type TargetInput, type TargetsDeps } from './service.js';
export { importTargets } from './excel.js';
export { targetsOfYear, targetableUnits, type TargetRow } from './repo.js';
export { canReadTargets, canWriteTargets, assertReadTargets, assertWriteTargets } from './policy.js';
export { currentWatermark, indicatorRows, indicatorValues, isDepartmentIndicator, loadIndicators, type Indicator, type IndicatorRow, type Watermark } from './indicators.js';
