/** Problems' public entry: the routes, the schedule's work and the write path the seed uses. */
export { problemRoutes } from './routes.js';
export { remindAndEscalate, raiseProblemIn, assignProblemIn, answerProblemIn, confirmProblemIn, recordDecisionIn } from './service.js';
export { recordBankReply } from './service.js';
export { financingNeeds } from './repo.js';
export { problemTodoCounts, problemsOfEnterprise } from './repo.js';
