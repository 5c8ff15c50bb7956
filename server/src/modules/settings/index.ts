/** The settings module's public entry. */
export { settingRoutes } from './routes.js';
export { changeSettings, mayEditSetting } from './service.js';
