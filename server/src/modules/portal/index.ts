/** The enterprise portal's public entry (一门帮办): its routes. */
export { portalRoutes } from './routes.js';
