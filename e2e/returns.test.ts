import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login as loginPage, newPage, snap, snapInBothLanguages, startServer, type RunningServer } from './support.js';

/** Browser-side waits get the same patience as page steps (vitest's poll default is 1 s). */
const POLL = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };
const DATA_CENTRE = '工业互联网平台及数据中心';
const CAR_LAMPS = '汽车灯具智能制造项目';

let server: RunningServer;
let browser: Browser;
let gaoxinPark = 0;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  gaoxinPark = (await server.app.gj.db.selectFrom('units').select('id').where('code', '=', 'ZJGXQ').executeTakeFirstOrThrow()).id;
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
const snapAll = (page: Page, name: string, ready: () => Promise<unknown>) => snapInBothLanguages(page, `returns-${name}`, ready, 500);

/** The series an ECharts chart (by test id) draws: their types and how many points each has. */
async function seriesOf(page: Page, testId: string): Promise<{ type: string; name: string; points: number }[]> {
  return page.evaluate((id) => {
    type Instance = { getOption(): { series: { type: string; name: string; data: unknown[] }[] } };
    const el = (globalThis as unknown as { document: { querySelector(s: string): { echartsInstance?: Instance } | null } }).document.querySelector(`[data-testid=${id}]`);
    return (el?.echartsInstance?.getOption().series ?? []).map((s) => ({ type: s.type, name: s.name, points: s.data.length }));
  }, testId);
}

