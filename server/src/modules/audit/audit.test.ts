import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dbKind, type TestApp } from '../../../test/harness.js';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { auditCheckpointFileOf } from '../../config.js';
import { purgeAudit, verifyAuditChain } from '../../platform/audit.js';
import { publishAuditCheckpoint } from '../../platform/audit-checkpoint.js';
import { ROUTE_ACTIONS } from '../../../../common/audit.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function userId(username: string): Promise<number> {
  return (await t.app.gj.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

/** What an attacker with database access would do first: switch the guard off. */
async function disableGuard(app: TestApp) {
  if (dbKind() === 'sqlite') {
    await sql`DROP TRIGGER audit_log_no_update`.execute(app.app.gj.db);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(app.app.gj.db);
  } else {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(app.app.gj.db);
  }
}

describe('audit trail', () => {
  it('records every state-changing request, refused ones included, with who, where and the result', async () => {
    const xinqu = await t.login('xinqu', undefined, '10.30.0.7');
    const refused = await xinqu.post('/api/units', { code: 'NOPE', name: '无权', kind: 'park', parentId: 1 });
    expect(refused.statusCode).toBe(403);
    const row = await t.app.gj.db.selectFrom('audit_log').selectAll().where('action', '=', 'POST /api/units').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ username: 'xinqu', ip: '10.30.0.7', result: 'failure', roles: 'district', unit_id: await t.unitId('ZJXQ') });
    expect(JSON.parse(row.detail!)).toMatchObject({ status: 403, error: 'FORBIDDEN' });
    const logins = await t.app.gj.db.selectFrom('audit_log').select(['action', 'result']).where('username', '=', 'xinqu').where('action', '=', 'auth.login').execute();
    expect(logins).toContainEqual({ action: 'auth.login', result: 'success' });
  });

  it('cannot be updated or deleted, by the database itself', async () => {
    const db = t.app.gj.db;
    await expect(db.updateTable('audit_log').set({ action: 'forged' }).where('id', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('id', '=', 1).execute()).rejects.toThrow(/append-only/);
    if (dbKind() === 'postgres') await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db, t.config.auditKey)).problems).toEqual([]);
  });

  it('lets the audit admin filter by user, action, result and unit subtree, paged', async () => {
    const auditor = await t.login('auditor');
    const res = (await auditor.get('/api/audit?username=xinqu&result=failure')).json();
    expect(res.total).toBeGreaterThanOrEqual(1);
    expect(res.items.every((e: { username: string; result: string }) => e.username === 'xinqu' && e.result === 'failure')).toBe(true);
    const bySubtree = (await auditor.get(`/api/audit?unitId=${await t.unitId('ZJXQ')}&action=auth.login`)).json();
    expect(bySubtree.items.map((e: { username: string }) => e.username)).toContain('xinqu');
    expect(bySubtree.items.every((e: { unitName: string }) => e.unitName === '镇江新区')).toBe(true);
    const page = (await auditor.get('/api/audit?pageSize=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    expect((await auditor.get('/api/audit?from=not-a-date')).statusCode).toBe(400);
  });

  it('says for every state-changing route what it does, so a refused request reads in words', () => {
    const writes = t.app.gj.routes.filter((r) => r.url.startsWith('/api/') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method)).map((r) => `${r.method} ${r.url}`);
    expect(writes.length).toBeGreaterThan(50);
    expect(writes.filter((r) => !ROUTE_ACTIONS[r])).toEqual([]);
  });

  it('names the objects of a page by one query per kind: a lead by its title, a user by name, a refused request by what its route names', async () => {
    const db = t.app.gj.db;
    const lead = await db.selectFrom('leads').select(['id', 'title']).where('unit_id', '=', await t.unitId('ZJGXQ')).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const xinqu = await t.login('xinqu');
    const refused = await xinqu.patch(`/api/leads/${lead.id}`, { title: '不是我的线索' });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    const auditor = await t.login('auditor');
    const page = (await auditor.get('/api/audit?username=xinqu&action=PATCH%20/api/leads/:id')).json();
    expect(page.items[0]).toMatchObject({ objectType: 'request', objectId: String(lead.id), objectKind: 'lead', objectName: lead.title, result: 'failure' });
    const created = (await auditor.get('/api/audit?action=lead.create&pageSize=50')).json();
    expect(created.items.length).toBeGreaterThan(0);
    const titles = new Map((await db.selectFrom('leads').select(['id', 'title']).execute()).map((l) => [String(l.id), l.title]));
    for (const e of created.items) expect(e).toMatchObject({ objectKind: 'lead', objectName: titles.get(e.objectId) });
    const admin = await t.login('admin');
    expect((await admin.post(`/api/users/${await userId('xinqu')}/unlock`)).statusCode).toBeLessThan(300);
    const unlocked = (await auditor.get('/api/audit?action=user.unlock&pageSize=1')).json();
    expect(unlocked.items[0]).toMatchObject({ objectKind: 'user', objectName: '赵磊 (xinqu)' });
  });

  it('exports the filtered trail to Excel, with formula-like cells defused, and audits the export', async () => {
    const auditor = await t.login('auditor');
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '=HYPERLINK("http://x")', password: 'x' } });
    const res = await auditor.get('/api/audit/export?action=auth.login&result=failure');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(7).value).toBe('操作');
    const users = sheet.getColumn(3).values.slice(2) as string[];
    expect(users).toContain(`'=HYPERLINK("http://x")`);
    expect(sheet.rowCount - 1).toBe((await auditor.get('/api/audit?action=auth.login&result=failure')).json().total - 0);
    const exported = await t.app.gj.db.selectFrom('audit_log').select('username').where('action', '=', 'audit.export').execute();
    expect(exported.map((e) => e.username)).toContain('auditor');
  });

  it('names a tampered record and a deleted one', async () => {
    const own = await createTestApp();
    const admin = await own.login('admin');
    for (let i = 0; i < 5; i++) await admin.patch(`/api/units/${await own.unitId('ZJXQ')}`, { sortOrder: i });
    expect((await verifyAuditChain(own.app.gj.db, own.config.auditKey)).problems).toEqual([]);
    await disableGuard(own);
    await own.app.gj.db.updateTable('audit_log').set({ username: 'someone-else' }).where('id', '=', 3).execute();
    await own.app.gj.db.deleteFrom('audit_log').where('id', '=', 5).execute();
    const { problems } = await verifyAuditChain(own.app.gj.db, own.config.auditKey);
    expect(problems).toEqual([
      { id: 3, kind: 'tampered' },
      { id: 6, kind: 'missing-before' },
    ]);
    const auditor = await own.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json().problems).toHaveLength(2);
    await own.close();
  });

  it('purges records past the retention (never under 184 days) and the chain still verifies', async () => {
    const old = await createTestApp({ seedAt: new Date(Date.now() - 400 * 86_400_000) });
    const admin = await old.login('admin');
    await admin.patch(`/api/units/${await old.unitId('ZJXQ')}`, { sortOrder: 3 });
    old.clock.advanceDays(400);
    const admin2 = await old.login('admin');
    await admin2.patch(`/api/units/${await old.unitId('ZJXQ')}`, { sortOrder: 4 });
    const before = (await verifyAuditChain(old.app.gj.db, old.config.auditKey)).checked;
    await expect(purgeAudit(old.app.gj.db, old.app.gj.audit, old.app.gj.dialect, 100, old.clock.now(), null)).rejects.toThrow(/184/);
    const { deleted } = await purgeAudit(old.app.gj.db, old.app.gj.audit, old.app.gj.dialect, 365, old.clock.now(), null, 'test');
    expect(deleted).toBeGreaterThanOrEqual(3);
    const after = await verifyAuditChain(old.app.gj.db, old.config.auditKey);
    expect(after.problems).toEqual([]);
    expect(after.checked).toBe(before - deleted + 1);
    await old.close();
  });
});

