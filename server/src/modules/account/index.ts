/** The account module's public entry: what other modules may use. */
export { accountRoutes } from './routes.js';
export { changeOwnPassword, setPassword } from './service.js';
