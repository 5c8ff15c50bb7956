/** The units module's public entry. */
export { unitRoutes } from './routes.js';
export { createUnit, deleteUnit, moveUnit, setUnitDisabled, updateUnit } from './service.js';
export { findUnit, idsOnPath, insertUnit, listVisibleUnits, visibleUnitIds, type UnitRow } from './repo.js';
