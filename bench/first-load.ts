/**
 * First load of the web app over a slow line (issue 13): the login page opened cold, signing in to
 * the workbench, and the workbench opened again the next day, in Chromium with the network throttled
 * through DevTools (1.6 Mbps down, 750 kbps up, 150 ms round trip, a "Fast 3G"-like line).
 * Measured: bytes on the wire (encoded, headers included, as DevTools counts them), requests, the
 * time until the page can be used and until its last request ended.
 * Baseline, in the same run: the same build through a proxy that asks for no compression and
 * answers `Cache-Control: public, max-age=0` (what the server sent before: plain files, asked again
 * on every visit). With `--before-dist DIR` a third variant serves an older build from DIR the
 * same way, e.g. the one bundle of the commit before the split (c482a8c):
 *   mkdir /tmp/old && git archive c482a8c web common package.json | tar -x -C /tmp/old &&
 *   ln -s "$PWD/node_modules" /tmp/old/node_modules &&
 *   (cd /tmp/old && npx vite build --config web/vite.config.ts --outDir /tmp/old-dist --logLevel warn)
 * Run: `npx vite build --config web/vite.config.ts --logLevel warn && npx tsx bench/first-load.ts
 * [--runs 3] [--before-dist DIR]`; it rewrites its section of docs/benchmarks.md.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/support.js';
import { buildApp } from '../server/src/app.js';
import { prepareDatabase } from '../server/src/bootstrap.js';
import { loadConfig } from '../server/src/config.js';
import { systemClock } from '../server/src/platform/clock.js';

const args = process.argv.slice(2);
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const BEFORE_DIST = args.includes('--before-dist') ? args[args.indexOf('--before-dist') + 1] : null;
/** Who signs in: a district's user, whose workbench has to-dos, the lights and their chart. */
const USER = 'xinqu';
const WELCOME = '赵磊，您好';
const PASSWORD = 'Gongjian@2026';
/** DevTools' units: bytes per second and milliseconds. */
const LINE = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
/** The first page's budget, compressed. */
const GOAL_KB = 300;

interface Load {
  /** Bytes of the web app's files (everything but /api/), as received. */
  appBytes: number;
  /** Bytes of the API's answers. */
  apiBytes: number;
  requests: number;
  /** Answered 304 (asked again, not sent again). */
  revalidated: number;
  /** Taken from the browser's cache without asking. */
  cached: number;
  /** Until the page can be used, ms. */
  usable: number;
  /** Until its last request ended (then 1 s without any), ms. */
  settled: number;
}

/** Watches one page's traffic through its own DevTools session, which also throttles the line. */
class Meter {
  private inflight = new Set<string>();
  private urls = new Map<string, string>();
  private load: Load | null = null;
  private lastEnd = 0;

  static async on(page: Page): Promise<Meter> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', LINE);
    return new Meter(cdp);
  }

  private constructor(cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!this.load || e.request.url.startsWith('data:')) return;
      this.inflight.add(e.requestId);
      this.urls.set(e.requestId, e.request.url);
      this.load.requests++;
    });
    cdp.on('Network.requestServedFromCache', () => {
      if (this.load) this.load.cached++;
    });
    cdp.on('Network.responseReceived', (e) => {
      if (this.load && e.response.status === 304) this.load.revalidated++;
    });
    cdp.on('Network.loadingFinished', (e) => {
      if (!this.load || !this.inflight.delete(e.requestId)) return;
      const path = new URL(this.urls.get(e.requestId) ?? 'http://x/').pathname;
      if (path.startsWith('/api/')) this.load.apiBytes += e.encodedDataLength;
      else this.load.appBytes += e.encodedDataLength;
      this.lastEnd = performance.now();
    });
    cdp.on('Network.loadingFailed', (e) => {
      if (this.inflight.delete(e.requestId)) this.lastEnd = performance.now();
    });
  }

  /** Runs the step, waits until it shows (`ready`), then until the network was quiet for a second. */
  async measure(step: () => Promise<void>, ready: () => Promise<void>): Promise<Load> {
    const load: Load = { appBytes: 0, apiBytes: 0, requests: 0, revalidated: 0, cached: 0, usable: 0, settled: 0 };
    this.load = load;
    this.inflight.clear();
    const t0 = performance.now();
    this.lastEnd = t0;
    await step();
    await ready();
    load.usable = performance.now() - t0;
    while (this.inflight.size > 0 || performance.now() - this.lastEnd < 1000) await new Promise((r) => setTimeout(r, 50));
    load.settled = Math.max(this.lastEnd - t0, load.usable);
    this.load = null;
    return load;
  }
}

