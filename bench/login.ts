/**
 * Where a login's time goes (issue 14, item 6): 200 people signing in at once at 8:30 on the
 * first working day of the month, on SQLite and on PostgreSQL, against the password hash alone.
 *   - baseline: one argon2id verify in-process (OWASP's parameters: 19 MiB, 2 passes), and 200
 *     verifies started together in-process (the rate the thread pool allows on this machine);
 *   - 200 concurrent POST /api/auth/login through HTTP (password check, session row, audit record).
 * If the HTTP rate is close to the in-process verify rate, the hash is where the time goes and the
 * database pool is not. Run: `npx tsx bench/login.ts [--logins 200]`; it rewrites its section of
 * docs/benchmarks.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThrowawayPostgres } from '../scripts/pg-cluster.js';
import { buildApp } from '../server/src/app.js';
import type { AppConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';
import { AuditTrail } from '../server/src/platform/audit.js';
import { systemClock } from '../server/src/platform/clock.js';
import { FieldCipher } from '../server/src/platform/crypto.js';
import { hashPassword, verifyPassword } from '../server/src/platform/password.js';
import { seedDemo } from '../server/src/seed/seed.js';

const args = process.argv.slice(2);
const LOGINS = args.includes('--logins') ? Number(args[args.indexOf('--logins') + 1]) : 200;
const fieldKey = Buffer.alloc(16, 3);
const auditKey = Buffer.alloc(32, 5);
const USERS = ['fagai', 'shangwu', 'xinqu', 'gaoxin', 'jingkou', 'xinqu2'];

interface Row {
  what: string;
  value: string;
  baseline: string;
  ratio: string;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function inProcess(): Promise<{ single: number; rate: number; wall: number }> {
  const stored = await hashPassword('Gongjian@2026');
  for (let i = 0; i < 3; i++) await verifyPassword(stored, 'Gongjian@2026');
  let t0 = performance.now();
  for (let i = 0; i < 10; i++) await verifyPassword(stored, 'Gongjian@2026');
  const single = (performance.now() - t0) / 10;
  t0 = performance.now();
  await Promise.all(Array.from({ length: LOGINS }, () => verifyPassword(stored, 'Gongjian@2026')));
  const wall = performance.now() - t0;
  return { single, rate: (LOGINS * 1000) / wall, wall };
}

async function overHttp(dialect: 'sqlite' | 'postgres', url: string) {
  const database = openDatabase(url);
  await migrate(database);
  await seedDemo({ db: database.db, dialect: database.dialect, cipher: new FieldCipher(fieldKey), audit: new AuditTrail(auditKey, database.dialect, systemClock), now: new Date() });
  const config: AppConfig = { filesDir: join(tmpdir(), 'gongjian-bench-files'), databaseUrl: url, demo: true, fieldKey, auditKey, clock: systemClock, https: false, webDist: undefined, logLevel: 'silent', trustProxy: false };
  const app = await buildApp(config, database);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = async (username: string) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Gongjian@2026' }) });
    await res.arrayBuffer();
    return { ms: performance.now() - t0, ok: res.ok };
  };
  for (let i = 0; i < 5; i++) await login(USERS[i % USERS.length]!);
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: LOGINS }, (_, i) => login(USERS[i % USERS.length]!)));
  const wall = performance.now() - t0;
  await app.close();
  await database.close();
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  return { wall, rate: (LOGINS * 1000) / wall, errors: results.filter((r) => !r.ok).length, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), p99: quantile(ms, 0.99) };
}

const rows: Row[] = [];
const hashOnly = await inProcess();
rows.push({ what: 'one argon2id verify in-process (19 MiB, 2 passes)', value: `${hashOnly.single.toFixed(1)} ms`, baseline: '—', ratio: '—' });
rows.push({ what: `${LOGINS} argon2id verifies started together in-process`, value: `${hashOnly.wall.toFixed(0)} ms · ${hashOnly.rate.toFixed(1)} verifies/s`, baseline: `${availableParallelism()} cores, thread pool ${process.env.UV_THREADPOOL_SIZE ?? 4}`, ratio: '—' });
const dir = mkdtempSync(join(tmpdir(), 'gongjian-login-'));
const pg = await startThrowawayPostgres();
try {
  for (const [dialect, url] of [['sqlite', `file:${join(dir, 'bench.sqlite')}`], ['postgres', pg.url]] as const) {
    const r = await overHttp(dialect, url);
    rows.push({ what: `${dialect}: ${LOGINS} concurrent POST /api/auth/login`, value: `${r.wall.toFixed(0)} ms · ${r.rate.toFixed(1)} logins/s · ${r.errors} errors · p50 ${r.p50.toFixed(0)} · p95 ${r.p95.toFixed(0)} · p99 ${r.p99.toFixed(0)} ms`, baseline: `in-process verifies ${hashOnly.rate.toFixed(1)}/s`, ratio: `${(r.rate / hashOnly.rate).toFixed(2)}× the hash-only rate` });
  }
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}

const table = ['| what | measured | baseline (same run) | ratio |', '|---|---|---|---|', ...rows.map((r) => `| ${r.what} | ${r.value} | ${r.baseline} | ${r.ratio} |`)].join('\n');
console.log(table);
const section = `## Logins at 8:30 (${LOGINS} at once)

Command: \`npx tsx bench/login.ts --logins ${LOGINS}\` (${new Date().toISOString().slice(0, 10)}). The demo's accounts sign in
together over HTTP; the same number of argon2id verifies started together in-process is the
baseline. A login's rate over HTTP close to the verify rate means the password hash is where the
time goes (by design: it is what makes a stolen hash expensive), not the database or its pool.

${table}
`;
const doc = readFileSync('docs/benchmarks.md', 'utf8');
const start = doc.indexOf('## Logins at 8:30');
const out = start < 0 ? `${doc.trimEnd()}\n\n${section}` : doc.slice(0, start) + section + (doc.indexOf('\n## ', start + 1) < 0 ? '' : doc.slice(doc.indexOf('\n## ', start + 1) + 1));
writeFileSync('docs/benchmarks.md', out);
