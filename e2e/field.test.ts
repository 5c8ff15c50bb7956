import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newPage, snap, snapInBothLanguages, startServer, type RunningServer } from './support.js';

/** Field work on a phone (issue #13): a visit with photos, a lead and a project looked up, a stage advanced. */
const PHONE = { width: 390, height: 844 };
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

/** The little of the DOM the page-side code below uses (the e2e code compiles without the DOM library). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { fillStyle: string; font: string; fillRect(x: number, y: number, w: number, h: number): void; fillText(text: string, x: number, y: number): void } | null;
  toDataURL(type: string, quality: number): string;
}
type Doc = { document: { createElement(tag: 'canvas'): Canvas; documentElement: { scrollWidth: number } } };

/** A camera's full-size shot, as heavy as a phone's: 4000×3000 of noise (it does not compress), JPEG at 95%. */
async function heavyPhoto(page: Page): Promise<Buffer> {
  const url = await page.evaluate(() => {
    const canvas = (globalThis as unknown as Doc).document.createElement('canvas') as unknown as { width: number; height: number; getContext(k: '2d'): { createImageData(w: number, h: number): { data: Uint8ClampedArray }; putImageData(d: unknown, x: number, y: number): void }; toDataURL(t: string, q: number): string };
    canvas.width = 4000;
    canvas.height = 3000;
    const g = canvas.getContext('2d');
    const image = g.createImageData(4000, 3000);
    let seed = 7;
    for (let i = 0; i < image.data.length; i++) image.data[i] = (i & 3) === 3 ? 255 : (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 23;
    g.putImageData(image, 0, 0);
    return canvas.toDataURL('image/jpeg', 0.95);
  });
  return Buffer.from(url.split(',')[1]!, 'base64');
}

/** A real photo, drawn by the browser itself: a JPEG or PNG of a few kilobytes. */
async function photo(page: Page, type: 'image/jpeg' | 'image/png', colour: string): Promise<Buffer> {
  const url = await page.evaluate(
    ([t, c]) => {
      const canvas = (globalThis as unknown as Doc).document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const g = canvas.getContext('2d')!;
      g.fillStyle = c;
      g.fillRect(0, 0, 320, 240);
      g.fillStyle = '#fff';
      g.font = '32px sans-serif';
      g.fillText('现场 site', 40, 130);
      return canvas.toDataURL(t, 0.85);
    },
    [type, colour] as const,
  );
  return Buffer.from(url.split(',')[1]!, 'base64');
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Nothing wider than the phone: the page never scrolls sideways. */
async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => (globalThis as unknown as Doc).document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

/** A sheet slides up from the bottom edge: wait for its button to come to rest inside the screen, within a thumb's reach. */
async function withinThumbReach(page: Page, testId: string) {
  const button = page.getByTestId(testId);
  await expect.poll(async () => ((b) => (b ? b.y + b.height : Infinity))(await button.boundingBox()), POLL).toBeLessThanOrEqual(PHONE.height);
  const box = await button.boundingBox();
  expect(box!.y).toBeGreaterThan(PHONE.height - 90);
  expect(box!.height).toBeGreaterThanOrEqual(40);
}

/** The bottom bar sits along the bottom edge, inside the screen, where a thumb reaches it. */
async function barAtTheBottom(page: Page, testId: string) {
  const box = await page.getByTestId(testId).boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height + 1);
  expect(box!.y).toBeGreaterThan(PHONE.height - 100);
  expect(box!.width).toBeLessThanOrEqual(PHONE.width);
}

/** The district officer on a touch phone, signed in, on the workbench. */
async function xinquOnAPhone(): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await login(page, server.url, 'xinqu');
  await page.getByText('赵磊，您好').waitFor();
  return page;
}

