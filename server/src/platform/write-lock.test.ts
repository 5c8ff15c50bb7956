import { spawn } from 'node:child_process';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlitePathOf } from '../config.js';
import { createTestApp, dbKind, type TestApp } from '../../test/harness.js';

/**
 * Two instances over one database (two servers, or a server and the console — on SQLite two
 * connections to one file, exactly as two processes), and a writer that holds the lock too long.
 */
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  a = await createTestApp({ config: { lockWaitMs: 10_000 } });
  b = await createTestApp({ sameDatabaseAs: a, config: { lockWaitMs: 10_000 } });
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const lead = (name: string) => ({ title: '双实例写入', enterpriseName: name, source: 'expo', firstContactDate: '2026-06-01' });

/** Holds the database's write lock from outside the app (another process) for `ms`. */
async function holdWriteLock(url: string, projectId: number, ms: number): Promise<void> {
  const file = sqlitePathOf(url);
  if (file) {
    const other = new SqliteDatabase(file);
    other.prepare('begin immediate').run();
    await new Promise((r) => setTimeout(r, ms));
    other.prepare('commit').run();
    other.close();
    return;
  }
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  await other.query('begin');
  await other.query('select id from projects where id = $1 for update', [projectId]);
  await new Promise((r) => setTimeout(r, ms));
  await other.query('commit');
  await other.end();
}

/**
 * Another process writing the SQLite file as a console import does: short write transactions
 * back to back for `ms`, holding the lock most of the time. Answers how many it committed.
 */
function otherProcessWriting(file: string, ms: number): Promise<number> {
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
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`writer exited ${code}`))));
  });
}

describe('two instances writing to one database', () => {
  it('acknowledges every write of 4 + 4 clients on two instances (and, on SQLite, a console process writing), and every acknowledged write is there', async () => {
    const file = sqlitePathOf(a.config.databaseUrl);
    const console = file ? otherProcessWriting(file, 3_000) : Promise.resolve(0);
    await new Promise((r) => setTimeout(r, file ? 300 : 0));
    const agents = [...(await Promise.all(['xinqu', 'gaoxin', 'xinqu', 'gaoxin'].map((u) => a.login(u)))), ...(await Promise.all(['xinqu', 'gaoxin', 'xinqu', 'gaoxin'].map((u) => b.login(u))))];
    const answers = await Promise.all(
      agents.map(async (agent, client) => {
        const statuses: number[] = [];
        for (let i = 0; i < 10; i++) statuses.push((await agent.post('/api/leads', lead(`双实例${client}号${i}号科技有限公司`))).statusCode);
        return statuses;
      }),
    );
    const all = answers.flat();
    expect(all.filter((s) => s !== 201)).toEqual([]);
    const present = await a.app.gj.db.selectFrom('leads').select((eb) => eb.fn.countAll().as('n')).where('title', '=', '双实例写入').executeTakeFirstOrThrow();
    expect(Number(present.n)).toBe(80);
    if (file) expect(await console).toBeGreaterThan(100);
  });
});

describe('a write lock held past the wait', () => {
  it('answers 503 with Retry-After and a message in the user language, never 500, and records the refused request', async () => {
    const quick = await createTestApp({ sameDatabaseAs: a, config: { lockWaitMs: 300 } });
    try {
      const agent = await quick.login('xinqu');
      const project = await a.app.gj.db.selectFrom('projects').select(['id', 'version']).where('host_unit_id', '=', await a.unitId('ZJXQ')).where('status', '=', 'normal').executeTakeFirstOrThrow();
      const holding = holdWriteLock(a.config.databaseUrl, project.id, 1_500);
      await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      const res = await agent.post(`/api/projects/${project.id}/status`, { status: 'suspended', reason: '锁等待演练', version: project.version }, { 'accept-language': 'en-US' });
      expect(res.statusCode, res.body).toBe(503);
      expect(Date.now() - started).toBeLessThan(1_400);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json().error.code).toBe('DATABASE_BUSY');
      expect(res.json().error.message).toMatch(/try again in 5 seconds/);
      await holding;
      // The refused request's record is written, at the latest once the lock frees.
      let records: { result: string; username: string | null }[] = [];
      for (let i = 0; i < 50 && !records.length; i++) {
        records = await a.app.gj.db.selectFrom('audit_log').select(['result', 'username']).where('action', '=', 'POST /api/projects/:id/status').where('object_id', '=', String(project.id)).execute();
        if (!records.length) await new Promise((r) => setTimeout(r, 100));
      }
      expect(records).toEqual([{ result: 'failure', username: 'xinqu' }]);
      // Nothing was changed, and the same request now succeeds.
      const retried = await agent.post(`/api/projects/${project.id}/status`, { status: 'suspended', reason: '锁等待演练', version: project.version });
      expect(retried.statusCode, retried.body).toBe(200);
    } finally {
      await quick.close();
    }
  });
});

describe('the lock wait', () => {
  it.runIf(dbKind() === 'sqlite')('does not freeze the event loop while another process holds the lock', async () => {
    const quick = await createTestApp({ sameDatabaseAs: a, config: { lockWaitMs: 1_000 } });
    try {
      const agent = await quick.login('xinqu');
      const file = sqlitePathOf(a.config.databaseUrl)!;
      const other = new SqliteDatabase(file);
      other.prepare('begin immediate').run();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 20);
      const res = await agent.post('/api/leads', lead('事件循环验证科技有限公司'));
      clearInterval(timer);
      other.prepare('rollback').run();
      other.close();
      expect(res.statusCode).toBe(503);
      // About 50 ticks in the second waited; a synchronous busy wait would allow none.
      expect(ticks).toBeGreaterThan(20);
    } finally {
      await quick.close();
    }
  });
});
