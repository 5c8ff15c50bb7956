import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login as loginPage, newPage, pickOption, snap, startServer, type RunningServer } from './support.js';

/** Browser-side waits get the same patience as page steps (vitest's poll default is 1 s). */
const POLL = { timeout: 30_000 };
const COMPANY = '江苏某新能源科技有限公司';

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

async function login(page: Page, username: string) {
  await loginPage(page, server.url, username);
  await page.getByTestId('side-menu').waitFor();
}

/** Finds the company by two characters of its name and opens its record. */
async function openRecord(page: Page) {
  await page.goto(`${server.url}/enterprise-registry`);
  await page.getByTestId('registry-search').locator('input').fill('新能');
  // A table row's link at 1366, a card on a phone.
  await page.locator('main').getByText(COMPANY, { exact: true }).first().click();
  await page.getByTestId('registry-drawer').getByText('标签（来源与年度）').waitFor();
}

describe('企业库: the chain bureau keeps a company’s record; a leader reads it', () => {
  it('gongxin finds the company by two characters, sets its industry, records a tag from a list and withdraws it with a reason', async () => {
    const page = await newPage(browser);
    await login(page, 'gongxin');
    await openRecord(page);
    const drawer = page.getByTestId('registry-drawer');

    await drawer.getByTestId('registry-industry-edit').click();
    await drawer.getByTestId('registry-industry-input').locator('input').fill('汽车零部件及配件制造');
    await drawer.getByTestId('registry-industry-save').click();
    await expect.poll(() => drawer.innerText(), POLL).toContain('汽车零部件及配件制造');

    await drawer.getByTestId('registry-tag-add').click();
    await pickOption(page, 'registry-tag-kind', '瞪羚');
    await page.getByTestId('registry-tag-source').fill('2026年镇江市瞪羚企业培育名单');
    // A date typed the way people write it.
    // The calendar's input carries the test id (antd passes data-* attributes to it).
    const from = page.locator('input[data-testid="registry-tag-from"], [data-testid="registry-tag-from"] input').first();
    await from.click();
    await from.fill('2026年1月1日');
    await from.press('Tab');
    await page.locator('.ant-modal-footer:visible').getByRole('button', { name: /保\s*存/ }).click();
    const tags = drawer.getByTestId('registry-tags');
    await expect.poll(() => tags.innerText(), POLL).toContain('瞪羚 · 2026');
    await snap(page, 'registry-record-1366-zh');

    // Withdraw it: the close mark on the tag asks for a reason and a last day.
    const tag = tags.locator('.ant-tag', { hasText: '瞪羚 · 2026' });
    await tag.locator('.ant-tag-close-icon').click();
    await page.getByTestId('registry-retire-reason').fill('复核未通过，已移出培育名单');
    const last = page.locator('input[data-testid="registry-retire-day"], [data-testid="registry-retire-day"] input').first();
    await last.click();
    await last.fill('2026/06/30');
    await last.press('Tab');
    await page.getByTestId('registry-retire-ok').click();
    await expect.poll(() => tags.innerText(), POLL).toContain('复核未通过，已移出培育名单');
    expect(await tags.locator('.ant-tag', { hasText: '瞪羚 · 2026' }).count()).toBe(0);
    expect(await tags.innerText()).toContain('有效至 2026-06-30');
    await page.context().close();
  });

  it('the leader reads the record — the industry and the withdrawn tag’s history — with nothing to change', async () => {
    // On a phone: the record opens full width.
    const page = await newPage(browser);
    await login(page, 'leader');
    await page.setViewportSize({ width: 390, height: 844 });
    await openRecord(page);
    const drawer = page.getByTestId('registry-drawer');
    await expect.poll(() => drawer.innerText(), POLL).toContain('汽车零部件及配件制造');
    expect(await drawer.innerText()).toContain('复核未通过');
    expect(await drawer.getByTestId('registry-industry-edit').count()).toBe(0);
    expect(await drawer.getByTestId('registry-tag-add').count()).toBe(0);
    await page.waitForTimeout(500); // the drawer's slide-in
    await snap(page, 'registry-record-390-zh');
    await page.context().close();
  });
});
