/** 投产达效与亩均效益's public entry: its routes, and the import the console runs. */
export { returnsRoutes } from './routes.js';
export { importReturns } from './excel.js';
