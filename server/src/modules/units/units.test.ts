import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(async () => t.close());

describe('organisation tree', () => {
  it('adds, renames and moves a unit with its subtree, and the scope of the users there follows', async () => {
    const xinqu = await t.unitId('ZJXQ');
    const gaoxin = await t.unitId('ZJGXQ');
    const park = (await admin.post('/api/units', { code: 'ZJXQ-HG', name: '新区化工园', kind: 'park', parentId: xinqu })).json();
    const street = (await admin.post('/api/units', { code: 'ZJXQ-HG-1', name: '化工园一社区', kind: 'street', parentId: park.id })).json();
    expect(street.path).toBe(`/1/${xinqu}/${park.id}/${street.id}/`);
    expect((await admin.patch(`/api/units/${park.id}`, { name: '新区绿色化工园' })).json().name).toBe('新区绿色化工园');

    const xinquUser = await t.login('xinqu');
    expect((await xinquUser.get(`/api/units/${street.id}`)).statusCode).toBe(200);
    const moved = await admin.post(`/api/units/${park.id}/move`, { parentId: gaoxin });
    expect(moved.json().path).toBe(`/1/${gaoxin}/${park.id}/`);
    const childAfter = (await admin.get(`/api/units/${street.id}`)).json();
    expect(childAfter.path).toBe(`/1/${gaoxin}/${park.id}/${street.id}/`);
    // 新区 no longer sees the moved subtree; 高新区 now does.
    expect((await (await t.login('xinqu')).get(`/api/units/${street.id}`)).statusCode).toBe(404);
    expect((await (await t.login('gaoxin')).get(`/api/units/${street.id}`)).statusCode).toBe(200);
    const audit = await t.app.gj.db.selectFrom('audit_log').select('detail').where('action', '=', 'unit.move').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!).parent_id).toEqual({ from: xinqu, to: gaoxin });
  });

  it('refuses a move under its own subtree, a taken code, and deleting a unit in use', async () => {
    const jingkou = await t.unitId('321102');
    const street = await t.unitId('321102-JKL');
    const cycle = await admin.post(`/api/units/${jingkou}/move`, { parentId: street });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.message).toBe('不能把机构移动到它自己或它的下级机构之下。');
    expect((await admin.post('/api/units', { code: 'ZJXQ', name: 'x', kind: 'park', parentId: 1 })).statusCode).toBe(409);
    const inUse = await admin.delete(`/api/units/${street}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('UNIT_IN_USE');
    expect((await admin.delete('/api/units/1')).json().error.code).toBe('UNIT_ROOT_FIXED');
    const spare = (await admin.post('/api/units', { code: 'SPARE', name: '空单位', kind: 'park', parentId: jingkou })).json();
    expect((await admin.delete(`/api/units/${spare.id}`)).statusCode).toBe(204);
    // A unit with no users or children but hosting a project (found by the fuzzer: it answered 500).
    const host = (await admin.post('/api/units', { code: 'HOST-ONLY', name: '只有项目的园区', kind: 'park', parentId: jingkou })).json();
    const fagai = await t.login('fagai');
    expect((await fagai.post('/api/projects', { name: '园区唯一项目', hostUnitId: host.id, totalInvestmentWan: 1000 })).statusCode).toBe(201);
    const hosting = await admin.delete(`/api/units/${host.id}`);
    expect(hosting.statusCode, hosting.body).toBe(409);
    expect(hosting.json().error.code).toBe('UNIT_IN_USE');
    // An id past PostgreSQL's integer: the same 400 on both databases, not a 500 on one of them.
    expect((await admin.delete('/api/units/6467188823162881')).statusCode).toBe(400);
    expect((await admin.get(`/api/units/${spare.id}`)).statusCode).toBe(404);
  });

  it('disables a unit: nothing new goes under it; enabling undoes that', async () => {
    const runzhou = await t.unitId('321111');
    expect((await admin.post(`/api/units/${runzhou}/disable`)).json().disabled).toBe(true);
    const refused = await admin.post('/api/units', { code: 'RZ-1', name: 'x', kind: 'street', parentId: runzhou });
    expect(refused.json().error.code).toBe('UNIT_DISABLED');
    const user = await admin.post('/api/users', { username: 'rz_user', displayName: 'x', unitId: runzhou, password: 'Runzhou#Pass2026' });
    expect(user.json().error.code).toBe('UNIT_DISABLED');
    await admin.post(`/api/units/${runzhou}/enable`);
    expect((await admin.post('/api/units', { code: 'RZ-1', name: '润州一街道', kind: 'street', parentId: runzhou })).statusCode).toBe(201);
  });

  it('validates input field by field, in the user\u2019s language', async () => {
    const res = await admin.post('/api/units', { code: 'bad code!', name: '', kind: 'planet', parentId: 1 }, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['code', 'kind', 'name']);
    expect(res.json().error.details.find((d: { field: string }) => d.field === 'name').message).toBe('Must be at least 1.');
  });
});
