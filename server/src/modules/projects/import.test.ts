import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

const SAMPLE = readFileSync('../shared/samples/镇江新区2023年重点产业项目推进台账.xlsx');

let t: TestApp;
let xinqu: Agent;
let unitId: number;
beforeAll(async () => {
  t = await createTestApp();
  xinqu = await t.login('xinqu');
  // A unit with no demo projects, so the counts are the ledger's own.
  unitId = (await (await t.login('admin')).post('/api/units', { code: 'ZJXQ-IMPORT', name: '新区导入测试园', kind: 'park', parentId: await t.unitId('ZJXQ') })).json().id;
});
afterAll(async () => t.close());

const upload = (agent: Agent, file: Buffer, query: string) =>
  t.app.inject({ method: 'POST', url: `/api/projects/import?${query}`, payload: file, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/octet-stream' } });

describe('importing a real ledger', () => {
  it('dry-runs the sample: 38 projects, rows 34 and 41 rejected with reasons, 441.37亿, nothing written', async () => {
    const res = await upload(xinqu, SAMPLE, `unitId=${unitId}`);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ created: 38, updated: 0, unchanged: 0, committed: false, totalInvestmentWan: 4_413_700 });
    expect(report.errors.map((e: { row: number }) => e.row)).toEqual([34, 41]);
    expect(report.errors[0].message).toBe('项目名称为空');
    expect(report.errors[1]).toMatchObject({ value: '待定', message: expect.stringContaining('“待定”不是项目阶段') });
    expect(report.mapping.find((m: { field: string }) => m.field === 'signedDate').column).toBe('K');
    expect((await xinqu.get(`/api/projects?unitId=${unitId}`)).json().total).toBe(0);
    // Each row shows what was read: 9.87亿 as 98,700 万元, 2022/10/1 as 2022-10-01, 在建 as 开工.
    const row9 = report.outcomes.find((o: { values: { investorName: string } }) => o.values.investorName === '常州源达新材料有限公司');
    expect(row9).toMatchObject({ outcome: 'created', values: { hostUnit: '新区导入测试园', totalInvestment: 98_700, signedDate: '2022-10-01', actualStart: '2023-09-21', stage: 'started' } });
    expect(row9.values).not.toHaveProperty('seq');
    expect(row9).not.toHaveProperty('changes');
  });

  it('commits whole, marks missing milestone dates, and a second import changes nothing', async () => {
    const first = (await upload(xinqu, SAMPLE, `unitId=${unitId}&commit=true`)).json();
    expect(first).toMatchObject({ created: 38, committed: true });
    const list = (await xinqu.get(`/api/projects?unitId=${unitId}&pageSize=100`)).json();
    expect(list.total).toBe(38);
    expect(list.totalInvestmentWan).toBe(4_413_700);
    // Row 9: 9.87亿 read from text; 2022/10/1 signed; 在建 and friends mean 开工 reached.
    const row9 = list.items.find((p: { investorName: string }) => p.investorName === '常州源达新材料有限公司');
    expect(row9).toMatchObject({ totalInvestmentWan: 98_700, signedDate: '2022-10-01', startedDate: '2023-09-21', stage: 'started' });
    const fullWidth = list.items.find((p: { investorName: string }) => p.investorName === '苏州华瑞集团有限公司');
    expect(fullWidth.totalInvestmentWan).toBe(11_400);
    const detail = (await xinqu.get(`/api/projects/${row9.id}`)).json();
    expect(detail.stages.find((s: { stage: string }) => s.stage === 'registered')).toMatchObject({ actualDate: null, actualUnknown: true });
    const second = (await upload(xinqu, SAMPLE, `unitId=${unitId}&commit=true`)).json();
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 38 });
    const audit = await t.app.gj.db.selectFrom('audit_log').select('detail').where('action', '=', 'project.import').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]!.detail!).sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('updates what changed in the ledger and nothing else', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(SAMPLE as unknown as ArrayBuffer);
    workbook.worksheets[0]!.getCell('O6').value = '已完成设备安装';
    const changed = Buffer.from(await workbook.xlsx.writeBuffer());
    const db = t.app.gj.db;
    const stagesOf = (id: number) => db.selectFrom('project_stages').select(['stage', 'planned_date', 'actual_date', 'actual_unknown']).where('project_id', '=', id).orderBy('stage').execute();
    const snapshot = new Map<number, Awaited<ReturnType<typeof stagesOf>>>();
    for (const { id } of await db.selectFrom('projects').select('id').where('host_unit_id', '=', unitId).execute()) snapshot.set(id, await stagesOf(id));
    // The dry run names the change, stored → the file's, beside what it read.
    const dry = (await upload(xinqu, changed, `unitId=${unitId}`)).json();
    const update = dry.outcomes.find((o: { outcome: string }) => o.outcome === 'updated');
    expect(update).toMatchObject({ row: 6, values: { progressText: '已完成设备安装' }, changes: [{ field: 'progressText', from: expect.any(String), to: '已完成设备安装' }] });
    expect(update.changes[0].from).not.toBe('已完成设备安装');
    expect(dry.outcomes.filter((o: { outcome: string }) => o.outcome === 'unchanged').every((o: { values?: object; changes?: unknown }) => o.values && !o.changes)).toBe(true);
    const report = (await upload(xinqu, changed, `unitId=${unitId}&commit=true`)).json();
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 37 });
    // The commit's answer keeps the changes, not every row's reading.
    expect(report.outcomes.find((o: { outcome: string }) => o.outcome === 'updated').changes).toEqual(update.changes);
    expect(report.outcomes.some((o: { values?: object }) => o.values)).toBe(false);
    // The changed project keeps its lifecycle (planned dates the ledger does not carry included) and gains a timeline entry.
    const project = await db.selectFrom('projects').select(['id', 'version']).where('progress_text', '=', '已完成设备安装').executeTakeFirstOrThrow();
    expect(await stagesOf(project.id)).toEqual(snapshot.get(project.id));
    const event = await db.selectFrom('project_events').select(['kind', 'detail']).where('project_id', '=', project.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event.kind).toBe('import');
    expect(JSON.parse(event.detail!).fields).toEqual(['progress_text']);
  });

  it('takes the person’s correction of the guessed column mapping', async () => {
    // Read column O (形象进度) as the remarks instead: the dry run then reports every row as a change.
    const res = (await upload(xinqu, SAMPLE, `unitId=${unitId}&mapping=${encodeURIComponent(JSON.stringify({ O: 'remarks' }))}`)).json();
    expect(res.mapping.find((m: { column: string }) => m.column === 'O').field).toBe('remarks');
    expect(res.updated).toBe(38);
    expect(res.outcomes[0].changes.map((c: { field: string }) => c.field)).toContain('remarks');
  });

  it('shows a changed amount in 万元, stored → read, in the dry run', async () => {
    const first = (await upload(xinqu, SAMPLE, `unitId=${unitId}`)).json();
    const column = first.mapping.find((m: { field: string }) => m.field === 'totalInvestment').column;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(SAMPLE as unknown as ArrayBuffer);
    workbook.worksheets[0]!.getCell(`${column}9`).value = '10亿';
    const dry = (await upload(xinqu, Buffer.from(await workbook.xlsx.writeBuffer()), `unitId=${unitId}`)).json();
    expect(dry.outcomes.find((o: { row: number }) => o.row === 9)).toMatchObject({ outcome: 'updated', values: { totalInvestment: 100_000 }, changes: [{ field: 'totalInvestment', from: 98_700, to: 100_000 }] });
    expect((await upload(xinqu, SAMPLE, `unitId=${unitId}&mapping=${encodeURIComponent('{"O":"nonsense"}')}`)).statusCode).toBe(400);
  });

  it('reads a legacy .xls ledger with a title, a two-row header and merged cells', async () => {
    const rows = [
      ['新区2024年项目台账（旧版 Excel）', null, null, null, null, null],
      ['单位：亿元', null, null, null, null, null],
      ['项目名', '投资方', '计划总投资', '项目进度', '时间节点', null],
      [null, null, null, null, '签约', '实际开工'],
      ['旧格式项目甲', '扬州旧格式有限公司', 2.5, '洽谈中', null, null],
      ['旧格式项目乙', '泰州旧格式有限公司', '1.2亿', '在建', '2024.3.1', '2024年5月6日'],
      ['合计', null, 3.7, null, null, null],
    ];
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    sheet['!merges'] = [
      { s: { r: 0, c: 0 }, e: { r: 0, c: 5 } },
      { s: { r: 2, c: 4 }, e: { r: 2, c: 5 } },
      ...[0, 1, 2, 3].map((c) => ({ s: { r: 2, c }, e: { r: 3, c } })),
    ];
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['说明'], ['本工作簿第二页是台账']]), '说明');
    XLSX.utils.book_append_sheet(book, sheet, '台账');
    const xls = XLSX.write(book, { bookType: 'xls', type: 'buffer' }) as Buffer;
    expect(xls.subarray(0, 4).toString('hex')).toBe('d0cf11e0');
    const street = await t.unitId('ZJXQ-DG');
    const report = (await upload(xinqu, xls, `unitId=${street}`)).json();
    expect(report).toMatchObject({ sheet: '台账', rows: 2, created: 2, errors: [], totalInvestmentWan: 37_000 });
    const ledger = (await upload(xinqu, xls, `unitId=${street}&commit=true`)).json();
    expect(ledger.created).toBe(2);
    const list = (await xinqu.get(`/api/projects?unitId=${street}&q=${encodeURIComponent('旧格式项目乙')}`)).json();
    expect(list.items[0]).toMatchObject({ stage: 'started', signedDate: '2024-03-01', startedDate: '2024-05-06', totalInvestmentWan: 12_000 });
  });

  it('refuses what is not a workbook, and a zip bomb without inflating it', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1000, 1)]);
    const renamed = await upload(xinqu, exe, `unitId=${unitId}`);
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().error.code).toBe('IMPORT_FILE_NOT_EXCEL');
    // A zip whose central directory declares a 500 MB entry.
    const bomb = zipDeclaring(500 * 1024 * 1024);
    const refused = await upload(xinqu, bomb, `unitId=${unitId}`);
    expect(refused.json().error.code).toBe('IMPORT_FILE_BOMB');
    const other = await upload(xinqu, SAMPLE, `unitId=${await t.unitId('ZJGXQ')}`);
    expect(other.json().error.code).toBe('UNIT_NOT_FOUND');
  });
});

