import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../server/src/seed/demo-data.js';

/** What the benches share: a row of docs/benchmarks.md and the timers behind its figures. */

/** One row of a bench's table in docs/benchmarks.md. */
export interface Row {
  db: string;
  what: string;
  value: string;
  baseline: string;
  ratio: string;
}

/**
 * Rewrites one bench's section of docs/benchmarks.md — from its heading (`marker`, a prefix of the
 * heading) to the next heading — around the rows as a table. With `only` (a run of one database)
 * the other database's rows of the section's last run are kept. Notes a person wrote under
 * `<!-- notes -->` in the section are handed to `body`, which writes the whole section.
 */
export function rewriteBenchSection(marker: string, rows: Row[], only: string | null | undefined, body: (table: string, notes: string) => string): void {
  const path = 'docs/benchmarks.md';
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf(marker);
  const end = start < 0 ? -1 : doc.indexOf('\n## ', start + marker.length);
  const old = start < 0 ? '' : doc.slice(start, end < 0 ? undefined : end);
  const previous = only ? old.split('\n').filter((l) => /^\| (sqlite|postgres) \|/.test(l) && !l.startsWith(`| ${only} |`)) : [];
  const ours = rows.map((r) => `| ${r.db} | ${r.what} | ${r.value} | ${r.baseline} | ${r.ratio} |`);
  const table = ['| database | what | measured | baseline (same run) | ratio |', '|---|---|---|---|---|', ...(only === 'postgres' ? [...previous, ...ours] : [...ours, ...previous])].join('\n');
  console.log(table);
  const notes = (/\n<!-- notes -->\n([\s\S]*)$/.exec(old)?.[1] ?? '').trimEnd();
  const section = body(table, notes);
  writeFileSync(path, start < 0 ? `${doc.trimEnd()}\n\n${section}` : `${doc.slice(0, start)}${section}${end < 0 ? '' : doc.slice(end + 1)}`);
}

/** The work's result and how long it took, ms. */
export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await work();
  return [result, performance.now() - t0];
}

/** Mean time of the work in-process after a few warm-up runs (a baseline measured in the same run), ms. */
export async function bare(work: () => Promise<unknown>, iterations = 30): Promise<number> {
  for (let i = 0; i < 3; i++) await work();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) await work();
  return (performance.now() - t0) / iterations;
}

/** A real server process on its own port, as `npm start` runs it (no web app, silent), ready when /healthz answers. */
export async function startServer(url: string, dir: string, port: number, keys: { fieldKey: Buffer; auditKey: Buffer }, extraEnv: Record<string, string> = {}, logFile?: string): Promise<ChildProcess> {
  const env = { ...process.env, DATABASE_URL: url, PORT: String(port), GONGJIAN_DEMO: '1', GONGJIAN_FIELD_KEY: keys.fieldKey.toString('hex'), GONGJIAN_AUDIT_KEY: keys.auditKey.toString('hex'), GONGJIAN_AUDIT_CHECKPOINT_FILE: join(dir, 'checkpoints.jsonl'), GONGJIAN_FILES_DIR: join(dir, 'files'), LOG_LEVEL: 'silent', GONGJIAN_WEB_DIST: join(dir, 'no-web'), ...extraEnv };
  // Errors only, to a file when one is given (what answered 500, and why).
  const out = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { env: logFile ? { ...env, LOG_LEVEL: 'error', LOG_FORMAT: 'json' } : env, stdio: ['ignore', out, out] });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

/** Signs a demo user in over HTTP: the session cookie and the CSRF token its writes carry. */
export async function httpLogin(base: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gj_session='))!.split(';')[0]!;
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  return { cookie, csrf };
}
