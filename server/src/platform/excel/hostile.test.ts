import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { buildZip, xlsxWithSheet } from '../../../test/zip-builder.js';
import { ZipReader } from './zip.js';

/**
 * Hostile workbooks against both ledger imports: each is refused (or read) without allocating
 * its declared size, and /healthz keeps answering while it is read.
 */
let t: TestApp;
let xinqu: Agent;
let unitId: number;
beforeAll(async () => {
  t = await createTestApp();
  xinqu = await t.login('xinqu');
  unitId = await t.unitId('ZJXQ');
});
afterAll(async () => t.close());

const upload = async (kind: 'projects' | 'leads' | 'dispatch', file: Buffer) => {
  // The monthly sheet goes into the demo's open period (this month's).
  const period = kind === 'dispatch' ? (await t.app.gj.db.selectFrom('dispatch_periods').select('period').orderBy('period', 'desc').executeTakeFirstOrThrow()).period : '';
  return t.app.inject({ method: 'POST', url: `/api/${kind}/import?unitId=${unitId}${period ? `&period=${period}` : ''}`, payload: file, headers: { cookie: xinqu.cookie, 'x-csrf-token': xinqu.csrfToken, 'content-type': 'application/octet-stream' } });
};

/** Runs an upload while polling /healthz every 50 ms; answers the upload and the slowest health answer. */
async function whileHealthPolled<T>(work: Promise<T>): Promise<{ result: T; slowestHealthMs: number; polls: number }> {
  let done = false;
  let slowest = 0;
  let polls = 0;
  const poller = (async () => {
    while (!done) {
      const started = performance.now();
      const res = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      slowest = Math.max(slowest, performance.now() - started);
      polls++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result = await work.finally(() => {
    done = true;
  });
  await poller;
  return { result, slowestHealthMs: slowest, polls };
}

async function workbook(build: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('台账');
  sheet.addRow(['项目名称', '企业名称', '总投资（万元）']);
  sheet.addRow(['敌意文件测试项目', '示例企业有限公司', 1000]);
  build(sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('hostile workbooks', () => {
  it('refuses a value at ZZ200000 or XFD1048576 by naming the cell, in every import, without allocating the rectangle', async () => {
    const zz = await workbook((s) => (s.getCell('ZZ200000').value = '远处的值'));
    expect(zz.length).toBeLessThan(10_000);
    for (const kind of ['projects', 'leads', 'dispatch'] as const) {
      const { result, slowestHealthMs } = await whileHealthPolled(upload(kind, zz));
      expect(result.statusCode).toBe(400);
      expect(result.json().error.code).toBe('IMPORT_SHEET_TOO_LARGE');
      expect(result.json().error.message).toContain('ZZ200000');
      expect(slowestHealthMs).toBeLessThan(1000);
    }
    const xfd = await workbook((s) => (s.getCell('XFD1048576').value = 1));
    const res = await upload('projects', xfd);
    expect(res.json().error).toMatchObject({ code: 'IMPORT_SHEET_TOO_LARGE', message: expect.stringContaining('XFD1048576') });
  });

  it('reads a workbook whose far cell is only formatted, and a copy of the template with a validation over the whole sheet', async () => {
    const styled = await workbook((s) => {
      s.getCell('XFD1048576').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
    });
    const read = (await upload('projects', styled)).json();
    expect(read).toMatchObject({ rows: 1, created: 1, committed: false });

    // The real template, its sheet given one data validation over A1:XFD1048576.
    const template = (await xinqu.get('/api/projects/template')).rawPayload;
    const zip = new ZipReader(template);
    const names = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'].filter((n) => zip.has(n));
    const entries = names.map((name) => {
      let data = zip.read(name)!;
      if (name === 'xl/worksheets/sheet1.xml') {
        const xml = data.toString('utf8').replace(/<dataValidations[\s\S]*?<\/dataValidations>/, '');
        data = Buffer.from(xml.replace('</sheetData>', '</sheetData><dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A1:XFD1048576"><formula1>"是,否"</formula1></dataValidation></dataValidations>'));
      }
      return { name, data };
    });
    const hostile = buildZip(entries);
    expect(hostile.length).toBeLessThan(20_000);
    const { result, slowestHealthMs, polls } = await whileHealthPolled(upload('projects', hostile));
    console.log(`[hostile] template with a whole-sheet validation: ${result.statusCode}, /healthz slowest ${slowestHealthMs.toFixed(0)} ms over ${polls} polls`);
    expect(result.statusCode).toBe(200);
    expect(result.json()).toMatchObject({ rows: 0, created: 0 });
    expect(slowestHealthMs).toBeLessThan(1000);
  });

  it('stops inflating a workbook whose zip index lies, at the budget, and stays responsive', async () => {
    const sheet = Buffer.alloc(300 * 1024 * 1024, 0x20);
    sheet.write('<worksheet><sheetData>', 0);
    const lying = xlsxWithSheet(sheet, 1_000);
    expect(lying.length).toBeLessThan(2 * 1024 * 1024);
    const { result, slowestHealthMs, polls } = await whileHealthPolled(upload('projects', lying));
    console.log(`[hostile] lying zip index (300 MB declared as 1 KB): ${result.statusCode} ${result.json().error?.code}, /healthz slowest ${slowestHealthMs.toFixed(0)} ms over ${polls} polls`);
    expect(result.statusCode).toBe(400);
    expect(result.json().error.code).toBe('IMPORT_FILE_BOMB');
    expect(slowestHealthMs).toBeLessThan(1000);
  });

  it('reads an honest workbook that inflates to 190 MB off the event loop: /healthz answers within a second throughout', async () => {
    const columns = Array.from({ length: 120 }, (_, i) => {
      let s = '';
      for (let n = i + 2; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
      return s;
    });
    const chunks: Buffer[] = [Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')];
    let size = 0;
    for (let start = 1; size < 190 * 1024 * 1024; start += 1000) {
      const rows: string[] = [];
      for (let r = start; r < start + 1000; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>第${r}行说明</t></is></c>${columns.map((c) => `<c r="${c}${r}" s="1"/>`).join('')}</row>`);
      const chunk = Buffer.from(rows.join(''));
      chunks.push(chunk);
      size += chunk.length;
    }
    chunks.push(Buffer.from('</sheetData></worksheet>'));
    const file = xlsxWithSheet(Buffer.concat(chunks));
    expect(file.length).toBeLessThan(20 * 1024 * 1024);
    const { result, slowestHealthMs, polls } = await whileHealthPolled(upload('leads', file));
    console.log(`[hostile] honest ${(size / 1024 / 1024).toFixed(0)} MB sheet (${(file.length / 1024 / 1024).toFixed(1)} MB file): ${result.statusCode} ${result.json().error?.code}, /healthz slowest ${slowestHealthMs.toFixed(0)} ms over ${polls} polls`);
    // Read in full (no limit crossed); it has no ledger header, which is what the person is told.
    expect(result.json().error.code).toBe('IMPORT_NO_HEADER');
    expect(polls).toBeGreaterThan(5);
    expect(slowestHealthMs).toBeLessThan(1000);
  });
});
