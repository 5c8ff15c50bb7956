/** 金链行动's public entry: the routes and the write paths the demo seed uses. */
export { financeRoutes } from './routes.js';
export { assignChains, grantCredit, recordMove, savePlan } from './service.js';
export { importLoanSheet, loanSentence } from './loan-sheet.js';
