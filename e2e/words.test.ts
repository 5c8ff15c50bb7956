import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../common/audit.js';
import { LIGHT_LEVELS, LIST_LEVELS, WARNING_KINDS } from '../common/dispatch.js';
import { CHAIN_SEGMENTS, ENTERPRISE_TAGS } from '../common/key-enterprises.js';
import { ACTIVITY_TYPES, FOLLOWUP_KINDS, HANDOFF_STATES, LEAD_SOURCES, LEAD_STATUSES } from '../common/leads.js';
import { DATA_SCOPES } from '../common/permissions.js';
import { EVIDENCE_KINDS, PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../common/problems.js';
import { CATEGORIES, CHAIN_ROLES, NATURES, PROJECT_STATUSES, STAGES } from '../common/projects.js';
import { BUILTIN_INDICATOR_CODES, DEPARTMENT_INDICATOR_CODES } from '../common/targets.js';
import { launchBrowser, login, newPage, snap, startServer, type RunningServer } from './support.js';

/**
 * Words on screen: every menu page, for several kinds of user, in Chinese and in English, shows
 * words — no i18n key (`home.tile.lead-list`), no code (`power-equipment`, `project.export`,
 * `POST /api/leads/check`, `signed`), no `{{placeholder}}` or `undefined`; and the English pages'
 * own words (menu, table headers, buttons, titles, labels) carry no Chinese. Demo data is Chinese
 * and stays so: only the app's own chrome is held to English.
 */

let server: RunningServer;
let browser: Browser;
let chainCodes: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  chainCodes = (await server.app.gj.db.selectFrom('chains').select('code').execute()).map((c) => c.code);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const zhCatalog = JSON.parse(readFileSync('web/src/locales/zh-CN/common.json', 'utf8')) as Record<string, unknown>;
/** A dotted word whose first part is one of the locale files' namespaces: a key shown instead of its words (or one that has none). */
const RAW_KEY = new RegExp(`(?<![\\w@/.-])(?:${Object.keys(zhCatalog).join('|')})(?:\\.[A-Za-z0-9_:-]+)+(?![\\w/-])`, 'g');
const LEFTOVERS = /\{\{\s*\w+\s*\}\}|\bundefined\b|\bNaN\b|\[object Object\]|\bInvalid Date\b/g;
const REQUEST_LINE = /\b(?:GET|POST|PUT|PATCH|DELETE) \/api\/\S*/g;

/** Codes that are never words for a person; on the Chinese pages any of them, on the English ones those no English word looks like. */
function codes(): string[] {
  return [
    ...AUDIT_ACTIONS,
    ...chainCodes,
    ...STAGES,
    ...PROJECT_STATUSES,
    ...CHAIN_ROLES,
    ...NATURES,
    ...CATEGORIES,
    ...LEAD_STATUSES,
    ...LEAD_SOURCES,
    ...FOLLOWUP_KINDS,
    ...ACTIVITY_TYPES,
    ...HANDOFF_STATES,
    ...PROBLEM_CATEGORIES,
    ...PROBLEM_STATUSES,
    ...EVIDENCE_KINDS,
    ...LIGHT_LEVELS,
    ...LIST_LEVELS,
    ...WARNING_KINDS,
    ...CHAIN_SEGMENTS,
    ...ENTERPRISE_TAGS,
    ...DATA_SCOPES,
    ...BUILTIN_INDICATOR_CODES,
    ...DEPARTMENT_INDICATOR_CODES,
  ];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function codePattern(lang: 'zh-CN' | 'en-US'): RegExp {
  const list = [...new Set(codes())].filter((c) => lang === 'zh-CN' || /[._-]/.test(c)).sort((a, b) => b.length - a.length);
  return new RegExp(`(?<![A-Za-z0-9_./-])(?:${list.map(escape).join('|')})(?![A-Za-z0-9_/-]|\\.[A-Za-z])`, 'g');
}

/** The app's own words on a page: where English pages may not show Chinese. Cells, descriptions and free text may hold data. */
const CHROME = [
  '.ant-menu-title-content',
  '.ant-table-thead th',
  'button:not(.ant-table-row-expand-icon)',
  // A card titled by a link to its record (the phone's card lists) is titled by data.
  '.ant-card-head-title:not(:has(a))',
  '.ant-modal-title',
  '.ant-form-item-label label',
  '.ant-tabs-tab',
  '.ant-segmented-item-label',
  '.ant-descriptions-item-label',
  '.ant-statistic-title',
  '.ant-empty-description',
  '.ant-pagination',
  '.ant-select-selection-placeholder',
].join(', ');
const HAN = /\p{Script=Han}/u;

/** Waits until the page has no request in flight and no spinner for a moment. */
async function settle(page: Page, inFlight: () => number) {
  const quietSince = { at: Date.now() };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const busy = inFlight() > 0 || (await page.locator('.ant-spin-spinning, .ant-skeleton-active').count()) > 0;
    if (busy) quietSince.at = Date.now();
    else if (Date.now() - quietSince.at > 250) return;
    await page.waitForTimeout(100);
  }
}

/** Opens every group of the side menu (the shell mounts it anew after a phone-width visit). */
async function openMenu(page: Page) {
  const menu = page.getByTestId('side-menu');
  await menu.waitFor();
  for (let round = 0; round < 3; round++) {
    const closed = menu.locator('li.ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title');
    const n = await closed.count();
    if (!n) break;
    for (let i = 0; i < n; i++) await closed.first().click();
  }
}

/** The side menu's pages for this user (every group opened). */
async function menuPaths(page: Page): Promise<string[]> {
  const menu = page.getByTestId('side-menu');
  await openMenu(page);
  const ids = await menu.locator('li.ant-menu-item').evaluateAll((items) => items.map((e) => e.getAttribute('data-menu-id') ?? ''));
  return ids.map((id) => id.slice(id.indexOf('-/') + 1)).filter((p) => p.startsWith('/'));
}

/** Lists whose first record's page is read as well. */
const DETAILS: Record<string, RegExp> = { '/projects': /^\/projects\/\d+$/, '/leads': /^\/leads\/\d+$/, '/problems': /^\/problems\/\d+$/ };

interface Finding {
  page: string;
  what: string;
  text: string;
}

async function readPage(page: Page, path: string, lang: 'zh-CN' | 'en-US', record = false): Promise<Finding[]> {
  const findings: Finding[] = [];
  const text = await page.locator('body').innerText();
  for (const m of text.matchAll(RAW_KEY)) findings.push({ page: path, what: 'i18n key', text: m[0] });
  for (const m of text.matchAll(LEFTOVERS)) findings.push({ page: path, what: 'leftover', text: m[0] });
  for (const m of text.matchAll(REQUEST_LINE)) findings.push({ page: path, what: 'request line', text: m[0] });
  // Identifiers a person gave (a role's code), shown as code, are theirs to read.
  const identifiers = new Set((await page.locator('code').allInnerTexts()).map((c) => c.trim()));
  for (const m of text.matchAll(codePattern(lang))) {
    if (identifiers.has(m[0])) continue;
    const around = text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20).replace(/\s+/g, ' ');
    findings.push({ page: path, what: 'code', text: `${m[0]}  (…${around}…)` });
  }
  if (lang === 'en-US') {
    type Shown = { offsetParent: unknown; innerText: string; getAttribute(name: string): string | null };
    // A record's page is titled by the record (a project's name): its card titles are data there.
    const chrome = await page.locator(record ? CHROME.replace('.ant-card-head-title:not(:has(a)), ', '') : CHROME).evaluateAll((els) => els.filter((e) => (e as unknown as Shown).offsetParent !== null).map((e) => (e as unknown as Shown).innerText.trim()));
    const placeholders = await page.locator('input[placeholder], textarea[placeholder]').evaluateAll((els) => els.filter((e) => (e as unknown as Shown).offsetParent !== null).map((e) => (e as unknown as Shown).getAttribute('placeholder') ?? ''));
    for (const t of new Set([...chrome, ...placeholders])) if (HAN.test(t)) findings.push({ page: path, what: 'Chinese in English chrome', text: t.slice(0, 80) });
  }
  return findings;
}

