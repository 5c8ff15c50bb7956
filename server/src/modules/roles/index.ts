/** The roles module's public entry. */
export { roleRoutes } from './routes.js';
export { createRole, deleteRole, updateRole } from './service.js';
export { permissionsRefusal, roleRefusal } from './policy.js';
