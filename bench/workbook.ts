/**
 * Reading uploaded workbooks: the sparse reader (what imports use, in a worker thread) against
 * ExcelJS's dense reader (what they used before) in the same run, on a real 10,000-row ledger,
 * the sample ledgers, and the template with a data validation over the whole sheet. Time and the
 * main thread's event-loop delay while each is read.
 * Run: `npx tsx bench/workbook.ts`; prints a markdown table for docs/benchmarks.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { readXlsxSparse } from '../server/src/platform/excel/sparse.js';
import { readWorkbook } from '../server/src/platform/excel/workbook.js';

async function ledger(rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('台账');
  sheet.addRow(['序号', '项目名称', '投资方', '总投资（万元）', '产业链', '项目阶段', '签约时间', '实际开工', '形象进度', '备注']);
  for (let i = 1; i <= rows; i++) sheet.addRow([i, `基准项目${i}`, `基准企业${i % 700}有限公司`, 1000 + (i % 90_000), '新型电力装备', '在建', new Date(Date.UTC(2023, i % 12, 1 + (i % 27))), '2023-09-21', '主体结构施工', '']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function denseExcelJs(file: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  let cells = 0;
  for (const ws of wb.worksheets) {
    const rows = ws.rowCount;
    const cols = ws.columnCount;
    for (let r = 1; r <= rows; r++) for (let c = 1; c <= cols; c++) if (ws.getRow(r).getCell(c).value !== null) cells++;
  }
  return cells;
}

async function measure(what: () => Promise<unknown>, runs = 3) {
  const times: number[] = [];
  let maxDelay = 0;
  for (let i = 0; i < runs; i++) {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const t0 = performance.now();
    await what();
    times.push(performance.now() - t0);
    h.disable();
    maxDelay = Math.max(maxDelay, h.max / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, maxDelay };
}

const files: [string, Buffer][] = [['10,000-row ledger', await ledger(10_000)]];
for (const f of readdirSync('../shared/samples').filter((n) => n.endsWith('.xlsx')).slice(0, 2)) files.push([f, readFileSync(`../shared/samples/${f}`)]);

console.log('| workbook | ExcelJS dense, main thread | sparse, main thread | readWorkbook (what imports use: on the thread up to 2 MB inflated, else a worker) | readWorkbook ÷ ExcelJS | event-loop max delay: ExcelJS / readWorkbook |');
console.log('|---|---|---|---|---|---|');
for (const [name, file] of files) {
  const dense = await measure(() => denseExcelJs(file));
  const sparse = await measure(async () => readXlsxSparse(file));
  const worker = await measure(() => readWorkbook(file));
  console.log(`| ${name} (${(file.length / 1024).toFixed(0)} KB) | ${dense.ms.toFixed(0)} ms | ${sparse.ms.toFixed(0)} ms | ${worker.ms.toFixed(0)} ms | ${(worker.ms / dense.ms).toFixed(2)}× | ${dense.maxDelay.toFixed(0)} ms / ${worker.maxDelay.toFixed(0)} ms |`);
}
