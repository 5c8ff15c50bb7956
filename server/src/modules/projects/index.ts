/**
 * The project module's public entry: what other modules may use. Anything not exported here is
 * the module's own (lint refuses a reach past this file).
 */
export { canHostIn, canProject, allowedProjectIds } from './policy.js';
export { createProject, changeStage, changeStatus, loadForWrite, recordEvent, derivedColumns, defaultPlannedDates, newProjectCodes, type WriteDeps } from './service.js';
export { scopedProjects } from './repo.js';
export { writeProjectGrams } from './grams.js';
export { writeProjectsXlsx } from './export.js';
export type { CreateProjectInput } from './schema.js';
