export { rankingRoutes } from './routes.js';
export { addCountingRules, addSchemeVersion, computeRanking, type RankingsDeps, publishDueRanking, publishRanking, readPublished, recomputePublished, timeProgressAt } from './service.js';
export { previousRanks } from './repo.js';