/**
 * The server as it was: asks it for no compression and tells the browser to ask again every time
 * (`max-age=0`, @fastify/static's default before issue 13). The API's answers pass unchanged.
 */
async function plainProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    // The host stays the browser's: the server checks a sign-in's Origin against it.
    const headers = { ...req.headers };
    delete headers['accept-encoding'];
    const upstream = httpRequest({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (answer) => {
      const out = { ...answer.headers };
      if (!req.url?.startsWith('/api/')) {
        out['cache-control'] = 'public, max-age=0';
        delete out.vary;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The real server on 127.0.0.1, on a fresh demo SQLite database, serving the build in `dist`. */
async function serve(dist: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} holds no built web app: npx vite build --config web/vite.config.ts first`);
  const dir = mkdtempSync(join(tmpdir(), 'gongjian-bench-'));
  const config = loadConfig({ GONGJIAN_DEMO: '1', GONGJIAN_KEY_FILE: join(dir, 'keys.json') }, { databaseUrl: `file:${join(dir, 'bench.sqlite')}`, clock: systemClock, webDist: resolve(dist), logLevel: 'silent' });
  const database = await prepareDatabase(config);
  const app = await buildApp(config, database);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await app.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One visitor: the login page cold, signing in, then the workbench opened again (cache kept). */
async function visit(browser: Browser, base: string): Promise<{ login: Load; home: Load; again: Load }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  const meter = await Meter.on(page);
  try {
    const login = await meter.measure(
      async () => void (await page.goto(`${base}/login`)),
      async () => {
        await page.getByTestId('login-submit').waitFor();
        // The demo's accounts listed (as tags, in the older build's table too): the page shows all it has.
        await page.locator('.ant-tag', { hasText: /^admin$/ }).first().waitFor();
      },
    );
    await page.getByTestId('login-username').fill(USER);
    await page.getByTestId('login-password').fill(PASSWORD);
    const workbench = async () => {
      await page.getByText(WELCOME).waitFor();
      await page.getByTestId('side-menu').waitFor();
      await page.locator('[data-testid="workbench-chart"] canvas').first().waitFor();
    };
    const home = await meter.measure(() => page.getByTestId('login-submit').click(), workbench);
    const again = await meter.measure(async () => void (await page.goto(`${base}/`)), workbench);
    return { login, home, again };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
function medianLoad(loads: Load[]): Load {
  const keys = Object.keys(loads[0]!) as (keyof Load)[];
  return Object.fromEntries(keys.map((k) => [k, median(loads.map((l) => l[k]))])) as unknown as Load;
}

interface Variant {
  name: string;
  url: string;
}

async function measureVariants(browser: Browser, variants: Variant[]) {
  const results = new Map<string, { login: Load[]; home: Load[]; again: Load[] }>(variants.map((v) => [v.name, { login: [], home: [], again: [] }]));
  // Interleaved, so a slow moment of the machine hits every variant alike.
  for (let run = 0; run < RUNS; run++) {
    for (const v of variants) {
      process.stderr.write(`  run ${run + 1}/${RUNS}: ${v.name}…\n`);
      const r = await visit(browser, v.url);
      const into = results.get(v.name)!;
      into.login.push(r.login);
      into.home.push(r.home);
      into.again.push(r.again);
    }
  }
  return new Map([...results].map(([name, r]) => [name, { login: medianLoad(r.login), home: medianLoad(r.home), again: medianLoad(r.again) }]));
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const cell = (l: Load) => `${kb(l.appBytes)} + API ${kb(l.apiBytes)} · ${l.requests} requests (${l.revalidated} answered 304, ${l.cached} from cache) · usable ${sec(l.usable)} · settled ${sec(l.settled)}`;
const ratios = (l: Load, b: Load) => `bytes ${ratio(l.appBytes, b.appBytes)} · usable ${ratio(l.usable, b.usable)} · settled ${ratio(l.settled, b.settled)}`;
const sum = (a: Load, b: Load): Load => Object.fromEntries((Object.keys(a) as (keyof Load)[]).map((k) => [k, a[k] + b[k]])) as unknown as Load;

const server = await serve('web/dist');
const before = BEFORE_DIST ? await serve(BEFORE_DIST) : null;
const plain = await plainProxy(server.url);
const plainBefore = before ? await plainProxy(before.url) : null;
const browser = await launchBrowser();
const rows: string[][] = [];
let firstPage = 0;
try {
  const variants: Variant[] = [
    { name: 'now', url: server.url },
    { name: 'plain', url: plain.url },
    ...(plainBefore ? [{ name: 'before', url: plainBefore.url }] : []),
  ];
  const results = await measureVariants(browser, variants);
  const pick = (name: string, key: 'login' | 'home' | 'again' | 'first') => {
    const r = results.get(name)!;
    return key === 'first' ? sum(r.login, r.home) : r[key];
  };
  firstPage = pick('now', 'login').appBytes;
  const steps = [
    ['the login page, first visit (empty cache)', 'login'],
    [`signing in as ${USER} → the workbench (the login page's files cached)`, 'home'],
    ['both together: from nothing to the workbench', 'first'],
    ['the workbench opened again (cache kept)', 'again'],
  ] as const;
  for (const [what, key] of steps) {
    const now = pick('now', key);
    const base = pick('plain', key);
    const row = [what, cell(now), cell(base), ratios(now, base)];
    if (plainBefore) row.push(cell(pick('before', key)), ratios(now, pick('before', key)));
    rows.push(row);
  }
} finally {
  await browser.close();
  await plain.close();
  await plainBefore?.close();
  await before?.stop();
  await server.stop();
}

const head = ['step', 'this build: precompressed, /assets/ immutable (median of runs)', 'baseline: this build plain, max-age=0 (same run)', 'ratio', ...(BEFORE_DIST ? ['the build before: one bundle, plain, max-age=0 (same run)', 'ratio to the build before'] : [])];
const table = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
console.log(table);
const goal = `The login page's files on the wire: ${kb(firstPage)} (goal ≤ ${GOAL_KB} KB compressed: ${firstPage <= GOAL_KB * 1024 ? 'met' : 'not met'}).`;
console.log(goal);
const section = `## First load of the web app (issue 13)

Command: \`npx vite build --config web/vite.config.ts --logLevel warn && npx tsx bench/first-load.ts --runs ${RUNS}${BEFORE_DIST ? ' --before-dist DIR' : ''}\`
(${new Date().toISOString().slice(0, 10)}). Chromium on the demo (SQLite), the line throttled through DevTools to
1.6 Mbps down, 750 kbps up and 150 ms a round trip. One visitor opens the login page with an empty cache, signs in as
${USER} and waits for the workbench (to-dos, lights and their chart), then opens the workbench again. Bytes are what
arrived on the wire, headers included; "usable" is until the page shows what it is for, "settled" until its last
request ended; "API" is the API's answers, the same in every column. The baseline is the same build through a proxy
that asks for no compression and answers \`max-age=0\`, as the server did before${BEFORE_DIST ? '; "the build before" is the single bundle of the commit before the split, served the same way' : ''}. ${goal}

${table}

What to read:
- **The first visit** downloads the login page alone: React, antd's core and form, the router, the query
  client and the Chinese words; every page, the shell (menu, bell), English and ECharts come later. Each
  file is sent as the brotli file the build wrote beside it.
- **Signing in** brings the shell and the workbench, whose chart brings ECharts. The build before had
  downloaded all of it with the login page, so this step alone was quicker then; counted from nothing to
  the workbench (the third row) the split still leaves a fraction of the bytes and of the wait.
- **Opened again**: the hashed files under /assets/ come from the browser's cache without a request;
  with \`max-age=0\` each one is asked again and answered 304, a round trip each on this line.
- The build measured as "before" (\`--before-dist\`) is the web app of the commit before issue 13's split,
  built as the bench's header says.
`;
const doc = readFileSync('docs/benchmarks.md', 'utf8');
const marker = '## First load of the web app';
const start = doc.indexOf(marker);
const next = start < 0 ? -1 : doc.indexOf('\n## ', start + 1);
const out = start < 0 ? `${doc.trimEnd()}\n\n${section}` : doc.slice(0, start) + section + (next < 0 ? '' : doc.slice(next + 1));
writeFileSync('docs/benchmarks.md', out);
