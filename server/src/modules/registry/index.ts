/** The enterprise registry's public entry: its routes. */
export { registryRoutes } from './routes.js';
