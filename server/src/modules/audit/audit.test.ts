import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dbKind, type TestApp } from '../../../test/harness.js';
import { purgeAudit, verifyAuditChain } from '../../platform/audit.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

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
