import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodOf, previousPeriod } from '../common/dispatch.js';
import { launchBrowser, login as loginPage, newPage, snap, snapInBothLanguages, startServer, type RunningServer } from './support.js';

/** Browser-side waits get the same patience as page steps (vitest's poll default is 1 s). */
const POLL = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
const now = new Date();
/** This month's period (open) and last month's (locked by the commission once filed). */
const PERIOD = periodOf(now.getFullYear(), now.getMonth() + 1);
const LAST = previousPeriod(PERIOD);
const YEAR = now.getFullYear();
const ids: Record<'pending' | 'red' | 'green' | 'yellow', number> = { pending: 0, red: 0, green: 0, yellow: 0 };

interface Agent {
  call(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<{ status: number; json: () => unknown }>;
}

/** An API session of a demo user, through the app itself (what a beforeAll needs, no browser). */
async function agent(username: string): Promise<Agent> {
  const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'Gongjian@2026' } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  const csrf = res.json().csrfToken as string;
  return {
    async call(method, url, body) {
      const r = await server.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(body === undefined ? {} : { payload: body as object }) });
      return { status: r.statusCode, json: () => r.json() };
    },
  };
}

/** Files a report through the API, editing the current version when there is one (the seed may have filed it). */
async function file(a: Agent, period: string, projectId: number, monthWan: number, cumulativeWan: number) {
  const detail = (await a.call('GET', `/api/dispatch/periods/${period}/projects/${projectId}`)).json() as { versions: { version: number; current: boolean }[] };
  const version = detail.versions.find((v) => v.current)?.version;
  const res = await a.call('PUT', `/api/dispatch/periods/${period}/projects/${projectId}`, { monthWan, cumulativeWan, progressText: '主体结构施工中', version });
  if (res.status !== 200) throw new Error(`file ${projectId} ${period}: ${res.status} ${JSON.stringify(res.json())}`);
}

