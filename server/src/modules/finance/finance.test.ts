import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { hashPassword } from '../../platform/password.js';
import { DEMO_PASSWORD } from '../../seed/demo-data.js';
import { insertUser } from '../users/index.js';
import { syncRegistry } from '../enterprises/index.js';

/**
 * The enterprise registry's key lists and the 金链行动 on both databases: dedup by credit code
 * (a renamed company is the same one), list versions, the Excel round trip, what a bank may see
 * (its chains only), credit lines refused off its lists, totals against hand-counted figures, and
 * draws racing on one line.
 */
let t: TestApp;
let gongxin: Agent;
let jinrong: Agent;
let icbc: Agent;
let boc: Agent;
let xinqu: Agent;
let qiye: Agent;
const chain: Record<string, number> = {};
const bank: Record<string, number> = {};
const YEAR = 2030;
const upload = (agent: Agent, url: string, body: Buffer) => t.app.inject({ method: 'POST', url, payload: body, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/octet-stream' } });

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('清单');
  ws.addRow(['2030年新型电力装备产业链重点企业清单']);
  ws.addRow(['序号', '企业名称', '统一社会信用代码', '产业链环节', '类型', '标签', '融资需求']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.app.gj.db;
  const roleId = (await db.selectFrom('roles').select('id').where('code', '=', 'bank').executeTakeFirstOrThrow()).id;
  const [bocUnit, hash] = [await t.unitId('BANK-BOC'), await hashPassword(DEMO_PASSWORD)];
  await db.transaction().execute(async (trx) => insertUser(trx, { username: 'boc', displayName: '中行客户经理', unitId: bocUnit, passwordHash: hash, mustChangePassword: false, phoneEnc: null, roleIds: [roleId] }, t.clock.now()));
  [gongxin, jinrong, icbc, boc, xinqu, qiye] = await Promise.all([t.login('gongxin'), t.login('jinrong'), t.login('icbc'), t.login('boc'), t.login('xinqu'), t.login('qiye')]);
  for (const c of await db.selectFrom('chains').select(['id', 'code']).execute()) chain[c.code] = c.id;
  for (const code of ['BANK-ICBC', 'BANK-BOC', 'BANK-CCB']) bank[code] = await t.unitId(code);
  // 2030: no demo figures. 工行 takes 新型电力装备, 中行 汽车及零部件.
  expect((await jinrong.put(`/api/banks/${bank['BANK-ICBC']}/chains/${YEAR}`, { chainIds: [chain['power-equipment']] })).statusCode).toBe(204);
  expect((await jinrong.put(`/api/banks/${bank['BANK-BOC']}/chains/${YEAR}`, { chainIds: [chain['auto-parts']] })).statusCode).toBe(204);
  expect((await icbc.put(`/api/banks/${bank['BANK-ICBC']}/chains/${YEAR}`, { chainIds: [chain['auto-parts']] })).statusCode).toBe(403);
});
afterAll(async () => t.close());

describe('key-enterprise lists', () => {
  it('keeps versions, and knows a renamed company by its credit code', async () => {
    const put = (items: object[]) => gongxin.put('/api/key-enterprises', { year: YEAR, chainId: chain['power-equipment'], items });
    const v1 = await put([
      { uscc: '91321100MA1XX00019', name: '镇江甲电气有限公司', segment: 'upstream', role: 'strengthen', tags: ['specialised'] },
      { uscc: '91321100MA1XX0002C', name: '镇江乙装备有限公司', segment: 'midstream', role: 'fill', financingNeed: '流动资金 2000 万元' },
    ]);
    expect(v1.statusCode).toBe(200);
    expect(v1.json().list).toMatchObject({ version: 1, chainName: '新型电力装备', createdBy: '蒋文' });
    const v2 = (
      await put([
        { uscc: '91321100MA1XX00019', name: '江苏甲电气股份有限公司', segment: 'upstream', role: 'strengthen', tags: ['specialised', 'listed'] },
        { uscc: '91321100MA1XX0002C', name: '镇江乙装备有限公司', segment: 'midstream', role: 'fill' },
        { uscc: '91321100MA1XX0003F', name: '镇江丙材料有限公司' },
      ])
    ).json();
    expect(v2.list.version).toBe(2);
    expect(v2.items.map((i: { enterpriseName: string }) => i.enterpriseName)).toEqual(['江苏甲电气股份有限公司', '镇江乙装备有限公司', '镇江丙材料有限公司']);
    expect(v2.items[0]).toMatchObject({ formerNames: ['镇江甲电气有限公司'], tags: [expect.objectContaining({ tag: 'specialised' }), expect.objectContaining({ tag: 'listed', source: '2030年新型电力装备产业链重点企业清单', validTo: '2030-12-31' })] });
    expect(await t.app.gj.db.selectFrom('enterprises').select('id').where('uscc', '=', '91321100MA1XX00019').execute()).toHaveLength(1);
    const versions = (await gongxin.get(`/api/key-enterprises/versions?year=${YEAR}&chainId=${chain['power-equipment']}`)).json().items;
    expect(versions.map((v: { version: number; items: number }) => [v.version, v.items])).toEqual([
      [2, 3],
      [1, 2],
    ]);
    const dup = await put([
      { uscc: '91321100MA1XX00019', name: '甲' + '电气有限公司' },
      { uscc: '91321100MA1XX00019', name: '重复企业有限公司' },
    ]);
    expect(dup.json().error.code).toBe('KEYLIST_DUPLICATE');
    expect((await xinqu.put('/api/key-enterprises', { year: YEAR, chainId: chain['power-equipment'], items: [] })).statusCode).toBe(403);
    // An editor who started from version 1 does not overwrite version 2 unseen.
    const stale = await gongxin.put('/api/key-enterprises', { year: YEAR, chainId: chain['power-equipment'], baseVersion: 1, items: [] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('KEYLIST_CONCURRENT');
  });

  it('imports a list from Excel all or nothing, row by row, and exports what imports back', async () => {
    const url = (commit: boolean) => `/api/key-enterprises/import?year=${YEAR}&chainId=${chain['power-equipment']}&commit=${commit}`;
    const bad = (
      await upload(gongxin, url(true), await sheet([
        [1, '江苏甲电气股份有限公司', '91321100MA1XX00019', '上游', '强链', '专精特新、上市', ''],
        [2, '镇江丁科技有限公司', '9132110', '中游', '补链', '', ''],
        [3, '镇江戊科技有限公司', '91321100MA1XX0005M', '侧游', '补链', '金牌企业', ''],
      ]))
    ).json();
    expect(bad).toMatchObject({ rows: 3, committed: false, version: null });
    expect(bad.errors.map((e: { row: number; column: string }) => [e.row, e.column.replace(/（.*/, '')])).toEqual([
      [4, 'C'],
      [5, 'D'],
      [5, 'F'],
    ]);
    expect(bad.errors[2].message).toContain('金牌企业');
    expect((await gongxin.get(`/api/key-enterprises/versions?year=${YEAR}&chainId=${chain['power-equipment']}`)).json().items).toHaveLength(2);

    const good = await sheet([
      [1, '江苏甲电气股份有限公司', '91321100MA1XX00019', '上游', '强链', '专精特新、上市', ''],
      [2, '镇江丁科技有限公司', '91321100mA1XX0004J', '中游', '补链', '瞪羚', '设备贷款 3000 万元'],
    ]);
    expect((await upload(gongxin, url(false), good)).json()).toMatchObject({ rows: 2, committed: false, created: 1, version: null, errors: [] });
    expect((await gongxin.get(`/api/key-enterprises?year=${YEAR}&chainId=${chain['power-equipment']}`)).json().list.version).toBe(2);
    expect((await upload(gongxin, url(true), good)).json()).toMatchObject({ committed: true, created: 1, version: 3 });

    const exported = await gongxin.get(`/api/key-enterprises/export?year=${YEAR}&chainId=${chain['power-equipment']}`);
    expect(exported.statusCode).toBe(200);
    const back = (await upload(gongxin, url(true), exported.rawPayload)).json();
    expect(back).toMatchObject({ rows: 2, committed: true, created: 0, renamed: 0, version: 4, errors: [] });
    const v3 = (await gongxin.get(`/api/key-enterprises?year=${YEAR}&chainId=${chain['power-equipment']}`)).json().items;
    expect(v3.map((i: { uscc: string; segment: string; financingNeed: string | null }) => [i.uscc, i.segment, i.financingNeed])).toEqual([
      ['91321100MA1XX00019', 'upstream', null],
      ['91321100MA1XX0004J', 'midstream', '设备贷款 3000 万元'],
    ]);
  });

  it('shows a bank the lists of its own chains only; officers and the regulator see all; an enterprise none', async () => {
    const q = (code: string) => `/api/key-enterprises?year=${YEAR}&chainId=${chain[code]}`;
    expect((await icbc.get(q('power-equipment'))).statusCode).toBe(200);
    for (const url of [q('auto-parts'), `/api/key-enterprises/versions?year=${YEAR}&chainId=${chain['auto-parts']}`, `/api/key-enterprises/export?year=${YEAR}&chainId=${chain['auto-parts']}`]) expect((await icbc.get(url)).statusCode, url).toBe(404);
    expect((await icbc.get(`/api/key-enterprises?year=${YEAR - 1}&chainId=${chain['power-equipment']}`)).statusCode).toBe(404);
    expect((await boc.get(q('power-equipment'))).statusCode).toBe(404);
    for (const who of [gongxin, jinrong, xinqu]) expect((await who.get(q('auto-parts'))).statusCode, who.username).toBe(200);
    expect((await qiye.get(q('power-equipment'))).statusCode).toBe(403);
    // A bank reaches nothing else: no projects, no leads, no other bank's lines.
    expect((await icbc.get('/api/projects')).statusCode).toBe(403);
    expect((await icbc.get('/api/leads')).statusCode).toBe(403);
  });
});

describe('credit lines (授信) and their totals', () => {
  const enterprise = async (uscc: string) => (await t.app.gj.db.selectFrom('enterprises').select('id').where('uscc', '=', uscc).executeTakeFirstOrThrow()).id;
  let line1: number;

  it('records credit only for an enterprise on a list of the bank’s chains, and checks draws and repayments', async () => {
    await gongxin.put('/api/key-enterprises', { year: YEAR, chainId: chain['auto-parts'], items: [{ uscc: '91321100MA1XX0006Q', name: '镇江己汽车部件有限公司' }] });
    const onList = await enterprise('91321100MA1XX00019');
    const bocs = await enterprise('91321100MA1XX0006Q');
    const res = await icbc.post('/api/credit-lines', { enterpriseId: onList, amountWan: 20000, grantedOn: `${YEAR}-02-10`, termMonths: 36 });
    expect(res.statusCode).toBe(201);
    line1 = res.json().id;
    const refused = await icbc.post('/api/credit-lines', { enterpriseId: bocs, amountWan: 1000, grantedOn: `${YEAR}-02-10` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CREDIT_NOT_ON_LIST');
    expect((await icbc.post('/api/credit-lines', { enterpriseId: onList, amountWan: 1000, grantedOn: `${YEAR + 1}-01-05` })).json().error.code).toBe('CREDIT_NOT_ON_LIST');
    expect((await icbc.post('/api/credit-lines', { enterpriseId: onList, amountWan: 0, grantedOn: `${YEAR}-02-10` })).json().error.code).toBe('CREDIT_AMOUNT_BAD');
    expect((await jinrong.post('/api/credit-lines', { enterpriseId: onList, amountWan: 1000, grantedOn: `${YEAR}-02-10` })).statusCode).toBe(403);
    expect((await boc.post('/api/credit-lines', { enterpriseId: bocs, amountWan: 5000.5, grantedOn: `${YEAR}-03-01` })).statusCode).toBe(201);

    expect((await icbc.post(`/api/credit-lines/${line1}/moves`, { kind: 'repaid', amountWan: 1, onDate: `${YEAR}-02-11` })).json().error.code).toBe('CREDIT_OVERREPAID');
    expect((await icbc.post(`/api/credit-lines/${line1}/moves`, { kind: 'drawn', amountWan: 12000, onDate: `${YEAR}-03-15` })).statusCode).toBe(201);
    expect((await icbc.post(`/api/credit-lines/${line1}/moves`, { kind: 'drawn', amountWan: 8000.0001, onDate: `${YEAR}-04-15` })).json().error.code).toBe('CREDIT_OVERDRAWN');
    expect((await icbc.post(`/api/credit-lines/${line1}/moves`, { kind: 'repaid', amountWan: 2000, onDate: `${YEAR}-04-20` })).statusCode).toBe(201);
    expect((await boc.post(`/api/credit-lines/${line1}/moves`, { kind: 'drawn', amountWan: 1, onDate: `${YEAR}-04-20` })).statusCode).toBe(404);
  });

  it('lets exactly as many of ten draws at once through as the line allows', async () => {
    const line = (await icbc.post('/api/credit-lines', { enterpriseId: await enterprise('91321100MA1XX0004J'), amountWan: 1000, grantedOn: `${YEAR}-05-01` })).json().id;
    const answers = await Promise.all(Array.from({ length: 10 }, () => icbc.post(`/api/credit-lines/${line}/moves`, { kind: 'drawn', amountWan: 400, onDate: `${YEAR}-05-02` })));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(2);
    expect(answers.filter((a) => a.statusCode === 400)).toHaveLength(8);
  });

  it('sums per bank, chain and month as counted by hand; a bank sees its own, the regulator all', async () => {
    // 工行: 20000 (Feb) + 1000 (May) granted; drawn 12000 (Mar) + 800 (May); repaid 2000 (Apr). 中行: 5000.5 (Mar).
    const all = (await jinrong.get(`/api/credit/totals?year=${YEAR}`)).json();
    expect(all.byBank).toEqual([
      { bankUnitId: bank['BANK-ICBC'], bankName: '工商银行镇江分行', grantedWan: 21000, drawnWan: 12800, repaidWan: 2000, outstandingWan: 10800, lines: 2 },
      { bankUnitId: bank['BANK-BOC'], bankName: '中国银行镇江分行', grantedWan: 5000.5, drawnWan: 0, repaidWan: 0, outstandingWan: 0, lines: 1 },
    ]);
    expect(all.byChain.map((c: { chainName: string; grantedWan: number }) => [c.chainName, c.grantedWan])).toEqual([
      ['新型电力装备', 21000],
      ['汽车及零部件', 5000.5],
    ]);
    expect(all.byMonth.slice(1, 5)).toEqual([
      { month: `${YEAR}-02`, grantedWan: 20000, drawnWan: 0, repaidWan: 0 },
      { month: `${YEAR}-03`, grantedWan: 5000.5, drawnWan: 12000, repaidWan: 0 },
      { month: `${YEAR}-04`, grantedWan: 0, drawnWan: 0, repaidWan: 2000 },
      { month: `${YEAR}-05`, grantedWan: 1000, drawnWan: 800, repaidWan: 0 },
    ]);
    const mine = (await icbc.get(`/api/credit/totals?year=${YEAR}`)).json();
    expect(mine.byBank.map((b: { bankName: string }) => b.bankName)).toEqual(['工商银行镇江分行']);
    expect((await boc.get(`/api/credit-lines?year=${YEAR}`)).json()).toMatchObject({ total: 1, items: [expect.objectContaining({ bankName: '中国银行镇江分行', amountWan: 5000.5 })] });
    expect((await jinrong.get(`/api/credit-lines?year=${YEAR}`)).json().total).toBe(3);
    expect((await icbc.get(`/api/banks/assignments?year=${YEAR}`)).json().items).toEqual([{ bankUnitId: bank['BANK-ICBC'], bankName: '工商银行镇江分行', chains: [{ id: chain['power-equipment'], name: '新型电力装备' }] }]);
    expect((await xinqu.get(`/api/credit/totals?year=${YEAR}`)).statusCode).toBe(403);
  });

  it('keeps each bank’s plans (一链一方案, 一企一策) to its own chains', async () => {
    expect((await icbc.put('/api/bank-plans', { year: YEAR, chainId: chain['power-equipment'], text: '一链一方案：意向授信 20 亿元。' })).statusCode).toBe(200);
    expect((await icbc.put('/api/bank-plans', { year: YEAR, chainId: chain['power-equipment'], text: '一链一方案：意向授信 30 亿元。' })).statusCode).toBe(200);
    expect((await icbc.put('/api/bank-plans', { year: YEAR, chainId: chain['auto-parts'], text: '不是我的链' })).statusCode).toBe(404);
    const plans = (await icbc.get(`/api/bank-plans?year=${YEAR}`)).json().items;
    expect(plans).toEqual([expect.objectContaining({ chainName: '新型电力装备', enterpriseId: null, text: '一链一方案：意向授信 30 亿元。' })]);
    expect((await boc.get(`/api/bank-plans?year=${YEAR}`)).json().items).toEqual([]);
  });
});

describe('the regulator’s monthly loan sheet', () => {
  const SAMPLE = readFileSync('../shared/samples/2023年6月末镇江市金融机构人民币贷款情况表.xlsx');
  const url = (period: string, commit: boolean) => `/api/loan-stats/import?period=${period}&commit=${commit}`;

  it('imports the sample: 9 institutions adding up to the total row, 7,938.34 / 950.55 / 1,501.66 亿元', async () => {
    const dry = (await upload(jinrong, url('2023-06', false), SAMPLE)).json();
    expect(dry).toMatchObject({ rows: 9, committed: false, version: null, errors: [], total: { balanceYi: 7938.34, ytdChangeYi: 950.55, yoyPercent: 12, mfgBalanceYi: 1501.66, mfgYtdChangeYi: 188.2 } });
    // The demo's monthly sheets already know these nine institutions.
    expect(dry.newInstitutions).toEqual([]);
    expect(dry.institutions.map((i: { matched: string | null }) => i.matched)).toHaveLength(9);
    expect(dry.institutions.every((i: { name: string; matched: string | null }) => i.matched === i.name)).toBe(true);
    expect((await jinrong.get('/api/loan-stats?year=2023')).json().periods).toEqual([]);
    const done = (await upload(jinrong, url('2023-06', true), SAMPLE)).json();
    expect(done).toMatchObject({ committed: true, version: 1 });
    const stats = (await jinrong.get('/api/loan-stats?year=2023')).json().periods;
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ period: '2023-06', balanceYi: 7938.34, ytdChangeYi: 950.55, mfgBalanceYi: 1501.66, mfgSharePercent: 18.9 });
    expect(stats[0].institutions.map((i: { balanceYi: number }) => i.balanceYi).reduce((a: number, b: number) => a + b * 100, 0) / 100).toBeCloseTo(7938.34, 6);
    expect(stats[0].institutions[0]).toMatchObject({ name: '工商银行镇江分行', balanceYi: 1186.52, ytdChangeYi: 138.21, yoyPercent: 10.8 });
    expect((await icbc.get('/api/loan-stats?year=2023')).statusCode).toBe(403);
    expect((await icbc.post(url('2023-06', true))).statusCode).toBe(403);
  });

  it('knows an institution by another spelling next month, takes negative changes, and refuses a sheet whose parts do not add up', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('贷款');
    ws.addRow(['2023年7月末镇江市金融机构人民币贷款情况表']);
    ws.addRow(['', '', '', '单位：亿元']);
    ws.addRow(['机构名称', '各项贷款余额', '比年初增减']);
    ws.addRow(['全市合计', 2390.0, -10.5]);
    ws.addRow(['中国工商银行股份有限公司镇江分行', 1190.0, 141.5]);
    ws.addRow(['工行镇江分行', 1200.0, -152]);
    const twice = (await upload(jinrong, url('2023-07', true), Buffer.from(await wb.xlsx.writeBuffer()))).json();
    expect(twice.committed).toBe(false);
    expect(twice.errors.map((e: { row: number; message: string }) => e.row)).toEqual([6]);
    expect(twice.errors[0].message).toContain('工商银行');

    ws.spliceRows(6, 1, ['农行镇江分行', 1200.0, -152]);
    const ok = (await upload(jinrong, url('2023-07', true), Buffer.from(await wb.xlsx.writeBuffer()))).json();
    expect(ok).toMatchObject({ committed: true, errors: [] });
    expect(ok.institutions).toEqual([expect.objectContaining({ name: '中国工商银行股份有限公司镇江分行', matched: '工商银行镇江分行' }), expect.objectContaining({ name: '农行镇江分行', matched: '农业银行镇江分行' })]);
    expect(ok.newInstitutions).toEqual([]);

    ws.spliceRows(4, 1, ['全市合计', 2390.01, -10.5]);
    const off = (await upload(jinrong, url('2023-07', true), Buffer.from(await wb.xlsx.writeBuffer()))).json();
    expect(off.committed).toBe(false);
    expect(off.errors).toEqual([expect.objectContaining({ row: 4, message: expect.stringContaining('2390') })]);
    const july = (await jinrong.get('/api/loan-stats?year=2023')).json().periods.find((p: { period: string }) => p.period === '2023-07');
    expect(july).toMatchObject({ version: 1, balanceYi: 2390, ytdChangeYi: -10.5 });
  });
});

describe('the chain map', () => {
  it('places the list’s enterprises by segment with the gaps and the firms courted, marking those a lead chases', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const map = (await gongxin.get(`/api/chain-map?year=${year}&chainId=${chain['power-equipment']}`)).json();
    expect(map.chain.name).toBe('新型电力装备');
    expect(map.segments.map((s: { segment: string }) => s.segment)).toEqual(['upstream', 'midstream', 'downstream']);
    const upstream = map.segments[0];
    expect(upstream.enterprises.map((e: { name: string }) => e.name)).toContain('江苏某电气股份有限公司');
    expect(upstream.gaps[0]).toMatchObject({ name: '光伏组件与电池片', targets: [{ name: '隆基绿能科技股份有限公司', chased: true, leadStatus: 'following' }, { name: '晶科能源股份有限公司', chased: false, leadStatus: null }] });
    expect(map.segments[2].gaps[0].targets).toEqual([{ name: '宁德时代新能源科技股份有限公司', chased: false, leadStatus: null }]);
    // A lead registered for a courted firm shows up on the map at once (the lead matcher's name key).
    const shangwu = await t.login('shangwu');
    expect((await shangwu.post('/api/leads', { title: '晶科电池片项目', enterpriseName: '晶科能源股份有限公司', source: 'other', firstContactDate: '2026-05-01' })).statusCode).toBe(201);
    const after = (await gongxin.get(`/api/chain-map?year=${year}&chainId=${chain['power-equipment']}`)).json();
    expect(after.segments[0].gaps[0].targets[1]).toEqual({ name: '晶科能源股份有限公司', chased: true, leadStatus: 'new' });
    expect((await icbc.get(`/api/chain-map?year=${year}&chainId=${chain['power-equipment']}`)).statusCode).toBe(200);
    expect((await icbc.get(`/api/chain-map?year=${year}&chainId=${chain['auto-parts']}`)).statusCode).toBe(404);

    expect((await gongxin.put('/api/chain-map/gaps', { chainId: chain['power-equipment'], gaps: [{ segment: 'upstream', name: '高端绝缘材料', targets: ['某绝缘材料股份有限公司'] }] })).statusCode).toBe(204);
    expect((await gongxin.get(`/api/chain-map?year=${year}&chainId=${chain['power-equipment']}`)).json().segments[0].gaps.map((g: { name: string }) => g.name)).toEqual(['高端绝缘材料']);
    expect((await xinqu.put('/api/chain-map/gaps', { chainId: chain['power-equipment'], gaps: [] })).statusCode).toBe(403);
  });
});

describe('financing needs reach the banks of the enterprise’s chains', () => {
  it('shows an enterprise’s 融资 problem to the bank of its chain only, which answers on the problem’s timeline', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    // 江苏某新能源 is on this year's 汽车及零部件 list, which 中国银行 took.
    const raised = await qiye.post('/api/problems', { title: '二期产线项目贷款', category: 'finance', description: '二期电池结构件产线需项目贷款 2 亿元，期限 5 年。' });
    expect(raised.statusCode).toBe(201);
    const id = raised.json().id;
    const forBoc = (await boc.get(`/api/financing-needs?year=${year}`)).json().items;
    expect(forBoc.find((n: { problemId: number }) => n.problemId === id)).toMatchObject({ enterpriseName: '江苏某新能源科技有限公司', chains: ['汽车及零部件'], replies: [] });
    expect((await icbc.get(`/api/financing-needs?year=${year}`)).json().items.map((n: { problemId: number }) => n.problemId)).not.toContain(id);
    expect((await jinrong.get(`/api/financing-needs?year=${year}`)).json().items.map((n: { problemId: number }) => n.problemId)).toContain(id);
    expect((await icbc.post(`/api/financing-needs/${id}/replies?year=${year}`, { text: '可以谈谈' })).statusCode).toBe(404);
    expect((await boc.post(`/api/financing-needs/${id}/replies?year=${year}`, { text: '已安排客户经理对接，拟授信 2 亿元。' })).statusCode).toBe(204);
    const timeline = (await qiye.get(`/api/problems/${id}`)).json().events;
    expect(timeline.at(-1)).toMatchObject({ kind: 'bank_reply', actorUnitName: '中国银行镇江分行', text: '已安排客户经理对接，拟授信 2 亿元。' });
    expect((await boc.get(`/api/financing-needs?year=${year}`)).json().items.find((n: { problemId: number }) => n.problemId === id).replies).toEqual([expect.objectContaining({ bankName: '中国银行镇江分行', by: '中行客户经理' })]);
    // A need that is not about financing is not a bank's to answer.
    const other = (await qiye.post('/api/problems', { title: '用工', category: 'labour', description: '招工难' })).json().id;
    expect((await boc.post(`/api/financing-needs/${other}/replies?year=${year}`, { text: '不相关' })).statusCode).toBe(404);
  });
});

