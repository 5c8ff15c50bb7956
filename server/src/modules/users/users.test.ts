import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Agent;
let secadmin: Agent;
let roleIds: Record<string, number>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  secadmin = await t.login('secadmin');
  roleIds = Object.fromEntries((await t.app.gj.db.selectFrom('roles').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
});
afterAll(async () => t.close());

describe('accounts', () => {
  it('creates a user in 镇江新区 who must change the password at first login, and audits it against the stored row', async () => {
    const unitId = await t.unitId('ZJXQ');
    const res = await admin.post('/api/users', { username: 'xq_staff', displayName: '新区招商专员', unitId, password: 'Xinqu#Start2026', phone: '13912345678', idNumber: '32110219900101123X', roleIds: [roleIds.district] });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ username: 'xq_staff', unitName: '镇江新区', phone: '139****5678', idNumber: '321102********123X', mustChangePassword: true });
    // Encrypted at rest: the database holds no plain phone number.
    const stored = await t.app.gj.db.selectFrom('users').select(['phone_enc', 'id_number_enc']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.phone_enc).toMatch(/^sm4:v1:/);
    expect(stored.phone_enc).not.toContain('13912345678');
    const audit = await t.app.gj.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.create').where('object_id', '=', String(user.id)).executeTakeFirstOrThrow();
    const detail = JSON.parse(audit.detail!);
    expect(detail.username).toEqual({ from: null, to: 'xq_staff' });
    expect(detail.password_hash.to).toBe('***');
    expect(detail.phone_enc.to).toBe('***');

    const first = await t.login('xq_staff', 'Xinqu#Start2026');
    const blocked = await first.get('/api/units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await first.get('/api/me')).json().mustChangePassword).toBe(true);
    expect((await first.post('/api/account/password', { currentPassword: 'Xinqu#Start2026', newPassword: 'Xinqu#Start2026' })).json().error.code).toBe('PASSWORD_REUSED');
    expect((await first.post('/api/account/password', { currentPassword: 'Xinqu#Start2026', newPassword: 'Xinqu#Better2026' })).statusCode).toBe(204);
    expect((await first.get('/api/units')).statusCode).toBe(200);
  });

  it('unmasks a phone number only with the permission, and audits the look', async () => {
    const id = await t.userId('xinqu');
    const res = await admin.get(`/api/users/${id}/sensitive`);
    expect(res.json()).toEqual({ phone: '13805110007', idNumber: null });
    const rows = await t.app.gj.db.selectFrom('audit_log').select('username').where('action', '=', 'user.unmask').where('object_id', '=', String(id)).execute();
    expect(rows.map((r) => r.username)).toEqual(['admin']);
    expect((await secadmin.get(`/api/users/${id}/sensitive`)).statusCode).toBe(403);
    expect((await secadmin.get(`/api/users/${id}`)).json().phone).toBe('138****0007');
  });

  it('rejects a taken username and a weak password with clear messages', async () => {
    const unitId = await t.unitId('ZJXQ');
    const taken = await admin.post('/api/users', { username: 'xinqu', displayName: 'x', unitId, password: 'Strong#Pass2026' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toBe('用户名“xinqu”已被使用。');
    const weak = await admin.post('/api/users', { username: 'weakling', displayName: 'x', unitId, password: 'password1' }, { 'accept-language': 'en-US' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('PASSWORD_TOO_SIMPLE');
    const common = await admin.post('/api/users', { username: 'commoner', displayName: 'x', unitId, password: 'P@ssw0rd' });
    expect(common.json().error.code).toBe('PASSWORD_COMMON');
    const named = await admin.post('/api/users', { username: 'zhangsan', displayName: 'x', unitId, password: 'Zhangsan#2026' });
    expect(named.json().error.code).toBe('PASSWORD_CONTAINS_USERNAME');
  });

  it('pages and filters in the database: by unit subtree, text and status', async () => {
    const unitId = await t.unitId('ZJXQ');
    const page1 = (await admin.get(`/api/users?unitId=${unitId}&pageSize=2&page=1`)).json();
    const page2 = (await admin.get(`/api/users?unitId=${unitId}&pageSize=2&page=2`)).json();
    expect(page1.total).toBe(page2.total);
    expect(page1.items).toHaveLength(2);
    expect(new Set([...page1.items, ...page2.items].map((u: { id: number }) => u.id)).size).toBe(page1.items.length + page2.items.length);
    const onlyOwn = (await admin.get(`/api/users?unitId=${unitId}&includeChildren=false&pageSize=100`)).json();
    expect(onlyOwn.items.every((u: { unitName: string }) => u.unitName === '镇江新区')).toBe(true);
    expect(onlyOwn.total).toBeLessThan(page1.total);
    expect((await admin.get('/api/users?q=赵')).json().items.map((u: { username: string }) => u.username)).toEqual(['xinqu']);
    expect((await admin.get('/api/users?q=%25')).json().total).toBe(0);
    // An underscore is a character to find, not a wildcard, on both databases (SQLite found nothing for xq_staff).
    expect((await admin.get('/api/users?q=xq_staff')).json().items.map((u: { username: string }) => u.username)).toEqual(['xq_staff']);
    expect((await admin.get('/api/users?q=_')).json().items.map((u: { username: string }) => u.username)).toEqual(['xq_staff']);
  });
});

describe('separation of the three administrators', () => {
  it('refuses one user two administrator kinds, and the system admin any administrator role', async () => {
    const auditorId = await t.userId('auditor');
    const both = await secadmin.put(`/api/users/${auditorId}/roles`, { roleIds: [roleIds.audit_admin, roleIds.sys_admin] });
    expect(both.statusCode).toBe(403);
    expect(both.json().error.code).toBe('ADMIN_ACCOUNT_CONSOLE_ONLY');
    const byAdmin = await admin.patch(`/api/users/${await t.userId('leader')}`, { roleIds: [roleIds.city_leader, roleIds.audit_admin] });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().error.code).toBe('ADMIN_ACCOUNT_CONSOLE_ONLY');
  });

  it('keeps each administrator out of the others\u2019 APIs', async () => {
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/users')).statusCode).toBe(403);
    expect((await auditor.get('/api/roles')).statusCode).toBe(403);
    expect((await admin.get('/api/audit')).statusCode).toBe(403);
    expect((await secadmin.get('/api/audit')).statusCode).toBe(403);
    expect((await admin.post('/api/roles', { code: 'x_role', name: 'x', nameEn: 'x', dataScope: 'unit', permissions: [] })).statusCode).toBe(403);
    expect((await secadmin.post('/api/users', { username: 'sneaky', displayName: 'x', unitId: 1, password: 'Sneaky#Pass2026' })).statusCode).toBe(403);
  });

  it('ends the sessions of a user whose roles change, and of a disabled user', async () => {
    const dagang = await t.login('dagang');
    expect((await secadmin.put(`/api/users/${await t.userId('dagang')}/roles`, { roleIds: [roleIds.street] })).statusCode).toBe(200);
    expect((await dagang.get('/api/me')).statusCode).toBe(401);
    const xcl = await t.login('xcl');
    expect((await admin.post(`/api/users/${await t.userId('xcl')}/disable`)).json().disabled).toBe(true);
    expect((await xcl.get('/api/me')).statusCode).toBe(401);
    const relogin = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xcl', password: 'Gongjian@2026' } });
    expect(relogin.statusCode).toBe(403);
    expect(relogin.json().error.code).toBe('ACCOUNT_DISABLED');
    expect((await admin.post(`/api/users/${await t.userId('admin')}/disable`)).json().error.code).toBe('SELF_CHANGE_FORBIDDEN');
  });
});

describe('三权分立 cannot be walked around from the web', () => {
  it('refuses the system admin its own roles and unit: it cannot make itself 市领导', async () => {
    const adminId = await t.userId('admin');
    const toLeader = await admin.patch(`/api/users/${adminId}`, { roleIds: [roleIds.city_leader] });
    expect(toLeader.statusCode).toBe(403);
    expect(toLeader.json().error).toMatchObject({ code: 'SELF_CHANGE_FORBIDDEN', message: '不能修改自己的角色、单位、数据范围或状态。' });
    const moved = await admin.patch(`/api/users/${adminId}`, { unitId: await t.unitId('ZJXQ') });
    expect(moved.statusCode).toBe(403);
    expect((await admin.post(`/api/users/${adminId}/disable`)).json().error.code).toBe('SELF_CHANGE_FORBIDDEN');
    const roles = await t.app.gj.db.selectFrom('user_roles').select('role_id').where('user_id', '=', adminId).execute();
    expect(roles.map((r) => r.role_id)).toEqual([roleIds.sys_admin]);
    // Its own profile stays editable.
    expect((await admin.patch(`/api/users/${adminId}`, { email: 'admin@zj.gov.cn' })).statusCode).toBe(200);
  });

  it('refuses the security admin a role of its own making (scope all + project:read) and turning itself into the auditor', async () => {
    const selfId = await t.userId('secadmin');
    const shadow = await secadmin.post('/api/roles', { code: 'shadow_reader', name: '影子', nameEn: 'Shadow', dataScope: 'all', permissions: ['project:read'] });
    expect(shadow.statusCode).toBe(201);
    for (const wanted of [[shadow.json().id], [roleIds.sec_admin, shadow.json().id], [roleIds.audit_admin]]) {
      const res = await secadmin.put(`/api/users/${selfId}/roles`, { roleIds: wanted });
      expect(res.statusCode, JSON.stringify(wanted)).toBe(403);
      expect(res.json().error.code).toBe('SELF_CHANGE_FORBIDDEN');
    }
    const still = await t.login('secadmin');
    expect((await still.get('/api/me')).json().roles.map((r: { code: string }) => r.code)).toEqual(['sec_admin']);
    expect((await still.get('/api/projects')).statusCode).toBe(403);
  });

  it('manages administrator accounts only from the console: the web answers 403 with a clear message', async () => {
    const auditorId = await t.userId('auditor');
    const secadminId = await t.userId('secadmin');
    const reset = await admin.post(`/api/users/${auditorId}/reset-password`, { password: 'Takeover#Audit2026' });
    expect(reset.statusCode).toBe(403);
    expect(reset.json().error).toMatchObject({ code: 'ADMIN_ACCOUNT_CONSOLE_ONLY', message: '管理员账号只能在服务器控制台（gongjian users 命令）创建、重置密码、停用、启用、解锁和调整角色。' });
    const english = await t.app.inject({ method: 'POST', url: `/api/users/${secadminId}/disable`, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'accept-language': 'en-US' }, payload: {} });
    expect(english.statusCode).toBe(403);
    expect(english.json().error.message).toBe('Administrator accounts are created, password-reset, disabled, enabled, unlocked and re-roled only from the server console (gongjian users).');
    for (const verb of ['enable', 'unlock']) expect((await admin.post(`/api/users/${secadminId}/${verb}`)).statusCode).toBe(403);
    expect((await admin.patch(`/api/users/${auditorId}`, { roleIds: [roleIds.city_leader] })).statusCode).toBe(403);
    expect((await admin.patch(`/api/users/${auditorId}`, { unitId: await t.unitId('ZJXQ') })).statusCode).toBe(403);
    expect((await secadmin.put(`/api/users/${auditorId}/roles`, { roleIds: [roleIds.city_leader] })).statusCode).toBe(403);
    // Nor does the web turn a business user into an administrator, or create one.
    const promote = await secadmin.put(`/api/users/${await t.userId('xcl')}/roles`, { roleIds: [roleIds.audit_admin] });
    expect(promote.statusCode).toBe(403);
    expect(promote.json().error.code).toBe('ADMIN_ACCOUNT_CONSOLE_ONLY');
    const created = await admin.post('/api/users', { username: 'shadow_audit', displayName: 'x', unitId: await t.unitId('321100'), password: 'Shadow#Audit2026', roleIds: [roleIds.audit_admin] });
    expect(created.statusCode).toBe(403);
    const auditor = await t.app.gj.db.selectFrom('users').select(['password_hash', 'disabled']).where('id', '=', auditorId).executeTakeFirstOrThrow();
    expect(auditor.disabled).toBe(0);
    expect((await t.login('auditor')).username).toBe('auditor');
  });

  it('keeps an administrator account to its one administrator role, even from the console', async () => {
    const { setUserRoles } = await import('./service.js');
    const fromConsole = { kind: 'console' as const, name: 'cli:test' };
    const ctx = { actor: null, ip: 'cli', requestId: 'test', lang: 'zh-CN' as const, userAgent: 'test' };
    const auditorId = await t.userId('auditor');
    await expect(setUserRoles(t.app.gj, ctx, fromConsole, auditorId, [roleIds.audit_admin!, roleIds.city_leader!])).rejects.toMatchObject({ code: 'ADMIN_ROLE_EXCLUSIVE' });
    await expect(setUserRoles(t.app.gj, ctx, fromConsole, auditorId, [roleIds.audit_admin!, roleIds.sys_admin!])).rejects.toMatchObject({ code: 'ADMIN_ROLE_EXCLUSIVE' });
    const leader = await t.login('leader');
    await setUserRoles(t.app.gj, ctx, fromConsole, await t.userId('leader'), [roleIds.city_leader!, roleIds.commerce!]);
    expect((await leader.get('/api/me')).statusCode).toBe(401);
    const row = await t.app.gj.db.selectFrom('audit_log').select(['username', 'detail']).where('action', '=', 'user.roles').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.username).toBe('cli:test');
  });

  it('ends the sessions of a user whose roles the system admin changes through the account form', async () => {
    const xcl2 = await t.login('xinqu2');
    const res = await admin.patch(`/api/users/${await t.userId('xinqu2')}`, { roleIds: [roleIds.street] });
    expect(res.statusCode).toBe(200);
    expect((await xcl2.get('/api/me')).statusCode).toBe(401);
  });
});

