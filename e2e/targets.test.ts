import type { Browser, Page } from 'playwright-core';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login as loginPage, newPage, snapInBothLanguages, startServer, type RunningServer } from './support.js';

/** Browser-side waits get the same patience as page steps (vitest's poll default is 1 s). */
const POLL = { timeout: 30_000 };
const SAMPLE = resolve('../shared/samples/2023年度项目攻坚目标任务分解表.xlsx');

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

/** The same page at 1366×768 and 390×844 in both languages, after `ready` says it has drawn. */
const snapAll = (page: Page, name: string, ready: () => Promise<unknown>) => snapInBothLanguages(page, `targets-${name}`, ready, 400);

describe('targets journeys', () => {
  it('the commerce bureau imports the sample 目标任务分解表: the dry run shows every row, the commit sets 镇江新区 72', async () => {
    const page = await newPage(browser);
    await login(page, 'shangwu');
    await page.getByRole('menuitem', { name: '考核比拼' }).click();
    await page.getByRole('menuitem', { name: '目标任务' }).click();
    await page.waitForURL(/\/targets/);
    await page.goto(`${server.url}/targets?year=2023`);
    await page.getByText('2023年尚未设置考核目标。').waitFor();
    await page.getByTestId('targets-import').click();
    await page.waitForURL(/\/targets\/import\?year=2023/);
    await page.locator('input[type=file]').setInputFiles(SAMPLE);
    await page.getByTestId('import-dry-run').click();
    const items = page.getByTestId('import-items');
    await expect.poll(() => items.innerText(), POLL).toContain('扬中市');
    expect(await items.innerText()).toMatch(/镇江新区\s*72\s*12\s*40\s*70\s*3,000,000/);
    expect(await page.getByTestId('import-summary').innerText()).toMatch(/匹配单位\s*8[\s\S]*将变化的目标\s*40[\s\S]*拒绝\s*0/);
    await snapAll(page, 'import-dry-run', async () => {
      // A reload forgets the dry run: run it again.
      if (!(await items.count())) {
        await page.locator('input[type=file]').setInputFiles(SAMPLE);
        await page.getByTestId('import-dry-run').click();
      }
      await items.waitFor();
    });
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-to-targets').click();
    await page.waitForURL(/\/targets\?year=2023/);
    const cell = page.getByTestId('target-镇江新区-signed_100m');
    await expect.poll(() => cell.inputValue(), POLL).toBe('72');
    expect(await page.getByTestId('target-镇江新区-investment_wan').inputValue()).toMatch(/^3,?000,?000$/);
    await snapAll(page, 'table-writer', () => page.getByTestId('target-镇江新区-signed_100m').waitFor());
  });

  it('a district officer reads the year’s targets and cannot edit or import them', async () => {
    const page = await newPage(browser);
    await login(page, 'xinqu');
    await page.goto(`${server.url}/targets?year=2023`);
    const cell = page.getByTestId('target-镇江新区-signed_100m');
    await expect.poll(() => cell.innerText(), POLL).toBe('72');
    expect(await page.getByTestId('targets-import').count()).toBe(0);
    expect(await page.getByTestId('targets-save').count()).toBe(0);
    await snapAll(page, 'table-reader', () => page.getByTestId('target-镇江新区-signed_100m').waitFor());
  });
});
