import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login as loginPage, newPage, pickOption, snap, startServer, type RunningServer } from './support.js';

/** Browser-side waits get the same patience as page steps (vitest's poll default is 1 s). */
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

/** Logs in and waits for the app shell, so the next navigation carries the session. */
async function login(page: Page, url: string, username: string) {
  await loginPage(page, url, username);
  await page.getByTestId('side-menu').waitFor();
}


/** Fills the lead form up to saving; the enterprise field is left with focus moved away (the duplicate check runs). */
async function fillLead(page: Page, enterprise: string, title: string) {
  await page.getByTestId('lead-create').click();
  await page.getByTestId('lead-enterprise').fill(enterprise);
  // Leaving the field runs the city-wide duplicate check; its answer may add a notice above the rest.
  const checked = page.waitForResponse((r) => r.url().includes('/api/leads/check'));
  await page.getByTestId('lead-title').click();
  await checked;
  await page.waitForTimeout(300);
  await page.getByTestId('lead-title').fill(title);
  await pickOption(page, 'lead-source', '展会');
  await page.getByTestId('lead-amount').fill('60000');
}

describe('lead journeys', () => {
  it('gaoxin registers a company that 镇江新区 already registered: shown before saving, saved, and told only who and when', async () => {
    // 镇江新区 registered 隆基绿能科技股份有限公司 in the demo; 高新区 writes it another way.
    const page = await newPage(browser);
    await login(page, server.url, 'gaoxin');
    await page.goto(`${server.url}/leads`);
    await fillLead(page, '江苏隆基绿能科技有限公司', '高效光伏组件二期');
    const candidates = page.getByTestId('lead-candidates');
    await expect.poll(() => candidates.innerText(), POLL).toContain('该企业已由镇江新区于');
    await snap(page, 'lead-candidates');
    await page.getByTestId('lead-save').click();
    const notice = page.getByTestId('lead-conflict-notice');
    await expect.poll(() => notice.innerText(), POLL).toMatch(/^该企业已由镇江新区于\d{4}-\d{2}-\d{2}登记$/);
    await snap(page, 'lead-conflict-notice');
    await page.getByRole('button', { name: '知道了' }).click();
    // The new lead's page: the conflict, waiting for arbitration — and nothing of 新区's lead.
    await page.getByTestId('lead-conflict').waitFor();
    const body = await page.locator('body').innerText();
    expect(body).toContain('等待市商务局仲裁');
    expect(body).not.toContain('刘总');
    expect(body).not.toContain('光伏组件智能工厂');
    await snap(page, 'lead-detail-conflict');
  });

  it('shangwu arbitrates the conflict: splits the credit 70/30 with a reason', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'shangwu');
    await page.goto(`${server.url}/leads/conflicts`);
    const row = page.locator('tr', { hasText: '高效光伏组件二期' });
    await row.locator('[data-testid^="conflict-decide-"]').click();
    await page.getByTestId('conflict-decision').getByText('分享功劳').click();
    await page.getByTestId('conflict-share').fill('70');
    await page.getByTestId('conflict-reason').fill('新区首报并已实地走访，高新区提供二期用地信息');
    await snap(page, 'lead-arbitration');
    await page.getByTestId('conflict-ok').click();
    await expect.poll(() => page.locator('tr', { hasText: '高效光伏组件二期' }).count(), POLL).toBe(0);
    // The surviving lead (新区's) now shows the split.
    const id = (await server.app.gj.db.selectFrom('leads').select('id').where('enterprise_name', '=', '隆基绿能科技股份有限公司').executeTakeFirstOrThrow()).id;
    await page.goto(`${server.url}/leads/${id}`);
    const credits = page.getByTestId('lead-credits');
    await expect.poll(() => credits.innerText(), POLL).toMatch(/镇江新区\s*70%[\s\S]*镇江高新区\s*30%/);
    await snap(page, 'lead-credits');
  });

  it('a lead is handed off, accepted, followed up on, and converted into a project', async () => {
    // 京口区 registers a lead that fits 高新区's park better and hands it over.
    const jingkou = await newPage(browser);
    await login(jingkou, server.url, 'jingkou');
    await jingkou.goto(`${server.url}/leads`);
    await fillLead(jingkou, '翼展航空科技有限公司', '无人机整机制造项目');
    await jingkou.getByTestId('lead-save').click();
    await jingkou.getByTestId('lead-handoff').click();
    await jingkou.getByTestId('lead-handoff-to').click();
    await jingkou.keyboard.type('镇江高新区');
    await jingkou.locator('.ant-select-item-option-active', { hasText: '镇江高新区' }).waitFor();
    await jingkou.keyboard.press('Enter');
    await jingkou.getByTestId('lead-handoff-reason').fill('低空经济项目，高新区航空产业园更匹配');
    await snap(jingkou, 'lead-handoff-dialog');
    await jingkou.getByTestId('lead-dialog-ok').click();
    await expect.poll(() => jingkou.locator('body').innerText(), POLL).toContain('待接收');

    // 高新区 finds it in its inbox and accepts.
    const gaoxin = await newPage(browser);
    await login(gaoxin, server.url, 'gaoxin');
    await gaoxin.goto(`${server.url}/leads/handoffs`);
    const row = gaoxin.locator('tr', { hasText: '无人机整机制造项目' });
    await snap(gaoxin, 'lead-handoff-inbox');
    await row.locator('[data-testid^="handoff-accept-"]').click();
    await expect.poll(() => gaoxin.locator('tr', { hasText: '无人机整机制造项目' }).innerText(), POLL).toContain('已接收');
    await gaoxin.locator('a', { hasText: '无人机整机制造项目' }).click();
    await gaoxin.getByTestId('lead-deadlines').waitFor();

    // A visit logged meets the response deadline.
    await gaoxin.getByTestId('activity-add').click();
    await gaoxin.getByTestId('activity-place').fill('深圳市南山区');
    await gaoxin.getByTestId('activity-save').click();
    await expect.poll(() => gaoxin.getByTestId('lead-deadlines').innerText(), POLL).toMatch(/响应 · 已于/);
    await snap(gaoxin, 'lead-detail-accepted');

    // Signed: 转为项目 opens the new project, which links back to the lead.
    await gaoxin.getByTestId('lead-convert').click();
    await gaoxin.getByTestId('lead-dialog-ok').click();
    await gaoxin.waitForURL(/\/projects\/\d+$/);
    await gaoxin.getByTestId('project-lead-link').waitFor();
    const project = await gaoxin.locator('body').innerText();
    expect(project).toContain('无人机整机制造项目');
    expect(project).toContain('翼展航空科技有限公司');
    await snap(gaoxin, 'lead-converted-project');
    await gaoxin.getByTestId('project-lead-link').click();
    await expect.poll(() => gaoxin.getByTestId('lead-status').innerText(), POLL).toBe('已签约');

    // 京口区 still follows it, read only.
    await jingkou.reload();
    await expect.poll(() => jingkou.locator('body').innerText(), POLL).toContain('仅可查看');
    expect(await jingkou.getByTestId('lead-convert').count()).toBe(0);
  });

  it('a district imports its lead ledger through the page: the dry run names the conflict, then commits', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('线索台账');
    ws.addRow(['京口区招商线索台账']);
    ws.addRow(['序号', '企业名称', '意向项目', '投资额（万元）', '信息来源', '首次对接时间', '联系人', '联系电话']);
    ws.addRow([1, '京口示例生物科技有限公司', '生物试剂生产基地', 30000, '南京驻点', '2026年9月1日', '钱经理', '13900002222']);
    ws.addRow([2, '科大讯飞股份有限公司', '语音产业京口分中心', '2亿', '以商招商', '2026/9/3', '', '']);
    ws.addRow([3, '京口示例三有限公司', '', 1000, '展会', '2026-09-05', '', '']);
    const file = join(mkdtempSync(join(tmpdir(), 'gj-leads-')), '京口区线索台账.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const page = await newPage(browser);
    await login(page, server.url, 'jingkou');
    await page.goto(`${server.url}/leads`);
    await page.getByTestId('lead-import').click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-summary').waitFor();
    const body = await page.locator('body').innerText();
    expect(body).toContain('意向项目为空');
    expect(body).toMatch(/撞车：该企业已由镇江高新区于\d{4}-\d{2}-\d{2}登记/);
    await snap(page, 'lead-import-dry-run');
    await page.getByTestId('import-commit').click();
    await page.getByText('已导入').waitFor();
    await page.goto(`${server.url}/leads`);
    await expect.poll(() => page.getByTestId('lead-totals').innerText(), POLL).toContain('合计：');
    await expect.poll(async () => (await page.locator('.ant-table-row').allInnerTexts()).join('\n'), POLL).toContain('生物试剂生产基地');
    const rows = (await page.locator('.ant-table-row').allInnerTexts()).join('\n');
    expect(rows).toMatch(/语音产业京口分中心\s*撞车/);
    await snap(page, 'lead-list-after-import');
  });

  it('shows the statistics with a chart per unit', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'leader');
    await page.goto(`${server.url}/leads/stats`);
    await page.getByTestId('lead-stats-chart').locator('canvas').waitFor();
    await page.waitForTimeout(1200); // let the bars finish growing before the picture
    await expect.poll(() => page.locator('.ant-table-row', { hasText: '镇江高新区' }).first().innerText(), POLL).toMatch(/镇江高新区/);
    await snap(page, 'lead-stats');
    await page.goto(`${server.url}/leads/activities`);
    await page.locator('.ant-table-row').first().waitFor();
    await snap(page, 'lead-activities');
  });
});
