import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let secadmin: Agent;
beforeAll(async () => {
  t = await createTestApp();
  secadmin = await t.login('secadmin');
});
afterAll(async () => t.close());

describe('roles and data scope', () => {
  it('a role with a chosen set of units gives exactly those units\u2019 rows', async () => {
    const units = [await t.unitId('ZJXQ-DG'), await t.unitId('321102-DM')];
    const role = (await secadmin.post('/api/roles', { code: 'street_watch', name: '街道督查', nameEn: 'Street inspection', dataScope: 'custom', unitIds: units, permissions: ['org:read', 'project:read'] })).json();
    expect(role).toMatchObject({ dataScope: 'custom', unitIds: [...units].sort((a, b) => a - b), permissions: ['org:read', 'project:read'], builtin: false });
    const user = (await secadmin.get(`/api/users?q=ziguiju`)).json().items[0];
    const assigned = await secadmin.put(`/api/users/${user.id}/roles`, { roleIds: [role.id] });
    expect(assigned.json().roles.map((r: { code: string }) => r.code)).toEqual(['street_watch']);
    const inspector = await t.login('ziguiju');
    const directory = (await inspector.get('/api/directory/users?pageSize=100')).json();
    expect(directory.items.map((u: { username: string }) => u.username).sort()).toEqual(['dagang', 'dingmao']);
  });

  it('a role without any scope-giving grant sees nothing, never everything', async () => {
    const role = (await secadmin.post('/api/roles', { code: 'empty_custom', name: '空范围', nameEn: 'Empty scope', dataScope: 'custom', unitIds: [], permissions: ['org:read'] })).json();
    await secadmin.put(`/api/users/${await t.userId('icbc')}/roles`, { roleIds: [role.id] });
    const bank = await t.login('icbc');
    expect((await bank.get('/api/directory/users')).json()).toEqual({ items: [], total: 0 });
  });

  it('keeps administrator permissions inside administrator roles of their own kind', async () => {
    const mixed = await secadmin.post('/api/roles', { code: 'mixed', name: '混合', nameEn: 'Mixed', dataScope: 'all', permissions: ['project:read', 'audit:read'] });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.code).toBe('ROLE_PERMISSION_MISMATCH');
    // No new administrator role at all from the web: the three built-in ones are fixed.
    const adminMixed = await secadmin.post('/api/roles', { code: 'aud2', name: '审计2', nameEn: 'Audit 2', adminKind: 'audit', dataScope: 'all', permissions: ['audit:read', 'system:user:read'] });
    expect(adminMixed.json().error.code).toBe('ROLE_ADMIN_FIXED');
    const unknown = await secadmin.post('/api/roles', { code: 'unk', name: 'x', nameEn: 'x', dataScope: 'all', permissions: ['everything:all'] });
    expect(unknown.statusCode).toBe(400);
  });

  it('refuses deleting a built-in role or one in use; a change reaches its users at once', async () => {
    const roles = (await secadmin.get('/api/roles')).json().items as { id: number; code: string; userCount: number }[];
    const district = roles.find((r) => r.code === 'district')!;
    expect(district.userCount).toBeGreaterThan(0);
    expect((await secadmin.delete(`/api/roles/${district.id}`)).json().error.code).toBe('ROLE_BUILTIN');
    const xinqu = await t.login('xinqu');
    expect((await xinqu.get('/api/me')).json().permissions).toContain('lead:write');
    const patched = await secadmin.patch(`/api/roles/${district.id}`, { permissions: ['org:read', 'project:read'] });
    expect(patched.json().permissions).toEqual(['org:read', 'project:read']);
    expect((await xinqu.get('/api/me')).json().permissions).toEqual(['org:read', 'project:read']);
  });

  it('keeps the three administrator roles fixed and refuses roles that mix administration with business', async () => {
    const roles = (await secadmin.get('/api/roles')).json().items as { id: number; code: string; permissions: string[] }[];
    const byCode = Object.fromEntries(roles.map((r) => [r.code, r]));
    const widen = await secadmin.patch(`/api/roles/${byCode.sec_admin!.id}`, { permissions: [...byCode.sec_admin!.permissions, 'project:read'] });
    expect(widen.statusCode).toBe(403);
    expect(widen.json().error).toMatchObject({ code: 'ROLE_ADMIN_FIXED', message: '系统管理员、安全管理员、审计管理员三个角色的权限和数据范围固定，不能修改。' });
    expect((await secadmin.patch(`/api/roles/${byCode.audit_admin!.id}`, { permissions: [] })).statusCode).toBe(403);
    expect((await secadmin.patch(`/api/roles/${byCode.sys_admin!.id}`, { dataScope: 'unit' })).statusCode).toBe(403);
    const newAdmin = await secadmin.post('/api/roles', { code: 'sec2', name: '安全2', nameEn: 'Security 2', adminKind: 'security', dataScope: 'all', permissions: ['security:role:read'] });
    expect(newAdmin.statusCode).toBe(403);
    expect(newAdmin.json().error.code).toBe('ROLE_ADMIN_FIXED');
    const turned = await secadmin.patch(`/api/roles/${byCode.bank!.id}`, { adminKind: 'audit' });
    expect(turned.statusCode).toBeGreaterThanOrEqual(400);
    const mixed = await secadmin.post('/api/roles', { code: 'mixed2', name: '混合', nameEn: 'Mixed', dataScope: 'unit', permissions: ['security:role:write', 'project:read'] });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.code).toBe('ROLE_PERMISSION_MISMATCH');
    const after = (await secadmin.get(`/api/roles/${byCode.sec_admin!.id}`)).json();
    expect(after.permissions).toEqual(byCode.sec_admin!.permissions);
  });

  it('a narrower data scope on a role reaches its holders at their next request (permissions are read per request)', async () => {
    const roles = (await secadmin.get('/api/roles')).json().items as { id: number; code: string }[];
    const street = roles.find((r) => r.code === 'street')!;
    const jkjd = await t.login('jkjd');
    const before = (await jkjd.get('/api/directory/users?pageSize=100')).json().total;
    expect(before).toBeGreaterThan(0);
    expect((await secadmin.patch(`/api/roles/${street.id}`, { dataScope: 'custom', unitIds: [] })).statusCode).toBe(200);
    expect((await jkjd.get('/api/directory/users?pageSize=100')).json()).toEqual({ items: [], total: 0 });
  });
});
