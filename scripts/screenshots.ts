// Takes a screenshot of every page as a few roles see it: `npx tsx scripts/screenshots.ts`.
import { launchBrowser, login, newPage, snap, startServer } from '../e2e/support.js';

// The demo as `npm start` seeds it: with the campaign in motion.
const server = await startServer({ campaign: true });
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('demo-banner').waitFor();
  await snap(page, 'login');
  await login(page, server.url, 'admin');
  await page.getByTestId('side-menu').waitFor();
  await snap(page, 'home-admin');
  for (const [path, name] of [['/admin/units', 'units'], ['/admin/users', 'users'], ['/admin/settings', 'settings'], ['/account', 'account']] as const) {
    await page.goto(`${server.url}${path}`);
    await page.waitForTimeout(800);
    await snap(page, name);
  }
  const sec = await newPage(browser);
  await login(sec, server.url, 'secadmin');
  await sec.getByTestId('side-menu').waitFor();
  await sec.goto(`${server.url}/admin/roles`);
  await sec.waitForTimeout(800);
  await snap(sec, 'roles');
  const aud = await newPage(browser, 'en-US');
  await login(aud, server.url, 'auditor');
  await aud.getByTestId('side-menu').waitFor();
  await aud.goto(`${server.url}/audit`);
  await aud.waitForTimeout(800);
  await snap(aud, 'audit');
  const xq = await newPage(browser);
  await login(xq, server.url, 'xinqu');
  await xq.getByTestId('side-menu').waitFor();
  await snap(xq, 'home-xinqu');
  await xq.goto(`${server.url}/org`);
  await xq.waitForTimeout(800);
  await snap(xq, 'org-xinqu');
} finally {
  await browser.close();
  await server.stop();
}