describe('importing across units', () => {
  it("refuses a row naming another unit's project code, in the dry run and the commit, and changes nothing", async () => {
    const gaoxin = await t.login('gaoxin');
    const theirs = (await xinqu.get(`/api/projects?q=XM2023XQ001`)).json().items[0];
    expect(theirs.code).toBe('XM2023XQ001');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('台账');
    sheet.addRow(['项目编号', '项目名称', '投资方', '总投资（万元）', '项目阶段']);
    sheet.addRow(['XM2023XQ001', '改名后的项目', '某公司', 1, '竣工']);
    sheet.addRow(['', '高新区自己的新项目', '高新示例企业有限公司', 2000, '签约']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const gxUnit = await t.unitId('ZJGXQ');
    for (const commit of [false, true]) {
      const report = (await upload(gaoxin, file, `unitId=${gxUnit}&commit=${commit}`)).json();
      expect(report).toMatchObject({ created: 1, updated: 0, unchanged: 0, committed: commit });
      expect(report.errors).toEqual([{ row: 2, column: 'A', value: 'XM2023XQ001', message: expect.stringContaining('不能用于本单位') }]);
      // The answer is the same whether or not the code exists: nothing of the other project shows.
      expect(JSON.stringify(report)).not.toContain(theirs.name);
    }
    const after = (await xinqu.get(`/api/projects/${theirs.id}`)).json();
    expect(after).toMatchObject({ name: theirs.name, totalInvestmentWan: theirs.totalInvestmentWan, stage: theirs.stage, version: theirs.version });
    // A code nobody uses is the importer's to take.
    sheet.getCell('A2').value = 'GX-NEW-001';
    const fresh = (await upload(gaoxin, Buffer.from(await book.xlsx.writeBuffer()), `unitId=${gxUnit}`)).json();
    expect(fresh).toMatchObject({ created: 1, unchanged: 1, errors: [] });
  });
});

/** A minimal zip (one stored entry) whose central directory claims `size` uncompressed bytes. */
function zipDeclaring(size: number): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(10, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const body = Buffer.alloc(10);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + name.length, 12);
  eocd.writeUInt32LE(30 + name.length + body.length, 16);
  return Buffer.concat([local, name, body, central, name, eocd]);
}

