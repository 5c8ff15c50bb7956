import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { systemContext } from '../../platform/context.js';
import { hashPassword } from '../../platform/password.js';
import { DEMO_PASSWORD } from '../../seed/demo-data.js';
import { insertUser } from '../users/index.js';
import { createProject } from './service.js';

let t: TestApp;
let xinqu: Agent;
let fagai: Agent;
let xinquUnit: number;
beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-06-15T02:00:00Z') });
  xinqu = await t.login('xinqu');
  fagai = await t.login('fagai');
  xinquUnit = await t.unitId('ZJXQ');
});
afterAll(async () => t.close());

const base = () => ({ name: '镇江新区高性能材料产业园项目', hostUnitId: xinquUnit, totalInvestmentWan: 50000 });

describe('projects: create and read', () => {
  it('creates a project with a generated code, derives 亿元以上, and keeps money exact', async () => {
    const res = await xinqu.post('/api/projects', { ...base(), investorName: '中船动力（镇江）有限公司', foreignInvestmentUsdWan: 0.0001, fixedAssetWan: 12345.6789, stage: 'signed', stageDates: { signed: { actual: '2026-02-03' } } });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p.code).toMatch(/^XM2026\d{5}$/);
    expect(p).toMatchObject({ above100m: true, totalInvestmentWan: 50000, fixedAssetWan: 12345.6789, stage: 'signed', signedDate: '2026-02-03', version: 1, hostUnitName: '镇江新区' });
    const stored = await t.app.gj.db.selectFrom('projects').select(['total_investment_yuan', 'fixed_asset_yuan']).where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(Number(stored.total_investment_yuan)).toBe(500_000_000);
    expect(Number(stored.fixed_asset_yuan)).toBe(123_456_789);
    const small = (await xinqu.post('/api/projects', { ...base(), name: '小项目', totalInvestmentWan: 9999.9999 })).json();
    expect(small.above100m).toBe(false);
    const foreign = (await xinqu.post('/api/projects', { ...base(), name: '外资项目', totalInvestmentWan: 100, foreignInvestmentUsdWan: 1000 })).json();
    expect(foreign.above100m).toBe(true);
  });

  it('refuses amounts finer than one yuan and unknown stages, field by field', async () => {
    const res = await xinqu.post('/api/projects', { ...base(), totalInvestmentWan: 1.00001, stage: '待定' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['stage', 'totalInvestmentWan']);
  });

  it('keeps a district out of another district\u2019s project (404) and out of filing for it', async () => {
    const id = (await xinqu.post('/api/projects', { ...base(), name: '新区保密项目' })).json().id;
    const gaoxin = await t.login('gaoxin');
    expect((await gaoxin.get(`/api/projects/${id}`)).statusCode).toBe(404);
    expect((await gaoxin.patch(`/api/projects/${id}`, { remarks: 'x', version: 1 })).statusCode).toBe(404);
    expect((await gaoxin.post('/api/projects', { ...base(), name: '越权' })).json().error.code).toBe('UNIT_NOT_FOUND');
    expect((await fagai.get(`/api/projects/${id}`)).statusCode).toBe(200);
  });
});

