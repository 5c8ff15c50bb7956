import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestApp, dbKind, type TestApp } from '../../test/harness.js';
import { TEST_AUDIT_KEY, TEST_FIELD_KEY } from '../../test/keys.js';

const run = promisify(execFile);

/** The real command in its own process, as an operator runs it beside a running server. */
async function gongjian(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const base = { ...process.env };
  for (const k of ['GONGJIAN_FIELD_KEY', 'GONGJIAN_AUDIT_KEY', 'GONGJIAN_DEMO', 'GONGJIAN_AUDIT_CHECKPOINT_FILE', 'GONGJIAN_KEY_FILE', 'DATABASE_URL']) delete base[k];
  try {
    const { stdout, stderr } = await run('node', ['bin/gongjian.mjs', ...args], { env: { ...base, LANG: 'en_US.UTF-8', ...env }, timeout: 120_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

let t: TestApp;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(join(tmpdir(), 'gongjian-backup-'));
  env = { DATABASE_URL: t.config.databaseUrl, GONGJIAN_DEMO: '0', GONGJIAN_FIELD_KEY: TEST_FIELD_KEY.toString('hex'), GONGJIAN_AUDIT_KEY: TEST_AUDIT_KEY.toString('hex'), GONGJIAN_AUDIT_CHECKPOINT_FILE: join(dir, 'checkpoints.jsonl') };
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const backups = () => t.app.gj.db.selectFrom('audit_log').select(['result', 'detail']).where('action', '=', 'system.backup').orderBy('id').execute();

describe('backup and restore', () => {
  it('records a failed backup too, and leaves nothing behind', async () => {
    const out = join(dir, 'no-such-dir', 'b.sqlite');
    const failed = await gongjian(['backup', '--out', out], env);
    expect(failed.code).toBe(1);
    if (dbKind() === 'postgres') expect(failed.out).toContain('pg_dump');
    expect((await backups()).map((b) => b.result)).toEqual(['failure']);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it.runIf(dbKind() === 'sqlite')('backs up while the server writes, 3 times out of 3, each copy verified, audited, and no .partial files left', async () => {
    const agents = await Promise.all(['xinqu', 'gaoxin', 'xinqu', 'gaoxin'].map((u) => t.login(u)));
    let writing = true;
    let acknowledged = 0;
    const failures: number[] = [];
    const writers = agents.map(async (agent, client) => {
      for (let i = 0; writing; i++) {
        const res = await agent.post('/api/leads', { title: '备份期间写入', enterpriseName: `备份演练${client}号${i}号有限公司`, source: 'expo', firstContactDate: '2026-06-01' });
        if (res.statusCode === 201) acknowledged++;
        else failures.push(res.statusCode);
      }
    });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await gongjian(['backup', '--out', join(dir, `under-load-${i}.sqlite`)], env));
    writing = false;
    await Promise.all(writers);
    expect(results.map((r) => r.code), results.map((r) => r.out).join('\n')).toEqual([0, 0, 0]);
    expect(results.every((r) => r.out.includes('integrity ok'))).toBe(true);
    expect(failures).toEqual([]);
    expect(acknowledged).toBeGreaterThan(10);
    expect(readdirSync(dir).filter((f) => f.includes('partial') || f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);
    expect((await backups()).map((b) => b.result)).toEqual(['failure', 'success', 'success', 'success']);
  });

  it.runIf(dbKind() === 'sqlite')('refuses to restore over a database a server has open, and changes nothing', async () => {
    const before = await t.app.gj.db.selectFrom('leads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const refused = await gongjian(['restore', join(dir, 'under-load-0.sqlite')], env);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('open in another process');
    // The server goes on as before (it used to die of a bus error).
    const after = await t.app.gj.db.selectFrom('leads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
    expect((await (await t.login('xinqu')).get('/api/leads')).statusCode).toBe(200);
  });

  it.runIf(dbKind() === 'sqlite')('restores a demo to a new path with the keys it needs: the audit trail verifies', async () => {
    const demoDir = mkdtempSync(join(dir, 'demo-'));
    const demoFile = join(demoDir, 'gongjian.sqlite');
    copyFileSync(inject('dbTemplate'), demoFile);
    // A demo keeps its generated keys beside its database; this one was seeded with the test keys.
    writeFileSync(`${demoFile}.keys.json`, JSON.stringify({ fieldKey: TEST_FIELD_KEY.toString('hex'), auditKey: TEST_AUDIT_KEY.toString('hex') }));
    const demo = { DATABASE_URL: `file:${demoFile}`, GONGJIAN_DEMO: '1' };
    expect((await gongjian(['audit', 'checkpoint'], demo)).code).toBe(0);
    const out = join(dir, 'demo-backup.sqlite');
    const backup = await gongjian(['backup', '--out', out], demo);
    expect(backup.code, backup.out).toBe(0);
    expect(existsSync(`${out}.keys.json`)).toBe(true);
    expect(existsSync(`${out}.audit-checkpoints.jsonl`)).toBe(true);
    const elsewhere = { DATABASE_URL: `file:${join(dir, 'elsewhere', 'restored.sqlite')}`, GONGJIAN_DEMO: '1' };
    const restored = await gongjian(['restore', out], elsewhere);
    expect(restored.code, restored.out).toBe(0);
    const verified = await gongjian(['audit', 'verify'], elsewhere);
    expect(verified.out).toContain('audit trail intact');
    expect(verified.code).toBe(0);
  });
});
