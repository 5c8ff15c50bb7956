/**
 * The reliability drills of docs/reliability.md, on SQLite and on PostgreSQL, with their figures:
 *   - kill -9 of a real server process in the middle of writes, three times: acknowledged writes
 *     against writes present after restart, integrity, the audit chain;
 *   - races: optimistic writes fired together with one version (winners per race);
 *   - two instances (and, on SQLite, a console process writing the same file): acknowledged
 *     writes against writes present, and every answer that was not a success;
 *   - backup while the server writes (SQLite; PostgreSQL backs up with pg_dump): successes,
 *     files left behind, audit records;
 *   - schedules on two instances: runs per slot, with the slot recorded and with the lease alone;
 *   - two instances starting on one empty database.
 * Run: `npx tsx bench/reliability.ts [--db sqlite|postgres|both] [--seconds 10] [--backups 5]`.
 * Prints one Markdown table per database (pasted into docs/reliability.md).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../scripts/pg-cluster.js';
import { buildApp } from '../server/src/app.js';
import { prepareDatabase } from '../server/src/bootstrap.js';
import type { AppConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';
import { AuditTrail, verifyAuditChain } from '../server/src/platform/audit.js';
import { freePort } from '../scripts/pg-cluster.js';
import { systemClock } from '../server/src/platform/clock.js';
import { FieldCipher } from '../server/src/platform/crypto.js';
import type { App } from '../server/src/platform/http.js';
import { runExclusive, runScheduledJob } from '../server/src/platform/jobs.js';
import { DEMO_PASSWORD } from '../server/src/seed/demo-data.js';
import { seedDemo } from '../server/src/seed/seed.js';
import { httpLogin, startServer } from './support.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const DBS = arg('db', 'both') === 'both' ? (['sqlite', 'postgres'] as const) : [arg('db', 'sqlite') as 'sqlite' | 'postgres'];
const SECONDS = Number(arg('seconds', '10'));
const BACKUPS = Number(arg('backups', '5'));
const fieldKey = Buffer.alloc(16, 3);
const auditKey = Buffer.alloc(32, 5);
const run = promisify(execFile);
const rows: [string, string][] = [];
const say = (drill: string, figure: string) => {
  rows.push([drill, figure]);
  console.error(`  ${drill}: ${figure}`);
};

function configFor(url: string, dir: string): AppConfig {
  return { databaseUrl: url, demo: true, fieldKey, auditKey, clock: systemClock, https: false, filesDir: join(dir, 'files'), logLevel: 'silent', trustProxy: false, auditCheckpointFile: join(dir, 'checkpoints.jsonl') };
}

async function login(app: App, username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = `gj_session=${res.cookies.find((c) => c.name === 'gj_session')!.value}`;
  const csrf = res.json().csrfToken as string;
  return (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload ? { payload } : {}) });
}

/** A console process writing the SQLite file as an import does: short write transactions back to back. */
function consoleWriter(file: string, ms: number): Promise<number> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.pragma('busy_timeout = 10000');
    db.exec('create table if not exists drill_writes (n integer)');
    const end = Date.now() + Number(process.argv[2]);
    let n = 0;
    const spin = (ms) => { const until = Date.now() + ms; while (Date.now() < until); };
    while (Date.now() < end) { db.exec('begin immediate'); db.prepare('insert into drill_writes values (?)').run(n++); spin(4); db.exec('commit'); spin(1); }
    console.log(n);`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, file, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`writer exited ${code}`))));
  });
}

/** Clients creating leads until `until()` says stop; answers the statuses. */
async function leadWriters(apps: App[], clientsPerApp: number, title: string, until: () => boolean) {
  const statuses: number[] = [];
  const clients = [];
  for (const [a, app] of apps.entries()) for (let c = 0; c < clientsPerApp; c++) clients.push({ tag: `${a}-${c}`, send: await login(app, c % 2 ? 'gaoxin' : 'xinqu') });
  await Promise.all(
    clients.map(async ({ tag, send }) => {
      for (let i = 0; until(); i++) {
        statuses.push((await send('POST', '/api/leads', { title, enterpriseName: `演练${tag}号${i}号科技有限公司`, source: 'expo', firstContactDate: '2026-06-01' })).statusCode);
      }
    }),
  );
  return statuses;
}

/** Clients writing over HTTP while the server is killed with SIGKILL mid-write; answers what it acknowledged. */
async function killDrill(url: string, dir: string, rounds: number) {
  const acknowledged: string[] = [];
  let refused = 0;
  for (let round = 0; round < rounds; round++) {
    const port = await freePort();
    const server = await startServer(url, dir, port, { fieldKey, auditKey });
    const sessions = await Promise.all(['xinqu', 'gaoxin', 'xinqu', 'gaoxin'].map((u) => httpLogin(`http://127.0.0.1:${port}`, u)));
    let alive = true;
    const clients = sessions.map(async ({ cookie, csrf }, c) => {
      for (let i = 0; alive; i++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/leads`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ title: '断电演练', enterpriseName: `断电演练${round}轮${c}号${i}号有限公司`, source: 'expo', firstContactDate: '2026-06-01' }) });
          if (res.status === 201) acknowledged.push(((await res.json()) as { code: string }).code);
          else refused++;
        } catch {
          return; // the server is gone: whatever was not answered was not acknowledged
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500 + Math.random() * 1000));
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGKILL');
    alive = false;
    await exited;
    await Promise.all(clients);
  }
  const database = openDatabase(url);
  try {
    let present = 0;
    for (let i = 0; i < acknowledged.length; i += 500) present += (await database.db.selectFrom('leads').select('id').where('code', 'in', acknowledged.slice(i, i + 500)).execute()).length;
    const integrity = database.sqlite ? String(database.sqlite.pragma('integrity_check', { simple: true })) : 'n/a (PostgreSQL WAL)';
    const chain = await verifyAuditChain(database.db, auditKey, { checkpointFile: join(dir, 'checkpoints.jsonl') });
    return { acknowledged: acknowledged.length, present, refused, integrity, chain: chain.problems.length ? `${chain.problems.length} problems` : `intact (${chain.checked} records)` };
  } finally {
    await database.close();
  }
}

const tally = (statuses: number[]) => Object.entries(statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {})).map(([s, n]) => `${n}×${s}`).join(', ');

async function drills(kind: 'sqlite' | 'postgres', cluster: ThrowawayPostgres | null) {
  const dir = mkdtempSync(join(tmpdir(), 'gongjian-drill-'));
  let dbCount = 0;
  const newUrl = async () => {
    if (kind === 'sqlite') return `file:${join(dir, `db${dbCount++}.sqlite`)}`;
    const name = `gj_drill_${process.pid}_${dbCount++}`;
    const admin = new pg.Client({ connectionString: cluster!.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(cluster!.url);
    url.pathname = `/${name}`;
    return url.toString();
  };
  try {
    const url = await newUrl();
    const seeded = openDatabase(url);
    await migrate(seeded);
    await seedDemo({ db: seeded.db, dialect: seeded.dialect, cipher: new FieldCipher(fieldKey), audit: new AuditTrail(auditKey, seeded.dialect, systemClock), now: new Date() });
    await seeded.close();

    // ---- kill -9 in the middle of writes
    const killed = await killDrill(url, dir, 3);
    say('kill -9 of the server mid-write, 3 times (4 clients over HTTP)', `acknowledged ${killed.acknowledged}, present ${killed.present}; integrity ${killed.integrity}; audit chain ${killed.chain}`);

    const config = configFor(url, dir);
    const a = await buildApp(config);
    const b = await buildApp(config);

    // ---- races
    const xinqu = await login(a, 'xinqu');
    const unit = (await a.gj.db.selectFrom('units').select('id').where('code', '=', 'ZJXQ').executeTakeFirstOrThrow()).id;
    const pairWinners: number[] = [];
    for (let i = 0; i < 20; i++) {
      const id = (await xinqu('POST', '/api/projects', { name: `演练项目${i}`, hostUnitId: unit, totalInvestmentWan: 1000 })).json().id as number;
      const p = (await xinqu('GET', `/api/projects/${id}`)).json();
      const answers = await Promise.all([xinqu('POST', `/api/projects/${id}/stage`, { stage: 'negotiating', actualDate: '2026-06-01', version: p.version }), xinqu('POST', `/api/projects/${id}/status`, { status: 'terminated', reason: '演练', version: p.version })]);
      pairWinners.push(answers.filter((r) => r.statusCode === 200).length);
    }
    say('races: stage change vs termination, same version, 20 pairs', `winners per pair: ${tally(pairWinners).replace(/×(\d)/g, ' pairs with $1')}`);
    const target = (await xinqu('POST', '/api/projects', { name: '百次演练项目', hostUnitId: unit, totalInvestmentWan: 1000 })).json().id as number;
    const version = (await xinqu('GET', `/api/projects/${target}`)).json().version;
    const hundred = await Promise.all(Array.from({ length: 100 }, (_, i) => xinqu('POST', `/api/projects/${target}/status`, { status: i % 2 ? 'suspended' : 'terminated', reason: '演练', version })));
    say('races: 100 status changes of one project, same version', `answers: ${tally(hundred.map((r) => r.statusCode))}`);
    const lead = (await xinqu('POST', '/api/leads', { title: '演练线索', enterpriseName: '演练并发状态有限公司', source: 'expo', firstContactDate: '2026-06-01' })).json().id as number;
    const lv = (await xinqu('GET', `/api/leads/${lead}`)).json().version;
    const fifty = await Promise.all(Array.from({ length: 50 }, () => xinqu('POST', `/api/leads/${lead}/status`, { status: 'negotiating', version: lv })));
    say('races: 50 status changes of one lead, same version', `answers: ${tally(fifty.map((r) => r.statusCode))}`);

    // ---- two instances (+ a console process on SQLite)
    const file = kind === 'sqlite' ? url.slice('file:'.length) : null;
    const stopAt = Date.now() + SECONDS * 1000;
    const writer = file ? consoleWriter(file, SECONDS * 1000) : Promise.resolve(0);
    const statuses = await leadWriters([a, b], 4, '双实例演练', () => Date.now() < stopAt);
    const consoleCommits = await writer;
    const present = Number((await a.gj.db.selectFrom('leads').select((eb) => eb.fn.countAll().as('n')).where('title', '=', '双实例演练').executeTakeFirstOrThrow()).n);
    const acknowledged = statuses.filter((s) => s === 201).length;
    say(`two instances, 4 + 4 clients for ${SECONDS} s${file ? ' + a console process writing' : ''}`, `answers: ${tally(statuses)}; acknowledged ${acknowledged}, present ${present}${file ? `; console commits ${consoleCommits}` : ''}`);

    // ---- backup while writing (SQLite)
    if (file) {
      const env = { ...process.env, DATABASE_URL: url, GONGJIAN_DEMO: '0', GONGJIAN_FIELD_KEY: fieldKey.toString('hex'), GONGJIAN_AUDIT_KEY: auditKey.toString('hex'), GONGJIAN_AUDIT_CHECKPOINT_FILE: join(dir, 'checkpoints.jsonl') };
      let writing = true;
      const load = leadWriters([a], 4, '备份演练', () => writing);
      const outcomes: string[] = [];
      const times: number[] = [];
      for (let i = 0; i < BACKUPS; i++) {
        const started = Date.now();
        try {
          await run('node', ['bin/gongjian.mjs', 'backup', '--out', join(dir, `backup-${i}.sqlite`)], { env });
          outcomes.push('ok');
        } catch (err) {
          outcomes.push(String((err as { stderr?: string }).stderr ?? err).trim());
        }
        times.push(Date.now() - started);
      }
      writing = false;
      const during = await load;
      const left = readdirSync(dir).filter((f) => f.includes('partial') || /backup-\d+\.sqlite-(wal|shm)$/.test(f));
      const records = await a.gj.db.selectFrom('audit_log').select('result').where('action', '=', 'system.backup').execute();
      say(`backup while 4 clients write, ${BACKUPS} runs`, `succeeded ${outcomes.filter((o) => o === 'ok').length}/${BACKUPS} (each ${Math.min(...times)}–${Math.max(...times)} ms incl. process start); files left: ${left.length}; system.backup records ${records.length} (${records.filter((r) => r.result === 'success').length} success); writes meanwhile: ${tally(during)}`);
    } else {
      say('backup while writing', 'not drilled: PostgreSQL is backed up with pg_dump or WAL archiving; `gongjian backup` answers so and records the refusal (cli/backup.test.ts)');
    }
    await b.close();

    // ---- schedules on two instances
    for (const mode of ['slot', 'lease'] as const) {
      const perSlot: number[] = [];
      for (let s = 0; s < 20; s++) {
        const tick = new Date(Date.UTC(2026, 6, 1, 3, s));
        let runs = 0;
        const job = { name: `drill-${mode}`, leaseMs: 60_000 };
        const work = async () => {
          runs++;
          await new Promise((r) => setTimeout(r, Math.random() * 10));
        };
        // The second instance's timer fires 0–30 ms after the first's.
        await Promise.all(
          ['a', 'b'].map(async (h, i) => {
            const skew = i === 0 ? 0 : Math.random() * 30;
            await new Promise((r) => setTimeout(r, skew));
            const at = new Date(tick.getTime() + skew);
            return mode === 'slot' ? runScheduledJob(a.gj.db, job, at, work, `drill-${h}`) : runExclusive(a.gj.db, job.name, at, job.leaseMs, work, `drill-${h}`);
          }),
        );
        perSlot.push(runs);
      }
      say(`schedules, two instances, 20 slots (${mode === 'slot' ? 'slot recorded, as shipped' : 'lease alone, as before'})`, `runs per slot: ${tally(perSlot).replace(/×(\d)/g, ' slots ran $1 time(s)')}`);
    }
    await a.close();

    // ---- two instances starting on one empty database
    const starts: string[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const empty = await newUrl();
      const results = await Promise.allSettled([prepareDatabase(configFor(empty, dir)), prepareDatabase(configFor(empty, dir))]);
      const up = results.filter((r) => r.status === 'fulfilled').length;
      const first = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof prepareDatabase>>> | undefined;
      const seeds = first ? (await first.value.db.selectFrom('audit_log').select('id').where('action', '=', 'system.seed-demo').execute()).length : 0;
      starts.push(`${up}/2 up, ${seeds} seed`);
      for (const r of results) if (r.status === 'fulfilled') await r.value.close();
    }
    say('two instances starting on an empty database (demo), 3 trials', starts.join('; '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cluster = DBS.includes('postgres') ? await startThrowawayPostgres() : null;
try {
  for (const kind of DBS) {
    console.error(`${kind}:`);
    rows.length = 0;
    await drills(kind, cluster);
    console.log(`\n### ${kind}\n\n| drill | figures |\n|---|---|\n${rows.map(([d, f]) => `| ${d} | ${f} |`).join('\n')}\n`);
  }
} finally {
  await cluster?.stop();
}