async function workbook(rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('产值税收');
  ws.addRow(['序号', '项目名称', '产值（万元）', '入库税收（万元）', '从业人员']);
  for (const r of rows) ws.addRow(r);
  const path = join(mkdtempSync(join(tmpdir(), 'gj-returns-')), '高新区季度产值税收.xlsx');
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

describe('投产达效: 高新区 confirms its data centre at capacity from the figures, reads its parks and imports a quarter', () => {
  it('gaoxin reads the list and the park ranking, drills into its park, opens the red project from the gap list and confirms 达产', async () => {
    const page = await newPage(browser);
    await login(page, 'gaoxin');
    await page.getByTestId('side-menu').getByText('项目库').click();
    await page.getByTestId('side-menu').getByText('投产达效').click();
    await page.waitForURL(/\/returns$/);
    const table = page.getByTestId('returns-table');
    // The last quarter that ended, its 亩均 graded; the data centre's 达产 waits for the unit.
    await expect.poll(() => table.innerText(), POLL).toContain(DATA_CENTRE);
    expect(await table.innerText()).toContain('待认定达产');
    expect(await table.getByTestId('grade-C').count()).toBe(1);
    await snapAll(page, 'list', () => page.getByTestId('grade-C').first().waitFor());

    // The park ranking: bars of 亩均税收 per park, a row per park with its trend; a click drills down.
    await page.getByTestId('returns-tabs').getByText('园区排名').click();
    await page.getByTestId('parks-chart').locator('canvas').waitFor();
    await expect.poll(async () => (await seriesOf(page, 'parks-chart'))[0]?.points ?? 0, POLL).toBeGreaterThan(0);
    expect(await page.getByTestId('parks-table').innerText()).toContain('镇江高新区');
    await snapAll(page, 'parks', () => page.getByTestId('parks-chart').locator('canvas').waitFor());
    await page.getByTestId(`park-drill-${gaoxinPark}`).click();
    await page.waitForURL((u) => u.pathname === '/returns' && u.searchParams.get('unitId') === String(gaoxinPark) && !u.searchParams.has('tab'));
    await expect.poll(() => page.getByTestId('returns-unit').innerText(), POLL).toContain('镇江高新区');
    await expect.poll(() => page.getByTestId('returns-table').innerText(), POLL).toContain(DATA_CENTRE);

    // The gap list: 达产 planned in 2024 and not confirmed — red, months late.
    await page.getByTestId('returns-tabs').getByText('滞后清单').click();
    const gaps = page.getByTestId('gaps-table');
    await expect.poll(() => gaps.innerText(), POLL).toContain(DATA_CENTRE);
    expect(await gaps.innerText()).toMatch(/未按期达产[\s\S]*滞后 \d+ 个月/);
    expect(await gaps.getByTestId('gap-red').count()).toBe(1);
    await snapAll(page, 'gaps', () => page.getByTestId('gap-red').first().waitFor());
    await gaps.getByText(DATA_CENTRE).click();
    await page.waitForURL(/\/returns\/projects\/\d+$/);

    // Commitments against the quarters: output and tax bars, the 达产 line, the year's tax against the committed tax.
    await page.getByTestId('returns-chart').locator('canvas').waitFor();
    await expect.poll(async () => (await seriesOf(page, 'returns-chart')).length, POLL).toBeGreaterThanOrEqual(5);
    const series = await seriesOf(page, 'returns-chart');
    expect(series.slice(0, 2).map((s) => `${s.type} ${s.name}`)).toEqual(['bar 季度产值', 'bar 季度税收']);
    expect(series[0]!.points).toBeGreaterThanOrEqual(5);
    // The year's tax so far (a line a year), the 达产 line and the committed tax as lines.
    expect(new Set(series.slice(2).map((s) => `${s.type} ${s.name}`))).toEqual(new Set(['line 本年累计税收', 'line 达产线', 'line 承诺年税收']));
    expect(await page.getByTestId('commitments').innerText()).toMatch(/设计产能（年产值，万元）\s*20,000/);
    // The proposal in words: the last two quarters at 81% and 84% of a quarter of the design output.
    const evidence = page.getByTestId('proposal-evidence');
    await expect.poll(() => evidence.innerText(), POLL).toMatch(/\d{4}年.季度、(\d{4}年)?.季度产值分别达到设计产能的 81%、84%/);
    expect(await page.getByTestId('returns-stage').innerText()).toBe('投产');
    await snapAll(page, 'project', () => page.getByTestId('proposal-evidence').waitFor());

    await page.getByTestId('proposal-confirm').click();
    await page.getByTestId('proposal-confirm-ok').click();
    await expect.poll(() => page.getByTestId('returns-stage').innerText(), POLL).toBe('达产');
    expect(await page.getByTestId('proposal-evidence').count()).toBe(0);
    await expect.poll(() => page.getByTestId('proposal-history').innerText(), POLL).toMatch(/已认定[\s\S]*达产（孙悦/);
    await snap(page, 'returns-project-confirmed-zh-CN');

    // Back on the list the badge is gone and the stage is 达产.
    await page.goto(`${server.url}/returns`);
    await expect.poll(() => page.getByTestId('returns-table').innerText(), POLL).toContain('达产');
    expect(await page.getByTestId('returns-table').innerText()).not.toContain('待认定达产');
    await page.context().close();
  });

  it('gaoxin imports the quarter: the dry run names the unknown row and refuses the sheet; the corrected sheet is committed', async () => {
    const page = await newPage(browser);
    await login(page, 'gaoxin');
    await page.goto(`${server.url}/returns`);
    await page.getByTestId('returns-import').click();
    const drawer = page.getByTestId('returns-import-drawer');
    await drawer.waitFor();
    // The form for the quarter comes down with the unit's producing projects to fill in.
    const [form] = await Promise.all([page.waitForEvent('download'), drawer.getByTestId('returns-import-template').click()]);
    expect(form.suggestedFilename()).toMatch(/^镇江高新区\d{4}-Q[1-4]产值税收表\.xlsx$/);
    const filled = new ExcelJS.Workbook();
    await filled.xlsx.readFile((await form.path())!);
    const names: unknown[] = [];
    filled.worksheets[0]!.eachRow((row, n) => n > 3 && names.push(row.getCell(4).value));
    expect(names).toContain(DATA_CENTRE);
    await drawer.locator('input[type=file]').setInputFiles(await workbook([[1, DATA_CENTRE, 4300, 240, 250], [2, '不存在的投产项目', 100, 5, 10]]));
    await drawer.getByTestId('returns-import-dry-run').click();
    const errors = drawer.getByTestId('returns-import-errors');
    await expect.poll(() => errors.innerText(), POLL).toContain('不存在的投产项目');
    expect(await drawer.getByTestId('returns-import-commit').isDisabled()).toBe(true);
    await snap(page, 'returns-import-errors-zh-CN');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(400);
    await snap(page, 'returns-import-errors-zh-CN-phone');
    await page.setViewportSize({ width: 1366, height: 768 });

    await drawer.getByRole('button', { name: '重新选择文件' }).click();
    await drawer.locator('input[type=file]').setInputFiles(await workbook([[1, DATA_CENTRE, 4300, 240, 250]]));
    await drawer.getByTestId('returns-import-dry-run').click();
    const commit = drawer.getByTestId('returns-import-commit');
    await expect.poll(() => commit.innerText(), POLL).toContain('确认导入 1 行');
    await commit.click();
    await expect.poll(() => drawer.innerText(), POLL).toContain('产值税收已导入');
    await drawer.getByRole('button', { name: /知道了/ }).click();
    // The list shows the imported quarter.
    await expect.poll(() => page.getByTestId('returns-table').innerText(), POLL).toContain('4,300');
    await page.context().close();
  });

  it('fagai sees the car-lamp plant behind its committed tax, sets a commitment and corrects a quarter; a phone reads cards', async () => {
    const page = await newPage(browser);
    await login(page, 'fagai');
    await page.goto(`${server.url}/returns?tab=gaps`);
    const gaps = page.getByTestId('gaps-table');
    await expect.poll(() => gaps.innerText(), POLL).toContain(CAR_LAMPS);
    expect(await gaps.innerText()).toContain('未按期达效');
    await gaps.getByText(CAR_LAMPS).click();
    await page.waitForURL(/\/returns\/projects\/\d+$/);
    await expect.poll(async () => (await seriesOf(page, 'returns-chart')).length, POLL).toBeGreaterThanOrEqual(5);

    await page.getByTestId('commitments-edit').click();
    await page.getByTestId('commitment-jobs').fill('560');
    await page.getByTestId('commitments-save').click();
    await expect.poll(() => page.getByTestId('commitments').innerText(), POLL).toMatch(/承诺就业人数\s*560/);

    const quarters = page.getByTestId('quarters-table');
    const latest = (await quarters.locator('[data-testid^=quarter-correct-]').first().getAttribute('data-testid'))!.replace('quarter-correct-', '');
    await page.getByTestId(`quarter-correct-${latest}`).click();
    await page.getByTestId('quarter-output').fill('15200');
    await page.getByTestId('quarter-save').click();
    await expect.poll(() => quarters.innerText(), POLL).toMatch(/15,200[\s\S]*填报 · v2/);
    await quarters.scrollIntoViewIfNeeded();
    await snap(page, 'returns-quarters-zh-CN');

    // The plant's unit switches to filing monthly: this month's figures (its quarter not filed yet); a month of a quarter filed whole cannot be chosen.
    await page.getByTestId('quarter-file').click();
    await page.getByTestId('quarter-period-kind').getByText('按月').click();
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const monthLabel = `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
    await page.getByTestId('quarter-period').click();
    const earlier = page.locator('.ant-select-item-option-disabled').first();
    await expect.poll(() => earlier.count(), POLL).toBeGreaterThan(0);
    expect(await earlier.getAttribute('title')).toBe('该季度已按另一种方式填报');
    await page.locator('.ant-select-item-option').filter({ hasText: monthLabel }).first().click();
    await snap(page, 'returns-file-monthly-zh-CN');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(400);
    await snap(page, 'returns-file-monthly-zh-CN-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('quarter-output').fill('5100');
    await page.getByTestId('quarter-tax').fill('260');
    await page.getByTestId('quarter-save').click();
    await expect.poll(() => quarters.innerText(), POLL).toMatch(new RegExp(`${monthLabel}[\\s\\S]*5,100`));
    // The chart sums the month into its quarter and says how many months are in.
    await expect.poll(() => page.evaluate(() => {
      type Instance = { getOption(): { xAxis: { data: string[] }[] } };
      const el = (globalThis as unknown as { document: { querySelector(s: string): { echartsInstance?: Instance } | null } }).document.querySelector('[data-testid=returns-chart]');
      return el?.echartsInstance?.getOption().xAxis[0]?.data.at(-1) ?? '';
    }), POLL).toContain('（1个月）');
    await snapAll(page, 'monthly', () => page.getByTestId('quarters-table').waitFor());
    // On the list the quarter in progress shows the plant's month, marked as one month of three.
    const quarter = `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
    await page.goto(`${server.url}/returns?period=${quarter}`);
    const row = page.getByTestId('returns-table').locator('tr').filter({ hasText: CAR_LAMPS });
    await expect.poll(() => row.innerText(), POLL).toMatch(/5,100[\s\S]*（1个月）/);

    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/returns`);
    await expect.poll(() => page.getByTestId('returns-cards').innerText(), POLL).toContain(CAR_LAMPS);
    await page.getByTestId('returns-cards').getByText(CAR_LAMPS).click();
    await page.waitForURL(/\/returns\/projects\/\d+$/);
    await page.getByTestId('returns-chart').locator('canvas').waitFor();
    await page.context().close();
  });
});
