import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

/** The ledger export as an office sends it upward: title, date line, the screen's columns, 合计, print setup. */
let t: TestApp;
let xinqu: Agent;
let parkId: number;
const AT = new Date('2026-06-15T17:30:00Z'); // 2026-06-16 in China
beforeAll(async () => {
  t = await createTestApp({ start: AT });
  xinqu = await t.login('xinqu');
  // A park with only this test's projects, so the totals are a hand count.
  parkId = (await (await t.login('admin')).post('/api/units', { code: 'ZJXQ-EXPORT', name: '新区导出测试园', kind: 'park', parentId: await t.unitId('ZJXQ') })).json().id;
  const planned = { started: { planned: '2026-09-01' }, completed: { planned: '2027-09-01' }, producing: { planned: '2027-12-01' } };
  for (const p of [
    { name: '导出测试甲项目', investorName: '镇江导出甲有限公司', investorUscc: '91321100MA1XYK1238', totalInvestmentWan: 1234.5678, fixedAssetWan: 1000, stageDates: planned },
    { name: '导出测试乙项目', investorName: '镇江导出乙有限公司', totalInvestmentWan: 100 },
    { name: '导出测试丙项目', investorName: '镇江导出丙有限公司', totalInvestmentWan: 20000.01, fixedAssetWan: 0.5 },
  ]) {
    const res = await xinqu.post('/api/projects', { ...p, hostUnitId: parkId, stage: 'signed' });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => t.close());

async function sheetOf(payload: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

/** The header row's names and the data rows as header → value (the 合计 row excluded). */
function table(sheet: ExcelJS.Worksheet) {
  const header = (sheet.getRow(3).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  for (let r = 4; r < sheet.rowCount; r++) rows.push(Object.fromEntries(header.map((h, i) => [h, sheet.getRow(r).getCell(i + 1).value])));
  const total = Object.fromEntries(header.map((h, i) => [h, sheet.getRow(sheet.rowCount).getCell(i + 1).value]));
  return { header, rows, total };
}

describe('exporting the ledger as an office report', () => {
  it('titles it with the unit, dates it in China, says 单位：万元, shows the chosen columns as the screen names them, and totals them', async () => {
    const columns = 'code,name,investorName,investorUscc,stage,totalInvestmentWan,fixedAssetWan,plannedStart,plannedProduction,progressText';
    const res = await xinqu.get(`/api/projects/export?unitId=${parkId}&columns=${columns}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('项目台账-2026-06-16.xlsx'));
    const sheet = await sheetOf(res.rawPayload);
    expect(sheet.name).toBe('项目台账');
    expect(sheet.getCell('A1').value).toBe('新区导出测试园 重点项目台账');
    expect(sheet.getCell('A1').isMerged && sheet.getCell('J1').isMerged).toBe(true);
    expect(sheet.getCell('A2').value).toBe('导出单位：镇江新区　　导出日期：2026年6月16日');
    expect(sheet.getCell('J2').value).toBe('单位：万元');
    expect(sheet.getCell('J2').alignment).toMatchObject({ horizontal: 'right' });
    const { header, rows, total } = table(sheet);
    expect(header).toEqual(['项目编号', '项目名称', '投资方', '统一社会信用代码', '阶段', '总投资（万元）', '固定资产投资（万元）', '计划开工', '计划投产', '形象进度']);
    expect(rows).toHaveLength(3);
    const first = rows.find((r) => r['项目名称'] === '导出测试甲项目')!;
    expect(first).toMatchObject({ 投资方: '镇江导出甲有限公司', 统一社会信用代码: '91321100MA1XYK1238', 阶段: '签约', '总投资（万元）': 1234.5678, '固定资产投资（万元）': 1000, 计划开工: '2026-09-01', 计划投产: '2027-12-01' });
    // Money stays a number, shown with thousands separators and two decimals.
    const moneyCell = sheet.getRow(4).getCell(6);
    expect(typeof moneyCell.value).toBe('number');
    expect(moneyCell.numFmt).toBe('#,##0.00');
    // 合计: the count, and the sums by hand: 1234.5678 + 100 + 20000.01; 1000 + 0.5 (乙 has none).
    expect(total['项目编号']).toBe('合计（3个项目）');
    expect(total['总投资（万元）']).toBe(21334.5778);
    expect(total['固定资产投资（万元）']).toBe(1000.5);
    expect(sheet.getRow(sheet.rowCount).getCell(6).numFmt).toBe('#,##0.00');
    // The list's own total agrees.
    expect((await xinqu.get(`/api/projects?unitId=${parkId}`)).json().totalInvestmentWan).toBe(21334.5778);
  });

  it('freezes the header, sizes the columns and prints landscape, one page wide, the header on every page', async () => {
    const sheet = await sheetOf((await xinqu.get(`/api/projects/export?unitId=${parkId}&columns=name,totalInvestmentWan`)).rawPayload);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getColumn(1).width).toBe(36);
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
  });

  it('without columns, exports the columns the role sees by default: a district by investor, the city by unit', async () => {
    expect(table(await sheetOf((await xinqu.get(`/api/projects/export?unitId=${parkId}`)).rawPayload)).header).toEqual(['项目名称', '投资方', '产业链', '阶段', '总投资（万元）', '签约日期', '开工日期', '包挂领导']);
    const fagai = await t.login('fagai');
    expect(table(await sheetOf((await fagai.get(`/api/projects/export?unitId=${parkId}`)).rawPayload)).header).toEqual(['项目名称', '属地单位', '产业链', '阶段', '状态', '总投资（万元）', '签约日期', '开工日期', '包挂领导']);
  });

  it('speaks English when the page does: headers, title, date line and values', async () => {
    for (const [query, headers] of [['&lang=en-US', {}], ['', { 'accept-language': 'en-US,en;q=0.9' }]] as const) {
      const res = await xinqu.get(`/api/projects/export?unitId=${parkId}&columns=name,stage,totalInvestmentWan,plannedStart${query}`, headers);
      const sheet = await sheetOf(res.rawPayload);
      expect(sheet.name).toBe('Projects');
      expect(sheet.getCell('A1').value).toBe('新区导出测试园 — Project ledger');
      expect(sheet.getCell('A2').value).toBe('Exported by: 镇江新区    Date: 2026-06-16');
      expect(sheet.getCell('D2').value).toBe('Unit: 10k CNY (万元)');
      const { header, rows, total } = table(sheet);
      expect(header).toEqual(['Project', 'Stage', 'Total (10k CNY)', 'Planned start']);
      expect(rows.map((r) => r.Stage)).toEqual(['Signed', 'Signed', 'Signed']);
      expect(total.Project).toBe('Total (3 projects)');
    }
  });

  it('refuses a column outside the list, 400 naming the field', async () => {
    const res = await xinqu.get(`/api/projects/export?columns=code,password_hash`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([expect.objectContaining({ field: 'columns', message: '含有不能导出的列，请从列设置中选择。' })]);
    expect((await xinqu.get(`/api/projects/export?columns=${encodeURIComponent('name,x')}`, { 'accept-language': 'en-US' })).json().error.details[0].message).toContain('cannot be exported');
  });

  it('lets the city leader export what it can read: the park filtered, the whole city unfiltered, titled with the unit read', async () => {
    const leader = await t.login('leader');
    const park = await leader.get(`/api/projects/export?unitId=${parkId}&columns=name,investorName,totalInvestmentWan`);
    expect(park.statusCode).toBe(200);
    const sheet = await sheetOf(park.rawPayload);
    expect(sheet.getCell('A1').value).toBe('新区导出测试园 重点项目台账');
    expect(table(sheet).rows.map((r) => r['项目名称']).sort()).toEqual(['导出测试丙项目', '导出测试乙项目', '导出测试甲项目']);
    const city = table(await sheetOf((await leader.get('/api/projects/export?columns=name,hostUnitName')).rawPayload));
    expect(city.rows.length).toBe((await leader.get('/api/projects')).json().total);
  });

  it('gives the district next door nothing of ours: filtered on our park it gets an empty ledger under its own name', async () => {
    const gaoxin = await t.login('gaoxin');
    const res = await gaoxin.get(`/api/projects/export?unitId=${parkId}&columns=name,investorName,totalInvestmentWan`);
    expect(res.statusCode).toBe(200);
    const sheet = await sheetOf(res.rawPayload);
    expect(sheet.getCell('A1').value).toBe('镇江高新区 重点项目台账');
    expect(table(sheet).rows).toEqual([]);
    expect(table(sheet).total).toMatchObject({ 项目名称: '合计（0个项目）', '总投资（万元）': 0 });
    expect(res.rawPayload.includes(Buffer.from('新区导出测试园'))).toBe(false);
    // Unfiltered, it gets its own projects only: as many as its list, none of ours.
    const own = table(await sheetOf((await gaoxin.get('/api/projects/export?columns=name,hostUnitName')).rawPayload));
    expect(own.rows.length).toBe((await gaoxin.get('/api/projects')).json().total);
    expect(own.rows.some((r) => String(r['项目名称']).startsWith('导出测试'))).toBe(false);
  });

  it('writes 形象进度 from the newest monthly report that has one, else the ledger’s own words', async () => {
    const db = t.app.gj.db;
    const reported = await db
      .selectFrom('dispatch_reports as r')
      .innerJoin('dispatch_periods as dp', 'dp.id', 'r.period_id')
      .innerJoin('projects as p', 'p.id', 'r.project_id')
      .select(['p.id', 'p.code', 'dp.period', 'r.progress_text'])
      .where('r.is_current', '=', 1)
      .where('r.progress_text', 'is not', null)
      .orderBy('dp.period', 'desc')
      .execute();
    expect(reported.length).toBeGreaterThan(0);
    const project = reported[0]!;
    await db.updateTable('projects').set({ progress_text: '台账里的旧进度' }).where('id', '=', project.id).execute();
    const fagai = await t.login('fagai');
    const sheet = await sheetOf((await fagai.get(`/api/projects/export?q=${project.code}&columns=code,progressText`)).rawPayload);
    const row = table(sheet).rows.find((r) => r['项目编号'] === project.code)!;
    expect(row['形象进度']).toBe(project.progress_text);
    const own = table(await sheetOf((await xinqu.get(`/api/projects/export?unitId=${parkId}&columns=name,progressText`)).rawPayload));
    expect(own.rows.every((r) => r['形象进度'] === null)).toBe(true);
  });
});