/** A small solid PNG (a site photo stand-in) written to a temporary file. */
function photo(): string {
  const width = 160;
  const height = 100;
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rows.set(y > height * 0.6 ? [150, 120, 90] : [120 + x / 2, 170, 230], y * (width * 3 + 1) + 1 + x * 3);
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
  const path = join(mkdtempSync(join(tmpdir(), 'gj-photo-')), '现场照片.png');
  writeFileSync(path, png);
  return path;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const fagai = await agent('fagai');
  const xinqu = await agent('xinqu');
  const unit = (await server.app.gj.db.selectFrom('units').select('id').where('code', '=', 'ZJXQ').executeTakeFirstOrThrow()).id;
  // Four projects of 镇江新区 on the city list with a plan of 12,000 万元 (1,000 a month by 序时进度).
  const names = { pending: '调度演示·待填报项目', red: '调度演示·滞后项目', green: '调度演示·序时项目', yellow: '调度演示·偏慢项目' } as const;
  for (const key of Object.keys(names) as (keyof typeof names)[]) {
    const created = await xinqu.call('POST', '/api/projects', { name: names[key], hostUnitId: unit, totalInvestmentWan: 50_000, stage: 'signed' });
    ids[key] = (created.json() as { id: number }).id;
    expect((await fagai.call('PUT', `/api/dispatch/key-projects/${ids[key]}/${YEAR}`, { levels: ['city'], planWan: 12_000 })).status).toBe(204);
  }
  // Last month: the demo seed has it locked already — then 镇江新区 files it late with the commission's
  // approval; without the seed it is opened long enough to file, filed and locked, and a late request waits.
  const month = now.getMonth() + 1;
  const lastMonth = month - 1;
  if (month > 1) {
    const deadline = new Date(now.getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    const opened = (await fagai.call('POST', '/api/dispatch/periods', { period: LAST, deadline })).status;
    expect([201, 409]).toContain(opened);
    if (opened === 409) {
      const asked = (await xinqu.call('POST', `/api/dispatch/periods/${LAST}/late-requests`, { unitId: unit, reason: '新增项目补报上月数据' })).json() as { id: number };
      expect((await fagai.call('POST', `/api/dispatch/late-requests/${asked.id}/decision`, { approve: true })).status).toBe(204);
    }
    await file(xinqu, LAST, ids.red, 1000, 1000);
    await file(xinqu, LAST, ids.green, 1000, (lastMonth * 12_000) / 12);
    await file(xinqu, LAST, ids.yellow, 800, 9000);
    if (opened === 201) {
      expect((await fagai.call('POST', `/api/dispatch/periods/${LAST}/lock`)).status).toBe(204);
      expect((await xinqu.call('POST', `/api/dispatch/periods/${LAST}/late-requests`, { unitId: unit, reason: '项目业主变更，上月数据未能按时报送' })).status).toBe(201);
    }
  }
  // This month: open; three of the four filed — one far behind 序时进度, one on pace, one slow.
  expect([201, 409]).toContain((await fagai.call('POST', '/api/dispatch/periods', { period: PERIOD })).status);
  await file(xinqu, PERIOD, ids.red, 500, 1600); // last month's 1,000 + 500 ≠ 1,600: a consistency notice
  await file(xinqu, PERIOD, ids.green, 1000, (month * 12_000) / 12);
  await file(xinqu, PERIOD, ids.yellow, 500, 9500);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Logs in and waits for the app shell, so the next navigation carries the session. */
async function login(page: Page, username: string) {
  await loginPage(page, server.url, username);
  await page.getByTestId('side-menu').waitFor();
}

/** The same page at 1366×768 and 390×844 in both languages, after `ready` says it has drawn. */
const snapAll = (page: Page, name: string, ready: () => Promise<unknown>) => snapInBothLanguages(page, `dispatch-${name}`, ready, 400);

describe('dispatch journeys', () => {
  it('xinqu files its month through the sheet: the dry run names the unknown row, the commit files the rest', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('调度表');
    ws.addRow(['镇江新区重点项目进度调度表']);
    ws.addRow(['序号', '项目名称', '本月完成投资', '本年累计完成投资', '形象进度']);
    ws.addRow([1, '调度演示·序时项目', 1000, 11000, '主体结构施工中']);
    ws.addRow([2, '调度演示·偏慢项目', 600, 10100, '设备安装']);
    ws.addRow([3, '不存在的调度项目', 100, 100, '']);
    const path = join(mkdtempSync(join(tmpdir(), 'gj-dispatch-')), '镇江新区调度表.xlsx');
    writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
    const page = await newPage(browser);
    await login(page, 'xinqu');
    await page.goto(`${server.url}/dispatch/reports?period=${PERIOD}`);
    await page.getByTestId('dispatch-import').click();
    await page.waitForURL(/\/dispatch\/import\?period=/);
    await page.locator('input[type=file]').setInputFiles(path);
    await page.getByTestId('import-dry-run').click();
    const errors = page.getByTestId('import-errors');
    await expect.poll(() => errors.innerText(), POLL).toContain('不存在的调度项目');
    expect(await page.getByTestId('import-summary').innerText()).toMatch(/匹配\s*2/);
    await snap(page, 'dispatch-import-dry-run-zh-CN');
    await page.getByTestId('import-commit').click();
    await page.getByText('已导入').waitFor();
    await page.getByRole('button', { name: '月度填报' }).click();
    const row = page.locator('tr', { hasText: '调度演示·偏慢项目' });
    await expect.poll(() => row.innerText(), POLL).toContain('10,100');
  });

  it('xinqu files its month through the form: figures, 形象进度, a photo; the version shows and the row turns filed', async () => {
    const page = await newPage(browser);
    await login(page, 'xinqu');
    // The workbench names what is due and links to the rows.
    await page.getByTestId('workbench-todos').getByText('月度调度待填报').waitFor();
    await snapAll(page, 'workbench', () => page.getByTestId('todo-dispatch-due').waitFor());
    await page.getByTestId('todo-dispatch-due').getByText('月度调度待填报').click();
    await page.waitForURL(/\/dispatch\/reports\?period=.*state=missing/);
    await page.getByTestId(`report-open-${ids.pending}`).waitFor();
    await page.getByTestId(`report-action-${ids.pending}`).click();
    const drawer = page.getByTestId('report-drawer');
    await drawer.waitFor();
    await page.getByTestId('report-month').fill('1200');
    await page.getByTestId('report-cumulative').fill('900');
    await page.getByTestId('report-save').click();
    // Cumulative below this month is refused in the form already.
    await drawer.getByText('累计完成不能小于本月完成').waitFor();
    await page.getByTestId('report-cumulative').fill('10800');
    await page.getByTestId('report-progress').fill('厂房主体封顶，设备基础施工中');
    await page.getByTestId('report-next').fill('下月完成设备进场');
    await page.getByTestId('report-problems').fill('需协调 110kV 供电接入');
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-versions').innerText(), POLL).toContain('现行');
    // The drawer's figures follow the save: 10,800 of 12,000 is 90%, on pace this month.
    await expect.poll(() => drawer.innerText(), POLL).toMatch(/占年度计划\s*90%\s*进度灯\s*绿灯/);
    await drawer.locator('input[type=file]').setInputFiles(photo());
    await expect.poll(() => page.getByTestId('report-photos').locator('img').count(), POLL).toBe(1);
    await snap(page, 'dispatch-report-form-zh-CN');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(400);
    await snap(page, 'dispatch-report-form-zh-CN-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.keyboard.press('Escape');
    // Filed: the missing filter no longer lists it; without the filter it is 已报.
    await expect.poll(() => page.getByTestId(`report-open-${ids.pending}`).count(), POLL).toBe(0);
    await page.goto(`${server.url}/dispatch/reports?period=${PERIOD}`);
    const row = page.locator('tr', { has: page.getByTestId(`report-open-${ids.pending}`) });
    await expect.poll(() => row.innerText(), POLL).toContain('已报');
    expect(await row.innerText()).toContain('10,800');
    // The slow project carries the consistency notice.
    await page.getByTestId(`consistency-${ids.red}`).waitFor();
    await snapAll(page, 'reports', () => page.getByTestId(`consistency-${ids.red}`).waitFor());
  });

  it('xinqu corrects last month after the lock: a new version, only with a reason', async () => {
    const page = await newPage(browser);
    await login(page, 'xinqu');
    await page.goto(`${server.url}/dispatch/reports?period=${LAST}`);
    await page.getByTestId(`report-open-${ids.yellow}`).click();
    await page.getByTestId('report-reason').waitFor();
    await page.getByTestId('report-cumulative').fill('9200');
    await page.getByTestId('report-save').click();
    await page.getByText('请填写更正原因').waitFor();
    await page.getByTestId('report-reason').fill('统计口径调整，补计设备款');
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-versions').innerText(), POLL).toContain('统计口径调整，补计设备款');
    expect(await page.getByTestId('report-versions').innerText()).toMatch(/v2[\s\S]*现行/);
    await page.getByTestId('report-versions').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await snap(page, 'dispatch-report-correction-zh-CN');
  });

  it('fagai sees the filing board, approves the late request, and reads the red list down to a project’s lights', async () => {
    const page = await newPage(browser);
    await login(page, 'fagai');
    await page.goto(`${server.url}/dispatch/board?period=${PERIOD}`);
    const units = page.getByTestId('board-units');
    await expect.poll(() => units.innerText(), POLL).toContain('镇江新区');
    await page.getByTestId('board-chart').waitFor();
    await snapAll(page, 'board', () => page.getByTestId('board-chart').waitFor());

    // Last month's waiting late request: approved on the board.
    await page.goto(`${server.url}/dispatch/board?period=${LAST}`);
    const grants = page.getByTestId('board-grants');
    const approve = grants.locator('[data-testid^="grant-approve-"]');
    await expect.poll(() => approve.count(), POLL).toBe(1);
    await snap(page, 'dispatch-board-late-request-zh-CN');
    await approve.click();
    await expect.poll(() => approve.count(), POLL).toBe(0);
    expect(await grants.innerText()).toContain('已批准');

    // The red list: the project far behind 序时进度 is red, the slow one yellow, the one on pace absent.
    await page.goto(`${server.url}/dispatch/warnings?period=${PERIOD}&kind=progress`);
    const table = page.getByTestId('warnings-table');
    await expect.poll(() => table.innerText(), POLL).toContain('调度演示·滞后项目');
    const red = page.locator('tr', { hasText: '调度演示·滞后项目' });
    expect(await red.innerText()).toContain('红灯');
    expect(await table.innerText()).not.toContain('调度演示·序时项目');
    await page.getByTestId('warnings-chart').waitFor();
    await snapAll(page, 'warnings', () => page.getByTestId('warnings-chart').waitFor());

    // History: the project's page shows its lights month by month.
    await page.getByTestId(`warning-history-${ids.red}`).first().click();
    await page.waitForURL(/\/projects\/\d+#lights$/);
    const strip = page.getByTestId('light-strip');
    await strip.waitFor();
    await expect.poll(() => strip.locator(`[data-testid="strip-progress-${now.getMonth() + 1}"]`).getAttribute('data-level'), POLL).toBe('red');
    await snapAll(page, 'project-lights', async () => {
      await page.getByTestId('light-strip').waitFor();
      await page.getByTestId('project-lights').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    });
  });

  it('fagai keeps the key-project list and sees the forecast; the sheet import page opens for a district', async () => {
    const page = await newPage(browser);
    await login(page, 'fagai');
    await page.goto(`${server.url}/dispatch/key-projects`);
    await expect.poll(() => page.getByTestId('key-table').innerText(), POLL).toContain('调度演示·待填报项目');
    await page.getByTestId(`key-edit-${ids.pending}`).click();
    await page.getByTestId('key-plan').fill('15000');
    await page.getByTestId('key-ok').click();
    await expect.poll(() => page.locator('tr', { hasText: '调度演示·待填报项目' }).innerText(), POLL).toContain('15,000');
    await snapAll(page, 'key-projects', () => page.getByTestId('key-table').getByText('调度演示·待填报项目').waitFor());
    await page.goto(`${server.url}/dispatch/forecast?period=${PERIOD}`);
    await page.getByTestId('forecast-chart').waitFor();
    await snapAll(page, 'forecast', () => page.getByTestId('forecast-chart').waitFor());

    const district = await newPage(browser);
    await login(district, 'xinqu');
    await district.goto(`${server.url}/dispatch/import?period=${PERIOD}`);
    await district.getByTestId('import-dry-run').waitFor();
    await snap(district, 'dispatch-import-zh-CN');
    // The late request was approved: 镇江新区's inbox says so.
    await district.goto(`${server.url}/`);
    await district.getByTestId('notification-bell').click();
    await district.getByText('查看全部').waitFor();
    await district.locator('[data-testid^="notification-"]', { hasText: '补报申请已批准' }).first().waitFor();
    await district.waitForTimeout(500);
    await snap(district, 'dispatch-notifications-zh-CN');
  });
});
