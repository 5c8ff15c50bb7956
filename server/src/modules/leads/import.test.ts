import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let gaoxin: Agent;
let gaoxinUnit: number;
beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-06-12T02:00:00Z') });
  gaoxin = await t.login('gaoxin');
  gaoxinUnit = await t.unitId('ZJGXQ');
});
afterAll(async () => t.close());

/** A lead ledger as an office keeps it: a title, a 单位 line, synonyms, sections, a total and notes. */
async function ledger(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('说明').addRow(['本表由高新区招商局维护']);
  const ws = wb.addWorksheet('线索台账');
  ws.addRow(['镇江高新区2026年招商引资线索台账']);
  ws.addRow(['填报单位：高新区招商局', '', '', '单位：亿元']);
  ws.addRow(['序号', '企业名称', '意向项目', '投资额', '信息来源', '首次对接时间', '联系人', '联系电话', '状态', '备注']);
  ws.addRow(['一、内资线索']);
  ws.addRow([1, '示例一新材料有限公司', '高性能膜材料项目', 5.5, '上海驻点', '2026年3月5日', '张三', '13900000001', '跟进中', '']);
  ws.addRow([2, 'ＡＢＣ精密机械有限公司', '精密部件项目', '8000万', '展会', '2026/4/1', '李四', '', '洽谈中', '']);
  ws.addRow([3, '博世汽车部件有限公司', '电驱二期', '3亿', '中介机构', '2026.5.6', '', '', '', '新区已在对接']);
  ws.addRow([4, '', '无名项目', 1, '展会', '2026-05-07', '', '', '', '']);
  ws.addRow([5, '示例五科技有限公司', '数据中心', '一个亿', '展会', '2026-05-08', '', '', '', '']);
  ws.addRow([6, '示例六装备有限公司', '装备基地', 2, '展会', '2026-05-09', '', '', '已签约', '']);
  ws.addRow(['合计', '', '', 17.3]);
  ws.addRow(['注：投资额为企业意向。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(agent: Agent, url: string, body: Buffer) {
  return t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/octet-stream', cookie: agent.cookie, 'x-csrf-token': agent.csrfToken } });
}

describe('leads: Excel import through the project ledger’s machinery', () => {
  it('dry-runs row by row (conflicts included), writes nothing, then commits all accepted rows and re-imports as unchanged', async () => {
    const file = await ledger();
    const before = (await gaoxin.get('/api/leads?pageSize=200')).json().total;
    const dry = await upload(gaoxin, `/api/leads/import?unitId=${gaoxinUnit}`, file);
    expect(dry.statusCode).toBe(200);
    const report = dry.json();
    expect(report).toMatchObject({ sheet: '线索台账', rows: 6, created: 3, updated: 0, unchanged: 0, committed: false, totalInvestmentWan: 93000 });
    expect(report.errors.map((e: { row: number }) => e.row)).toEqual([8, 9, 10]);
    expect(report.errors[1]).toMatchObject({ row: 9, column: 'D（投资额）', value: '一个亿' });
    expect(report.errors[2].message).toContain('转为项目');
    // 镇江新区 registered 博世 in the demo: the row is accepted and reported as the conflict it will be.
    expect(report.outcomes.find((o: { row: number }) => o.row === 7).note).toMatch(/^撞车：该企业已由镇江新区于\d{4}-\d{2}-\d{2}登记$/);
    expect((await gaoxin.get('/api/leads?pageSize=200')).json().total).toBe(before);

    const commit = (await upload(gaoxin, `/api/leads/import?unitId=${gaoxinUnit}&commit=true`, file)).json();
    expect(commit).toMatchObject({ committed: true, created: 3 });
    const list = (await gaoxin.get('/api/leads?pageSize=200&q=示例一')).json().items;
    expect(list[0]).toMatchObject({ enterpriseName: '示例一新材料有限公司', estimatedInvestmentWan: 55000, source: 'office_shanghai', firstContactDate: '2026-03-05', status: 'following' });
    const abc = (await gaoxin.get('/api/leads?pageSize=200&q=精密部件')).json().items[0];
    expect(abc).toMatchObject({ estimatedInvestmentWan: 8000, status: 'negotiating' });
    const detail = (await gaoxin.get(`/api/leads/${list[0].id}`)).json();
    expect(detail.contactPhoneMasked).toBe('139****0001');
    const audit = await t.app.gj.db.selectFrom('audit_log').select('detail').where('action', '=', 'lead.import').executeTakeFirstOrThrow();
    expect(audit.detail).toContain(commit.fileSha256);

    const again = (await upload(gaoxin, `/api/leads/import?unitId=${gaoxinUnit}&commit=true`, file)).json();
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('round-trips its own export: every lead comes back unchanged', async () => {
    // The columns the import reads; the office's title, date line and 合计 row are read past.
    const exported = await gaoxin.get('/api/leads/export?columns=code,title,enterpriseName,uscc,home,chain,source,estimated,foreign,status,firstContactDate,contactName,nextStep,nextStepDate,remarks');
    const report = (await upload(gaoxin, `/api/leads/import?unitId=${gaoxinUnit}`, exported.rawPayload)).json();
    expect(report.errors).toEqual([]);
    expect(report.created).toBe(0);
    expect(report.unchanged).toBe(report.rows);
  });

  it('re-imports a sheet of few columns without blanking the ones it does not have', async () => {
    const before = (await gaoxin.get('/api/leads?pageSize=100')).json().items as { id: number }[];
    const details = await Promise.all(before.map(async (l) => (await gaoxin.get(`/api/leads/${l.id}`)).json()));
    const exported = await gaoxin.get('/api/leads/export?columns=code,title,enterpriseName');
    const report = (await upload(gaoxin, `/api/leads/import?unitId=${gaoxinUnit}&commit=true`, exported.rawPayload)).json();
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ created: 0, updated: 0 });
    const after = await Promise.all(before.map(async (l) => (await gaoxin.get(`/api/leads/${l.id}`)).json()));
    const kept = (d: Record<string, unknown>) => ({ uscc: d.uscc, remarks: d.remarks, nextStep: d.nextStep, contactName: d.contactName, firstContactDate: d.firstContactDate, source: d.source, estimatedInvestmentWan: d.estimatedInvestmentWan, version: d.version });
    expect(after.map(kept)).toEqual(details.map(kept));
    expect(details.some((d) => d.remarks || d.nextStep || d.contactName)).toBe(true);
  });

  it('refuses another unit, and files that are not spreadsheets', async () => {
    expect((await upload(gaoxin, `/api/leads/import?unitId=${await t.unitId('ZJXQ')}`, await ledger())).json().error.code).toBe('UNIT_NOT_FOUND');
    expect((await upload(gaoxin, `/api/leads/import?unitId=${gaoxinUnit}`, Buffer.from('MZ not a spreadsheet'))).statusCode).toBe(400);
    const template = await gaoxin.get('/api/leads/template');
    expect(template.statusCode).toBe(200);
    expect(template.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('re-checks ownership when a re-import changes a lead’s credit code, and refuses a code of another unit’s lead', async () => {
    const xinqu = await t.login('xinqu');
    const first = (await xinqu.post('/api/leads', { title: '信用代码项目', enterpriseName: '先登记示例电子有限公司', uscc: '91321100MA1X00001Q', source: 'expo', firstContactDate: '2026-06-01' })).json();
    expect(first.conflict).toBeNull();
    t.clock.advanceMinutes(5);
    const book = async (uscc: string, code = '') => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('线索台账');
      ws.addRow(['线索编号', '企业名称', '统一社会信用代码', '意向项目', '线索来源', '首次接洽日期']);
      ws.addRow([code, '后改代码示例有限公司', uscc, '改码项目', '展会', '2026-06-02']);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const created = (await upload(gaoxin, `/api/leads/import?unitId=${gaoxinUnit}&commit=true`, await book(''))).json();
    expect(created).toMatchObject({ created: 1, errors: [] });
    const mine = (await gaoxin.get(`/api/leads?q=${encodeURIComponent('后改代码示例')}`)).json().items[0];
    expect(mine.inConflict).toBe(false);
    // The same row, now carrying the credit code 镇江新区 registered first: the import is a
    // re-registration of that company, exactly as the form's edit is.
    const dry = (await upload(gaoxin, `/api/leads/import?unitId=${gaoxinUnit}`, await book('91321100MA1X00001Q'))).json();
    expect(dry.outcomes).toEqual([expect.objectContaining({ outcome: 'updated', note: expect.stringContaining('撞车：该企业已由镇江新区') })]);
    const committed = (await upload(gaoxin, `/api/leads/import?unitId=${gaoxinUnit}&commit=true`, await book('91321100MA1X00001Q'))).json();
    expect(committed.updated).toBe(1);
    const after = (await gaoxin.get(`/api/leads/${mine.id}`)).json();
    expect(after).toMatchObject({ inConflict: true, uscc: '91321100MA1X00001Q', conflict: { ownerUnitName: '镇江新区' }, credits: [] });
    // A code of 镇江新区's lead names someone else's lead: a row error, nothing created or changed.
    const foreign = (await upload(gaoxin, `/api/leads/import?unitId=${gaoxinUnit}`, await book('', first.code))).json();
    expect(foreign).toMatchObject({ created: 0, updated: 0 });
    expect(foreign.errors).toEqual([expect.objectContaining({ row: 2, column: 'A', message: expect.stringContaining('不属于本单位') })]);
  });
});
