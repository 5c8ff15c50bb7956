import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newPage, pickOption, snap, startServer, type RunningServer } from './support.js';

/**
 * A date typed the way people here type it — 2026/11/20, 2026.11.20, 2026年11月20日, full-width
 * digits from a Chinese input method — is taken by a real form's date field and saved as
 * 2026-11-20; what is no date leaves the field empty with a message in the page's language.
 */

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

async function openLeadForm(page: Page, enterprise: string, title: string, source: string) {
  await page.goto(`${server.url}/leads`);
  await page.getByTestId('lead-create').click();
  await page.getByTestId('lead-enterprise').fill(enterprise);
  const checked = page.waitForResponse((r) => r.url().includes('/api/leads/check'));
  await page.getByTestId('lead-title').click();
  await checked;
  await page.getByTestId('lead-title').fill(title);
  await pickOption(page, 'lead-source', source);
}

/** Types into the field key by key, as a person does, and leaves it. */
async function typeDate(page: Page, testId: string, text: string) {
  const input = page.getByTestId(testId);
  await input.click();
  await input.press('Control+A');
  await input.press('Backspace');
  await input.pressSequentially(text, { delay: 20 });
  await page.getByTestId('lead-title').click();
}

async function savedNextStep(page: Page): Promise<string | null> {
  await page.waitForURL(/\/leads\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const row = await server.app.gj.db.selectFrom('leads').select('next_step_date').where('id', '=', id).executeTakeFirstOrThrow();
  return row.next_step_date;
}

describe('typed dates', () => {
  const typings = ['2026/11/20', '2026.11.20', '2026年11月20日', '２０２６年１１月２０日'];

  it('xinqu types the next step\'s date four ways into a new lead; each is saved as 2026-11-20', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'xinqu');
    await page.getByTestId('side-menu').waitFor();
    for (const [i, typed] of typings.entries()) {
      await openLeadForm(page, `镇江日期测试${i + 1}号科技有限公司`, `日期测试项目${i + 1}`, '展会');
      await typeDate(page, 'lead-next-step-date', typed);
      expect(await page.getByTestId('lead-next-step-date').inputValue(), typed).toBe('2026-11-20');
      if (i === 0) await snap(page, 'dates-typed-zh');
      await page.getByTestId('lead-save').click();
      expect(await savedNextStep(page), typed).toBe('2026-11-20');
      await expect.poll(() => page.locator('body').innerText(), POLL).toContain('2026-11-20');
    }
    await page.context().close();
  });

  it('what is no date leaves a required date empty, and the message is in the page\'s language', async () => {
    for (const [lang, source, says] of [['zh-CN', '展会', /请输入首次接洽/], ['en-US', 'Expo', /First contact/]] as const) {
      const page = await newPage(browser);
      await page.addInitScript((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('gj_lang', l), lang);
      await login(page, server.url, 'xinqu');
      await page.getByTestId('side-menu').waitFor();
      await openLeadForm(page, `镇江日期校验${lang}有限公司`, `日期校验${lang}`, source);
      await typeDate(page, 'lead-first-contact', '2026-02-30');
      expect(await page.getByTestId('lead-first-contact').inputValue()).toBe('');
      await page.getByTestId('lead-save').click();
      const explain = page.locator('.ant-form-item-explain-error').first();
      await expect.poll(() => explain.innerText(), POLL).toMatch(says);
      expect(await explain.innerText()).not.toMatch(/YYYY/);
      // English pages take the same typed forms.
      await typeDate(page, 'lead-first-contact', '2026/11/20');
      expect(await page.getByTestId('lead-first-contact').inputValue()).toBe('2026-11-20');
      await snap(page, `dates-required-${lang}`);
      await page.context().close();
    }
  });
});
