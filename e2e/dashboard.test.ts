import type { Browser, Page } from 'playwright-core';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thisYearProjects } from '../server/src/seed/demo-projects.js';
import { launchBrowser, login as loginPage, newPage, snap, startServer, type RunningServer } from './support.js';

/** Browser-side waits get the same patience as page steps (vitest's poll default is 1 s). */
const POLL = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };
const YEAR = new Date().getFullYear();

let server: RunningServer;
let browser: Browser;

/** The demo's own projects signed this year (dated from today), and 镇江新区's among them. */
const DEMO = thisYearProjects(new Date());
const DEMO_XINQU = DEMO.filter((p) => p.unit.startsWith('ZJXQ')).map((p) => p.name);
/** 亿元以上: 10,000万元 or more. */
const DEMO_ABOVE_100M = DEMO.filter((p) => p.wan >= 10_000).length;

/** More projects of this year, registered by the commission. */
const FIXTURE: { name: string; unit: string; wan: number; chain: string | null; stage: string; dates: Record<string, string> }[] = [
  { name: '新区氢能储运装备项目', unit: 'ZJXQ', wan: 120_000, chain: 'power-equipment', stage: 'started', dates: { signed: '01-18', registered: '02-20', land: '04-10', started: '06-08' } },
  { name: '新区低空飞行器总装基地', unit: 'ZJXQ', wan: 25_000, chain: 'aerospace', stage: 'land', dates: { signed: '03-11', registered: '04-02', land: '06-30' } },
  { name: '新区碳纤维预浸料扩产项目', unit: 'ZJXQ-XCL', wan: 18_000, chain: 'advanced-materials', stage: 'signed', dates: { signed: '05-20' } },
  { name: '高新区医疗机器人产业化项目', unit: 'ZJGXQ', wan: 40_000, chain: 'medical-biopharma', stage: 'registered', dates: { signed: '02-25', registered: '03-28' } },
  { name: '高新区算力中心二期', unit: 'ZJGXQ', wan: 60_000, chain: null, stage: 'started', dates: { signed: '04-16', registered: '05-10', land: '06-12', started: '08-20' } },
  { name: '京口区智能配电设备项目', unit: '321102', wan: 15_000, chain: 'power-equipment', stage: 'signed', dates: { signed: '07-07' } },
];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'fagai', password: 'Gongjian@2026' } });
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const headers = { cookie, 'x-csrf-token': res.json().csrfToken as string };
  const db = server.app.gj.db;
  for (const p of FIXTURE) {
    const unit = await db.selectFrom('units').select('id').where('code', '=', p.unit).executeTakeFirstOrThrow();
    const chain = p.chain ? (await db.selectFrom('chains').select('id').where('code', '=', p.chain).executeTakeFirstOrThrow()).id : undefined;
    const stageDates = Object.fromEntries(Object.entries(p.dates).map(([s, d]) => [s, { actual: `${YEAR}-${d}` }]));
    const made = await server.app.inject({ method: 'POST', url: '/api/projects', headers, payload: { name: p.name, hostUnitId: unit.id, totalInvestmentWan: p.wan, chainId: chain, nature: 'new', category: 'industrial', stage: p.stage, stageDates } });
    if (made.statusCode !== 201) throw new Error(`project: ${made.statusCode} ${made.body}`);
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

const CHARTS = ['ranking', 'units', 'trend', 'funnel', 'chains', 'gauge', 'cohort', 'top'];

/** Every chart has drawn its canvas. */
async function chartsDrawn(page: Page) {
  for (const c of CHARTS) await page.locator(`[data-testid=dashboard-chart-${c}] canvas`).first().waitFor();
}

/** The same page at 1366×768 and 390×844 in both languages (and the whole page, to read it all). */
async function snapAll(page: Page, name: string, ready: () => Promise<unknown>) {
  for (const lang of ['zh-CN', 'en-US'] as const) {
    await page.evaluate((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('gj_lang', l), lang);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.reload();
    await ready();
    await page.waitForTimeout(800);
    await snap(page, `dashboard-${name}-${lang}`);
    await page.screenshot({ path: resolve('screenshots', `dashboard-${name}-${lang}-full.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    await ready();
    await page.waitForTimeout(800);
    await snap(page, `dashboard-${name}-${lang}-phone`);
    await page.screenshot({ path: resolve('screenshots', `dashboard-${name}-${lang}-phone-full.png`), fullPage: true });
  }
  await page.evaluate(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('gj_lang', 'zh-CN'));
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.reload();
  await ready();
}

interface Kpi {
  code: string;
  value: number | null;
  unit: string;
}

/** Clicks the bar of one category of a drawn chart, where ECharts laid it out. */
async function clickBar(page: Page, testId: string, category: string, seriesIndex = 0) {
  // The chart may be below the fold (more KPI cards above it): a click at its bar's page
  // coordinates lands only once it is in the viewport.
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  const point = await page.evaluate(
    ({ testId, category, seriesIndex }) => {
      type Layout = { x: number; y: number; width: number; height: number };
      const el = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { left: number; top: number }; echartsInstance: { getOption(): { yAxis: { data: string[] }[] }; getModel(): { getSeriesByIndex(i: number): { getData(): { getItemLayout(i: number): Layout } } } } } } }).document.querySelector(`[data-testid=${testId}]`)!;
      const chart = el.echartsInstance;
      const index = chart.getOption().yAxis[0]!.data.findIndex((name) => name.includes(category));
      const box = chart.getModel().getSeriesByIndex(seriesIndex).getData().getItemLayout(index);
      const rect = el.getBoundingClientRect();
      return { x: rect.left + box.x + box.width / 2, y: rect.top + box.y + box.height / 2, index };
    },
    { testId, category, seriesIndex },
  );
  expect(point.index).toBeGreaterThanOrEqual(0);
  await page.mouse.click(point.x, point.y);
}

describe('leader dashboard journeys', () => {
  it('a city leader opens 驾驶舱: every chart draws, the KPI cards say what the API says, a unit’s bar lists its projects, full screen toggles', async () => {
    const page = await newPage(browser);
    await login(page, 'leader');
    await page.getByRole('menuitem', { name: '领导驾驶舱' }).click();
    await page.waitForURL(/\/dashboard/);
    await chartsDrawn(page);

    // The KPI cards show the API's figures.
    const api = await page.evaluate(async (year) => (await (await fetch(`/api/dashboard?year=${year}`)).json()) as { targets: Kpi[]; units: { unitId: number; name: string; signed: number }[] }, YEAR);
    expect(api.targets.map((k) => k.code)).toEqual(['signed_100m', 'signed_1b', 'started_100m', 'chain_share', 'investment_wan']);
    for (const k of api.targets) {
      const shown = (await page.getByTestId(`dashboard-kpi-value-${k.code}`).innerText()).replace(/[,\s万元%]/g, '');
      expect(Number(shown), k.code).toBe(k.value);
    }
    expect(api.targets.find((k) => k.code === 'signed_100m')!.value).toBe(6 + DEMO_ABOVE_100M);

    // 镇江新区's bar of the unit comparison: its projects signed this year.
    const xinqu = api.units.find((u) => u.name === '镇江新区')!;
    expect(xinqu.signed).toBe(3 + DEMO_XINQU.length);
    await clickBar(page, 'dashboard-chart-units', '镇江新区');
    const drawer = page.getByTestId('dashboard-drawer');
    await drawer.waitFor();
    await expect.poll(() => drawer.innerText(), POLL).toContain('新区碳纤维预浸料扩产项目');
    const listed = await page.getByTestId('dashboard-drill-project').allInnerTexts();
    expect(listed.sort()).toEqual(['新区低空飞行器总装基地', '新区氢能储运装备项目', '新区碳纤维预浸料扩产项目', ...DEMO_XINQU].sort());
    expect(await page.getByTestId('dashboard-drill-total').innerText()).toContain(String(3 + DEMO_XINQU.length));
    expect(await drawer.innerText()).not.toContain('高新区');
    await snap(page, 'dashboard-drill-zh-CN');
    await page.getByTestId('dashboard-drill-project').filter({ hasText: '新区氢能储运装备项目' }).click();
    await page.waitForURL(/\/projects\/\d+/);
    // The project's page has replaced the dashboard (and its drawer) before going back.
    await drawer.waitFor({ state: 'detached' });
    await page.goBack();
    await chartsDrawn(page);

    // Full screen: the dark meeting-room screen, and back.
    await page.getByTestId('dashboard-fullscreen').click();
    await page.locator('[data-testid=dashboard-screen][data-fullscreen=true]').waitFor();
    await chartsDrawn(page);
    await page.waitForTimeout(800);
    await snap(page, 'dashboard-fullscreen-zh-CN');
    await page.screenshot({ path: resolve('screenshots', 'dashboard-fullscreen-zh-CN-full.png'), fullPage: true });
    await page.getByTestId('dashboard-fullscreen').click();
    await page.locator('[data-testid=dashboard-screen][data-fullscreen=false]').waitFor();
    await page.getByTestId('side-menu').waitFor();

    await snapAll(page, 'city', () => chartsDrawn(page));
  });

  it('a district sees its own subtree only', async () => {
    const page = await newPage(browser);
    await login(page, 'gaoxin');
    await page.goto(`${server.url}/dashboard`);
    await chartsDrawn(page);
    await expect.poll(() => page.getByTestId('dashboard-summary').innerText(), POLL).toContain('镇江高新区');
    await page.getByTestId('dashboard-kpi-signed_100m').click();
    const drawer = page.getByTestId('dashboard-drawer');
    await expect.poll(() => drawer.innerText(), POLL).toContain('高新区医疗机器人产业化项目');
    expect(await drawer.innerText()).not.toContain('新区氢能储运装备项目');
  });
});
