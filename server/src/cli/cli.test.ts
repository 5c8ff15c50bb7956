import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/connect.js';
import { AuditTrail } from '../platform/audit.js';
import { systemClock } from '../platform/clock.js';
import { dbKind, freshDatabaseUrl } from '../../test/harness.js';
import { TEST_AUDIT_KEY, TEST_FIELD_KEY } from '../../test/keys.js';

const run = promisify(execFile);
let url: string;
let drop: () => Promise<void>;
let dir: string;

/** The real command, as an operator runs it: a child process with its own environment. */
async function gongjian(args: string[], stdin?: string): Promise<{ code: number; out: string }> {
  const env = { ...process.env, DATABASE_URL: url, GONGJIAN_DEMO: '0', GONGJIAN_FIELD_KEY: TEST_FIELD_KEY.toString('hex'), GONGJIAN_AUDIT_KEY: TEST_AUDIT_KEY.toString('hex'), LANG: 'zh_CN.UTF-8', GONGJIAN_AUDIT_CHECKPOINT_FILE: join(dir, 'audit-checkpoints.jsonl') };
  const child = run('node', ['bin/gongjian.mjs', ...args], { env, timeout: 60_000 });
  if (stdin !== undefined) {
    child.child.stdin?.end(`${stdin}\n`);
  } else child.child.stdin?.end();
  try {
    const { stdout, stderr } = await child;
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

async function withDb<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(url);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  ({ url, drop } = await freshDatabaseUrl(true));
  dir = mkdtempSync(join(tmpdir(), 'gongjian-cli-'));
});
afterAll(async () => {
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('gongjian CLI', () => {
  it('migrates, sets up the first administrator who must change the password, and adds the other administrators', async () => {
    expect((await gongjian(['migrate'])).out).toContain('applied: 0001_foundation');
    expect((await gongjian(['migrate'])).out).toContain('up to date');
    const weak = await gongjian(['setup', '--username', 'root'], 'short');
    expect(weak.code).toBe(1);
    expect(weak.out).toContain('密码至少需要 8 个字符。');
    const setup = await gongjian(['setup', '--username', 'root'], 'Zhenjiang#Chief2026');
    expect(setup.code).toBe(0);
    const again = await gongjian(['setup', '--username', 'root2'], 'Zhenjiang#Chief2026');
    expect(again.code).toBe(1);
    expect((await gongjian(['users', 'create', '--username', 'sec1', '--unit', '321100', '--role', 'sec_admin'], 'Security#Admin2026')).code).toBe(0);
    const missingUnit = await gongjian(['users', 'create', '--username', 'x1', '--unit', 'NOPE', '--role', 'sec_admin'], 'Security#Admin2026');
    expect(missingUnit.out).toContain('no unit with code NOPE');
    const users = await withDb((d) => d.db.selectFrom('users').select(['username', 'must_change_password']).orderBy('id').execute());
    expect(users).toEqual([
      { username: 'root', must_change_password: 1 },
      { username: 'sec1', must_change_password: 1 },
    ]);
  });

  it('manages administrator accounts from the console through the account services, each step audited', async () => {
    expect((await gongjian(['users', 'create', '--username', 'aud1', '--unit', '321100', '--role', 'audit_admin'], 'Auditor#Console2026')).code).toBe(0);
    const mixed = await gongjian(['users', 'set-roles', 'aud1', '--role', 'audit_admin,sys_admin']);
    expect(mixed.code).toBe(1);
    expect(mixed.out).toContain('三权分立：持有管理员角色的账号只能有这一个角色');
    const mixedCreate = await gongjian(['users', 'create', '--username', 'aud2', '--unit', '321100', '--role', 'audit_admin,city_leader'], 'Auditor#Console2026');
    expect(mixedCreate.code).toBe(1);
    expect((await gongjian(['users', 'set-roles', 'aud1', '--role', 'sec_admin'])).code).toBe(0);
    const reset = await gongjian(['users', 'reset-password', 'aud1']);
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/temporary password for aud1: \S{16,}/);
    for (const verb of ['disable', 'enable', 'unlock']) expect((await gongjian(['users', verb, 'aud1'])).code, verb).toBe(0);
    const { id, disabled, must_change_password } = await withDb((d) => d.db.selectFrom('users').select(['id', 'disabled', 'must_change_password']).where('username', '=', 'aud1').executeTakeFirstOrThrow());
    expect({ disabled, must_change_password }).toEqual({ disabled: 0, must_change_password: 1 });
    const trail = await withDb((d) => d.db.selectFrom('audit_log').select(['action', 'username']).where('object_type', '=', 'user').where('object_id', '=', String(id)).orderBy('id').execute());
    expect(trail.map((r) => r.action)).toEqual(['user.create', 'user.roles', 'user.reset-password', 'user.disable', 'user.enable', 'user.unlock']);
    expect(trail.every((r) => r.username?.startsWith('cli:'))).toBe(true);
  });

  it('verifies the audit chain and names a record altered behind its back', async () => {
    const ok = await gongjian(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit trail intact: \d+ records checked/);
    await withDb(async (d) => {
      if (d.dialect === 'sqlite') await sql`DROP TRIGGER audit_log_no_update`.execute(d.db);
      else await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(d.db);
      await d.db.updateTable('audit_log').set({ username: 'nobody' }).where('id', '=', 1).execute();
    });
    const broken = await gongjian(['audit', 'verify']);
    expect(broken.code).toBe(2);
    expect(broken.out).toContain('record 1 was altered');
  });

  it('holds the ends of the trail to the published checkpoint and to one given with --checkpoint', async () => {
    const published = await gongjian(['audit', 'checkpoint']);
    expect(published.code).toBe(0);
    const [, id, hash] = /(\d+):([0-9a-f]{64})/.exec(published.out)!;
    await withDb(async (d) => {
      const trail = new AuditTrail(TEST_AUDIT_KEY, d.dialect, systemClock);
      for (let i = 0; i < 3; i++) await trail.appendAlone(d.db, null, { action: 'test.after-checkpoint' });
    });
    const held = await gongjian(['audit', 'verify', '--checkpoint', `${id}:${hash}`]);
    expect(held.out).toContain(`checkpoint of`);
    expect(held.out).not.toContain('checkpoint-');
    expect(held.out).not.toContain('is gone');
    // An attacker with the database cuts the newest records and rewrites the head to match.
    await withDb(async (d) => {
      if (d.dialect === 'sqlite') await sql`DROP TRIGGER IF EXISTS audit_log_no_delete`.execute(d.db);
      else await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(d.db);
      await d.db.deleteFrom('audit_log').where('id', '>=', Number(id)).execute();
      const newest = await d.db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      await d.db.updateTable('audit_head').set({ last_id: newest.id, last_hash: newest.hash }).where('id', '=', 1).execute();
    });
    const cut = await gongjian(['audit', 'verify', '--checkpoint', `${id}:${hash}`]);
    expect(cut.code).toBe(2);
    expect(cut.out).toContain(`record ${id}, named by the published checkpoint, is gone: the trail was cut at or before record ${id}`);
    expect(cut.out).toContain(`record ${id}, named by the given checkpoint, is gone`);
    const forged = join(dir, 'forged-checkpoints.jsonl');
    writeFileSync(forged, `${JSON.stringify({ v: 1, at: new Date().toISOString(), lastId: 1, lastHash: '0'.repeat(64), count: 1, anchorId: 1, mac: 'f'.repeat(64) })}\n`);
    expect((await gongjian(['audit', 'verify', '--checkpoint', forged])).out).toContain('line 1 of the given checkpoint file fails its MAC: refused');
  });

  it('backs up the SQLite database online with an integrity check, and restores it; on PostgreSQL it points to pg_dump', async () => {
    const out = join(dir, 'backup.sqlite');
    const backup = await gongjian(['backup', '--out', out]);
    if (dbKind() === 'postgres') {
      expect(backup.code).toBe(1);
      expect(backup.out).toContain('pg_dump');
      return;
    }
    expect(backup.code).toBe(0);
    expect(backup.out).toContain('integrity ok');
    expect(existsSync(out)).toBe(true);
    await gongjian(['users', 'disable', 'sec1']);
    const restored = await gongjian(['restore', out]);
    expect(restored.code).toBe(0);
    const sec1 = await withDb((d) => d.db.selectFrom('users').select('disabled').where('username', '=', 'sec1').executeTakeFirstOrThrow());
    expect(sec1.disabled).toBe(0);
  });
});