describe('exporting the ledger', () => {
  it('exports the filtered ledger with formula-like cells defused, and the export imports back unchanged', async () => {
    const district = await t.login('xinqu');
    const p = (await district.post('/api/projects', { name: '=HYPERLINK("http://evil")', investorName: '@恶意公式', hostUnitId: unitId, totalInvestmentWan: 100 })).json();
    // Every column the import reads: the office's title, date line and 合计 row are read past.
    const ledger = 'code,name,investorName,investorUscc,chainName,chainRole,nature,stage,totalInvestmentWan,fixedAssetWan,signedDate,plannedStart,startedDate,leaderName,progressText,remarks';
    const res = await district.get(`/api/projects/export?unitId=${unitId}&columns=${ledger}`);
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(3).getCell(2).value).toBe('项目名称');
    expect(sheet.rowCount).toBe(3 + 39 + 1);
    const names = sheet.getColumn(2).values as string[];
    expect(names).toContain(`'=HYPERLINK("http://evil")`);
    expect(names.some((v) => typeof v === 'object' && v !== null)).toBe(false);
    await district.post(`/api/projects/${p.id}/status`, { status: 'terminated', reason: '测试数据', version: p.version });
    const roundTrip = (await upload(district, res.rawPayload, `unitId=${unitId}`)).json();
    expect(roundTrip.errors).toEqual([]);
    expect(roundTrip).toMatchObject({ created: 0, updated: 0, unchanged: 39 });
    const chosen = await district.get(`/api/projects/export?unitId=${unitId}&columns=code,name`);
    const narrow = new ExcelJS.Workbook();
    await narrow.xlsx.load(chosen.rawPayload as unknown as ArrayBuffer);
    expect(narrow.worksheets[0]!.columnCount).toBe(2);
  });

  it('re-imports a sheet of the screen’s few columns without blanking what the sheet does not have', async () => {
    const district = await t.login('xinqu');
    const created = (
      await district.post('/api/projects', {
        name: '列少回导测试项目',
        investorName: '镇江回导测试有限公司',
        investorUscc: '91321100MA1XYK1238',
        hostUnitId: unitId,
        totalInvestmentWan: 5000,
        leaderName: '李副区长',
        remarks: '需协调用电',
        stage: 'signed',
        stageDates: { signed: { actual: '2026-01-10' } },
      })
    ).json();
    let project = (await district.post(`/api/projects/${created.id}/stage`, { stage: 'registered', actualDate: '2026-02-01', version: created.version })).json();
    project = (await district.post(`/api/projects/${created.id}/stage`, { stage: 'land', actualDate: '2026-03-15', version: project.version })).json();
    expect(project.stage).toBe('land');

    // What the list shows by default: code, name, amount. The office changes the amount and sends it back.
    const res = await district.get(`/api/projects/export?unitId=${unitId}&columns=code,name,totalInvestmentWan`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    let edited = 0;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === project.code) {
        row.getCell(3).value = 6000;
        edited++;
      }
    });
    expect(edited).toBe(1);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const dry = (await upload(district, file, `unitId=${unitId}`)).json();
    expect(dry.errors).toEqual([]);
    expect(dry.created).toBe(0);
    const mine = dry.outcomes.find((o: { code: string }) => o.code === project.code);
    expect(mine).toMatchObject({ outcome: 'updated', changes: [{ field: 'totalInvestment', from: 5000, to: 6000 }] });
    expect(dry.updated).toBe(1);
    expect((await upload(district, file, `unitId=${unitId}&commit=true`)).json()).toMatchObject({ committed: true, updated: 1, created: 0 });

    const after = (await district.get(`/api/projects/${created.id}`)).json();
    expect(after).toMatchObject({ totalInvestmentWan: 6000, investorName: '镇江回导测试有限公司', investorUscc: '91321100MA1XYK1238', leaderName: '李副区长', remarks: '需协调用电', stage: 'land' });
    const dates = Object.fromEntries(after.stages.map((x: { stage: string; actualDate: string | null }) => [x.stage, x.actualDate]));
    expect(dates).toMatchObject({ signed: '2026-01-10', registered: '2026-02-01', land: '2026-03-15' });
  });

  it('offers a template whose dropdowns come from the dictionaries', async () => {
    const res = await xinqu.get('/api/projects/template');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('项目台账')!;
    const stageColumn = (sheet.getRow(1).values as string[]).indexOf('项目阶段');
    expect(sheet.getCell(2, stageColumn).dataValidation).toMatchObject({ type: 'list' });
    expect(workbook.getWorksheet('字典')!.getCell('A6').value).toBe('开工');
  });
});