describe('field work on a phone', () => {
  it('xinqu opens a lead from the cards, calls the contact, logs a visit with two photos and sees it', async () => {
    const page = await xinquOnAPhone();
    await page.goto(`${server.url}/leads`);
    await page.getByTestId('lead-cards').getByText('光伏组件智能工厂').tap();
    await page.waitForURL(/\/leads\/\d+$/);
    const leadId = Number(new URL(page.url()).pathname.split('/').pop());

    // Key facts first: the name, where it stands, how big (in 亿元), what is next, whom to call.
    const facts = page.getByTestId('lead-facts');
    await facts.getByText('光伏组件智能工厂').waitFor();
    expect(await page.getByTestId('lead-status').innerText()).toBe('跟进中');
    expect(await page.getByTestId('lead-amount').innerText()).toBe('30.00 亿元');
    expect(await facts.innerText()).toContain('刘总');
    // The long sections are folded: their titles show, their bodies do not.
    expect(await page.getByTestId('lead-details-fold').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByText('线索编号').isVisible()).toBe(false);
    await fitsThePhone(page);
    await barAtTheBottom(page, 'lead-actions');
    await snap(page, 'field-lead-phone');
    // The number shows on asking (audited), then dials with one tap.
    await facts.getByTestId('lead-unmask').tap();
    await expect.poll(() => facts.getByTestId('lead-call').getAttribute('href'), POLL).toBe('tel:13913800002');

    // 登记走访 from the bottom bar: the whole screen, today already filled in.
    await page.getByTestId('lead-log-visit').tap();
    const form = page.getByTestId('activity-form');
    await form.getByTestId('activity-place').waitFor();
    const sheet = await page.locator('.ant-drawer-content-wrapper').boundingBox();
    expect(sheet!.width).toBe(PHONE.width);
    expect(sheet!.height).toBeGreaterThanOrEqual(PHONE.height - 1);
    expect(await form.getByTestId('activity-date').inputValue()).toBe(today());
    await withinThumbReach(page, 'activity-save');
    await form.getByTestId('activity-place').fill('隆基绿能镇江基地');
    await form.getByTestId('activity-notes').fill('现场查看厂房选址，企业希望年内签约');
    // Three shots from the camera; the blurred one goes before saving.
    const camera = form.locator('[data-testid="activity-photos"] input[type="file"][capture="environment"]');
    expect(await camera.getAttribute('accept')).toBe('image/*');
    expect(await camera.getAttribute('multiple')).not.toBeNull();
    await camera.setInputFiles([
      { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'image/jpeg', '#2f54eb') },
      { name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'image/jpeg', '#888888') },
      { name: 'site.png', mimeType: 'image/png', buffer: await photo(page, 'image/png', '#52c41a') },
    ]);
    await expect.poll(() => form.getByTestId('photo-thumb').count(), POLL).toBe(3);
    await expect.poll(() => form.getByTestId('photo-thumb').locator('img').count(), POLL).toBe(3);
    await form.getByTestId('photo-thumb').nth(1).getByTestId('photo-remove').tap();
    await expect.poll(() => form.getByTestId('photo-thumb').count(), POLL).toBe(2);
    await fitsThePhone(page);
    await snap(page, 'field-visit-form-phone');
    await page.getByTestId('activity-save').tap();
    await form.waitFor({ state: 'hidden' });

    // The visit heads the lead's activities, with its two photos.
    const card = page.getByTestId('activity-cards').locator('[data-testid^="activity-card-"]').first();
    await expect.poll(() => card.innerText(), POLL).toContain('隆基绿能镇江基地');
    expect(await card.innerText()).toContain(today());
    expect(await card.getByTestId('activity-card-files').locator('button', { hasText: /IMG_0001\.jpg|site\.png/ }).count()).toBe(2);
    const stored = await page.request.get(`${server.url}/api/leads/${leadId}/activities`).then((r) => r.json() as Promise<{ items: { place: string; attachments: { fileName: string; size: number }[] }[] }>);
    expect(stored.items[0]!.place).toBe('隆基绿能镇江基地');
    expect(stored.items[0]!.attachments.map((a) => a.fileName)).toEqual(['IMG_0001.jpg', 'site.png']);
    // And in the history, once unfolded.
    await page.getByTestId('lead-history-fold').locator('.ant-card-head-title').tap();
    await expect.poll(() => page.getByTestId('lead-history-fold').innerText(), POLL).toContain('走访');
    await fitsThePhone(page);
    await card.scrollIntoViewIfNeeded();
    await snap(page, 'field-visit-logged-phone');
    await page.context().close();
  });

  it('xinqu opens a project from the ledger and advances its stage from the bottom sheet', async () => {
    const page = await xinquOnAPhone();
    await page.goto(`${server.url}/projects`);
    await page.getByTestId('project-search').locator('input').fill('碳纤');
    await page.getByTestId('project-cards').getByText('高性能碳纤维复合材料项目').tap();
    await page.waitForURL(/\/projects\/\d+$/);
    const projectId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('project-facts').waitFor();
    expect(await page.getByTestId('project-current-stage').innerText()).toBe('开工');
    expect(await page.getByTestId('project-amount').innerText()).toBe('35.00 亿元');
    expect(await page.getByTestId('project-next-stage').innerText()).toContain('入库');
    await fitsThePhone(page);
    await barAtTheBottom(page, 'project-actions');
    await snap(page, 'field-project-phone');

    // 变更阶段: a sheet from the bottom, the next stage chosen, today filled in, a photo optional.
    await page.getByTestId('project-actions').getByTestId('project-stage').tap();
    const sheet = page.getByTestId('project-stage-sheet');
    await sheet.getByTestId('project-target-stage').waitFor();
    expect(await sheet.getByTestId('project-target-stage').innerText()).toContain('入库');
    expect(await sheet.getByTestId('project-actual-date').inputValue()).toBe(today());
    // One small photo, and one as heavy as a phone camera's: it goes up made lighter.
    const heavy = await heavyPhoto(page);
    await sheet.locator('[data-testid="project-stage-photos"] input[capture="environment"]').setInputFiles([
      { name: 'IMG_0100.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'image/jpeg', '#fa8c16') },
      { name: 'IMG_0101.jpg', mimeType: 'image/jpeg', buffer: heavy },
    ]);
    await expect.poll(() => sheet.getByTestId('photo-thumb').count(), POLL).toBe(2);
    await withinThumbReach(page, 'project-dialog-ok');
    await fitsThePhone(page);
    await snap(page, 'field-stage-sheet-phone');
    await page.getByTestId('project-dialog-ok').tap();
    await expect.poll(() => page.getByTestId('project-current-stage').innerText(), POLL).toBe('入库');
    await sheet.waitFor({ state: 'hidden' });
    // The same API as the desk: the stage dated today; the photo among the project's attachments.
    const detail = await page.request.get(`${server.url}/api/projects/${projectId}`).then((r) => r.json() as Promise<{ stages: { stage: string; actualDate: string | null }[] }>);
    expect(detail.stages.find((s) => s.stage === 'statistics')?.actualDate).toBe(today());
    const files = await page.request.get(`${server.url}/api/projects/${projectId}/attachments`).then((r) => r.json() as Promise<{ items: { fileName: string; size: number }[] }>);
    expect(files.items.map((f) => f.fileName).sort()).toEqual(['IMG_0100.jpg', 'IMG_0101.jpg']);
    const stored = files.items.find((f) => f.fileName === 'IMG_0101.jpg')!;
    expect(heavy.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(stored.size).toBeLessThan(heavy.length / 2);
    // Every section unfolded still fits the phone.
    const folded = page.locator('.fold-closed > .ant-card > .ant-card-head .ant-card-head-title');
    for (let n = await folded.count(); n > 0; n = await folded.count()) {
      await folded.first().tap();
      await expect.poll(() => folded.count(), POLL).toBe(n - 1);
    }
    await page.waitForTimeout(500);
    await fitsThePhone(page);
    await page.context().close();
  });

  it('snaps the lead and project pages, the users and the lead statistics at 1366 and 390 in both languages', async () => {
    const page = await newPage(browser);
    await login(page, server.url, 'xinqu');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/leads`);
    await page.locator('.ant-table-row', { hasText: '新能源汽车电驱系统项目' }).getByRole('link').click();
    await page.waitForURL(/\/leads\/\d+$/);
    await snapInBothLanguages(page, 'field-lead', () => page.getByTestId('lead-status').waitFor());
    await page.goto(`${server.url}/projects`);
    await page.getByRole('link', { name: '高性能碳纤维复合材料项目' }).click();
    await page.waitForURL(/\/projects\/\d+$/);
    await snapInBothLanguages(page, 'field-project', () => page.getByTestId('project-current-stage').waitFor());
    // The forms at a desk too: the visit in a drawer beside the page, the stage in a dialog.
    await page.getByTestId('activity-add').click();
    await page.getByTestId('activity-place').waitFor();
    await page.waitForTimeout(400);
    await snap(page, 'field-visit-form-desk');
    await page.keyboard.press('Escape');
    await page.getByTestId('project-stage').click();
    await page.getByTestId('project-actual-date').waitFor();
    await page.waitForTimeout(400);
    await snap(page, 'field-stage-dialog-desk');
    for (const lang of ['en-US'] as const) {
      await page.evaluate((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('gj_lang', l), lang);
      await page.setViewportSize(PHONE);
      await page.reload();
      await page.getByTestId('project-actions').getByTestId('project-stage').click();
      await page.getByTestId('project-actual-date').waitFor();
      await page.waitForTimeout(500);
      await snap(page, `field-stage-sheet-${lang}-phone`);
      await page.keyboard.press('Escape');
      await page.getByTestId('project-log-visit').click();
      await page.getByTestId('activity-place').waitFor();
      await page.waitForTimeout(500);
      await snap(page, `field-visit-form-${lang}-phone`);
    }
    await page.context().close();

    const admin = await newPage(browser);
    await login(admin, server.url, 'admin');
    await admin.waitForURL(`${server.url}/`);
    await admin.goto(`${server.url}/admin/users`);
    await snapInBothLanguages(admin, 'field-users', () => admin.locator('.ant-table-row, [data-testid^="user-card-"]').first().waitFor());
    await admin.setViewportSize(PHONE);
    await admin.getByTestId('user-cards').waitFor();
    expect(await admin.getByTestId('user-card-xinqu').innerText()).toContain('镇江新区');
    await fitsThePhone(admin);
    await admin.context().close();

    const leader = await newPage(browser);
    await login(leader, server.url, 'leader');
    await leader.waitForURL(`${server.url}/`);
    await leader.goto(`${server.url}/leads/stats`);
    await snapInBothLanguages(leader, 'field-leadstats', () => leader.getByTestId('lead-stats-chart').waitFor());
    await leader.setViewportSize(PHONE);
    await leader.getByTestId('lead-stats-unit-cards').scrollIntoViewIfNeeded();
    await leader.waitForTimeout(300);
    await snap(leader, 'field-leadstats-cards-phone');
    expect(await leader.getByTestId('lead-stats-unit-cards').innerText()).toContain('镇江新区');
    await fitsThePhone(leader);
    await leader.context().close();
  });
});