describe('audit trail ends, held to checkpoints published outside the database', () => {
  /** An app with a few records written, a checkpoint published, and a few more records after it. */
  async function trailWithCheckpoint() {
    const own = await createTestApp();
    const admin = await own.login('admin');
    const zjxq = await own.unitId('ZJXQ');
    for (let i = 0; i < 3; i++) await admin.patch(`/api/units/${zjxq}`, { sortOrder: i });
    const checkpoint = await publishAuditCheckpoint(own.app.gj);
    for (let i = 3; i < 6; i++) await admin.patch(`/api/units/${zjxq}`, { sortOrder: i });
    return { own, checkpoint, file: auditCheckpointFileOf(own.config) };
  }

  it('names the cut when the newest records are deleted and audit_head is rewritten to match', async () => {
    const { own, checkpoint, file } = await trailWithCheckpoint();
    const db = own.app.gj.db;
    expect((await verifyAuditChain(db, own.config.auditKey, { checkpointFile: file })).problems).toEqual([]);
    await disableGuard(own);
    const keep = checkpoint.lastId - 2;
    await db.deleteFrom('audit_log').where('id', '>', keep).execute();
    const newest = await db.selectFrom('audit_log').select(['id', 'hash']).where('id', '=', keep).executeTakeFirstOrThrow();
    await db.updateTable('audit_head').set({ last_id: newest.id, last_hash: newest.hash }).where('id', '=', 1).execute();
    // The database alone no longer tells: this is what passed before.
    expect((await verifyAuditChain(db, own.config.auditKey)).problems).toEqual([]);
    const held = await verifyAuditChain(db, own.config.auditKey, { checkpointFile: file });
    expect(held.problems).toContainEqual({ id: checkpoint.lastId, kind: 'checkpoint-missing', source: 'file' });
    expect(held.problems).toContainEqual({ id: checkpoint.lastId, kind: 'checkpoint-count', source: 'file', expected: checkpoint.count, found: checkpoint.count - 2 });
    const auditor = await own.login('auditor');
    const viaApi = (await auditor.get('/api/audit/verify')).json();
    expect(viaApi.checkpoint).toMatchObject({ lastId: checkpoint.lastId, count: checkpoint.count });
    expect(viaApi.problems).toContainEqual(expect.objectContaining({ id: checkpoint.lastId, kind: 'checkpoint-missing' }));
    await own.close();
  });

  it('names the cut when the oldest records are deleted and the anchor is rewritten to match', async () => {
    const { own, checkpoint, file } = await trailWithCheckpoint();
    const db = own.app.gj.db;
    await disableGuard(own);
    const oldest = await db.selectFrom('audit_log').select('id').orderBy('id').limit(3).execute();
    const cutThrough = oldest[2]!.id;
    await db.deleteFrom('audit_log').where('id', '<=', cutThrough).execute();
    const first = await db.selectFrom('audit_log').select(['id', 'prev_hash']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    await db.updateTable('audit_head').set({ anchor_id: first.id, anchor_prev_hash: first.prev_hash }).where('id', '=', 1).execute();
    const { problems } = await verifyAuditChain(db, own.config.auditKey, { checkpointFile: file });
    expect(problems).toContainEqual({ id: first.id, kind: 'anchor-unexplained' });
    expect(problems).toContainEqual({ id: checkpoint.lastId, kind: 'checkpoint-count', source: 'file', expected: checkpoint.count, found: checkpoint.count - 3 });
    await own.close();
  });

  it('refuses a forged checkpoint line and keeps holding the chain to the genuine one', async () => {
    const { own, checkpoint, file } = await trailWithCheckpoint();
    const genuine = readFileSync(file, 'utf8').trim().split('\n').at(-1)!;
    // A line claiming fewer records, as if to bless a cut: same MAC, altered content.
    appendFileSync(file, `${JSON.stringify({ ...JSON.parse(genuine), lastId: 1, count: 1 })}\n`);
    appendFileSync(file, 'not even json\n');
    const lines = readFileSync(file, 'utf8').trim().split('\n').length;
    const { problems, checkpoint: used } = await verifyAuditChain(own.app.gj.db, own.config.auditKey, { checkpointFile: file });
    expect(problems).toEqual([
      { id: 0, kind: 'checkpoint-forged', source: 'file', line: lines - 1 },
      { id: 0, kind: 'checkpoint-forged', source: 'file', line: lines },
    ]);
    expect(used).toEqual(checkpoint);
    await own.close();
  });

  it('holds the chain to a checkpoint given by the operator (<id>:<hash>)', async () => {
    const { own, checkpoint } = await trailWithCheckpoint();
    const db = own.app.gj.db;
    const given = [{ lastId: checkpoint.lastId, lastHash: checkpoint.lastHash }];
    expect((await verifyAuditChain(db, own.config.auditKey, { given })).problems).toEqual([]);
    const wrong = [{ lastId: checkpoint.lastId, lastHash: 'f'.repeat(64) }];
    expect((await verifyAuditChain(db, own.config.auditKey, { given: wrong })).problems).toEqual([{ id: checkpoint.lastId, kind: 'checkpoint-mismatch', source: 'given' }]);
    await own.close();
  });

  it('publishes a checkpoint when the app closes (SIGTERM closes the app) and after a purge still verifies', async () => {
    const old = await createTestApp({ seedAt: new Date(Date.now() - 400 * 86_400_000) });
    const file = auditCheckpointFileOf(old.config);
    const before = await publishAuditCheckpoint(old.app.gj);
    old.clock.advanceDays(400);
    await (await old.login('admin')).patch(`/api/units/${await old.unitId('ZJXQ')}`, { sortOrder: 4 });
    const { deleted } = await purgeAudit(old.app.gj.db, old.app.gj.audit, old.app.gj.dialect, 365, old.clock.now(), null, 'test');
    expect(deleted).toBeGreaterThan(0);
    // The checkpoint from before the purge names records that are now legitimately gone.
    const after = await verifyAuditChain(old.app.gj.db, old.config.auditKey, { checkpointFile: file, given: [{ lastId: before.lastId, lastHash: before.lastHash }] });
    expect(after.problems).toEqual([]);
    const head = await old.app.gj.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    await old.app.close();
    expect(existsSync(file)).toBe(true);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toMatchObject({ lastId: head.last_id, lastHash: head.last_hash, anchorId: head.anchor_id });
    await old.close();
  });
});
