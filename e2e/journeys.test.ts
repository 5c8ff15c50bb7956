import type { Browser, Page } from 'playwright-core';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newPage, pickOption, snap, startServer, type RunningServer } from './support.js';

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

async function menuLabels(page: Page): Promise<string[]> {
  await page.getByTestId('side-menu').waitFor();
  return (await page.getByTestId('side-menu').locator('.ant-menu-title-content').allInnerTexts()).map((s) => s.trim());
}

/** Picks a unit in an antd TreeSelect by typing its name. */
async function pickUnit(page: Page, testId: string, name: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(name);
  await page.locator('.ant-select-tree-title', { hasText: name }).first().click();
}


describe('browser journeys', () => {
  it('xinqu logs in and sees only its own menu', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'xinqu');
    expect(await menuLabels(page)).toEqual(['工作台', '领导驾驶舱', '招商线索', '项目库', '调度', '问题协调', '考核比拼', '金链行动', '企业服务', '组织机构', '我的账户']);
    await page.getByText('赵磊，您好').waitFor();
    await page.goto(`${server.url}/org`);
    await page.getByTestId('org-tree').waitFor();
    const tree = await page.getByTestId('org-tree').innerText();
    expect(tree).toContain('大港街道');
    expect(tree).not.toContain('镇江高新区');
    await page.goto(`${server.url}/admin/users`);
    await page.getByText('无权访问').waitFor();
    await snap(page, 'journey-xinqu');
    await page.context().close();
  });

  it('admin creates a user in 镇江新区 with a role; the user must change the password at first login', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'admin');
    expect(await menuLabels(page)).toEqual(['工作台', '组织机构', '系统管理', '机构管理', '用户管理', '系统设置', '我的账户']);
    await page.goto(`${server.url}/admin/users`);
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-username').fill('xq_zhaoshang');
    await page.getByTestId('user-form-display-name').fill('新区招商员');
    await pickUnit(page, 'user-form-unit', '镇江新区');
    await page.getByTestId('user-form-password').fill('Xinqu#Start2026');
    await pickOption(page, 'user-form-roles', '区县/园区用户');
    // The roles list (thirteen now) stays open over the buttons: press 确定 itself, not what covers it.
    await page.getByTestId('user-form-ok').dispatchEvent('click');
    // Until the dialog has closed it keeps the focus to itself: an Enter in the search box meanwhile
    // goes to the dialog, and nothing is searched.
    await page.getByTestId('user-form-ok').waitFor({ state: 'detached' });
    // The directory pages by twenty: find the newcomer by name.
    await page.getByPlaceholder('姓名或用户名').fill('xq_zhaoshang');
    await page.getByPlaceholder('姓名或用户名').press('Enter');
    await page.getByRole('cell', { name: 'xq_zhaoshang' }).waitFor();
    const row = page.locator('tr', { hasText: 'xq_zhaoshang' });
    expect(await row.innerText()).toContain('镇江新区');
    expect(await row.innerText()).toContain('区县/园区用户');
    await snap(page, 'journey-admin-user-created');
    await page.context().close();

    const newcomer = await newPage(browser);
    await login(newcomer, server.url, 'xq_zhaoshang', 'Xinqu#Start2026');
    await newcomer.getByText('首次登录安全设置').waitFor();
    await newcomer.getByTestId('current-password').fill('Xinqu#Start2026');
    await newcomer.getByTestId('new-password').fill('password');
    await newcomer.getByTestId('confirm-password').fill('password');
    await newcomer.getByTestId('change-password-submit').click();
    await newcomer.getByText('密码须包含大写字母、小写字母、数字、特殊字符中的至少 3 类。').waitFor();
    await newcomer.getByTestId('new-password').fill('Xinqu#Better2026');
    await newcomer.getByTestId('confirm-password').fill('Xinqu#Better2026');
    await newcomer.getByTestId('change-password-submit').click();
    expect(await menuLabels(newcomer)).toEqual(['工作台', '领导驾驶舱', '招商线索', '项目库', '调度', '问题协调', '考核比拼', '金链行动', '企业服务', '组织机构', '我的账户']);
    await newcomer.context().close();
  });

  it('secadmin creates a role with its permissions and data scope', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'secadmin');
    await page.getByTestId('side-menu').waitFor();
    await page.goto(`${server.url}/admin/roles`);
    await page.getByTestId('role-create').click();
    await page.getByTestId('role-code').fill('park_viewer');
    await page.getByTestId('role-name').fill('园区查看员');
    await page.getByTestId('role-name-en').fill('Park viewer');
    await pickOption(page, 'role-scope', '本单位及下级');
    await page.getByLabel('查看项目').check();
    await page.getByLabel('查看组织机构').check();
    await snap(page, 'journey-role-form');
    await page.getByTestId('role-save').click();
    const row = page.locator('tr', { hasText: 'park_viewer' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/园区查看员[\s\S]*本单位及下级[\s\S]*2/);
    await page.context().close();
  });

  it('tells a user plainly that the account is locked', async () => {
    const page = await newPage(browser);
    for (let i = 0; i < 5; i++) {
      await login(page, server.url, 'jingkou', 'Wrong#Pass1');
      await page.getByTestId('login-error').getByText('用户名或密码错误。').waitFor();
    }
    await login(page, server.url, 'jingkou');
    const error = page.getByTestId('login-error');
    await error.getByText(/账号因连续登录失败已被锁定/).waitFor();
    expect(await error.innerText()).toMatch(/请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 后再试/);
    await snap(page, 'journey-locked');
    await page.context().close();
  });

  it('a district files, finds and advances its projects in the ledger', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'xinqu');
    await page.getByTestId('side-menu').waitFor();
    await page.goto(`${server.url}/projects`);
    // The footer counts everything in 镇江新区's scope, not just the page: 4 demo projects of 2023
    // (47.50亿) and 4 signed this year (23.30亿).
    await page.getByTestId('project-totals').getByText('合计：8个项目，总投资70.80亿元').waitFor();
    await page.getByTestId('project-search').locator('input').fill('txw');
    await page.getByRole('link', { name: '高性能碳纤维复合材料项目' }).waitFor();
    await page.getByTestId('project-totals').getByText('合计：1个项目').waitFor();
    await snap(page, 'journey-projects-search');
    await page.getByRole('link', { name: '高性能碳纤维复合材料项目' }).click();
    await page.getByTestId('project-lifecycle').waitFor();
    await page.getByTestId('project-stage').click();
    await page.getByTestId('project-actual-date').fill('2023-08-15');
    await page.getByTestId('project-dialog-ok').click();
    await page.getByText('阶段：开工 → 入库').waitFor();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    await snap(page, 'journey-project-detail');

    await page.goto(`${server.url}/projects`);
    await page.getByTestId('project-create').click();
    await page.getByTestId('project-name').fill('新区氢能装备项目');
    await page.getByTestId('project-unit').click();
    await page.keyboard.type('大港街道');
    await page.locator('.ant-select-tree-title', { hasText: '大港街道' }).first().click();
    await page.getByLabel('总投资', { exact: true }).fill('12000');
    await page.getByTestId('project-save').click();
    await page.getByTestId('project-lifecycle').waitFor();
    expect(await page.getByText('新区氢能装备项目').first().isVisible()).toBe(true);
    await page.context().close();
  });

  it('a district imports the sample ledger through the page: dry run, rejected rows, commit', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'jkjd');
    await page.getByTestId('side-menu').waitFor();
    await page.goto(`${server.url}/projects`);
    await page.getByTestId('project-import').click();
    await page.locator('input[type=file]').setInputFiles(resolve('../shared/samples/镇江新区2023年重点产业项目推进台账.xlsx'));
    await page.getByTestId('import-dry-run').click();
    const summary = page.getByTestId('import-summary');
    await summary.getByText('38').first().waitFor();
    const errors = await page.getByTestId('import-errors').innerText();
    expect(errors).toContain('项目名称为空');
    expect(errors).toContain('“待定”不是项目阶段');
    await snap(page, 'journey-import-dry-run');
    await page.getByTestId('import-commit').click();
    await page.getByText('已导入').waitFor();
    await page.goto(`${server.url}/projects`);
    // 健康路街道's own demo project plus the 38 imported: 1.58亿 + 441.37亿.
    await page.getByTestId('project-totals').getByText('合计：39个项目，总投资442.95亿元').waitFor();
    // And the ledger goes out again as Excel, in the columns on screen.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-export').click()]);
    expect(file.suggestedFilename()).toMatch(/^项目台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await page.context().close();
  });

  it('a stale edit is not lost: the page reapplies it on the newer version', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'xinqu');
    await page.getByTestId('side-menu').waitFor();
    const { id } = (await server.app.gj.db.selectFrom('projects').select('id').where('code', '=', 'XM2023XQ002').executeTakeFirstOrThrow());
    await page.goto(`${server.url}/projects/${id}`);
    await page.getByRole('button', { name: '编 辑' }).click();
    // Meanwhile a colleague at the commission changes the same project.
    const other = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'fagai', password: 'Gongjian@2026' } });
    const cookie = `gj_session=${other.cookies.find((c) => c.name === 'gj_session')!.value}`;
    const changed = await server.app.inject({ method: 'PATCH', url: `/api/projects/${id}`, payload: { remarks: '发改委：已纳入省重大', version: 1 }, headers: { cookie, 'x-csrf-token': other.json().csrfToken } });
    expect(changed.statusCode).toBe(200);
    await page.getByLabel('形象进度').fill('主体厂房封顶');
    await page.getByTestId('project-save').click();
    await page.getByText('该项目已被他人修改').waitFor();
    await snap(page, 'journey-conflict');
    await page.getByRole('button', { name: '在最新版本上重新应用我的修改' }).click();
    // The reapplied save lands a moment after the click: wait for it, then both changes must be there.
    await expect
      .poll(() => server.app.gj.db.selectFrom('projects').select(['progress_text', 'remarks', 'version']).where('id', '=', id).executeTakeFirstOrThrow(), POLL)
      .toEqual({ progress_text: '主体厂房封顶', remarks: '发改委：已纳入省重大', version: 3 });
    await page.getByText('主体厂房封顶').first().waitFor();
    await page.context().close();
  });

  it('switches to English and remembers it', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('lang-switch').click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.getByTestId('login-username').fill('auditor');
    await page.getByTestId('login-password').fill('Gongjian@2026');
    await page.getByTestId('login-submit').click();
    expect(await menuLabels(page)).toEqual(['Home', 'Audit trail', 'My account']);
    await page.reload();
    expect(await menuLabels(page)).toEqual(['Home', 'Audit trail', 'My account']);
    await page.goto(`${server.url}/audit`);
    await page.locator('tr', { hasText: 'Log in' }).first().waitFor();
    await snap(page, 'journey-english-audit');
    // The server answers in English too once the switch is made.
    const wrong = (await page.evaluate(async () => (await fetch('/api/users')).json())) as { error: { message: string } };
    expect(wrong.error.message).toBe('You do not have permission to do this.');
    await page.context().close();
  });

  it('the development commission adds a chain to the taxonomy and new projects can use it', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'fagai');
    await page.getByTestId('side-menu').waitFor();
    await page.goto(`${server.url}/projects/chains`);
    await page.getByTestId('chain-add').click();
    await page.getByTestId('chain-code').fill('synthetic-biology');
    await page.getByTestId('chain-name').fill('合成生物');
    await page.getByLabel('产业集群').fill('未来产业');
    await page.getByTestId('chain-save').click();
    await page.locator('tr', { hasText: '合成生物' }).getByText('有效').waitFor();
    await snap(page, 'journey-chains');
    await page.goto(`${server.url}/projects`);
    await page.getByTestId('project-create').click();
    await page.getByLabel('产业链', { exact: true }).click();
    await page.keyboard.type('合成生物');
    await page.locator('.ant-select-item-option', { hasText: '未来产业 · 合成生物' }).waitFor();
    await page.context().close();
  });
});