/** Users whose every page is also read and photographed at phone width (390×844). */
const PHONE_USERS = new Set(['xinqu', 'leader']);

/**
 * Every visited page again at 390×844 (the phone), straight by its address: read again (the card
 * lists say other words than the tables) and held to the screen's width — nothing may make the
 * page itself scroll sideways (a wide table scrolls inside its own box). Photographed at both widths.
 */
async function atPhoneWidth(page: Page, paths: string[], username: string, lang: 'zh-CN' | 'en-US', inFlight: () => number): Promise<Finding[]> {
  const findings: Finding[] = [];
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of paths) {
    await page.goto(`${server.url}${path}`);
    await settle(page, inFlight);
    findings.push(...(await readPage(page, `${path} (390)`, lang, /\/\d+$/.test(path))));
    const wide = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    if (wide > 391) findings.push({ page: `${path} (390)`, what: 'wider than the phone', text: `${wide}px` });
    await snap(page, `${shotName(username, lang, path)}-390`);
  }
  return findings;
}

/** The user whose pages are also held to a tablet held upright (768×1024: the sider folds to icons, the tables keep their columns). */
const TABLET_USER = 'xinqu';

async function atTabletWidth(page: Page, paths: string[], username: string, inFlight: () => number): Promise<Finding[]> {
  const findings: Finding[] = [];
  await page.setViewportSize({ width: 768, height: 1024 });
  for (const path of paths) {
    await page.goto(`${server.url}${path}`);
    await settle(page, inFlight);
    const wide = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    if (wide > 769) findings.push({ page: `${path} (768)`, what: 'wider than the tablet', text: `${wide}px` });
    await snap(page, `${shotName(username, 'zh-CN', path)}-768`);
  }
  return findings;
}

const shotName = (username: string, lang: string, path: string) => `page-${username}-${lang}-${path.replace(/^\//, '').replace(/\/\d+$/, '/record').replace(/\//g, '_') || 'home'}`;

