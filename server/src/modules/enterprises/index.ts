/**
 * Enterprises' public entry. The registry of the enterprise issue grows here; problems and the
 * portal need to know which enterprise a contact speaks for and which projects are its own.
 */
export { enterpriseRoutes } from './routes.js';
export { enterpriseOfActor, enterpriseById, enterpriseProjects, projectOfEnterprise, type EnterpriseRow } from './repo.js';
export { canServe } from './policy.js';
export { syncRegistry } from './service.js';
