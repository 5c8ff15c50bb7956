import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';

/** The lead ledger export as an office sends it upward: title, date line, the screen's columns, 合计. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-06-12T02:00:00Z') });
});
afterAll(async () => t.close());

async function table(payload: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(3).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  for (let r = 4; r < sheet.rowCount; r++) rows.push(Object.fromEntries(header.map((h, i) => [h, sheet.getRow(r).getCell(i + 1).value])));
  const total = Object.fromEntries(header.map((h, i) => [h, sheet.getRow(sheet.rowCount).getCell(i + 1).value]));
  return { sheet, header, rows, total };
}

/** Every code of a list, page by page. */
async function listCodes(agent: Awaited<ReturnType<TestApp['login']>>): Promise<{ codes: string[]; totalWan: number }> {
  const codes: string[] = [];
  let totalWan = 0;
  for (let page = 1; ; page++) {
    const body = (await agent.get(`/api/leads?page=${page}&pageSize=200`)).json();
    codes.push(...body.items.map((l: { code: string }) => l.code));
    totalWan = body.totalInvestmentWan;
    if (codes.length >= body.total) return { codes, totalWan };
  }
}

describe('exporting the leads as an office report', () => {
  it('lets the leader export what the leader reads: every lead of the city, totalled as counted by hand', async () => {
    const leader = await t.login('leader');
    const res = await leader.get('/api/leads/export?columns=code,title,unitName,estimated,foreign,status,due');
    expect(res.statusCode).toBe(200);
    const { sheet, header, rows, total } = await table(res.rawPayload);
    expect(sheet.getCell('A1').value).toBe('镇江市 招商线索台账');
    expect(sheet.getCell('A2').value).toBe('导出单位：镇江市　　导出日期：2026年6月12日');
    expect(sheet.getCell('G2').value).toBe('单位：万元');
    expect(header).toEqual(['线索编号', '意向项目', '承办单位', '预计投资（万元）', '预计外资（万美元）', '状态', '下一时限']);
    const list = await listCodes(leader);
    expect(rows.map((r) => r['线索编号']).sort()).toEqual([...list.codes].sort());
    // By hand, in whole yuan: the 合计 row and the list's own total agree.
    const handYuan = rows.reduce((sum, r) => sum + Math.round(Number(r['预计投资（万元）'] ?? 0) * 10_000), 0);
    expect(total['线索编号']).toBe(`合计（${rows.length}条线索）`);
    expect(Math.round(Number(total['预计投资（万元）']) * 10_000)).toBe(handYuan);
    expect(Math.round(list.totalWan * 10_000)).toBe(handYuan);
    expect(sheet.getRow(4).getCell(4).numFmt).toBe('#,##0.00');
    expect(rows.some((r) => /^(响应|研判|反馈|进展更新) \d{4}-\d{2}-\d{2}/.test(String(r['下一时限'])))).toBe(true);
  });

  it('gives the district next door only its own leads, under its own name', async () => {
    const gaoxin = await t.login('gaoxin');
    const res = await gaoxin.get(`/api/leads/export?unitId=${await t.unitId('ZJXQ')}&columns=code,title`);
    const filtered = await table(res.rawPayload);
    expect(filtered.sheet.getCell('A1').value).toBe('镇江高新区 招商线索台账');
    expect(filtered.rows).toEqual([]);
    const own = await table((await gaoxin.get('/api/leads/export')).rawPayload);
    // A district's default: the list's columns without the unit.
    expect(own.header).toEqual(['意向项目', '企业名称', '线索来源', '预计投资（万元）', '状态', '下一时限', '首次接洽']);
    expect(own.rows.length).toBe((await listCodes(gaoxin)).codes.length);
  });

  it('speaks English when asked, and refuses a column outside the list', async () => {
    const xinqu = await t.login('xinqu');
    const { sheet, header, total } = await table((await xinqu.get('/api/leads/export?columns=title,source,estimated&lang=en-US')).rawPayload);
    expect(sheet.getCell('A1').value).toBe('镇江新区 — Investment leads');
    expect(header).toEqual(['Intended project', 'Source', 'Estimated (10k CNY)']);
    expect(String(total['Intended project'])).toMatch(/^Total \(\d+ leads\)$/);
    const refused = await xinqu.get('/api/leads/export?columns=title,contactPhone');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].field).toBe('columns');
  });
});
