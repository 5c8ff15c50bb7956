import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { AuditTrail } from '../src/platform/audit.js';
import { FieldCipher } from '../src/platform/crypto.js';
import { seedDemo } from '../src/seed/seed.js';
import type { AppConfig } from '../src/config.js';
import { ManualClock } from '../src/platform/clock.js';
import type { App } from '../src/platform/http.js';
import { DEMO_PASSWORD } from '../src/seed/demo-data.js';
import { TEST_AUDIT_KEY, TEST_FIELD_KEY } from './keys.js';

export const dbKind = () => inject('dbKind');

/** A fresh database copied from the seeded template: every test file starts from the same demo. */
export async function freshDatabaseUrl(empty: boolean): Promise<{ url: string; drop(): Promise<void> }> {
  if (inject('dbKind') === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gongjian-t-'));
    const file = join(dir, 'db.sqlite');
    if (!empty) copyFileSync(inject('dbTemplate'), file);
    return { url: `file:${file}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = inject('pgAdminUrl');
  const name = `gj_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${inject('dbTemplate')}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface Agent {
  username: string;
  csrfToken: string;
  cookie: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: App;
  clock: ManualClock;
  config: AppConfig;
  login(username: string, password?: string, ip?: string): Promise<Agent>;
  /** An agent from a cookie and token, e.g. after the MFA step. */
  agent(username: string, cookie: string, csrfToken: string, ip?: string): Agent;
  unitId(code: string): Promise<number>;
  userId(username: string): Promise<number>;
  close(): Promise<void>;
}

export function sessionCookieOf(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'gj_session');
  if (!cookie) throw new Error(`no session cookie in ${res.statusCode} ${res.body}`);
  return `gj_session=${cookie.value}`;
}

/**
 * An app on its own copy of the seeded demo. With `seedAt`, the database is instead migrated and
 * seeded from scratch at that moment of the test clock (for tests about time-stamped history);
 * `campaign` then seeds the demo's campaign in motion too (the template never has it).
 */
export async function createTestApp(options: { demo?: boolean; start?: Date; seedAt?: Date; campaign?: boolean; config?: Partial<AppConfig>; sameDatabaseAs?: TestApp } = {}): Promise<TestApp> {
  // A second instance over another's database (two servers, or a server and the console): its own
  // connection and app, the first one keeps the database and drops it at its close.
  const db = options.sameDatabaseAs ? { url: options.sameDatabaseAs.config.databaseUrl, drop: async () => {} } : await freshDatabaseUrl(options.seedAt !== undefined);
  const clock = options.sameDatabaseAs?.clock ?? new ManualClock(options.seedAt ?? options.start ?? new Date());
  if (options.seedAt) {
    const database = openDatabase(db.url);
    await migrate(database, () => clock.now());
    await seedDemo({ db: database.db, dialect: database.dialect, cipher: new FieldCipher(TEST_FIELD_KEY), audit: new AuditTrail(TEST_AUDIT_KEY, database.dialect, clock), now: clock.now(), campaign: options.campaign ?? false });
    await database.close();
  }
  const filesDir = mkdtempSync(join(tmpdir(), 'gongjian-files-'));
  const config: AppConfig = {
    filesDir,
    databaseUrl: db.url,
    demo: options.demo ?? true,
    fieldKey: TEST_FIELD_KEY,
    auditKey: TEST_AUDIT_KEY,
    clock,
    https: false,
    webDist: undefined,
    logLevel: 'silent',
    trustProxy: false,
    ...options.config,
  };
  const app = await buildApp(config);

  const agent = (username: string, cookie: string, csrfToken: string, ip = '127.0.0.1'): Agent => {
    const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) =>
      app.inject({ method, url, remoteAddress: ip, headers: { cookie, 'x-csrf-token': csrfToken, ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
    return {
      username,
      csrfToken,
      cookie,
      get: (url, headers) => send('GET', url, undefined, headers),
      post: (url, body, headers) => send('POST', url, body ?? {}, headers),
      patch: (url, body) => send('PATCH', url, body ?? {}),
      put: (url, body) => send('PUT', url, body ?? {}),
      delete: (url) => send('DELETE', url),
    };
  };

  return {
    app,
    clock,
    config,
    agent,
    async login(username, password = DEMO_PASSWORD, ip = '127.0.0.1') {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return agent(username, sessionCookieOf(res), res.json().csrfToken, ip);
    },
    async unitId(code) {
      return (await app.gj.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    },
    async userId(username) {
      return (await app.gj.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    },
    async close() {
      await app.close();
      await db.drop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
