/**
 * Benchmark of monthly dispatch at scale, on SQLite and PostgreSQL: 100,000 generated projects,
 * all on this year's lists with a plan, eleven months of reports each (1.1 M rows) and the twelfth
 * month open. Measured: recomputing every light of a period; the city's red/yellow list through
 * HTTP against the bare repository query of the same run; 200 concurrent connections filing the
 * open month for different projects (errors and latency).
 * Run: `npx tsx bench/dispatch.ts [--projects 100000] [--seconds 10]`; it writes
 * docs/benchmarks.md's dispatch section.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { startThrowawayPostgres } from '../scripts/pg-cluster.js';
import { buildApp } from '../server/src/app.js';
import type { AppConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';
import { rebuild as rebuildLatest } from '../server/src/db/migrations/0017_dispatch_latest.js';
import { recomputePeriodLights } from '../server/src/modules/dispatch/index.js';
import { periodReports, periodSummary, warningsList } from '../server/src/modules/dispatch/repo.js';
import { AuditTrail } from '../server/src/platform/audit.js';
import { systemClock } from '../server/src/platform/clock.js';
import { FieldCipher } from '../server/src/platform/crypto.js';
import { generateProjects } from '../server/src/seed/generate.js';
import { seedDemo } from '../server/src/seed/seed.js';
import { bare, rewriteBenchSection, timed, type Row } from './support.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const PROJECTS = arg('projects', 100_000);
const SECONDS = arg('seconds', 10);
/** `--db sqlite` or `--db postgres` runs one database only. */
const ONLY = args.includes('--db') ? args[args.indexOf('--db') + 1] : null;
const fieldKey = Buffer.alloc(16, 3);
const auditKey = Buffer.alloc(32, 5);
const YEAR = new Date().getUTCFullYear();
const ALL = { all: true, unitIds: [], self: false, userId: 0 };