async function visitAll(username: string, lang: 'zh-CN' | 'en-US'): Promise<{ findings: Finding[]; visited: string[] }> {
  const page = await newPage(browser, lang);
  await page.addInitScript((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('gj_lang', l), lang);
  let inFlight = 0;
  page.on('request', () => inFlight++);
  page.on('requestfinished', () => inFlight--);
  page.on('requestfailed', () => inFlight--);
  // The login page first: its demo accounts name their roles too.
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').waitFor();
  await settle(page, () => inFlight);
  const findings: Finding[] = await readPage(page, '/login', lang);
  await login(page, server.url, username);
  const paths = await menuPaths(page);
  const visited = [...paths];
  for (const path of paths) {
    await page.getByTestId('side-menu').locator(`li.ant-menu-item[data-menu-id$="-${path}"]`).click();
    await page.waitForURL((u) => u.pathname === path || u.pathname.startsWith(`${path}/`) || path === '/');
    await settle(page, () => inFlight);
    findings.push(...(await readPage(page, path, lang)));
    if (PHONE_USERS.has(username)) await snap(page, `${shotName(username, lang, path)}-1366`);
    // A list's first record too: the detail pages are where words were missing (版本 2, lead #8).
    const detail = DETAILS[path];
    if (detail) {
      const href = (await page.locator(`a[href^="${path}/"]`).evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).find((h) => detail.test(h));
      if (href) {
        await page.locator(`a[href="${href}"]`).first().click();
        await page.waitForURL((u) => u.pathname === href);
        await settle(page, () => inFlight);
        findings.push(...(await readPage(page, href, lang, true)));
        if (PHONE_USERS.has(username)) await snap(page, `${shotName(username, lang, href)}-1366`);
        visited.push(href);
      }
    }
  }
  await snap(page, `words-${username}-${lang}`);
  if (PHONE_USERS.has(username)) findings.push(...(await atPhoneWidth(page, visited, username, lang, () => inFlight)));
  if (username === TABLET_USER && lang === 'zh-CN') findings.push(...(await atTabletWidth(page, visited, username, () => inFlight)));
  await page.context().close();
  return { findings, visited };
}

describe('words on screen', () => {
  it('the reader itself catches keys, codes, request lines, leftovers and Chinese chrome', async () => {
    const page = await newPage(browser, 'en-US');
    await page.setContent(
      '<main><p>home.tile.lead-list · power-equipment · project.export · POST /api/leads/check · {{count}} · undefined</p><p>signed, on 2026-11-20, by xinqu@example.com</p><button>保存</button></main>',
    );
    const found = await readPage(page, '/synthetic', 'en-US');
    expect(found.map((f) => `${f.what}: ${f.text.split('  ')[0]}`).sort()).toEqual(
      ['Chinese in English chrome: 保存', 'code: power-equipment', 'code: project.export', 'i18n key: home.tile.lead-list', 'leftover: undefined', 'leftover: {{count}}', 'request line: POST /api/leads/check'].sort(),
    );
    expect((await readPage(page, '/synthetic', 'zh-CN')).map((f) => f.text.split('  ')[0])).toContain('signed');
    await page.context().close();
  });


  const users = ['xinqu', 'fagai', 'shangwu', 'leader', 'admin', 'secadmin', 'auditor'] as const;
  for (const username of users) {
    for (const lang of ['zh-CN', 'en-US'] as const) {
      it(`${username} sees words, not keys or codes, on every menu page (${lang})`, async () => {
        const { findings, visited } = await visitAll(username, lang);
        expect(visited.length).toBeGreaterThan(1);
        expect(findings).toEqual([]);
      }, 300_000);
    }
  }

  it('the audit trail reads as what happened, to what: a refused request by its words, a person by name', async () => {
    // xinqu's check of a lead without the CSRF token is refused: recorded as POST /api/leads/check.
    const xinqu = await newPage(browser);
    await login(xinqu, server.url, 'xinqu');
    await xinqu.getByTestId('side-menu').waitFor();
    const status = await xinqu.evaluate(async () => (await fetch('/api/leads/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(status).toBe(403);
    await xinqu.context().close();

    for (const lang of ['zh-CN', 'en-US'] as const) {
      for (const viewport of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
        const page = await newPage(browser, lang);
        await page.setViewportSize(viewport);
        await page.addInitScript((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('gj_lang', l), lang);
        await login(page, server.url, 'auditor');
        await page.waitForURL((u) => u.pathname === '/');
        await page.goto(`${server.url}/audit`);
        const table = page.locator('.ant-table-tbody');
        await table.locator('tr.ant-table-row').first().waitFor();
        const rows = await table.innerText();
        expect(rows).toContain(lang === 'zh-CN' ? '线索查重' : 'Checked a lead for duplicates');
        expect(rows).toContain(lang === 'zh-CN' ? '用户「赵磊 (xinqu)」' : 'User “赵磊 (xinqu)”');
        expect(rows).not.toMatch(/POST \/api|auth\.login|#\d/);
        await snap(page, `audit-${lang}-${viewport.width}`);
        await page.context().close();
      }
    }
  });
});
