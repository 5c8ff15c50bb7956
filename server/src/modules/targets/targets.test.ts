import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

const SAMPLE = readFileSync('../shared/samples/2023年度项目攻坚目标任务分解表.xlsx');

let t: TestApp;
let shangwu: Agent;
let xinqu: Agent;

const upload = (agent: Agent, url: string, file: Buffer, lang = 'zh-CN') =>
  t.app.inject({ method: 'POST', url, payload: file, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/octet-stream', 'accept-language': lang } });

const versionsOf = async (year: number) => (await t.app.gj.db.selectFrom('target_versions').select(['id', 'unit_id', 'indicator_code', 'value']).where('year', '=', year).orderBy('id').execute()).length;

/** A 目标任务分解表 as offices also send it: title, 单位 line in 亿元, a two-row header, short names, a percent-formatted cell. */
async function sheet(rows: (string | number | null)[][], options: { percentCells?: string[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('分解表');
  ws.addRow(['2024年度目标任务分解表']);
  ws.mergeCells('A1:F1');
  ws.addRow(['', '', '', '', '', '单位：亿元、个、%']);
  ws.addRow(['地区', '新签约亿元以上项目', '新签约亿元以上项目', '新开工亿元以上项目', '“四群八链”项目占比', '完成投资']);
  ws.addRow(['地区', '总数', '其中：10亿元以上', '新开工亿元以上项目', '“四群八链”项目占比', '完成投资']);
  ws.mergeCells('B3:C3');
  for (const row of rows) ws.addRow(row);
  ws.addRow(['合计']);
  ws.addRow(['说明：亿元以上项目按内资1亿元、外资1000万美元口径统计。']);
  for (const ref of options.percentCells ?? []) ws.getCell(ref).numFmt = '0%';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2023-07-10T02:00:00Z') });
  shangwu = await t.login('shangwu');
  xinqu = await t.login('xinqu');
});
afterAll(async () => t.close());

describe('targets', () => {
  it('imports the sample sheet: a dry run writes nothing, the commit gives the README figures, a re-import changes nothing', async () => {
    const dry = await upload(shangwu, '/api/targets/import?year=2023', SAMPLE);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ rows: 8, units: 8, changed: 40, committed: false, errors: [] });
    expect(await versionsOf(2023)).toBe(0);

    const done = (await upload(shangwu, '/api/targets/import?year=2023&dryRun=false', SAMPLE)).json();
    expect(done).toMatchObject({ rows: 8, units: 8, changed: 40, unchanged: 0, committed: true, errors: [] });
    expect(done.items.map((i: { unitName: string }) => i.unitName)).toEqual(['镇江新区', '镇江高新区', '京口区', '润州区', '丹徒区', '丹阳市', '句容市', '扬中市']);
    expect(await versionsOf(2023)).toBe(40);

    const table = (await xinqu.get('/api/targets?year=2023')).json();
    expect(table.indicators.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['signed_100m', 'signed_1b', 'started_100m', 'chain_share', 'investment_wan']));
    const xq = table.units.find((u: { unitName: string }) => u.unitName === '镇江新区');
    expect(xq.targets).toEqual({ signed_100m: 72, signed_1b: 12, started_100m: 40, chain_share: 70, investment_wan: 3_000_000 });
    expect(table.units.find((u: { unitName: string }) => u.unitName === '扬中市').targets).toMatchObject({ signed_100m: 25, investment_wan: 800_000 });

    const again = (await upload(shangwu, '/api/targets/import?year=2023&dryRun=false', SAMPLE)).json();
    expect(again).toMatchObject({ rows: 8, units: 8, changed: 0, unchanged: 40, committed: true });
    expect(await versionsOf(2023)).toBe(40);

    const audit = await t.app.gj.db.selectFrom('audit_log').select(['action']).where('action', 'like', 'target.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['target.import-dry-run', 'target.set', 'target.import']));
  });

  it('reads a two-row header, 亿元 by the 单位 line, short names and a cell formatted as a percent', async () => {
    const file = await sheet([
      ['丹阳', 40, 6, 20, 0.65, 180],
      ['镇江市京口区', 20, 2, 10, '60%', 85.5],
    ], { percentCells: ['E5'] });
    const report = (await upload(shangwu, '/api/targets/import?year=2024&dryRun=false', file)).json();
    expect(report).toMatchObject({ rows: 2, units: 2, committed: true, errors: [] });
    expect(report.mapping.filter((m: { field: string | null }) => m.field).map((m: { field: string }) => m.field)).toEqual(['unit', 'signed_100m', 'signed_1b', 'started_100m', 'chain_share', 'investment_wan']);
    expect(report.items).toEqual([
      expect.objectContaining({ unitName: '丹阳市', targets: { signed_100m: 40, signed_1b: 6, started_100m: 20, chain_share: 65, investment_wan: 1_800_000 } }),
      expect.objectContaining({ unitName: '京口区', targets: { signed_100m: 20, signed_1b: 2, started_100m: 10, chain_share: 60, investment_wan: 855_000 } }),
    ]);
  });

  it('reports every bad row (unknown unit, not a number, negative, a unit twice) and commits nothing', async () => {
    const before = await versionsOf(2025);
    const file = await sheet([
      ['镇江新区', 70, 10, 40, 70, 300],
      ['火星区', 1, 1, 1, 70, 1],
      ['镇江高新区', '三十', 5, 18, 70, 120],
      ['句容市', 35, -5, 20, 70, 150],
      ['扬中市', 25, 3, 14, 170, 80],
      ['新区', 1, 1, 1, 70, 1],
    ]);
    const res = await upload(shangwu, '/api/targets/import?year=2025&dryRun=false', file);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ rows: 6, units: 1, committed: false, changed: 0 });
    expect(report.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [6, 'A（地区）'],
      [7, 'B（总数）'],
      [8, 'C（其中:10亿元以上）'],
      [9, 'E（“四群八链”项目占比）'],
      [10, 'A（地区）'],
    ]);
    expect(report.errors[0]).toMatchObject({ value: '火星区', message: expect.stringContaining('找不到') });
    expect(report.errors[1]).toMatchObject({ value: '三十', message: expect.stringContaining('个数无法识别') });
    expect(report.errors[2]).toMatchObject({ value: '-5', message: '目标值不能为负数' });
    expect(report.errors[4].message).toContain('第 5 行');
    expect(await versionsOf(2025)).toBe(before);
    // The same rows in English.
    const en = (await upload(shangwu, '/api/targets/import?year=2025', file, 'en-US')).json();
    expect(en.errors[0].message).toContain('no unit with targets named "火星区"');
  });

  it('a district officer reads every unit’s targets but cannot set or import them', async () => {
    expect((await xinqu.get('/api/targets?year=2023')).statusCode).toBe(200);
    expect((await xinqu.get('/api/indicators')).json().items).toHaveLength(11);
    const unitId = await t.unitId('ZJXQ');
    expect((await xinqu.put('/api/targets', { year: 2023, items: [{ unitId, indicatorCode: 'signed_100m', value: 1 }] })).statusCode).toBe(403);
    expect((await upload(xinqu, '/api/targets/import?year=2023&dryRun=false', SAMPLE)).statusCode).toBe(403);
    const icbc = await t.login('icbc');
    expect((await icbc.get('/api/targets?year=2023')).statusCode).toBe(403);
  });

  it('a new value is a new version: the old one is kept, the new one is in force', async () => {
    const unitId = await t.unitId('ZJXQ');
    const res = await shangwu.put('/api/targets', { year: 2023, items: [{ unitId, indicatorCode: 'signed_100m', value: 80 }, { unitId, indicatorCode: 'signed_1b', value: 12 }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ changed: 1 });
    const versions = await t.app.gj.db.selectFrom('target_versions').select(['value', 'source']).where('unit_id', '=', unitId).where('year', '=', 2023).where('indicator_code', '=', 'signed_100m').orderBy('id').execute();
    expect(versions).toEqual([{ value: '72', source: 'import' }, { value: '80', source: 'form' }]);
    const xq = (await xinqu.get('/api/targets?year=2023')).json().units.find((u: { unitId: number }) => u.unitId === unitId);
    expect(xq.targets.signed_100m).toBe(80);
    // Withdrawn: absent from the table, the history kept.
    expect((await shangwu.put('/api/targets', { year: 2023, items: [{ unitId, indicatorCode: 'signed_1b', value: null }] })).json()).toEqual({ changed: 1 });
    expect((await xinqu.get('/api/targets?year=2023')).json().units.find((u: { unitId: number }) => u.unitId === unitId).targets.signed_1b).toBeUndefined();
    const bad = await shangwu.put('/api/targets', { year: 2023, items: [{ unitId, indicatorCode: 'chain_share', value: 170 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('TARGET_VALUE_BAD');
  });
});

describe('demo targets', () => {
  it('the seed sets this year’s targets of the eight districts and zones through the one write path', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const table = (await xinqu.get(`/api/targets?year=${year}`)).json();
    const withTargets = table.units.filter((u: { targets: object }) => Object.keys(u.targets).length);
    expect(withTargets).toHaveLength(8);
    expect(withTargets.find((u: { unitName: string }) => u.unitName === '镇江新区').targets).toEqual({ signed_100m: 12, signed_1b: 2, started_100m: 6, chain_share: 70, investment_wan: 160_000 });
    const sources = await t.app.gj.db.selectFrom('target_versions').select('source').distinct().where('year', '=', year).execute();
    expect(sources).toEqual([{ source: 'seed' }]);
  });
});
