import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { archiveBriefing } from '../server/src/modules/briefings/index.js';
import { systemContext } from '../server/src/platform/context.js';
import { thisYearProjects } from '../server/src/seed/demo-projects.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login as loginPage, newPage, pickOption, snap, snapInBothLanguages, startServer, type RunningServer } from './support.js';

/** Browser-side waits get the same patience as page steps (vitest's poll default is 1 s). */
const POLL = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;

const YEAR = new Date().getFullYear();
const SIGNED = ['新区氢能储运装备项目', '新区低空飞行器总装基地'];
/** The demo's projects of 镇江新区 signed this year (dated from today) that are 亿元以上. */
const DEMO_SIGNED = thisYearProjects(new Date()).filter((p) => p.unit.startsWith('ZJXQ') && p.wan >= 10_000).map((p) => p.name);

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // 镇江新区 signs two more 亿元以上 projects this year.
  const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xinqu', password: 'Gongjian@2026' } });
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const headers = { cookie, 'x-csrf-token': res.json().csrfToken as string };
  const me = (await server.app.inject({ method: 'GET', url: '/api/me', headers })).json() as { unitId: number };
  for (const [i, name] of SIGNED.entries()) {
    const made = await server.app.inject({ method: 'POST', url: '/api/projects', headers, payload: { name, hostUnitId: me.unitId, totalInvestmentWan: i ? 120_000 : 25_000, nature: 'new', category: 'industrial', stage: 'signed', stageDates: { signed: { actual: `${YEAR}-0${3 + i}-1${i}` } } } });
    if (made.statusCode !== 200 && made.statusCode !== 201) throw new Error(`project: ${made.statusCode} ${made.body}`);
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function login(page: Page, username: string) {
  await loginPage(page, server.url, username);
  await page.getByTestId('side-menu').waitFor();
}

/** The same page at 1366×768 and 390×844 in both languages, after `ready` says it has drawn. */
const snapAll = (page: Page, name: string, ready: () => Promise<unknown>) => snapInBothLanguages(page, `rankings-${name}`, ready, 600);

/** Opens a unit's indicator detail (the row's expand button). */
async function expand(page: Page, unit: string) {
  const detail = page.getByTestId(`ranking-detail-${unit}`);
  if (await detail.count()) return;
  const row = page.getByTestId('ranking-table').locator('tr', { has: page.getByTestId('ranking-unit').filter({ hasText: unit }) });
  const icon = row.locator('.ant-table-row-expand-icon');
  // A phone opens the row itself (no expander column).
  await ((await icon.count()) ? icon : row.getByTestId('ranking-unit')).click();
  await detail.waitFor();
}

describe('赛马榜 journeys', () => {
  it('a district officer opens 赛马榜, sees every unit scored, expands its own row and drills to the projects behind signed_100m', async () => {
    const page = await newPage(browser);
    await login(page, 'xinqu');
    await page.getByRole('menuitem', { name: '考核比拼' }).click();
    await page.getByRole('menuitem', { name: '赛马榜' }).click();
    await page.waitForURL(/\/rankings/);
    const score = page.getByTestId('ranking-score-镇江新区');
    await expect.poll(() => score.innerText(), POLL).toMatch(/^\d+\.\d{2}$/);
    expect(await page.getByTestId('ranking-unit').count()).toBeGreaterThanOrEqual(8);
    await page.getByTestId('ranking-chart').locator('svg, canvas').first().waitFor();
    await snapAll(page, 'live', () => page.getByTestId('ranking-score-镇江新区').waitFor());

    await expand(page, '镇江新区');
    const detail = page.getByTestId('ranking-detail-镇江新区');
    expect(await detail.innerText()).toContain('新签约亿元以上项目');
    expect(await detail.innerText()).toContain('0.7 + 0.3');
    await detail.scrollIntoViewIfNeeded();
    await snap(page, 'rankings-detail-zh-CN');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(400);
    await detail.scrollIntoViewIfNeeded();
    await snap(page, 'rankings-detail-zh-CN-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('drill-镇江新区-signed_100m').click();
    const drawer = page.getByTestId('drill-table');
    await drawer.getByTestId('drill-project').first().waitFor();
    const names = await drawer.getByTestId('drill-project').allInnerTexts();
    expect(names.sort()).toEqual([...SIGNED, ...DEMO_SIGNED].sort());
    const href = await drawer.getByTestId('drill-project').first().getAttribute('href');
    expect(href).toMatch(/^\/projects\/\d+$/);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForTimeout(400);
    await snap(page, 'rankings-drill-zh-CN');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(400);
    await snap(page, 'rankings-drill-zh-CN-phone');
    await page.setViewportSize({ width: 1366, height: 768 });

    // Another unit's figure: the board shows it, the projects behind it are that unit's.
    await page.keyboard.press('Escape');
    await expand(page, '京口区');
    await page.getByTestId('drill-京口区-signed_100m').click();
    await page.getByText('只能查看本单位（及下级单位）指标背后的项目').waitFor();
  });

  it('the commerce bureau opens a published month, verifies it, and publishes a past month again as a new version', async () => {
    const page = await newPage(browser);
    await login(page, 'shangwu');
    await page.goto(`${server.url}/rankings?view=published`);
    const version = page.getByTestId('published-version');
    await version.waitFor();
    const list = page.getByTestId('published-list');
    expect(await list.innerText()).toContain('第一名');
    await page.getByTestId('verify-button').click();
    await expect.poll(() => page.getByTestId('verify-result').innerText(), POLL).toContain('复核一致');

    const period = `${YEAR}-01`;
    await pickOption(page, 'publish-period', `${YEAR}年1月`);
    await page.getByTestId('publish-button').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => version.innerText(), POLL).toContain(`${period} 发布版 v2`);
    expect(new URL(page.url()).searchParams.get('period')).toBe(period);
    await page.getByTestId('verify-button').click();
    await expect.poll(() => page.getByTestId('verify-result').innerText(), POLL).toContain(`${period} 第 2 版完全相同`);

    // 下载月度简报: the month's Word briefing, named in Chinese, with the headline sentence.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('briefing-download').click()]);
    expect(download.suggestedFilename()).toBe(`镇江市重大项目攻坚月度简报（${YEAR}年1月）.docx`);
    const xml = await (await JSZip.loadAsync(readFileSync((await download.path())!))).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain(`镇江市重大项目攻坚月度简报（${YEAR}年1月）`);
    expect(text).toMatch(/新签约亿元以上项目[\d.]+个，其中10亿元以上[\d.]+个/);
    // The schedule archives it (run here by hand): the archived version downloads too.
    await archiveBriefing(server.app.gj, systemContext('e2e'), period);
    await page.reload();
    const archived = page.getByTestId('briefing-archived-1');
    const [again] = await Promise.all([page.waitForEvent('download'), archived.click()]);
    expect(again.suggestedFilename()).toBe(`镇江市重大项目攻坚月度简报（${YEAR}年1月）.docx`);
    await snapAll(page, 'published', () => page.getByTestId('briefing-archived-1').waitFor());

    // A district reads published months but has no publish button.
    const district = await newPage(browser);
    await login(district, 'jingkou');
    await district.goto(`${server.url}/rankings?period=${period}`);
    await district.getByTestId('published-version').waitFor();
    expect(await district.getByTestId('publish-bar').count()).toBe(0);
    // The briefing is the city's: a district has no download.
    await district.waitForTimeout(500);
    expect(await district.getByTestId('briefing-bar').count()).toBe(0);
  });
});
