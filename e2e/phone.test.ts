import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newPage, snap, startServer, type RunningServer } from './support.js';

const PHONE = { width: 390, height: 844 };
const POLL = { timeout: 30_000 };

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

async function snapBoth(page: Page, name: string, ready: () => Promise<unknown>) {
  for (const lang of ['zh-CN', 'en-US'] as const) {
    await page.evaluate((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('gj_lang', l), lang);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.reload();
    await ready();
    await page.waitForTimeout(500);
    await snap(page, `wide-${name}-${lang}`);
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(500);
    await snap(page, `wide-${name}-${lang}-phone`);
  }
}

describe('phone and 1366 journeys', () => {
  it('on a phone xinqu opens the menu drawer, goes to the ledger, finds a project by two characters and opens it', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await login(page, server.url, 'xinqu');
    await page.getByText('赵磊，您好').waitFor();
    // No sider squeezing the page: the menu is behind the button, the header reads on one line.
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    const user = await page.getByTestId('user-menu').boundingBox();
    expect(user!.height).toBeLessThan(40);
    expect(user!.x + user!.width).toBeLessThanOrEqual(PHONE.width);
    await page.getByTestId('menu-button').tap();
    const drawer = page.getByTestId('menu-drawer');
    await drawer.getByText('项目库').tap();
    await drawer.getByText('项目台账').tap();
    await page.waitForURL(/\/projects$/);
    await drawer.waitFor({ state: 'hidden' });
    // The ledger is cards, and the search box takes the whole row.
    await page.getByTestId('project-cards').locator('.ant-card').first().waitFor();
    expect(await page.getByTestId('project-table').count()).toBe(0);
    await page.getByTestId('project-search').locator('input').fill('碳纤');
    await expect.poll(() => page.getByTestId('project-cards').locator('.ant-card').count(), POLL).toBe(1);
    const card = page.getByTestId('project-cards').locator('.ant-card').first();
    expect(await card.innerText()).toContain('高性能碳纤维复合材料项目');
    const box = await card.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await snap(page, 'phone-ledger-search');
    await card.tap();
    await page.waitForURL(/\/projects\/\d+$/);
    await page.getByText('高性能碳纤维复合材料项目').first().waitFor();
    await snap(page, 'phone-project-opened');
    await context.close();
  });

  it('at 1366 the ledger shows 签约日期 and its last column without scrolling, for the leader and for a district', async () => {
    for (const username of ['leader', 'xinqu']) {
      const page = await newPage(browser);
      await login(page, server.url, username);
      await page.waitForURL(`${server.url}/`);
      await page.goto(`${server.url}/projects`);
      const table = page.getByTestId('project-table');
      await table.locator('.ant-table-row').first().waitFor();
      const headers = table.locator('.ant-table-thead th');
      const last = headers.last();
      const signed = headers.filter({ hasText: '签约日期' });
      for (const header of [last, signed]) {
        const box = await header.boundingBox();
        expect(box, username).not.toBeNull();
        expect(box!.x, username).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, username).toBeLessThanOrEqual(1366);
      }
      // And the column choice is remembered for this person: hiding 包挂领导 survives a reload.
      await page.getByTestId('project-columns').click();
      await page.locator('.ant-popover .ant-checkbox-wrapper', { hasText: '包挂领导' }).click();
      await expect.poll(() => table.locator('.ant-table-thead th').filter({ hasText: '包挂领导' }).count(), POLL).toBe(0);
      await page.reload();
      await table.locator('.ant-table-row').first().waitFor();
      expect(await table.locator('.ant-table-thead th').filter({ hasText: '包挂领导' }).count()).toBe(0);
      expect(await table.locator('.ant-table-thead th').filter({ hasText: '签约日期' }).count()).toBe(1);
      await page.context().close();
    }
  });

  it('snaps the ledger, leads, users, the forms and the lead statistics at 1366 and 390', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'leader');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/projects`);
    await snapBoth(page, 'projects-leader', () => page.locator('.ant-table-row').first().waitFor());
    await page.goto(`${server.url}/leads`);
    await snapBoth(page, 'leads-leader', () => page.locator('.ant-table-row, .ant-list-item, .ant-card').first().waitFor());
    await page.goto(`${server.url}/leads/stats`);
    await snapBoth(page, 'leadstats-leader', () => page.getByTestId('lead-stats-chart').waitFor());
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('lead-stats-months').scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    await snap(page, 'wide-leadstats-months-en-US');
    await page.context().close();
    const x = await newPage(browser);
    await login(x, server.url, 'xinqu');
    await x.waitForURL(`${server.url}/`);
    await x.goto(`${server.url}/projects`);
    await snapBoth(x, 'projects-xinqu', () => x.locator('.ant-table-row, .ant-list-item').first().waitFor());
    await x.goto(`${server.url}/leads`);
    await snapBoth(x, 'leads-xinqu', () => x.locator('.ant-table-row, .ant-list-item').first().waitFor());
    for (const [size, tag] of [[{ width: 1366, height: 768 }, ''], [PHONE, '-phone']] as const) {
      await x.setViewportSize(size);
      await x.getByTestId('lead-create').click();
      await x.getByTestId('lead-enterprise').waitFor();
      await x.waitForTimeout(500);
      await snap(x, `wide-leadform-en${tag}`);
      await x.keyboard.press('Escape');
      await x.waitForTimeout(500);
      await x.goto(`${server.url}/projects`);
      await x.getByTestId('project-create').click();
      await x.getByTestId('project-name').waitFor();
      await x.waitForTimeout(500);
      await snap(x, `wide-projectform-en${tag}`);
      await x.goto(`${server.url}/leads`);
    }
    await x.context().close();
    const a = await newPage(browser);
    await login(a, server.url, 'admin');
    await a.waitForURL(`${server.url}/`);
    await a.goto(`${server.url}/admin/users`);
    await snapBoth(a, 'users-admin', () => a.locator('.ant-table-row, .ant-list-item').first().waitFor());
    await a.context().close();
  });
});
