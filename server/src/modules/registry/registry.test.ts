import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter, usccProblem, withUsccCheck } from '../../../../common/uscc.js';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { DEMO_ENTERPRISE_USCC } from '../../seed/demo-projects.js';
import { syncRegistry } from '../enterprises/index.js';

/**
 * Keeping the registry's record on both databases: the credit code's check character (GB 32100)
 * on every way in, the industry by form, by list and by registration, tags recorded and withdrawn
 * by hand (history kept, searches by tag see only tags in force), and who may do it.
 */
let t: TestApp;
let gongxin: Agent;
let xinqu: Agent;
let gaoxin: Agent;
let leader: Agent;
let enterpriseId: number;
const YEAR = 2031;
const upload = (agent: Agent, url: string, body: Buffer) => t.app.inject({ method: 'POST', url, payload: body, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/octet-stream', 'accept-language': 'zh-CN' } });

async function chainId(code: string): Promise<number> {
  return (await t.app.gj.db.selectFrom('chains').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  t = await createTestApp();
  [gongxin, xinqu, gaoxin, leader] = await Promise.all([t.login('gongxin'), t.login('xinqu'), t.login('gaoxin'), t.login('leader')]);
  enterpriseId = (await t.app.gj.db.selectFrom('enterprises').select('id').where('uscc', '=', DEMO_ENTERPRISE_USCC).executeTakeFirstOrThrow()).id;
});
afterAll(async () => t.close());

describe('the credit code’s check character', () => {
  it('computes GB 32100’s check character (published codes) and tells a typo from a malformed code', () => {
    // Codes printed on public business licences.
    for (const code of ['91110000600037341L', '91440300708461136T', '91110000100010433L']) expect(usccProblem(code)).toBeNull();
    expect(usccCheckCharacter('91110000600037341')).toBe('L');
    expect(usccProblem('91110000600037342L')).toBe('check');
    expect(usccProblem('9111000060003734IL')).toBe('format');
    expect(usccProblem('91110000')).toBe('format');
    expect(usccProblem(withUsccCheck('91321100MA1AB1234'))).toBeNull();
  });

  it('refuses a code with a wrong check character in the user’s language, on registration, leads and projects', async () => {
    const typo = '91110000600037342L';
    const zh = await xinqu.post('/api/enterprises', { uscc: typo, name: '校验位测试有限公司' });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.details).toEqual([expect.objectContaining({ field: 'uscc', message: '统一社会信用代码校验不通过，请逐位核对。' })]);
    const en = await xinqu.post('/api/enterprises', { uscc: typo, name: '校验位测试有限公司' }, { 'accept-language': 'en-US' });
    expect(en.json().error.details[0].message).toMatch(/check character/);
    const malformed = await xinqu.post('/api/enterprises', { uscc: '9111000060003734IL', name: '校验位测试有限公司' });
    expect(malformed.json().error.details[0].message).toContain('不含 I、O、S、V、Z');
    const lead = await xinqu.post('/api/leads/check', { enterpriseName: '校验位测试有限公司', uscc: typo });
    expect(lead.statusCode).toBe(400);
    const project = await xinqu.post('/api/projects', { name: '校验位测试项目', hostUnitId: await t.unitId('ZJXQ'), totalInvestmentWan: 1000, investorName: '校验位测试有限公司', investorUscc: typo });
    expect(project.statusCode).toBe(400);
    expect(project.json().error.details[0].field).toBe('investorUscc');
    // Lower case and spaces around are the same code.
    const ok = await xinqu.post('/api/leads/check', { enterpriseName: '校验位测试有限公司', uscc: ' 91110000600037341l ' });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('refuses a key list whose row has a wrong check character, row by row, and writes nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(['序号', '企业名称', '统一社会信用代码', '行业']);
    ws.addRow([1, '镇江校验甲有限公司', withUsccCheck('91321100MA1CK0001'), '电气机械']);
    ws.addRow([2, '镇江校验乙有限公司', '91321100MA1CK00020', '电气机械']);
    const res = await upload(gongxin, `/api/key-enterprises/import?year=${YEAR}&chainId=${await chainId('power-equipment')}&commit=true`, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ committed: false, errors: [{ row: 3, column: 'C（统一社会信用代码）', value: '91321100MA1CK00020' }] });
    expect(res.json().errors[0].message).toContain('校验不通过');
    expect(await t.app.gj.db.selectFrom('enterprises').select('id').where('name', '=', '镇江校验甲有限公司').executeTakeFirst()).toBeUndefined();
  });

  it('does not register a ledger’s mistyped code in the registry, and still reaches the valid ones after it', async () => {
    const db = t.app.gj.db;
    const host = await t.unitId('ZJGXQ');
    // A ledger import takes a mistyped code (a sheet is not refused for one); the registry does not.
    const first17 = '91321100MA1TY0001';
    const typo = first17 + (usccCheckCharacter(first17) === '0' ? '1' : '0');
    const good = withUsccCheck('91321100MA1TY0002');
    const earlier = await db.selectFrom('projects').select('id').where('host_unit_id', '=', host).orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('projects').set({ investor_uscc: typo, investor_name: '镇江错码测试有限公司' }).where('id', '=', earlier.id).execute();
    const fagai = await t.login('fagai');
    const created = await fagai.post('/api/projects', { name: '企业库错码后一条', hostUnitId: host, totalInvestmentWan: 1000, investorName: '镇江正码测试有限公司', investorUscc: good });
    expect(created.statusCode, created.body).toBe(201);
    // Batches of one: the mistyped candidate first must not stop the valid one behind it.
    let skipped = 0;
    for (let i = 0; i < 3; i++) skipped += (await syncRegistry(t.app.gj, 1)).skipped;
    expect(skipped).toBeGreaterThanOrEqual(1);
    expect(await db.selectFrom('enterprises').select('id').where('uscc', '=', typo).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('enterprises').select('name').where('uscc', '=', good).executeTakeFirst()).toEqual({ name: '镇江正码测试有限公司' });
  });
});

describe('industry', () => {
  it('is set on the record by its serving unit or the chain bureau, audited, and nobody else', async () => {
    const before = (await leader.get(`/api/enterprise-registry/${enterpriseId}`)).json().industry;
    expect((await xinqu.put(`/api/enterprise-registry/${enterpriseId}/industry`, { industry: '汽车零部件及配件制造' })).statusCode).toBe(204);
    expect((await leader.get(`/api/enterprise-registry/${enterpriseId}`)).json()).toMatchObject({ industry: '汽车零部件及配件制造', canEdit: false });
    expect((await xinqu.get(`/api/enterprise-registry/${enterpriseId}`)).json().canEdit).toBe(true);
    // The district next door serves other companies: it reads the record and may not change it.
    expect((await gaoxin.put(`/api/enterprise-registry/${enterpriseId}/industry`, { industry: '改错' })).statusCode).toBe(403);
    expect((await leader.put(`/api/enterprise-registry/${enterpriseId}/industry`, { industry: '改错' })).statusCode).toBe(403);
    expect((await gongxin.put(`/api/enterprise-registry/${enterpriseId}/industry`, { industry: '新能源汽车零部件' })).statusCode).toBe(204);
    expect((await xinqu.put('/api/enterprise-registry/2147483647/industry', { industry: 'x' })).statusCode).toBe(404);
    const audit = await t.app.gj.db.selectFrom('audit_log').select('detail').where('action', '=', 'enterprise.industry').where('object_id', '=', String(enterpriseId)).orderBy('id').execute();
    expect(audit.map((a) => (typeof a.detail === 'string' ? JSON.parse(a.detail) : a.detail))).toEqual([
      expect.objectContaining({ from: before, to: '汽车零部件及配件制造' }),
      expect.objectContaining({ from: '汽车零部件及配件制造', to: '新能源汽车零部件' }),
    ]);
  });

  it('comes with a registration, and from a key list’s 行业 column (imported, exported, edited)', async () => {
    const code = withUsccCheck('91321100MA1HY0001');
    const reg = await xinqu.post('/api/enterprises', { uscc: code, name: '镇江行业测试有限公司', industry: '电子元件制造' });
    expect(reg.statusCode, reg.body).toBe(201);
    expect((await leader.get(`/api/enterprise-registry/${reg.json().id}`)).json().industry).toBe('电子元件制造');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(['序号', '企业名称', '统一社会信用代码', '所属行业', '产业链环节']);
    ws.addRow([1, '镇江行业测试有限公司', code, '输配电及控制设备制造', '中游']);
    ws.addRow([2, '镇江行业新设有限公司', withUsccCheck('91321100MA1HY0002'), '电线电缆制造', '上游']);
    const chain = await chainId('power-equipment');
    const res = await upload(gongxin, `/api/key-enterprises/import?year=${YEAR}&chainId=${chain}&commit=true`, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.json(), res.body).toMatchObject({ committed: true, created: 1, errors: [] });
    const list = (await gongxin.get(`/api/key-enterprises?year=${YEAR}&chainId=${chain}`)).json();
    expect(list.items.map((i: { industry: string }) => i.industry)).toEqual(['输配电及控制设备制造', '电线电缆制造']);

    const exported = await gongxin.get(`/api/key-enterprises/export?year=${YEAR}&chainId=${chain}`);
    expect(exported.statusCode, exported.body).toBe(200);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(exported.rawPayload as never);
    const header = (back.worksheets[0]!.getRow(2).values as string[]).slice(1);
    expect(header).toContain('行业');
    expect(back.worksheets[0]!.getRow(3).getCell(header.indexOf('行业') + 1).text).toBe('输配电及控制设备制造');

    // Editing the list without the column keeps the registry's industry; with it, changes it.
    const items = list.items.map((i: { uscc: string; enterpriseName: string }) => ({ uscc: i.uscc, name: i.enterpriseName }) as { uscc: string; name: string; industry?: string });
    expect((await gongxin.put('/api/key-enterprises', { year: YEAR, chainId: chain, items })).statusCode).toBe(200);
    expect((await leader.get(`/api/enterprise-registry/${reg.json().id}`)).json().industry).toBe('输配电及控制设备制造');
    items[0]!.industry = '变压器制造';
    expect((await gongxin.put('/api/key-enterprises', { year: YEAR, chainId: chain, items })).statusCode).toBe(200);
    expect((await leader.get(`/api/enterprise-registry/${reg.json().id}`)).json().industry).toBe('变压器制造');
  });
});

describe('tags by hand', () => {
  it('records a tag with its source, finds it by tag while in force, and keeps a withdrawn one as history', async () => {
    const add = await gongxin.post(`/api/enterprise-registry/${enterpriseId}/tags`, { tag: 'gazelle', source: '2026年镇江市瞪羚企业名单', validFrom: '2020-01-01' });
    expect(add.statusCode, add.body).toBe(201);
    expect((await gongxin.post(`/api/enterprise-registry/${enterpriseId}/tags`, { tag: 'gazelle', source: '2026年镇江市瞪羚企业名单', validFrom: '2020-01-01' })).statusCode).toBe(409);
    expect((await gongxin.post(`/api/enterprise-registry/${enterpriseId}/tags`, { tag: 'gazelle', source: '倒置的有效期', validFrom: '2026-02-01', validTo: '2026-01-01' })).statusCode).toBe(400);
    const byTag = async () => (await leader.get('/api/enterprise-registry?tag=gazelle&pageSize=100')).json().items.map((i: { id: number }) => i.id);
    expect(await byTag()).toContain(enterpriseId);
    // Not its server: the district next door.
    expect((await gaoxin.post(`/api/enterprise-registry/${enterpriseId}/tags/${add.json().id}/retire`, { reason: '不是我的', lastDay: '2026-06-30' })).statusCode).toBe(403);

    // Ten withdrawals at once: one wins, the rest are told it is withdrawn already.
    const tries = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? gongxin : xinqu).post(`/api/enterprise-registry/${enterpriseId}/tags/${add.json().id}/retire`, { reason: '复核未通过', lastDay: '2021-12-31' })));
    expect(tries.map((r) => r.statusCode).sort()).toEqual([204, ...Array(9).fill(409)]);
    expect(await byTag()).not.toContain(enterpriseId);
    const record = (await leader.get(`/api/enterprise-registry/${enterpriseId}`)).json();
    expect(record.tags.find((x: { id: number }) => x.id === add.json().id)).toMatchObject({ tag: 'gazelle', validTo: '2021-12-31', retireReason: '复核未通过', retiredAt: expect.any(String), retiredBy: expect.any(String) });
    const audits = await t.app.gj.db.selectFrom('audit_log').select('action').where('object_id', '=', String(enterpriseId)).where('action', 'in', ['enterprise.tag-add', 'enterprise.tag-retire']).execute();
    expect(audits.map((a) => a.action).sort()).toEqual(['enterprise.tag-add', 'enterprise.tag-retire']);
  });

  it('leaves a withdrawn tag off the key lists', async () => {
    const chain = await chainId('auto-parts');
    expect((await gongxin.put('/api/key-enterprises', { year: YEAR, chainId: chain, items: [{ uscc: DEMO_ENTERPRISE_USCC, name: '江苏某新能源科技有限公司', tags: ['little_giant'] }] })).statusCode).toBe(200);
    const shown = async () => (await gongxin.get(`/api/key-enterprises?year=${YEAR}&chainId=${chain}`)).json().items[0].tags.map((x: { tag: string }) => x.tag);
    expect(await shown()).toContain('little_giant');
    const tag = (await leader.get(`/api/enterprise-registry/${enterpriseId}`)).json().tags.find((x: { tag: string; source: string }) => x.tag === 'little_giant' && x.source.startsWith(`${YEAR}`));
    expect((await gongxin.post(`/api/enterprise-registry/${enterpriseId}/tags/${tag.id}/retire`, { reason: '名单更正', lastDay: `${YEAR}-01-01` })).statusCode).toBe(204);
    expect(await shown()).not.toContain('little_giant');
    expect((await gongxin.post(`/api/enterprise-registry/${enterpriseId}/tags/${tag.id}/retire`, { reason: '名单更正', lastDay: `${YEAR}-01-01` })).statusCode).toBe(409);
  });
});
