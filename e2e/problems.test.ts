import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login as loginPage, newPage, pickOption, snap, startServer, type RunningServer } from './support.js';

/** Browser-side waits get the same patience as page steps (vitest's poll default is 1 s). */
const POLL = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };
const TITLE = '三期厂房用地预审';
const LAND_BUREAU = '市自然资源和规划局';
// A 1×1 PNG: the server checks an attachment's type by its content.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

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
  // The header's user menu: on a phone the side menu is in a drawer, closed until asked for.
  await page.getByTestId('user-menu').waitFor();
}

async function phone(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await login(page, username);
  return page;
}

/** The land bureau's closed count this year on the 部门评价 page. */
async function closedByLandBureau(page: Page): Promise<number> {
  await page.goto(`${server.url}/problems/scorecard`);
  const row = page.locator('[data-testid="scorecard-table"] tr', { hasText: LAND_BUREAU }).first();
  await row.waitFor();
  return Number(await row.getByTestId('scorecard-closed').innerText());
}

describe('problem journey: raised from the enterprise portal on a phone, assigned, answered, confirmed, counted', () => {
  let problemUrl = '';
  let closedBefore = 0;

  it('fagai reads the land bureau’s closed count before', async () => {
    const page = await newPage(browser);
    await login(page, 'fagai');
    closedBefore = await closedByLandBureau(page);
    expect(closedBefore).toBeGreaterThanOrEqual(0);
  });

  it('qiye, on a phone, lands on the portal and raises a land problem with a photo from the camera', async () => {
    const page = await phone('qiye');
    // An enterprise contact's home is the portal.
    await page.waitForURL(/\/portal$/);
    await expect.poll(() => page.getByTestId('portal-enterprise').innerText(), POLL).toContain('江苏某新能源科技有限公司');
    await page.getByTestId('portal-raise').click();
    await pickOption(page, 'problem-category', '土地');
    await page.getByTestId('problem-title').fill(TITLE);
    await page.getByTestId('problem-description').fill('三期厂房拟新增用地约 30 亩，需办理用地预审，请协调。');
    await page.locator('.ant-drawer input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.ant-drawer .ant-upload-list-item').first().waitFor();
    await snap(page, 'problem-portal-raise-phone');
    await page.getByTestId('problem-save').click();
    await page.waitForURL(/\/problems\/\d+$/);
    problemUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('problem-status').innerText(), POLL).toBe('待交办');
    await expect.poll(() => page.getByTestId('problem-attachments').innerText(), POLL).toContain('现场照片.png');
    await snap(page, 'problem-raised-phone');
  });

  it('fagai assigns it to the land bureau on the detail page', async () => {
    const page = await newPage(browser);
    await login(page, 'fagai');
    await page.goto(`${server.url}${problemUrl}`);
    await page.getByTestId('panel-assign').waitFor();
    await pickOption(page, 'assign-unit', LAND_BUREAU);
    await page.getByTestId('assign-submit').click();
    await expect.poll(() => page.getByTestId('problem-status').innerText(), POLL).toBe('办理中');
    await expect.poll(() => page.getByTestId('problem-lead').innerText(), POLL).toBe(LAND_BUREAU);
    // Timeline: 交办 with the category's default deadline.
    await expect.poll(() => page.getByTestId('problem-timeline').innerText(), POLL).toMatch(new RegExp(`交办${LAND_BUREAU}，限 \\d{4}-\\d{2}-\\d{2} 前办结`));
    await snap(page, 'problem-assigned');
  });

  it('ziguiju answers it', async () => {
    const page = await newPage(browser);
    await login(page, 'ziguiju');
    await page.goto(`${server.url}/problems?handling=mine`);
    await page.locator('tr', { hasText: TITLE }).getByRole('link', { name: TITLE }).click();
    await page.getByTestId('answer-text').fill('已受理用地预审申请，材料齐全，五个工作日内出具预审意见。');
    await page.getByTestId('answer-submit').click();
    await expect.poll(() => page.getByTestId('problem-status').innerText(), POLL).toBe('待确认');
    await expect(page.getByTestId('panel-answer').count()).resolves.toBe(0);
  });

  it('qiye, on a phone, confirms it satisfied with four stars: 已销号', async () => {
    const page = await phone('qiye');
    await page.waitForURL(/\/portal$/);
    const id = problemUrl.split('/').pop();
    await page.getByTestId(`portal-confirm-${id}`).click();
    await page.waitForURL(new RegExp(`${problemUrl}$`));
    await expect.poll(() => page.getByTestId('answer-to-confirm').innerText(), POLL).toContain('五个工作日内出具预审意见');
    await page.getByTestId('confirm-rating').locator('li').nth(3).click();
    await snap(page, 'problem-confirm-phone');
    await page.getByTestId('confirm-submit').click();
    await expect.poll(() => page.getByTestId('problem-status').innerText(), POLL).toBe('已销号');
    await expect.poll(() => page.getByTestId('problem-timeline').innerText(), POLL).toContain('确认满意，销号（4 星）');
    // Nothing left to do on a closed problem.
    expect(await page.getByTestId('panel-confirm').count()).toBe(0);
  });

  it('fagai sees the land bureau’s closed count one higher on the scorecard', async () => {
    const page = await newPage(browser);
    await login(page, 'fagai');
    const after = await closedByLandBureau(page);
    expect(after).toBeGreaterThanOrEqual(1);
    expect(after).toBe(closedBefore + 1);
    await page.getByTestId('scorecard-chart').waitFor();
    await snap(page, 'problem-scorecard');
  });
});
