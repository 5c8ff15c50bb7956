import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login as loginPage, newPage, pickOption, snap, startServer, type RunningServer } from './support.js';

/** Browser-side waits get the same patience as page steps (vitest's poll default is 1 s). */
const POLL = { timeout: 30_000 };
const LISTED = '镇江某变压器有限公司';
const IMPORT_CHAIN = '新一代信息技术';
const LOAN_SHEET = resolve('../shared/samples/2023年6月末镇江市金融机构人民币贷款情况表.xlsx');
// Made-up credit codes of the right shape: 18 characters, digits and capitals without I, O, S, V, Z.
const ROWS = [
  [1, '镇江某储能科技有限公司', '91321100MA1XK0001U', '中游', '补链', '专精特新、高新技术', '储能电站项目贷款 8000 万元'],
  [2, '镇江某智能电缆有限公司', '91321100MA1XK0002Y', '上游', '延链', '瞪羚', ''],
];

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Logs in and waits for the app shell, so the next navigation carries the session. */
async function login(page: Page, username: string) {
  await loginPage(page, server.url, username);
  await page.getByTestId('side-menu').waitFor();
}

async function keyListSheet(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('重点企业清单');
  sheet.addRow(['序号', '企业名称', '统一社会信用代码', '产业链环节', '类型', '标签', '融资需求']);
  for (const row of ROWS) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('金链行动: a bank reads its chains’ lists and records credit; the chain bureau imports a list', () => {
  it('icbc opens its chains’ lists (新型电力装备, never 汽车及零部件) and records a credit line for a listed enterprise', async () => {
    const page = await newPage(browser);
    await login(page, 'icbc');
    await page.goto(`${server.url}/key-enterprises`);
    // The first of the bank's chains opens by itself.
    await expect.poll(() => page.getByTestId('keylist-chain').innerText(), POLL).toContain('新型电力装备');
    await expect.poll(() => page.getByTestId('keylist-table').innerText(), POLL).toContain(LISTED);
    const options = page.locator('.ant-select-item-option:visible');
    // The list can close again as the page settles (CI saw it empty twice): open it until it shows.
    await expect
      .poll(async () => {
        if (!(await options.count())) await page.getByTestId('keylist-chain').click();
        return options.allInnerTexts();
      }, POLL)
      .toEqual(expect.arrayContaining(['新型电力装备', '高性能材料']));
    const offered = await options.allInnerTexts();
    expect(offered).not.toContain('汽车及零部件');
    await page.keyboard.press('Escape');
    await snap(page, 'finance-keylist-bank');

    await page.goto(`${server.url}/finance`);
    await page.getByTestId('my-chains').getByText('新型电力装备').waitFor();
    await page.getByTestId('credit-grant').click();
    await pickOption(page, 'grant-enterprise', LISTED);
    await page.locator('[data-testid=grant-amount] input, input[data-testid=grant-amount]').fill('1200');
    await page.locator('[data-testid=grant-term] input, input[data-testid=grant-term]').fill('12');
    await page.getByTestId('grant-ok').click();
    const table = page.getByTestId('credit-table');
    await expect.poll(() => table.innerText(), POLL).toContain(LISTED);
    expect(await table.locator('tr', { hasText: LISTED }).innerText()).toMatch(/新型电力装备[\s\S]*12 个月[\s\S]*1,200/);
    await snap(page, 'finance-bank-desk');
  });

  it('gongxin imports a chain’s list from Excel — a dry run, then 确认导入 — and sees the new version', async () => {
    const page = await newPage(browser);
    await login(page, 'gongxin');
    await page.goto(`${server.url}/key-enterprises`);
    await pickOption(page, 'keylist-chain', IMPORT_CHAIN);
    await expect.poll(() => page.getByTestId('keylist-version').innerText(), POLL).toBe('第 1 版');
    await page.getByTestId('keylist-import').click();
    await page.waitForURL(/\/key-enterprises\/import\?year=\d{4}&chainId=\d+/);
    await expect.poll(() => page.getByTestId('import-current').innerText(), POLL).toContain('现为第 1 版');

    await page.locator('input[type=file]').setInputFiles({ name: '重点企业清单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await keyListSheet() });
    await page.getByTestId('import-dry-run').click();
    await expect.poll(() => page.getByTestId('import-ok').innerText(), POLL).toContain('2 行全部通过检查');
    expect(await page.getByTestId('import-summary').innerText()).toMatch(/数据行\s*2\s*新入企业库\s*2\s*更名\s*0\s*拒绝\s*0/);
    await snap(page, 'finance-keylist-import-dry-run');

    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-to-list').click();
    await page.waitForURL(/\/key-enterprises\?year=\d{4}&chainId=\d+$/);
    await expect.poll(() => page.getByTestId('keylist-version').innerText(), POLL).toBe('第 2 版');
    const table = page.getByTestId('keylist-table');
    await expect.poll(() => table.innerText(), POLL).toContain('镇江某储能科技有限公司');
    expect(await table.locator('tr', { hasText: '91321100MA1XK0001U' }).innerText()).toMatch(/专精特新[\s\S]*高新技术企业[\s\S]*中游[\s\S]*补链[\s\S]*储能电站项目贷款/);
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(2);
    await page.getByTestId('keylist-version').click();
    await expect.poll(() => page.getByTestId('keylist-versions').innerText(), POLL).toMatch(/第 2 版\s*Excel 导入\s*2 家企业[\s\S]*第 1 版/);
    // The drawer slides in: let it settle before the picture.
    await page.evaluate(() => Promise.all((globalThis as unknown as { document: { getAnimations(): { finished: Promise<unknown> }[] } }).document.getAnimations().map((a) => a.finished)));
    await snap(page, 'finance-keylist-imported');
  });
});

describe('金链: the chain map and the regulator’s loan sheet', () => {
  it('gongxin sees 新型电力装备 drawn with its gaps; jinrong dry-runs then imports the June 2023 loan sheet and reads its total', async () => {
    const page = await newPage(browser);
    await login(page, 'gongxin');
    await page.goto(`${server.url}/key-enterprises/map`);
    await pickOption(page, 'keylist-chain', '新型电力装备');
    await page.getByTestId('chain-map-chart').locator('canvas').waitFor();
    const gap = page.getByTestId('gap-table').locator('tr', { hasText: '光伏组件与电池片' });
    await expect.poll(() => gap.locator('[data-chased=yes]').allInnerTexts(), POLL).toEqual([expect.stringContaining('隆基绿能科技股份有限公司')]);
    await snap(page, 'finance-chain-map');

    const regulator = await newPage(browser);
    await login(regulator, 'jinrong');
    await regulator.goto(`${server.url}/finance/loans/import?period=2023-06`);
    await regulator.locator('input[type=file]').setInputFiles(LOAN_SHEET);
    await regulator.getByTestId('import-dry-run').click();
    await expect.poll(() => regulator.getByTestId('import-ok').innerText(), POLL).toContain('9 家机构全部通过检查');
    expect(await regulator.getByTestId('import-summary').innerText()).toContain('7,938.34');
    await regulator.getByTestId('import-commit').click();
    await regulator.getByTestId('import-to-loans').click();
    await regulator.waitForURL(/\/finance\/loans\?year=2023$/);
    await expect.poll(() => regulator.getByTestId('loans-figures').innerText(), POLL).toContain('7,938.34');
    expect(await regulator.getByTestId('loans-table').innerText()).toContain('工商银行镇江分行');
    await snap(regulator, 'finance-loans-imported');
  });
});
