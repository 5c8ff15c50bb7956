import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../server/src/app.js';
import { prepareDatabase } from '../server/src/bootstrap.js';
import { loadConfig } from '../server/src/config.js';
import { systemClock, type Clock } from '../server/src/platform/clock.js';
import type { App } from '../server/src/platform/http.js';

export const CHROMIUM = process.env.GONGJIAN_CHROMIUM ?? '/usr/bin/chromium';
// Another build elsewhere (GONGJIAN_WEB_DIST) keeps a run apart from a rebuild of web/dist meanwhile.
const WEB_DIST = resolve(process.env.GONGJIAN_WEB_DIST ?? 'web/dist');

export interface RunningServer {
  url: string;
  app: App;
  clock: Clock;
  stop(): Promise<void>;
}

/**
 * The real server on 127.0.0.1 and a free port, on a fresh demo SQLite database, with the built web
 * app. The journeys count the hand-written demo records; `campaign` adds the campaign in motion (the
 * screenshots want a city mid-campaign).
 */
export async function startServer(options: { campaign?: boolean } = {}): Promise<RunningServer> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` first (npm test does).');
  const dir = mkdtempSync(join(tmpdir(), 'gongjian-e2e-'));
  const clock = systemClock;
  const config = loadConfig({ GONGJIAN_DEMO: '1', GONGJIAN_KEY_FILE: join(dir, 'keys.json') }, { databaseUrl: `file:${join(dir, 'e2e.sqlite')}`, clock, webDist: WEB_DIST, logLevel: 'silent', demoCampaign: options.campaign ?? false });
  const database = await prepareDatabase(config);
  const app = await buildApp(config, database);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    clock,
    async stop() {
      await app.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}. Install it: apt-get update && apt-get install -y chromium fonts-noto-cjk`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser: Browser, lang: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: lang });
  const page = await context.newPage();
  // Generous: CI machines have 2 cores and the API suites may run alongside.
  page.setDefaultTimeout(30_000);
  return page;
}

export async function login(page: Page, baseUrl: string, username: string, password = 'Gongjian@2026'): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Screenshots go to screenshots/ (ignored by git) for a person to look at. */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve('screenshots', `${name}.png`), fullPage: false });
}

/** Picks an option of an antd Select (single or multiple) by its label, and closes the list. */
export async function pickOption(page: Page, testId: string, label: string) {
  const select = page.getByTestId(testId);
  const chosen = select.filter({ hasText: label });
  const option = page.locator('.ant-select-item-option:visible', { hasText: label });
  // Under load a click can land while the list is still sliding open and select nothing: pick
  // until the select shows the choice (CI once saved a user without the role it was given).
  for (let attempt = 0; attempt < 3 && !(await chosen.count()); attempt++) {
    if (!(await option.count())) await select.click();
    await option.first().click();
    await chosen.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
  await chosen.waitFor();
  // A single select closes its list itself.
  if (!(await select.evaluate((e) => e.classList.contains('ant-select-multiple')))) return;
  // Close a multiple select's list by clicking the dialog's title: an Escape can reach the dialog
  // itself (a list already closing) and close it, losing the form.
  const title = page.locator('.ant-modal-title');
  if (await title.count()) await title.first().click();
  else await page.keyboard.press('Escape');
}

/**
 * The same page at 1366×768 and at 390×844, in Chinese and in English (the page reloaded in each
 * language), after `ready` says it has drawn and `settleMs` for animations; back to Chinese at 1366.
 */
export async function snapInBothLanguages(page: Page, name: string, ready: () => Promise<unknown>, settleMs = 400): Promise<void> {
  const setLang = (lang: string) => page.evaluate((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('gj_lang', l), lang);
  for (const lang of ['zh-CN', 'en-US'] as const) {
    await setLang(lang);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.reload();
    await ready();
    await page.waitForTimeout(settleMs);
    await snap(page, `${name}-${lang}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await ready();
    await page.waitForTimeout(settleMs);
    await snap(page, `${name}-${lang}-phone`);
  }
  await setLang('zh-CN');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.reload();
  await ready();
}
