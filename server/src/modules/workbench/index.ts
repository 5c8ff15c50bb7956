/** The workbench's public entry. */
export { workbenchRoutes } from './routes.js';
