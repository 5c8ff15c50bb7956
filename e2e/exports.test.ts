import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newPage, snap, snapInBothLanguages, startServer, type RunningServer } from './support.js';

/**
 * 天天好用: what a district sends upward comes out of the ledger as an office report in the
 * columns it chose, and an import's dry run shows what it read from each row before anything is written.
 */
let server: RunningServer;
let browser: Browser;
const SAMPLE = resolve('../shared/samples/镇江新区2023年重点产业项目推进台账.xlsx');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function workbookOf(download: Download) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(3).values as unknown[]).slice(1).map(String);
  const last = sheet.getRow(sheet.rowCount);
  return { sheet, header, total: last.getCell(1).value, lastRow: last };
}

/** Ticks or unticks a checkbox in the open popover, by its label, once the popover has finished opening. */
async function toggle(page: Page, label: string) {
  const box = page.locator('.ant-popover:visible .ant-checkbox-wrapper', { hasText: label }).first();
  await box.waitFor();
  await page.waitForTimeout(300);
  const was = await box.locator('input').isChecked();
  await box.click();
  await expect.poll(() => box.locator('input').isChecked()).toBe(!was);
}

const tableHeaders = async (page: Page) => (await page.getByTestId('project-table').locator('thead th').allInnerTexts()).map((s) => s.trim()).filter(Boolean);