describe('projects: lifecycle', () => {
  it('advances with dates, marks skipped stages unknown, fills planned dates, and goes back only with a reason', async () => {
    let p = (await xinqu.post('/api/projects', { ...base(), name: '生命周期项目', totalInvestmentWan: 30000, stage: 'signed', stageDates: { signed: { actual: '2026-01-10' } } })).json();
    const noDate = await xinqu.post(`/api/projects/${p.id}/stage`, { stage: 'started', version: p.version });
    expect(noDate.json().error.code).toBe('PROJECT_STAGE_DATE_REQUIRED');
    p = (await xinqu.post(`/api/projects/${p.id}/stage`, { stage: 'started', actualDate: '2026-03-01', version: p.version })).json();
    const byStage = Object.fromEntries(p.stages.map((s: { stage: string }) => [s.stage, s]));
    expect(p.stage).toBe('started');
    expect(p.startedDate).toBe('2026-03-01');
    expect(byStage.registered).toMatchObject({ actualDate: null, actualUnknown: true });
    expect(byStage.land).toMatchObject({ actualUnknown: true });
    // 3亿 (1–5亿): 18 months to completion, 12 more to design capacity.
    expect(byStage.completed.plannedDate).toBe('2027-09-01');
    expect(byStage.producing.plannedDate).toBe('2027-09-01');
    expect(byStage.capacity.plannedDate).toBe('2028-09-01');
    const back = await xinqu.post(`/api/projects/${p.id}/stage`, { stage: 'signed', version: p.version });
    expect(back.json().error.code).toBe('PROJECT_REASON_REQUIRED');
    p = (await xinqu.post(`/api/projects/${p.id}/stage`, { stage: 'signed', reason: '开工认定有误：仅为场地平整', version: p.version })).json();
    expect(p.startedDate).toBeNull();
    expect(p.timeline.map((e: { kind: string; to: string }) => `${e.kind}:${e.to}`)).toEqual(['stage:signed', 'stage:started', 'create:signed']);
    expect(p.timeline[0].reason).toBe('开工认定有误：仅为场地平整');
  });

  it('suspends and terminates only with a reason; a terminated project does not move', async () => {
    let p = (await xinqu.post('/api/projects', { ...base(), name: '状态项目' })).json();
    expect((await xinqu.post(`/api/projects/${p.id}/status`, { status: 'terminated', version: p.version })).json().error.code).toBe('PROJECT_REASON_REQUIRED');
    p = (await xinqu.post(`/api/projects/${p.id}/status`, { status: 'terminated', reason: '投资方撤资', version: p.version })).json();
    expect(p).toMatchObject({ status: 'terminated', statusReason: '投资方撤资' });
    expect((await xinqu.post(`/api/projects/${p.id}/stage`, { stage: 'started', actualDate: '2026-05-01', version: p.version })).json().error.code).toBe('PROJECT_TERMINATED');
  });

  it('never overwrites a concurrent edit: a stale version gets 409', async () => {
    const p = (await xinqu.post('/api/projects', { ...base(), name: '并发项目' })).json();
    const first = await xinqu.patch(`/api/projects/${p.id}`, { remarks: '甲的修改', version: p.version });
    expect(first.statusCode).toBe(200);
    const second = await fagai.patch(`/api/projects/${p.id}`, { remarks: '乙的修改', version: p.version });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('PROJECT_VERSION_CONFLICT');
    expect((await xinqu.get(`/api/projects/${p.id}`)).json().remarks).toBe('甲的修改');
    const audit = await t.app.gj.db.selectFrom('audit_log').select('detail').where('action', '=', 'project.update').where('object_id', '=', String(p.id)).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toEqual({ remarks: { from: null, to: '甲的修改' } });
  });
});