/** Lists, plans, periods and reports loaded in bulk (as the project generator does): the bench's data, not a write path. */
async function loadDispatch(db: ReturnType<typeof openDatabase>['db']) {
  const ids = (await db.selectFrom('projects').select(['id', 'host_unit_id', 'total_investment_yuan']).where('code', 'like', 'GEN%').execute()) as { id: number; host_unit_id: number; total_investment_yuan: number }[];
  const now = new Date().toISOString();
  await db.deleteFrom('key_projects').where('year', '=', YEAR).execute();
  for (let i = 0; i < ids.length; i += 2000) {
    const chunk = ids.slice(i, i + 2000);
    await db.insertInto('key_projects').values(chunk.map((p) => ({ project_id: p.id, year: YEAR, level: 'district', owner_unit_id: p.host_unit_id, added_by: null, added_at: now }))).execute();
    await db.insertInto('project_year_plans').values(chunk.map((p) => ({ project_id: p.id, year: YEAR, plan_yuan: Math.max(1_000_000, Math.round(Number(p.total_investment_yuan) * 0.3)), updated_by: null, updated_at: now }))).onConflict((oc) => oc.columns(['project_id', 'year']).doNothing()).execute();
  }
  const periodIds: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const period = `${YEAR}-${String(m).padStart(2, '0')}`;
    const existing = await db.selectFrom('dispatch_periods').select('id').where('period', '=', period).executeTakeFirst();
    const deadline = m === 12 ? `${YEAR + 1}-12-31` : `${YEAR}-${String(m + 1).padStart(2, '0')}-05`;
    if (existing) await db.updateTable('dispatch_periods').set({ deadline, locked_at: null }).where('id', '=', existing.id).execute();
    const id = existing?.id ?? (await db.insertInto('dispatch_periods').values({ period, year: YEAR, month: m, deadline, locked_at: null, opened_by: null, opened_at: now, reminded_at: null }).returning('id').executeTakeFirstOrThrow()).id;
    periodIds.push(id);
  }
  // Eleven months of reports: each project its own pace (behind by 0–40 points), cumulative rising.
  for (let m = 1; m <= 11; m++) {
    process.stderr.write(`  reports for month ${m}…\n`);
    for (let i = 0; i < ids.length; i += 2000) {
      const chunk = ids.slice(i, i + 2000);
      await db
        .insertInto('dispatch_reports')
        .values(
          chunk.map((p) => {
            const plan = Math.max(1_000_000, Math.round(Number(p.total_investment_yuan) * 0.3));
            const behind = (p.id * 7919) % 41;
            const cum = (m: number) => Math.max(0, Math.round(plan * (m / 12 - behind / 100)));
            return { project_id: p.id, period_id: periodIds[m - 1]!, unit_id: p.host_unit_id, version: 1, is_current: 1, month_yuan: cum(m) - Math.min(cum(m), cum(m - 1)), cumulative_yuan: Math.max(cum(m), cum(m - 1)), progress_text: '主体施工', next_steps: null, problems: null, late: 0, correction_reason: null, source: 'import', filed_by: null, filed_at: now };
          }),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
  // Bulk rows bypass the filing service: its per-project newest report is rebuilt once here.
  await rebuildLatest(db);
  return { ids: ids.map((p) => p.id), periodIds };
}

async function benchOne(dialect: 'sqlite' | 'postgres', url: string): Promise<Row[]> {
  const database = openDatabase(url);
  await migrate(database);
  await seedDemo({ db: database.db, dialect: database.dialect, cipher: new FieldCipher(fieldKey), audit: new AuditTrail(auditKey, database.dialect, systemClock), now: new Date() });
  process.stderr.write(`${dialect}: generating ${PROJECTS} projects and 11 months of reports…\n`);
  await generateProjects(database.db, PROJECTS);
  const [{ ids, periodIds }, loadMs] = await timed(() => loadDispatch(database.db));
  if (dialect === 'postgres') await sql`vacuum analyze`.execute(database.db);
  const reports = Number((await database.db.selectFrom('dispatch_reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows: Row[] = [{ db: dialect, what: `load ${ids.length.toLocaleString('en')} key projects, ${reports.toLocaleString('en')} reports`, value: `${(loadMs / 1000).toFixed(1)} s`, baseline: '—', ratio: '—' }];

  // Every light of months 1–11 (each needs the one before for the two-yellows rule); month 11 timed alone too.
  process.stderr.write(`${dialect}: computing lights…\n`);
  for (let m = 0; m < 10; m++) await database.db.transaction().execute((trx) => recomputePeriodLights(trx, periodIds[m]!, new Date().toISOString()));
  const inputRead = await bare(() => database.db.selectFrom('dispatch_reports').select(['project_id', 'cumulative_yuan']).where('period_id', '=', periodIds[10]!).where('is_current', '=', 1).execute(), 3);
  const [done, recomputeMs] = await timed(() => database.db.transaction().execute((trx) => recomputePeriodLights(trx, periodIds[10]!, new Date().toISOString())));
  rows.push({ db: dialect, what: `recompute every light of a period (${done.projects.toLocaleString('en')} projects, ${done.lights.toLocaleString('en')} lights)`, value: `${(recomputeMs / 1000).toFixed(1)} s (goal ≤ 10 s)`, baseline: `reading the period's reports ${inputRead.toFixed(0)} ms`, ratio: `${(recomputeMs / inputRead).toFixed(1)}×` });

  const config: AppConfig = { filesDir: join(tmpdir(), 'gongjian-bench-files'), databaseUrl: url, demo: true, fieldKey, auditKey, clock: systemClock, https: false, webDist: undefined, logLevel: 'silent', trustProxy: false };
  const app = await buildApp(config, database);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fagai', password: 'Gongjian@2026' }) });
  const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]! };
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const period11 = `${YEAR}-11`;

  const listBare = await bare(() => warningsList(database.db, ALL, periodIds[10]!, {}, 1, 20));
  const list = await autocannon({ url: `${base}/api/warnings?period=${period11}&pageSize=20`, headers, connections: 1, duration: SECONDS });
  if (list.non2xx || list.errors) throw new Error(`warnings: ${list.non2xx} non-2xx, ${list.errors} errors`);
  const listMean = (SECONDS * 1000) / list.requests.total;
  rows.push({ db: dialect, what: "GET the city's red/yellow list, page 1 (as 市发改委)", value: `mean ${listMean.toFixed(1)} ms · p97.5 ${list.latency.p97_5} ms · p99 ${list.latency.p99} ms (goal p95 ≤ 100 ms)`, baseline: `bare query ${listBare.toFixed(1)} ms`, ratio: `${(listMean / listBare).toFixed(2)}×` });
  const red = await autocannon({ url: `${base}/api/warnings?period=${period11}&level=red&kind=progress&pageSize=50&page=20`, headers, connections: 1, duration: SECONDS });
  rows.push({ db: dialect, what: 'GET red progress lights, page 20 of 50', value: `mean ${((SECONDS * 1000) / red.requests.total).toFixed(1)} ms · p97.5 ${red.latency.p97_5} ms · p99 ${red.latency.p99} ms`, baseline: '—', ratio: '—' });

  // Month-end saturation: 200 connections at once, each request filing the open month for the next project.
  let next = 0;
  const filing = await autocannon({
    url: `${base}/api/dispatch/periods/${YEAR}-12/projects/0`,
    method: 'PUT',
    headers: { ...headers, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    connections: 200,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (request) => {
          const id = ids[next++ % ids.length]!;
          return { ...request, path: `/api/dispatch/periods/${YEAR}-12/projects/${id}`, body: JSON.stringify({ monthWan: 100, cumulativeWan: 100_000 + (next % 7) }) };
        },
      },
    ],
  });
  const throughput = filing.requests.total / SECONDS;
  rows.push({ db: dialect, what: '200 connections filing without pause (saturation)', value: `${throughput.toFixed(0)} filings/s · ${filing.non2xx} non-2xx · ${filing.errors} errors · p50 ${filing.latency.p50} ms · p99 ${filing.latency.p99} ms`, baseline: '—', ratio: '—' });
  // 200 users at month end — officers of the districts, each in their own session and scope — each
  // files a report of their unit, reads their unit's table, and takes 3–10 s over the next one.
  const sessions = [];
  for (const username of ['xinqu', 'gaoxin', 'jingkou', 'xinqu2']) {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Gongjian@2026' }) });
    const me = await database.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select('units.path').where('username', '=', username).executeTakeFirstOrThrow();
    const mine = await database.db.selectFrom('projects').innerJoin('units', 'units.id', 'projects.host_unit_id').select('projects.id').where('units.path', 'like', `${me.path}%`).where('projects.code', 'like', 'GEN%').execute();
    sessions.push({ headers: { cookie: res.headers.get('set-cookie')!.split(';')[0]! }, csrf: ((await res.json()) as { csrfToken: string }).csrfToken, ids: mine.map((m) => m.id) });
  }
  // One district officer reading a page of the unit's monthly table (page 25 of the biggest unit's),
  // against the same two repository calls in-process.
  const xinqu = await database.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select('units.path').where('username', '=', 'xinqu').executeTakeFirstOrThrow();
  const xinquScope = { all: false, unitIds: (await database.db.selectFrom('units').select('id').where('path', 'like', `${xinqu.path}%`).execute()).map((u) => u.id), self: false, userId: 0 };
  const period12 = await database.db.selectFrom('dispatch_periods').selectAll().where('id', '=', periodIds[11]!).executeTakeFirstOrThrow();
  const tableBare = await bare(async () => {
    await periodReports(database.db, xinquScope, period12, periodIds[10]!, {}, 25, 20);
    await periodSummary(database.db, xinquScope, period12, {});
  }, 10);
  const table = await autocannon({ url: `${base}/api/dispatch/periods/${YEAR}-12/reports?pageSize=20&page=25`, headers: sessions[0]!.headers, connections: 1, duration: SECONDS });
  const tableMean = (SECONDS * 1000) / table.requests.total;
  rows.push({ db: dialect, what: `GET a district's monthly table, page 25 (as 镇江新区, ${sessions[0]!.ids.length} projects)`, value: `mean ${tableMean.toFixed(1)} ms · p97.5 ${table.latency.p97_5} ms · p99 ${table.latency.p99} ms`, baseline: `bare queries ${tableBare.toFixed(1)} ms`, ratio: `${(tableMean / tableBare).toFixed(2)}×` });
  const filers = await monthEnd(base, sessions, 200, SECONDS * 3, { reads: false });
  rows.push({ db: dialect, what: '200 district officers filing at month end, filings only (3–10 s between filings)', value: `${filers.requests} filings · ${filers.errors} errors · p50 ${filers.p50.toFixed(0)} ms · p95 ${filers.p95.toFixed(0)} ms · p99 ${filers.p99.toFixed(0)} ms (goal 0 errors, p95 ≤ 200 ms)`, baseline: `saturation ${throughput.toFixed(0)} filings/s`, ratio: `offered ${(filers.requests / (SECONDS * 3)).toFixed(0)}/s` });
  const users = await monthEnd(base, sessions, 200, SECONDS * 3);
  rows.push({ db: dialect, what: `200 district officers at month end, each filing then reading a page of the unit's table (3–10 s between requests; units of ${sessions.map((x) => x.ids.length).join(' / ')} projects)`, value: `${users.requests} requests · ${users.errors} errors · p50 ${users.p50.toFixed(0)} ms · p95 ${users.p95.toFixed(0)} ms · p99 ${users.p99.toFixed(0)} ms (goal 0 errors, p95 ≤ 200 ms); filings alone p50 ${users.filings.p50.toFixed(0)} · p95 ${users.filings.p95.toFixed(0)} ms; table pages alone p50 ${users.reads.p50.toFixed(0)} · p95 ${users.reads.p95.toFixed(0)} ms`, baseline: `saturation ${throughput.toFixed(0)} filings/s`, ratio: `offered ${(users.requests / (SECONDS * 3)).toFixed(0)}/s` });
  await app.close();
  await database.close();
  return rows;
}

/** Virtual users with think time: each alternates a filing of its unit and a read of its unit's table (timed apart). */
async function monthEnd(base: string, sessions: { headers: Record<string, string>; csrf: string; ids: number[] }[], users: number, seconds: number, options: { reads: boolean } = { reads: true }) {
  const filings: number[] = [];
  const reads: number[] = [];
  let errors = 0;
  const until = Date.now() + seconds * 1000;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      const { headers, csrf, ids } = sessions[u % sessions.length]!;
      await sleep(Math.random() * 3000);
      for (let k = 0; Date.now() < until; k++) {
        const id = ids[(u * 997 + k * 31) % ids.length]!;
        const t0 = performance.now();
        const filing = !options.reads || k % 2 === 0;
        const res = filing
          ? await fetch(`${base}/api/dispatch/periods/${YEAR}-12/projects/${id}`, { method: 'PUT', headers: { ...headers, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ monthWan: 50, cumulativeWan: 200_000 + k }) })
          : await fetch(`${base}/api/dispatch/periods/${YEAR}-12/reports?pageSize=20&page=${1 + (u % 50)}`, { headers });
        await res.arrayBuffer();
        (filing ? filings : reads).push(performance.now() - t0);
        if (!res.ok) errors++;
        await sleep(3000 + Math.random() * 7000);
      }
    }),
  );
  const quantiles = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    const at = (q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
    return { n: xs.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  };
  const all = quantiles([...filings, ...reads]);
  return { requests: all.n, errors, p50: all.p50, p95: all.p95, p99: all.p99, filings: quantiles(filings), reads: quantiles(reads) };
}