describe('exports an office sends upward, and a dry run that shows what it read', () => {
  it('xinqu chooses its columns, adds the ledger’s own, and exports them in its language, titled, dated and totalled', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'xinqu');
    await page.getByTestId('side-menu').waitFor();
    await page.goto(`${server.url}/projects`);
    await page.getByTestId('project-table').locator('tbody tr.ant-table-row').first().waitFor();
    // 列设置: show the code, hide 包挂领导.
    await page.getByTestId('project-columns').click();
    await toggle(page, '项目编号');
    await toggle(page, '包挂领导');
    await page.keyboard.press('Escape');
    // Beside 导出: leave out 计划竣工, keep the credit code, the other planned dates and 形象进度.
    await page.getByTestId('project-export-extras').click();
    await toggle(page, '计划竣工');
    await snap(page, 'export-extras-zh-CN');
    await page.keyboard.press('Escape');
    const onScreen = await tableHeaders(page);
    expect(onScreen).toEqual(['项目编号', '项目名称', '投资方', '产业链', '阶段', '总投资（万元）', '签约日期', '开工日期']);
    const footer = await page.getByTestId('project-totals').innerText();
    const count = Number(/(\d+)个项目/.exec(footer)![1]);

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-export').click()]);
    expect(file.suggestedFilename()).toMatch(/^项目台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const { sheet, header, total, lastRow } = await workbookOf(file);
    expect(sheet.getCell('A1').value).toBe('镇江新区 重点项目台账');
    expect(String(sheet.getCell('A2').value)).toMatch(/^导出单位：镇江新区\u3000\u3000导出日期：\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(sheet.getRow(2).getCell(header.length).value).toBe('单位：万元');
    // The screen's columns in the screen's words, with the chosen extras in their ledger places.
    expect(header).toEqual(['项目编号', '项目名称', '投资方', '统一社会信用代码', '产业链', '阶段', '总投资（万元）', '签约日期', '计划开工', '开工日期', '计划投产', '形象进度']);
    expect(header.filter((h) => onScreen.includes(h))).toEqual(onScreen);
    expect(sheet.rowCount).toBe(3 + count + 1);
    expect(total).toBe(`合计（${count}个项目）`);
    // The 合计 of 总投资 is the sum of the rows, as numbers shown #,##0.00.
    const money = header.indexOf('总投资（万元）') + 1;
    let yuan = 0;
    for (let r = 4; r < sheet.rowCount; r++) yuan += Math.round(Number(sheet.getRow(r).getCell(money).value ?? 0) * 10_000);
    expect(Math.round(Number(lastRow.getCell(money).value) * 10_000)).toBe(yuan);
    expect(sheet.getRow(4).getCell(money).numFmt).toBe('#,##0.00');

    // In English, the same choice comes out in English.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('project-table').getByRole('columnheader', { name: 'Project' }).first().waitFor();
    const english = await tableHeaders(page);
    const [en] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-export').click()]);
    const inEnglish = await workbookOf(en);
    expect(inEnglish.sheet.getCell('A1').value).toBe('镇江新区 — Project ledger');
    expect(inEnglish.header.filter((h) => english.includes(h))).toEqual(english);
    expect(inEnglish.header).toContain('Credit code');
    await page.getByTestId('project-export-extras').click();
    await page.locator('.ant-popover:visible', { hasText: 'Also export' }).getByText('Planned completion').waitFor();
    await page.waitForTimeout(300);
    await snap(page, 'export-extras-en-US');
    await page.keyboard.press('Escape');
    await page.getByTestId('lang-switch').click();
    await snapInBothLanguages(page, 'export-ledger', () => page.getByTestId('project-totals').waitFor());

    // The leads go out the same way: the list's columns and the extras beside 导出.
    await page.goto(`${server.url}/leads`);
    await page.getByTestId('lead-table').locator('tbody tr.ant-table-row').first().waitFor();
    const leadHeaders = (await page.getByTestId('lead-table').locator('thead th').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
    const [leads] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lead-export').click()]);
    const leadBook = await workbookOf(leads);
    expect(leadBook.sheet.getCell('A1').value).toBe('镇江新区 招商线索台账');
    expect(leadBook.header.filter((h) => leadHeaders.includes(h))).toEqual(leadHeaders);
    expect(leadBook.header).toEqual(expect.arrayContaining(['统一社会信用代码', '产业链', '联系人', '下一步工作', '下一步时间']));
    expect(String(leadBook.total)).toMatch(/^合计（\d+条线索）$/);
    await page.context().close();
  });

  it('the dry run shows each row as read — 万元, dates, stage — and an update’s change, old → new, in both languages', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'xinqu');
    await page.getByTestId('side-menu').waitFor();
    const importInto = async (file: string, commit: boolean) => {
      await page.goto(`${server.url}/projects/import`);
      await page.getByTestId('import-unit').click();
      await page.keyboard.type('大港街道');
      await page.locator('.ant-select-tree-title', { hasText: '大港街道' }).first().click();
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByTestId('import-dry-run').click();
      await page.getByTestId('import-outcomes').locator('tbody tr').first().waitFor();
      if (commit) {
        await page.getByTestId('import-commit').click();
        await page.getByText('已导入').waitFor();
      }
    };
    const rowOf = (n: number) => page.getByTestId('import-outcomes').locator('tr.ant-table-row').filter({ has: page.locator('td:nth-child(2)', { hasText: new RegExp(`^${n}$`) }) });

    // First as new projects: row 9's 9.87亿 reads as 98,700 万元, 2022/10/1 as 2022-10-01, 在建 as 开工.
    await importInto(SAMPLE, false);
    await rowOf(9).locator('.ant-table-row-expand-icon').click();
    const reading = page.getByTestId('import-reading-9');
    await reading.getByText('98,700 万元').waitFor();
    expect(await reading.innerText()).toContain('2022-10-01');
    expect(await reading.innerText()).toContain('开工');
    expect(await reading.innerText()).toContain('大港街道');
    await page.getByTestId('import-commit').click();
    await page.getByText('已导入').waitFor();

    // Then the office's next version of the sheet: one project's 形象进度 moved on.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(SAMPLE) as unknown as ArrayBuffer);
    const before = String(workbook.worksheets[0]!.getCell('O6').value);
    workbook.worksheets[0]!.getCell('O6').value = '主体厂房已封顶';
    const next = join(mkdtempSync(join(tmpdir(), 'gj-e2e-ledger-')), '台账-6月.xlsx');
    writeFileSync(next, Buffer.from(await workbook.xlsx.writeBuffer()));
    await importInto(next, false);
    await page.getByTestId('import-summary').getByText('37').first().waitFor();
    const updated = rowOf(6);
    expect(await updated.innerText()).toContain('形象进度');
    await updated.locator('.ant-table-row-expand-icon').click();
    const change = page.getByTestId('import-reading-6');
    await change.getByText('主体厂房已封顶').first().waitFor();
    expect(await change.innerText()).toContain(before);
    for (const lang of ['zh-CN', 'en-US'] as const) {
      if (lang === 'en-US') {
        await page.getByTestId('lang-switch').click();
        await page.getByText('Values read').first().waitFor();
        expect(await change.innerText()).toContain('Progress');
      }
      await page.setViewportSize({ width: 1366, height: 768 });
      await change.scrollIntoViewIfNeeded();
      await snap(page, `import-dry-run-values-${lang}`);
      await page.setViewportSize({ width: 390, height: 844 });
      await change.scrollIntoViewIfNeeded();
      await snap(page, `import-dry-run-values-${lang}-phone`);
    }
    await page.context().close();
  });
});
