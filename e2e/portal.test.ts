import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login as loginPage, newPage, pickOption, snap, startServer, type RunningServer } from './support.js';

/** Browser-side waits get the same patience as page steps (vitest's poll default is 1 s). */
const POLL = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };
// A 1×1 PNG: the server checks an evidence file's type by its content.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
// A valid 统一社会信用代码 that no demo enterprise has.
const USCC = '91321100MA27E2E0X7';
const ENTERPRISE = '镇江某精密机械有限公司';

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

async function login(page: Page, username: string, password?: string) {
  await loginPage(page, server.url, username, password);
  // The header's user menu: on a phone the side menu is in a drawer, closed until asked for.
  await page.getByTestId('user-menu').waitFor();
}

describe('enterprise service journey: a district opens a contact account; the enterprise proves a milestone from its phone; the district confirms it', () => {
  let projectId = '';

  it('xinqu registers an enterprise it serves and opens its contact’s account, reading the one-time password once', async () => {
    const page = await newPage(browser);
    await login(page, 'xinqu');
    await page.goto(`${server.url}/enterprises`);
    await page.getByTestId('enterprise-register').click();
    // Typed in lower case: the form upper-cases it before checking and sending.
    await page.getByTestId('enterprise-uscc').fill(USCC.toLowerCase());
    await page.getByTestId('enterprise-name').fill(ENTERPRISE);
    await page.getByTestId('enterprise-save').click();
    // Registered: the contacts drawer opens on the account form.
    await page.getByTestId('contact-display-name').fill('陈立');
    await page.getByTestId('contact-username-input').fill('jmjx_chen');
    await page.getByTestId('contact-phone').fill('13912340001');
    await page.getByTestId('contact-save').click();
    const password = await page.getByTestId('contact-password').innerText();
    expect(password.length).toBeGreaterThanOrEqual(12);
    await snap(page, 'enterprise-one-time-password');
    await page.getByTestId('contact-password-done').click();
    await expect.poll(() => page.getByTestId('contact-list').innerText(), POLL).toContain('jmjx_chen');
    await expect.poll(() => page.getByTestId('enterprise-table').innerText(), POLL).toContain(USCC);

    // The password works once, for the forced change at first login.
    const contact = await browser.newPage();
    await loginPage(contact, server.url, 'jmjx_chen', password);
    await contact.getByText('首次登录安全设置').waitFor();
    await contact.context().close();
  });

  it('qiye, on a phone, uploads a business-licence photo as evidence that the project registered', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await login(page, 'qiye');
    await page.waitForURL(/\/portal$/);
    const upload = page.locator('[data-testid^="portal-evidence-"]').first();
    projectId = ((await upload.getAttribute('data-testid')) ?? '').split('-').pop()!;
    await upload.click();
    // The next stage after 签约 is offered first.
    await expect.poll(() => page.getByTestId('evidence-stage').innerText(), POLL).toContain('注册');
    await pickOption(page, 'evidence-kind', '营业执照');
    await page.locator('.ant-drawer input[type=file][capture]').setInputFiles({ name: '营业执照.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('evidence-chosen').waitFor();
    await page.getByTestId('evidence-save').click();
    const list = page.getByTestId(`portal-evidence-list-${projectId}`);
    await expect.poll(() => list.innerText(), POLL).toContain('注册 · 营业执照');
    expect(await list.getByTestId('evidence-status').innerText()).toBe('待核实');
    await snap(page, 'portal-evidence-phone');
    await context.close();
  });

  it('xinqu confirms it on the project page and the project moves to 注册', async () => {
    const page = await newPage(browser);
    await login(page, 'xinqu');
    await page.goto(`${server.url}/projects/${projectId}`);
    expect(await page.getByTestId('project-current-stage').innerText()).toBe('签约');
    const card = page.getByTestId('project-evidence');
    await card.locator('[data-testid^="evidence-confirm-"]').first().click();
    await page.getByTestId('evidence-confirm-ok').click();
    await expect.poll(() => page.getByTestId('project-current-stage').innerText(), POLL).toBe('注册');
    await expect.poll(() => card.getByTestId('evidence-status').first().innerText(), POLL).toBe('已确认');
    await snap(page, 'project-evidence-confirmed');
  });
});
