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
    const adminMixed = await secadmin.post('/api/roles', { code: 'aud2', name: '审计2', nameEn: 'Audit 2', adminKind: 'audit', dataScope: 'all', permissions: ['audit:read', 'system:user:read'] });
    expect(adminMixed.json().error.code).toBe('ROLE_PERMISSION_MISMATCH');
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
});