describe('projects: list, filters and search', () => {
  const names: [string, string | null, number][] = [
    ['智能物流装备产业基地', '江苏顺丰物流有限公司', 120000],
    ['动力电池研发中心', '中船动力（镇江）有限公司', 80000],
    ['新能源电池材料项目', '宁德时代新能源科技股份有限公司', 250000],
    ['医疗器械产业园', null, 6000],
    ['航空航天精密零部件', '中航工业（镇江）有限公司', 45000],
  ];
  let ids: number[] = [];
  let unit: number;

  beforeAll(async () => {
    // A park of its own, so the counts are the ledger's own and not the demo's.
    const created = await (await t.login('admin')).post('/api/units', { code: 'JR-LIST-TEST', name: '句容列表测试园', kind: 'park', parentId: await t.unitId('321183') });
    expect(created.statusCode, created.body).toBe(201);
    unit = created.json().id;
    ids = [];
    for (const [name, investor, wan] of names) {
      const res = await fagai.post('/api/projects', { name, investorName: investor, hostUnitId: unit, totalInvestmentWan: wan, tags: wan >= 100000 ? ['市重大'] : [] });
      ids.push(res.json().id);
    }
  });

  it('answers the count and the exact total investment of everything the filter matches, not just the page', async () => {
    const res = (await fagai.get(`/api/projects?unitId=${unit}&pageSize=2&sort=totalInvestment&order=desc`)).json();
    expect(res.total).toBe(5);
    expect(res.items).toHaveLength(2);
    expect(res.totalInvestmentWan).toBe(501000);
    expect(res.items.map((p: { totalInvestmentWan: number }) => p.totalInvestmentWan)).toEqual([250000, 120000]);
    expect((await fagai.get(`/api/projects?unitId=${unit}&above100m=false`)).json().total).toBe(1);
    expect((await fagai.get(`/api/projects?unitId=${unit}&minWan=50000&maxWan=200000`)).json().total).toBe(2);
    expect((await fagai.get(`/api/projects?unitId=${unit}&tag=${encodeURIComponent('市重大')}`)).json().total).toBe(2);
  });

  it('finds by pinyin initials, code and USCC', async () => {
    const byInitials = (await fagai.get('/api/projects?q=zcdl')).json();
    expect(byInitials.items.map((p: { name: string }) => p.name)).toContain('动力电池研发中心');
    const code = (await fagai.get(`/api/projects/${ids[0]}`)).json().code;
    expect((await fagai.get(`/api/projects?q=${code}`)).json().items[0].id).toBe(ids[0]);
    // Parts of a code and of the initials, in any case.
    const find = async (q: string) => (await fagai.get(`/api/projects?pageSize=200&q=${encodeURIComponent(q)}`)).json().items.map((p: { id: number }) => p.id);
    expect(await find(code.slice(-3).toLowerCase())).toContain(ids[0]);
    expect(await find(code.slice(0, 2))).toContain(ids[0]);
    expect(await find('ZC')).toEqual(expect.arrayContaining(byInitials.items.map((p: { id: number }) => p.id)));
    expect(await find('zcdx')).not.toEqual(expect.arrayContaining(byInitials.items.map((p: { id: number }) => p.id)));
    await fagai.patch(`/api/projects/${ids[1]}`, { investorUscc: '91321100MA1XYK1238', version: 1 });
    expect((await fagai.get('/api/projects?q=91321100ma1xyk1238')).json().items.map((p: { id: number }) => p.id)).toEqual([ids[1]]);
  });

  it('finds every 2- and 3-character substring that a plain LIKE finds', async () => {
    const texts = names.flatMap(([n, i]) => [n, i ?? '']).filter(Boolean);
    const queries = new Set<string>();
    for (const text of texts) for (let len = 2; len <= 3; len++) for (let k = 0; k + len <= text.length; k++) queries.add(text.slice(k, k + len));
    let missed = 0;
    let extra = 0;
    for (const q of queries) {
      const expected = ids.filter((_, n) => names[n]![0].includes(q) || (names[n]![1] ?? '').includes(q));
      const got: number[] = (await fagai.get(`/api/projects?unitId=${unit}&pageSize=200&q=${encodeURIComponent(q)}`)).json().items.map((p: { id: number }) => p.id);
      if (!expected.every((id) => got.includes(id))) missed++;
      // And nothing a substring search would not find (the bigram index is confirmed by LIKE).
      if (got.some((id) => ids.includes(id) && !expected.includes(id))) extra++;
    }
    expect(queries.size).toBeGreaterThan(100);
    expect(missed).toBe(0);
    expect(extra).toBe(0);
  });

  it('keeps the search index in step with renames, and matches no bigram across name and investor', async () => {
    const p = (await fagai.post('/api/projects', { name: '氢能重卡测试项目', investorName: '示例甲有限公司', hostUnitId: unit, totalInvestmentWan: 100 })).json();
    const find = async (q: string) => (await fagai.get(`/api/projects?unitId=${unit}&pageSize=200&q=${encodeURIComponent(q)}`)).json().items.map((x: { id: number }) => x.id);
    expect(await find('重卡')).toContain(p.id);
    // 项目 + 示例: 目示 spans the end of the name and the start of the investor, in neither.
    expect(await find('目示')).not.toContain(p.id);
    await fagai.patch(`/api/projects/${p.id}`, { name: '液流储能测试项目', investorName: '示例乙有限公司', version: p.version });
    expect(await find('重卡')).not.toContain(p.id);
    expect(await find('液流')).toContain(p.id);
    expect(await find('乙有')).toContain(p.id);
    expect(await find('液流储能测试')).toContain(p.id);
    expect(await find('流液')).not.toContain(p.id);
  });

  it('lists the 四群八链 taxonomy with validity dates', async () => {
    const chains = (await fagai.get('/api/chains')).json().items;
    expect(chains.filter((c: { validFrom: string }) => c.validFrom === '2022-01-01')).toHaveLength(8);
    expect(chains.map((c: { name: string }) => c.name)).toContain('低空经济');
  });
});