function writeSection(rows: Row[]) {
  rewriteBenchSection('## Monthly dispatch', rows, ONLY, (table) => `## Monthly dispatch at ${PROJECTS.toLocaleString('en')} key projects

Command: \`npx tsx bench/dispatch.ts --projects ${PROJECTS} --seconds ${SECONDS}\` (${new Date().toISOString().slice(0, 10)}). Every generated
project is on this year's district list with a plan and has eleven months of reports; the twelfth month is
open. Lights are recomputed for a whole period in a transaction (a handful of queries per 1,000 projects,
never one per project); the red/yellow list is read by the commission (all scope) through HTTP with one
connection, against the same repository call timed in-process; the month-end load is 200 connections
filing through \`PUT /api/dispatch/periods/:period/projects/:id\` (each filing recomputes its project's
lights). Goals of the dispatch issue: list p95 ≤ 100 ms, a period's lights ≤ 10 s, 200 concurrent filers
with 0 errors and p95 ≤ 200 ms.

${table}
`);
}

const dir = mkdtempSync(join(tmpdir(), 'gongjian-bench-'));
const pg = await startThrowawayPostgres();
try {
  const rows: Row[] = [];
  // The section is written after each database, so a long run that fails later keeps what it measured.
  for (const [dialect, url] of [['sqlite', `file:${join(dir, 'bench.sqlite')}`], ['postgres', pg.url]] as const) {
    if (ONLY && ONLY !== dialect) continue;
    rows.push(...(await benchOne(dialect, url)));
    writeSection(rows);
  }
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
