import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('settings', () => {
  it('gives each administrator only their own settings to change', async () => {
    const admin = await t.login('admin');
    const secadmin = await t.login('secadmin');
    const view = (await admin.get('/api/settings')).json();
    expect(view.values.passwordExpiryDays).toBe(90);
    expect(view.specs.passwordExpiryDays.editable).toBe(false);
    expect(view.specs.auditRetentionDays.editable).toBe(true);
    expect((await admin.patch('/api/settings', { values: { lockoutThreshold: 3 } })).json().error.code).toBe('SETTING_FORBIDDEN');
    expect((await secadmin.patch('/api/settings', { values: { platformName: 'x' } })).json().error.code).toBe('SETTING_FORBIDDEN');
    const short = await admin.patch('/api/settings', { values: { auditRetentionDays: 100 } });
    expect(short.json().error).toMatchObject({ code: 'AUDIT_RETENTION_TOO_SHORT', message: '审计记录至少保留 184 天（等保三级要求）。' });
    const out = await secadmin.patch('/api/settings', { values: { idleTimeoutMinutes: 60 } });
    expect(out.json().error.message).toBe('设置项“idleTimeoutMinutes”的值必须在 5 到 30 之间。');
  });

  it('applies a changed policy at once: 3 failures now lock', async () => {
    const secadmin = await t.login('secadmin');
    expect((await secadmin.patch('/api/settings', { values: { lockoutThreshold: 3 } })).json().values.lockoutThreshold).toBe(3);
    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'jingkou', password }, remoteAddress: '10.40.0.1' });
    for (let i = 0; i < 3; i++) expect((await attempt('Wrong#Pass1')).statusCode).toBe(401);
    expect((await attempt('Gongjian@2026')).statusCode).toBe(423);
    const admin = await t.login('admin');
    const unlocked = await admin.post(`/api/users/${await t.userId('jingkou')}/unlock`);
    expect(unlocked.json().locked).toBe(false);
    expect((await attempt('Gongjian@2026')).statusCode).toBe(200);
    const row = await t.app.gj.db.selectFrom('audit_log').select('detail').where('action', '=', 'settings.update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(row.detail!)).toEqual({ lockoutThreshold: { from: 5, to: 3 } });
  });

  it('accepts only known setting keys: constructor, __proto__ and the like are 400 and change nothing', async () => {
    const admin = await t.login('admin');
    const before = await t.app.gj.db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute();
    for (const key of ['constructor', 'toString', 'hasOwnProperty', 'nosuchkey']) {
      const res = await admin.patch('/api/settings', { values: { [key]: 'x' } });
      expect(res.statusCode, key).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const proto = await t.app.inject({ method: 'PATCH', url: '/api/settings', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' }, payload: '{"values":{"__proto__":{"platformName":"x"},"platformName":"镇江"}}' });
    expect(proto.statusCode).toBe(400);
    expect(await t.app.gj.db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute()).toEqual(before);
  });
});