describe('passwords', () => {
  it('expires after 90 days: the user must change it before anything else', async () => {
    const before = await t.login('jkjd');
    expect((await before.get('/api/units')).statusCode).toBe(200);
    t.clock.advanceDays(91);
    const after = await t.login('jkjd');
    expect((await after.get('/api/me')).json().mustChangePassword).toBe(true);
    expect((await after.get('/api/units')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await after.post('/api/account/password', { currentPassword: 'Gongjian@2026', newPassword: 'Jiankang#Road91' })).statusCode).toBe(204);
    expect((await after.get('/api/units')).statusCode).toBe(200);
  });

  it('refuses any of the last 5 passwords', async () => {
    const user = await t.login('dingmao');
    const sequence = ['Street#One2026', 'Street#Two2026', 'Street#Three2026', 'Street#Four2026'];
    let current = 'Gongjian@2026';
    for (const next of sequence) {
      expect((await user.post('/api/account/password', { currentPassword: current, newPassword: next })).statusCode).toBe(204);
      current = next;
    }
    const reuse = await user.post('/api/account/password', { currentPassword: current, newPassword: 'Gongjian@2026' });
    expect(reuse.json().error).toMatchObject({ code: 'PASSWORD_REUSED', message: '新密码不能与最近 5 次使用过的密码相同。' });
    expect((await user.post('/api/account/password', { currentPassword: current, newPassword: 'Street#Five2026' })).statusCode).toBe(204);
    // Six back is allowed again.
    expect((await user.post('/api/account/password', { currentPassword: 'Street#Five2026', newPassword: 'Gongjian@2026' })).statusCode).toBe(204);
  });

  it('ends the other sessions when the password changes, keeping the one that changed it', async () => {
    const here = await t.login('fagai');
    const there = await t.login('fagai', undefined, '10.20.0.2');
    expect((await here.post('/api/account/password', { currentPassword: 'Gongjian@2026', newPassword: 'Reform#Changed2026' })).statusCode).toBe(204);
    expect((await here.get('/api/me')).statusCode).toBe(200);
    expect((await there.get('/api/me')).statusCode).toBe(401);
  });
});
