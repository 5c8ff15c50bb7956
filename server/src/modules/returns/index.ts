/** 投产达效与亩均效益's public entry: its routes, the import the console runs, and the writes the demo uses. */
export { returnsRoutes } from './routes.js';
export { importReturns } from './excel.js';
export { filePeriod, setCommitments } from './service.js';
