/**
 * Benchmark of 投产达效 at scale: the demo plus 100,000 generated projects of which every fifth is
 * producing (投产, 达产 or 达效, set in bulk), each with commitments (land, design output, committed
 * tax) and figures for the last six quarters up to the last ended one — every third filing the
 * current year by the month — bulk-inserted (the history triggers fire on insert).
 * Measured: GET /api/returns (a page), /api/returns/parks (every producing project in scope and
 * seven quarters of figures), /api/returns/gaps as the city leader (all scope) and as a district,
 * and /api/returns/template for the district; sequential requests through HTTP, p50/p95/p99
 * against baselines timed in the same run (a bare count of the producing projects; a bare select
 * of the window's figures); the parks' ranking in-process, part by part.
 * Run: `npx tsx bench/returns.ts [--projects 100000] [--requests 20] [--db sqlite|postgres]`;
 * it writes docs/benchmarks.md's returns section.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { lastFour, monthsOfQuarter, previousQuarter, quarterEnd, quarterOfDay } from '../common/returns.js';
import { startThrowawayPostgres } from '../scripts/pg-cluster.js';
import { buildApp } from '../server/src/app.js';
import type { AppConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';
import { rankParks } from '../server/src/modules/returns/reads.js';
import { parksAndZones, producingInScope, quartersOf, ruleOn } from '../server/src/modules/returns/repo.js';
import { AuditTrail } from '../server/src/platform/audit.js';
import { chinaDay } from '../server/src/platform/china-time.js';
import { systemClock } from '../server/src/platform/clock.js';
import { FieldCipher } from '../server/src/platform/crypto.js';
import { actorForUser } from '../server/src/platform/sessions.js';
import { generateProjects } from '../server/src/seed/generate.js';
import { seedDemo } from '../server/src/seed/seed.js';
import { DEMO_PASSWORD } from '../server/src/seed/demo-data.js';
import { bare, rewriteBenchSection, timed, type Row } from './support.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const PROJECTS = arg('projects', 100_000);
const REQUESTS = arg('requests', 20);
/** `--db sqlite` or `--db postgres` runs one database only. */
const ONLY = args.includes('--db') ? args[args.indexOf('--db') + 1] : null;
const fieldKey = Buffer.alloc(16, 3);
const auditKey = Buffer.alloc(32, 5);
const TODAY = chinaDay(new Date());
/** The last ended quarter: what the pages are asked for. */
const PERIOD = previousQuarter(quarterOfDay(TODAY));
/** The six quarters filed, oldest first, up to PERIOD. */
const FILED = [previousQuarter(previousQuarter(lastFour(PERIOD)[0]!)), previousQuarter(lastFour(PERIOD)[0]!), ...lastFour(PERIOD)];
const YEAR = Number(PERIOD.slice(0, 4));
const PRODUCING = ['producing', 'capacity', 'returns'] as const;

const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
};

/** Every fifth generated project producing, with commitments and six quarters of figures (a third of them by the month this year), in bulk. */
async function loadReturns(db: ReturnType<typeof openDatabase>['db']) {
  const all = (await db.selectFrom('projects').select(['id', 'total_investment_yuan']).where('code', 'like', 'GEN%').orderBy('id').execute()) as { id: number; total_investment_yuan: number }[];
  const chosen = all.filter((_, i) => i % 5 === 0);
  const now = new Date().toISOString();
  for (const [k, stage] of PRODUCING.entries()) {
    const ids = chosen.filter((p) => p.id % 3 === k).map((p) => p.id);
    for (let i = 0; i < ids.length; i += 5000) await db.updateTable('projects').set({ stage, status: 'normal' }).where('id', 'in', ids.slice(i, i + 5000)).execute();
  }
  // Commitments: design output a year at 1.5× the investment's tenth, committed tax 4% of it, land 20–300 亩; some due years past (gaps).
  const commitments = chosen.map((p) => {
    const design = Math.max(10_000_000, Math.round(Number(p.total_investment_yuan) * 0.15));
    const h = (p.id * 7919) % 97;
    return { project_id: p.id, design_output_yuan: design, capacity_year: YEAR - 1 + (h % 3), capacity_output_yuan: Math.round(design * 0.8), capacity_tax_yuan: Math.round(design * 0.03), returns_year: YEAR - 2 + (h % 4), returns_output_yuan: design, returns_tax_yuan: Math.round(design * 0.04), jobs: 20 + (h % 300), land_centimu: (20 + ((h * 13) % 280)) * 100, version: 1, updated_by: null, updated_at: now };
  });
  for (let i = 0; i < commitments.length; i += 2000) await db.insertInto('project_commitments').values(commitments.slice(i, i + 2000)).onConflict((oc) => oc.doNothing()).execute();
  const rows: { project_id: number; period: string; output_yuan: number; tax_yuan: number; jobs: number; source: string; version: number; filed_by: null; filed_at: string }[] = [];
  for (const c of commitments) {
    const monthly = c.project_id % 3 === 0;
    const pace = 0.5 + ((c.project_id * 31) % 60) / 100;
    for (const q of FILED) {
      const output = Math.round((c.design_output_yuan / 4) * pace);
      const tax = Math.round(output * 0.05);
      if (monthly && q.startsWith(String(YEAR))) for (const m of monthsOfQuarter(q)) rows.push({ project_id: c.project_id, period: m, output_yuan: Math.round(output / 3), tax_yuan: Math.round(tax / 3), jobs: c.jobs, source: 'import', version: 1, filed_by: null, filed_at: now });
      else rows.push({ project_id: c.project_id, period: q, output_yuan: output, tax_yuan: tax, jobs: c.jobs, source: 'import', version: 1, filed_by: null, filed_at: now });
    }
  }
  // SQLite binds at most 32,766 parameters per statement: 9 columns × 2,000 rows stays under.
  for (let i = 0; i < rows.length; i += 2000) await db.insertInto('project_returns').values(rows.slice(i, i + 2000)).onConflict((oc) => oc.doNothing()).execute();
  return { producing: chosen.length, figures: rows.length };
}

