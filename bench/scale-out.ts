/**
 * Scale-out drill on PostgreSQL (issue 14, items 6 and 8): two server processes behind one port
 * (a small round-robin proxy that is not sticky, so every user's requests alternate between the
 * instances — sessions, CSRF tokens, locks and schedules must live in the database to work).
 *   1. Month-end load: N users (default 200) sign in, then file their month's dispatch reports
 *      and edit their projects, reading lists and warnings between, with a few seconds of thought
 *      between clicks, for the given time (default 600 s): answers, latency p50/p95/p99 through
 *      the proxy, each instance's memory every 10 s (first, highest, last), the request rate.
 *   2. Failover: writers creating leads while one instance is killed with SIGKILL and started
 *      again: what the proxy answered meanwhile, acknowledged writes against writes present,
 *      how long the instance took to serve again.
 *   3. Backup and restore: pg_dump (custom format) of the live database under writes, and
 *      pg_restore into a new database: sizes and times, rows and the audit chain in the copy.
 *   4. Schedules: the ticks both instances ran during the drill, runs per slot.
 * Each user files the month's report of a project of their own (put on the unit's list with a plan),
 * as officers do at month's end; two people filing one project's report at once is not this drill's.
 * Run: `npx tsx bench/scale-out.ts [--users 200] [--seconds 600] [--failover-seconds 30] [--log FILE]`.
 * Prints one Markdown table (pasted into docs/reliability.md).
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { findPostgresBin, freePort, startThrowawayPostgres } from '../scripts/pg-cluster.js';
import { openDatabase } from '../server/src/db/connect.js';
import { migrate } from '../server/src/db/migrate.js';
import { AuditTrail, verifyAuditChain } from '../server/src/platform/audit.js';
import { systemClock } from '../server/src/platform/clock.js';
import { FieldCipher } from '../server/src/platform/crypto.js';
import { seedDemo } from '../server/src/seed/seed.js';
import { httpLogin, startServer } from './support.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const USERS = Number(arg('users', '200'));
const SECONDS = Number(arg('seconds', '600'));
const FAILOVER_SECONDS = Number(arg('failover-seconds', '30'));
/** `--log FILE`: each instance's errors to FILE.1 and FILE.2. */
const LOG = arg('log', '');
const keys = { fieldKey: Buffer.alloc(16, 3), auditKey: Buffer.alloc(32, 5) };
const run = promisify(execFile);
const FILERS = ['xinqu', 'gaoxin', 'jingkou', 'jkjd', 'xinqu2', 'xcl', 'dagang', 'dingmao', 'jqjd'];
const rows: [string, string][] = [];
const say = (drill: string, figure: string) => {
  rows.push([drill, figure]);
  console.error(`  ${drill}: ${figure}`);
};

interface Backend {
  port: number;
  up: boolean;
  child: ChildProcess;
}

