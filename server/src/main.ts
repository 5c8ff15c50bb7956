import { buildApp } from './app.js';
import { prepareDatabase } from './bootstrap.js';
import { loadConfig } from './config.js';
import { startSchedules } from './platform/jobs.js';
import { scheduledJobs } from './schedules.js';

const config = loadConfig();
const database = await prepareDatabase(config, (line) => console.log(line));
const app = await buildApp(config, database);
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
await app.listen({ port, host });
const stopSchedules = startSchedules(app.gj, scheduledJobs, (msg, err) => (err ? app.log.error({ err }, msg) : app.log.info(msg)));
console.log(`Gongjian listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}${config.demo ? ' (demo)' : ''}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopSchedules();
    void app.close().then(() => database.close()).finally(() => process.exit(0));
  });
}