async function benchOne(dialect: 'sqlite' | 'postgres', url: string): Promise<Row[]> {
  const database = openDatabase(url);
  await migrate(database);
  const audit = new AuditTrail(auditKey, database.dialect, systemClock);
  await seedDemo({ db: database.db, dialect: database.dialect, cipher: new FieldCipher(fieldKey), audit, now: new Date() });
  process.stderr.write(`${dialect}: generating ${PROJECTS} projects…\n`);
  await generateProjects(database.db, PROJECTS);
  process.stderr.write(`${dialect}: producing projects, commitments and figures…\n`);
  const [loaded, loadMs] = await timed(() => loadReturns(database.db));
  if (dialect === 'postgres') await sql`vacuum analyze`.execute(database.db);
  else await sql`analyze`.execute(database.db);
  const producing = Number((await sql<{ n: number }>`select count(*) as n from projects where stage in ('producing', 'capacity', 'returns') and status <> 'terminated'`.execute(database.db)).rows[0]!.n);
  const figureRows = Number((await database.db.selectFrom('project_returns').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows: Row[] = [{ db: dialect, what: `load: ${loaded.producing.toLocaleString('en')} generated projects made producing with commitments, ${loaded.figures.toLocaleString('en')} periods filed (${FILED[0]}–${PERIOD}; ${producing.toLocaleString('en')} producing in all, ${figureRows.toLocaleString('en')} rows of figures)`, value: `${(loadMs / 1000).toFixed(1)} s`, baseline: '—', ratio: '—' }];

  // Baselines of the same run: a bare count of the producing projects, a bare select of the window's figures (seven quarters, as the parks read).
  const trendFrom = lastFour(lastFour(PERIOD)[0]!)[0]!;
  const countProducing = await bare(() => sql`select count(*) as n from projects where stage in ('producing', 'capacity', 'returns') and status <> 'terminated'`.execute(database.db), 20);
  const selectWindow = await bare(() => sql`select project_id, period, output_yuan, tax_yuan, jobs from project_returns where period >= ${`${trendFrom.slice(0, 4)}-01`}`.execute(database.db), 5);

  const config: AppConfig = { filesDir: join(tmpdir(), 'gongjian-bench-files'), databaseUrl: url, demo: true, fieldKey, auditKey, clock: systemClock, https: false, webDist: undefined, logLevel: 'silent', trustProxy: false };
  const app = await buildApp(config, database);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const session = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
    return { cookie: res.headers.getSetCookie().find((c) => c.startsWith('gj_session='))!.split(';')[0]! };
  };
  const sequential = async (headers: Record<string, string>, path: string, n: number) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < n + 2; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`, { headers });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
      if (i >= 2) times.push(performance.now() - t0);
      bytes = body.byteLength;
    }
    return { ...quantiles(times), bytes };
  };
  const fmt = (q: ReturnType<typeof quantiles>) => `p50 ${q.p50.toFixed(0)} ms · p95 ${q.p95.toFixed(0)} ms · p99 ${q.p99.toFixed(0)} ms`;
  const against = (q: ReturnType<typeof quantiles>, b: number, name: string) => `p95 ${(q.p95 / b).toFixed(1)}× ${name}`;
  const baseCount = `count of the producing projects ${countProducing.toFixed(1)} ms`;
  const baseWindow = `select of the window's figures ${selectWindow.toFixed(0)} ms`;

  const leader = await session('leader');
  const xinqu = await session('xinqu');
  const user = await database.db.selectFrom('users').select('id').where('username', '=', 'leader').executeTakeFirstOrThrow();
  const actor = await actorForUser(database.db, user.id);
  const cityCount = Number((await producingInScope(database.db, actor.scope).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const page = await sequential(leader, `/api/returns?period=${PERIOD}&pageSize=20`, REQUESTS);
  rows.push({ db: dialect, what: `GET /api/returns?period=${PERIOD}&pageSize=20 as the city leader (all scope, ${cityCount.toLocaleString('en')} producing), ${REQUESTS} sequential requests`, value: fmt(page), baseline: baseCount, ratio: against(page, countProducing, "the count") });
  const page500 = await sequential(leader, `/api/returns?period=${PERIOD}&pageSize=20&page=500`, Math.ceil(REQUESTS / 2));
  rows.push({ db: dialect, what: 'the same, page 500 (city)', value: fmt(page500), baseline: baseCount, ratio: against(page500, countProducing, 'the count') });
  const pageX = await sequential(xinqu, `/api/returns?period=${PERIOD}&pageSize=20`, Math.ceil(REQUESTS / 2));
  rows.push({ db: dialect, what: 'the same as 镇江新区 (its subtree)', value: fmt(pageX), baseline: baseCount, ratio: against(pageX, countProducing, 'the count') });
  const parks = await sequential(leader, `/api/returns/parks?period=${PERIOD}`, REQUESTS);
  rows.push({ db: dialect, what: `GET /api/returns/parks?period=${PERIOD} as the city leader (every producing project, seven quarters of figures)`, value: fmt(parks), baseline: baseWindow, ratio: against(parks, selectWindow, 'the select') });
  const parksX = await sequential(xinqu, `/api/returns/parks?period=${PERIOD}`, Math.ceil(REQUESTS / 2));
  rows.push({ db: dialect, what: 'the same as 镇江新区', value: fmt(parksX), baseline: baseWindow, ratio: against(parksX, selectWindow, 'the select') });
  const gaps = await sequential(leader, '/api/returns/gaps', Math.ceil(REQUESTS / 2));
  rows.push({ db: dialect, what: `GET /api/returns/gaps as the city leader (${(gaps.bytes / 1e6).toFixed(1)} MB of JSON)`, value: fmt(gaps), baseline: baseCount, ratio: against(gaps, countProducing, 'the count') });
  const gapsX = await sequential(xinqu, '/api/returns/gaps', Math.ceil(REQUESTS / 2));
  rows.push({ db: dialect, what: `the same as 镇江新区 (${(gapsX.bytes / 1e6).toFixed(1)} MB)`, value: fmt(gapsX), baseline: baseCount, ratio: against(gapsX, countProducing, 'the count') });
  const template = await sequential(xinqu, `/api/returns/template?period=${PERIOD}`, Math.ceil(REQUESTS / 4));
  rows.push({ db: dialect, what: `GET /api/returns/template?period=${PERIOD} as 镇江新区 (.xlsx of ${(template.bytes / 1e6).toFixed(1)} MB)`, value: fmt(template), baseline: baseCount, ratio: against(template, countProducing, 'the count') });

  // Where the parks' time goes, in-process as the city.
  const window = lastFour(PERIOD);
  const trendWindow = [...lastFour(window[0]!).slice(0, 3), ...window];
  const parts: [string, () => Promise<unknown>][] = [
    ['rankParks whole', () => rankParks(database.db, actor.scope, PERIOD)],
    ['rule and parks', async () => [await ruleOn(database.db, quarterEnd(PERIOD)), await parksAndZones(database.db)]],
    ['producing projects in scope', () => producingInScope(database.db, actor.scope).select(['p.id', 'h.path', 'c.land_centimu']).execute()],
    ['their figures by quarter (quartersOf, the scope as a subquery)', () => quartersOf(database.db, { scope: actor.scope }, trendWindow[0])],
  ];
  const breakdown: string[] = [];
  for (const [name, work] of parts) breakdown.push(`${name} ${(await bare(work, 3)).toFixed(0)}`);
  rows.push({ db: dialect, what: 'the parks in-process (city), ms', value: breakdown.join(' · '), baseline: '—', ratio: '—' });
  await app.close();
  await database.close();
  return rows;
}

function writeSection(rows: Row[]) {
  const marker = '## 投产达效 (returns) at 100,000 projects';
  rewriteBenchSection(marker, rows, ONLY, (table, notes) => `${marker}

Command: \`npx tsx bench/returns.ts --projects ${PROJECTS} --requests ${REQUESTS}${ONLY ? ` --db ${ONLY}` : ''}\` (${new Date().toISOString().slice(0, 10)}; 2 cores, the
database and the server on the same machine). The demo plus ${PROJECTS.toLocaleString('en')} generated projects, every fifth of them
made producing (投产, 达产, 达效 in thirds) with commitments (land 20–300 亩, design output, committed tax) and
figures for the six quarters ${FILED[0]}–${PERIOD} — every third project filing ${YEAR} by the month — bulk-inserted
(the history triggers fire). Requests one after another through HTTP, uncached (p95 over the requests); the
baselines are timed in-process in the same run: a bare count of the producing projects, and a bare select of the
figures of the seven quarters the parks' trend reads.

${table}
${notes ? `\n<!-- notes -->\n${notes}\n` : ''}
`);
}

const dir = mkdtempSync(join(tmpdir(), 'gongjian-bench-'));
const pg = ONLY === 'sqlite' ? null : await startThrowawayPostgres();
try {
  const rows: Row[] = [];
  for (const [dialect, url] of [['sqlite', `file:${join(dir, 'bench.sqlite')}`], ['postgres', pg?.url ?? '']] as const) {
    if (ONLY && ONLY !== dialect) continue;
    rows.push(...(await benchOne(dialect, url)));
    writeSection(rows);
  }
} finally {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}