describe('the enterprise registry (企业库)', () => {
  it('finds enterprises by two characters, credit code, pinyin initials or tag, and shows what hangs off one as far as the reader may see', async () => {
    const names = async (who: Agent, q: string) => (await who.get(`/api/enterprise-registry?${q}`)).json().items.map((e: { name: string }) => e.name);
    expect(await names(gongxin, `q=${encodeURIComponent('电气')}`)).toContain('江苏某电气股份有限公司');
    expect(await names(gongxin, 'q=dqjt')).toEqual(['大全集团有限公司']);
    expect(await names(xinqu, 'q=91321100MA1PE0001M')).toEqual(['大全集团有限公司']);
    expect(await names(gongxin, 'tag=chain_leader&pageSize=100')).toEqual(expect.arrayContaining(['大全集团有限公司', '中航工业（镇江）有限公司']));
    const id = (await gongxin.get('/api/enterprise-registry?q=91321191MA1W8XQ03X')).json().items[0].id;
    const forXinqu = (await xinqu.get(`/api/enterprise-registry/${id}`)).json();
    expect(forXinqu).toMatchObject({ name: '江苏某新能源科技有限公司', servingUnitName: '镇江新区', projects: { items: [expect.objectContaining({ code: 'XM2023XQ003', hostUnitName: '新区新材料产业园' })], hidden: 0 } });
    expect(forXinqu.lists.map((l: { year: number; chainName: string }) => l.chainName)).toEqual(['汽车及零部件', '汽车及零部件']);
    expect(forXinqu.tags.map((t: { tag: string }) => t.tag)).toContain('high_tech');
    // The district next door learns the project exists, not what it is.
    const forGaoxin = (await (await t.login('gaoxin')).get(`/api/enterprise-registry/${id}`)).json();
    expect(forGaoxin.projects).toEqual({ items: [], hidden: 1 });
    // Its problems by the problem rules: the serving district reads the enterprise's 用地 problem, the next district only counts it.
    expect(forXinqu.problems.items.map((p: { title: string }) => p.title)).toContain('二期用地指标落实');
    expect(forGaoxin.problems.items).toEqual([]);
    expect(forGaoxin.problems.hidden).toBe(forXinqu.problems.items.length);
    // Credit only for readers of the 金链行动's figures: the leader sees 工行's line to 大全, the chain bureau nothing.
    const daquan = (await gongxin.get('/api/enterprise-registry?q=91321100MA1PE0001M')).json().items[0].id;
    expect((await gongxin.get(`/api/enterprise-registry/${daquan}`)).json().credit).toBeNull();
    expect((await (await t.login('leader')).get(`/api/enterprise-registry/${daquan}`)).json().credit).toEqual([expect.objectContaining({ bankName: '工商银行镇江分行', chainName: '新型电力装备', amountWan: 300000, outstandingWan: 160000 })]);
    expect((await icbc.get('/api/enterprise-registry?q=大全')).statusCode).toBe(403);
    expect((await qiye.get(`/api/enterprise-registry/${id}`)).statusCode).toBe(403);
    expect((await gongxin.get('/api/enterprise-registry/2147483647')).statusCode).toBe(404);
  });

  it('learns the credit codes the ledger and the leads carry, served by the unit that deals with the company, once', async () => {
    const fagai = await t.login('fagai');
    const project = await fagai.post('/api/projects', { name: '企业库同步测试项目', hostUnitId: await t.unitId('ZJGXQ'), totalInvestmentWan: 20000, investorName: '镇江同步测试装备有限公司', investorUscc: '91321100MA1QY00014' });
    expect(project.statusCode, project.body).toBe(201);
    const shangwu = await t.login('shangwu');
    const lead = await shangwu.post('/api/leads', { title: '同步测试线索', enterpriseName: '上海同步测试科技有限公司', uscc: '91310000MA1QY0002H', source: 'other', firstContactDate: '2026-05-01', unitId: await t.unitId('321102') });
    expect(lead.statusCode, lead.body).toBe(201);
    const first = await syncRegistry(t.app.gj);
    expect(first.registered).toBeGreaterThanOrEqual(2);
    expect((await syncRegistry(t.app.gj)).registered).toBe(0);
    const found = async (uscc: string) => (await gongxin.get(`/api/enterprise-registry?q=${uscc}`)).json().items[0];
    expect(await found('91321100MA1QY00014')).toMatchObject({ name: '镇江同步测试装备有限公司', servingUnitName: '镇江高新区' });
    expect(await found('91310000MA1QY0002H')).toMatchObject({ name: '上海同步测试科技有限公司', servingUnitName: '京口区' });
  });
});