/** Round robin over the backends that are up; a backend that refuses a connection is taken out until its health check answers. */
function proxy(backends: Backend[]): { server: Server; answers: Map<number, number> } {
  let next = 0;
  const answers = new Map<number, number>();
  const count = (status: number) => answers.set(status, (answers.get(status) ?? 0) + 1);
  const server = createServer((req, res) => {
    const live = backends.filter((b) => b.up);
    if (!live.length) {
      count(503);
      res.writeHead(503).end();
      return;
    }
    const backend = live[next++ % live.length]!;
    const upstream = httpRequest({ host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      count(answer.statusCode ?? 0);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      backend.up = false;
      count(502);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const check = setInterval(() => {
    for (const b of backends) {
      const probe = httpRequest({ host: '127.0.0.1', port: b.port, path: '/healthz', timeout: 400 }, (r) => {
        b.up = r.statusCode === 200;
        r.resume();
      });
      probe.on('error', () => (b.up = false));
      probe.on('timeout', () => probe.destroy());
      probe.end();
    }
  }, 250);
  server.on('close', () => clearInterval(check));
  // Idle keep-alive connections outlive a user's thinking (Node's 5 s default closed sockets the
  // client was about to reuse: "other side closed", an artefact of the drill, not of the app).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  return { server, answers };
}

function rssMb(pid: number | undefined): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const tally = (m: Map<number, number>) => [...m].sort(([a], [b]) => a - b).map(([s, n]) => `${n.toLocaleString('en')}×${s}`).join(', ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  if (!findPostgresBin()) throw new Error('PostgreSQL binaries are needed: apt-get install -y postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'gongjian-scale-'));
  const cluster = await startThrowawayPostgres();
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: cluster.url });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  const urlOf = (name: string) => {
    const u = new URL(cluster.url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const backends: Backend[] = [];
  let front: Server | null = null;
  try {
    await admin('CREATE DATABASE gj_scale');
    const url = urlOf('gj_scale');
    const seeded = openDatabase(url);
    await migrate(seeded);
    await seedDemo({ db: seeded.db, dialect: seeded.dialect, cipher: new FieldCipher(keys.fieldKey), audit: new AuditTrail(keys.auditKey, seeded.dialect, systemClock), now: new Date() });
    const period = (await seeded.db.selectFrom('dispatch_periods').select('period').where('locked_at', 'is', null).orderBy('period', 'desc').executeTakeFirstOrThrow()).period;
    await seeded.close();

    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      backends.push({ port, up: true, child: await startServer(url, dir, port, keys, {}, LOG ? `${LOG}.${i + 1}` : undefined) });
    }
    const frontPort = await freePort();
    const p = proxy(backends);
    front = p.server;
    await new Promise<void>((r) => p.server.listen(frontPort, '127.0.0.1', r));
    const base = `http://127.0.0.1:${frontPort}`;
    console.error(`two instances on ${backends.map((b) => b.port).join(' and ')}, one port ${frontPort}; period ${period}`);

    // ---- 1. month-end load
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    // Which requests failed, by route, for the report.
    const failures = new Map<string, number>();
    const send = async (s: { cookie: string; csrf: string }, method: string, path: string, body?: object) => {
      const t0 = performance.now();
      let res: Response;
      let text: string;
      try {
        res = await fetch(`${base}${path}`, { method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
        text = await res.text();
      } catch {
        // A connection that failed is an error like any other answer that is not a success.
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
        return { status: 0, json: () => ({ items: [] }) };
      }
      latencies.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 400) {
        const route = `${res.status} ${method} ${path.replace(/\d+/g, ':n')}`;
        failures.set(route, (failures.get(route) ?? 0) + 1);
      }
      return { status: res.status, json: () => JSON.parse(text) };
    };
    // Sign in and make each user a project of their own, a few at a time (the 8:30 rush is bench/login.ts's).
    const users: { s: { cookie: string; csrf: string }; project: number; version: number; report: number }[] = [];
    for (let i = 0; i < USERS; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, USERS - i) }, async (_, k) => {
          const n = i + k;
          const s = await httpLogin(base, FILERS[n % FILERS.length]!);
          const me = (await (await fetch(`${base}/api/me`, { headers: { cookie: s.cookie } })).json()) as { unitId: number };
          const created = await send(s, 'POST', '/api/projects', { name: `月末演练项目${n}`, hostUnitId: me.unitId, totalInvestmentWan: 1000 + n });
          if (created.status !== 201) throw new Error(`create: ${created.status}`);
          const project = created.json().id as number;
          // On its unit's list with a plan: each officer files the month's report of a project of their own.
          const listed = await send(s, 'PUT', `/api/dispatch/key-projects/${project}/${period.slice(0, 4)}`, { levels: ['district'], planWan: 1000 + n });
          if (listed.status !== 204) throw new Error(`list: ${listed.status}`);
          return { s, project, version: 1, report: 0 };
        }),
      );
      users.push(...batch);
    }
    latencies.length = 0;
    statuses.clear();
    const memory = backends.map(() => [] as number[]);
    const sampler = setInterval(() => backends.forEach((b, i) => memory[i]!.push(rssMb(b.child.pid) ?? NaN)), 10_000);
    backends.forEach((b, i) => memory[i]!.push(rssMb(b.child.pid) ?? NaN));
    const until = Date.now() + SECONDS * 1000;
    const think = () => sleep(1000 + Math.random() * 4000);
    const started = performance.now();
    await Promise.all(
      users.map(async (u, n) => {
        await sleep(Math.random() * 3000);
        while (Date.now() < until) {
          await send(u.s, 'GET', `/api/dispatch/periods/${period}/reports?page=1&pageSize=20`);
          await think();
          await send(u.s, 'GET', `/api/dispatch/periods/${period}/projects/${u.project}`);
          await think();
          // Filed, then edited in place while the month is open (naming the version edited).
          const filed = await send(u.s, 'PUT', `/api/dispatch/periods/${period}/projects/${u.project}`, { monthWan: 100 + (u.report % 50), cumulativeWan: 5000 + u.report, progressText: `主体施工，月末演练 ${n}`, ...(u.report ? { version: u.report } : {}) });
          if (filed.status === 200) u.report = filed.json().version as number;
          await think();
          await send(u.s, 'GET', '/api/projects?page=1&pageSize=20');
          const edited = await send(u.s, 'PATCH', `/api/projects/${u.project}`, { remarks: `月末核对 ${Date.now()}`, version: u.version });
          if (edited.status === 200) u.version++;
          await think();
          await send(u.s, 'GET', `/api/warnings?period=${period}`);
          await think();
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);
    backends.forEach((b, i) => memory[i]!.push(rssMb(b.child.pid) ?? NaN));
    const sorted = [...latencies].sort((a, b) => a - b);
    const errors = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
    say(`month-end load: ${USERS} users filing and editing for ${SECONDS} s, 2 instances behind one port`, `${latencies.length.toLocaleString('en')} requests (${(latencies.length / elapsed).toFixed(1)}/s): ${tally(statuses)}; errors ${errors}; p50 ${pct(sorted, 50).toFixed(0)} ms, p95 ${pct(sorted, 95).toFixed(0)} ms, p99 ${pct(sorted, 99).toFixed(0)} ms`);
    if (failures.size) say('failed requests during the load, by route', [...failures].map(([k, n]) => `${n}× ${k}`).join('; '));
    say('memory of each instance during the load (RSS, every 10 s)', memory.map((m, i) => `instance ${i + 1}: first ${m[0]} MB, highest ${Math.max(...m.filter(Number.isFinite))} MB, last ${m[m.length - 1]} MB`).join('; '));

    // ---- 2. failover
    const writers = await Promise.all(FILERS.slice(0, 4).flatMap((u) => [httpLogin(base, u), httpLogin(base, u)]));
    const acknowledged: string[] = [];
    const during = new Map<number, number>();
    let writing = true;
    const load = Promise.all(
      writers.map(async (s, c) => {
        for (let i = 0; writing; i++) {
          try {
            const res = await fetch(`${base}/api/leads`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ title: '切换演练', enterpriseName: `切换演练${c}号${i}号科技有限公司`, source: 'expo', firstContactDate: '2026-06-01' }) });
            during.set(res.status, (during.get(res.status) ?? 0) + 1);
            if (res.status === 201) acknowledged.push(((await res.json()) as { code: string }).code);
            else await res.text();
          } catch {
            during.set(0, (during.get(0) ?? 0) + 1);
          }
        }
      }),
    );
    await sleep((FAILOVER_SECONDS * 1000) / 3);
    const victim = backends[1]!;
    const gone = new Promise((r) => victim.child.once('exit', r));
    victim.child.kill('SIGKILL');
    await gone;
    victim.up = false;
    await sleep((FAILOVER_SECONDS * 1000) / 3);
    const restartAt = performance.now();
    victim.child = await startServer(url, dir, victim.port, keys, {}, LOG ? `${LOG}.2` : undefined);
    const readyMs = performance.now() - restartAt;
    await sleep((FAILOVER_SECONDS * 1000) / 3);
    writing = false;
    await load;
    const check = openDatabase(url);
    let present = 0;
    for (let i = 0; i < acknowledged.length; i += 500) present += (await check.db.selectFrom('leads').select('id').where('code', 'in', acknowledged.slice(i, i + 500)).execute()).length;
    say(`failover: 8 writers for ${FAILOVER_SECONDS} s, one instance killed (SIGKILL) a third in and started again at two thirds`, `answers: ${tally(during)}; acknowledged ${acknowledged.length.toLocaleString('en')}, present ${present.toLocaleString('en')}; the killed instance served again ${(readyMs / 1000).toFixed(1)} s after its start (process start, migrations checked, listening)`);

    // ---- 3. backup and restore with pg_dump / pg_restore, under writes
    const bin = findPostgresBin()!;
    writing = true;
    const background = Promise.all(
      writers.slice(0, 4).map(async (s, c) => {
        for (let i = 0; writing; i++) await (await fetch(`${base}/api/leads`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ title: '备份演练', enterpriseName: `备份演练${c}号${i}号科技有限公司`, source: 'expo', firstContactDate: '2026-06-01' }) })).text();
      }),
    );
    const dumpFile = join(dir, 'gj.dump');
    const t0 = performance.now();
    await run(join(bin, 'pg_dump'), ['--format=custom', `--file=${dumpFile}`, url]);
    const dumpMs = performance.now() - t0;
    writing = false;
    await background;
    await admin('CREATE DATABASE gj_restored');
    const t1 = performance.now();
    await run(join(bin, 'pg_restore'), ['--no-owner', `--dbname=${urlOf('gj_restored')}`, dumpFile]);
    const restoreMs = performance.now() - t1;
    const restored = openDatabase(urlOf('gj_restored'));
    const countOf = async (db: typeof check, table: 'projects' | 'leads' | 'audit_log') => Number((await db.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const chain = await verifyAuditChain(restored.db, keys.auditKey, {});
    say(
      'backup with pg_dump while 4 writers write, restored with pg_restore into a new database',
      `dump ${(statSync(dumpFile).size / 1024 / 1024).toFixed(1)} MB in ${(dumpMs / 1000).toFixed(1)} s, restore ${(restoreMs / 1000).toFixed(1)} s; the copy: ${(await countOf(restored, 'projects')).toLocaleString('en')} projects, ${(await countOf(restored, 'leads')).toLocaleString('en')} leads, audit chain ${chain.problems.length ? `${chain.problems.length} problems` : `intact (${chain.checked.toLocaleString('en')} records)`}`,
    );
    await restored.close();

    // ---- 4. schedules
    const runs = await check.db.selectFrom('job_runs').select(['name', 'slot', 'holder']).execute();
    const perSlot = new Map<string, number>();
    for (const r of runs) perSlot.set(`${r.name}@${r.slot}`, (perSlot.get(`${r.name}@${r.slot}`) ?? 0) + 1);
    const holders = new Set(runs.map((r) => r.holder));
    say('schedules on the two instances during the drill', `${runs.length} ticks run by ${holders.size} instance(s); runs per slot: ${[...new Set(perSlot.values())].join(', ') || 'none fired'}`);
    await check.close();

    console.log('| drill | figure |\n|---|---|');
    for (const [d, f] of rows) console.log(`| ${d} | ${f} |`);
  } finally {
    front?.close();
    for (const b of backends) b.child.kill('SIGKILL');
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
