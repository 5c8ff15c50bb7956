// For .ci/run and by hand: starts a throwaway cluster, prints its URL, and keeps it until killed.
import { startThrowawayPostgres } from './pg-cluster.js';

const cluster = await startThrowawayPostgres();
console.log(cluster.url);
const stop = () => void cluster.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => {}, 1 << 30);