describe('data scope self', () => {
  it('reaches only the projects the user registered: not the unit’s others, no unit to place new ones, and no leads', async () => {
    const db = t.app.gj.db;
    const now = t.clock.now().toISOString();
    // A role folding to `self` with project and lead rights (such a role is made by the security
    // administrator; the demo's enterprise contact has `self` with problem rights only).
    const role = await db.insertInto('roles').values({ code: 'self_projects', name: '本人项目', name_en: 'Own projects', admin_kind: null, data_scope: 'self', builtin: 0, description: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('role_permissions').values(['project:read', 'project:write', 'lead:read', 'lead:write'].map((permission) => ({ role_id: role.id, permission }))).execute();
    const hash = await hashPassword(DEMO_PASSWORD);
    await db.transaction().execute((trx) => insertUser(trx, { username: 'selfonly', displayName: '本人范围', unitId: xinquUnit, passwordHash: hash, mustChangePassword: false, roleIds: [role.id] }, t.clock.now()));
    const self = await t.login('selfonly');
    // Its own registration, made for it by the console (a self scope cannot place a project itself).
    const mine = await t.app.gj.db.transaction().execute((trx) => createProject(trx, t.app.gj, systemContext('test'), { name: '本人登记的项目', hostUnitId: xinquUnit, totalInvestmentWan: 100, stage: 'signed' }, { createdBy: null }));
    await db.updateTable('projects').set({ created_by: (await db.selectFrom('users').select('id').where('username', '=', 'selfonly').executeTakeFirstOrThrow()).id }).where('id', '=', mine).execute();
    const list = (await self.get('/api/projects')).json();
    expect(list.items.map((p: { id: number }) => p.id)).toEqual([mine]);
    expect((await self.patch(`/api/projects/${mine}`, { remarks: '本人可改', version: 1 })).statusCode).toBe(200);
    const unitsOther = (await xinqu.get('/api/projects?q=XM2023XQ001')).json().items[0];
    expect((await self.get(`/api/projects/${unitsOther.id}`)).statusCode).toBe(404);
    expect((await self.post('/api/projects', { name: '本人新建项目', hostUnitId: xinquUnit, totalInvestmentWan: 1 })).json().error.code).toBe('UNIT_NOT_FOUND');
    // Leads are a unit's work: self reaches none and registers none.
    expect((await self.get('/api/leads')).json().total).toBe(0);
    expect((await self.post('/api/leads', { title: '本人线索', enterpriseName: '本人示例有限公司', source: 'expo', firstContactDate: '2026-06-01' })).json().error.code).toBe('UNIT_NOT_FOUND');
  });
});
