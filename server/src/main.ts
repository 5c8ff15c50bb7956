import { networkInterfaces } from 'node:os';
import { buildApp } from './app.js';
import { prepareDatabase } from './bootstrap.js';
import { loadConfig } from './config.js';
import { startSchedules } from './platform/jobs.js';
import { scheduledJobs } from './schedules.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/demo-data.js';

const config = loadConfig();
const database = await prepareDatabase(config, (line) => console.log(line));
const app = await buildApp(config, database);
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
await app.listen({ port, host });
const stopSchedules = startSchedules(app.gj, scheduledJobs, (msg, err) => (err ? app.log.error({ err }, msg) : app.log.info(msg)));

/** Where a browser finds the server: on every interface, this machine's own addresses too. */
function urls(): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${port}`);
  return [`http://localhost:${port}`, ...lan];
}

// The demo's accounts, as far as this database has them (a demo started on another database may not).
const listed = DEMO_ACCOUNTS.filter((a) => a.listed);
const present = config.demo ? new Set((await app.gj.db.selectFrom('users').select('username').where('username', 'in', listed.map((a) => a.username)).execute()).map((u) => u.username)) : new Set<string>();
const demoAccounts = listed.filter((a) => present.has(a.username));

if (config.logFormat === 'pretty') {
  const [first, ...more] = urls();
  console.log(`\nGongjian${config.demo ? ' (demo)' : ''} is on ${first}${more.length ? `\n  also on ${more.join(', ')}` : ''}`);
  if (demoAccounts.length) {
    console.log(`Demo accounts, each with the password ${DEMO_PASSWORD}:`);
    const width = Math.max(...demoAccounts.map((a) => a.username.length));
    for (const a of demoAccounts) console.log(`  ${a.username.padEnd(width)}  ${a.roleName} · ${a.unitName}`);
  }
  if (host === '127.0.0.1') console.log('Only this machine can reach it: HOST=0.0.0.0 npm start listens on the network.');
  console.log('');
} else {
  // A machine reads the log: one record.
  app.log.info({ urls: urls(), demo: config.demo, demoAccounts: demoAccounts.map((a) => a.username) }, 'Gongjian listening');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopSchedules();
    void app.close().then(() => database.close()).finally(() => process.exit(0));
  });
}
