import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../test/harness.js';
import { TEST_AUDIT_KEY, TEST_FIELD_KEY } from '../test/keys.js';
import { prepareDatabase } from './bootstrap.js';
import type { AppConfig } from './config.js';
import { ManualClock } from './platform/clock.js';
import { BUILTIN_ROLES, DEMO_ACCOUNTS } from './seed/demo-data.js';

/** Two instances starting at once on an empty database (a fresh deployment with two app servers). */
describe('start-up on an empty database', () => {
  it.each([false, true])('brings up two instances starting together, seeding once (demo: %s)', async (demo) => {
    const fresh = await freshDatabaseUrl(true);
    const filesDir = mkdtempSync(join(tmpdir(), 'gongjian-files-'));
    const config: AppConfig = { databaseUrl: fresh.url, demo, fieldKey: TEST_FIELD_KEY, auditKey: TEST_AUDIT_KEY, clock: new ManualClock(new Date()), https: false, filesDir, logLevel: 'silent', trustProxy: false };
    try {
      const started = await Promise.allSettled([prepareDatabase(config), prepareDatabase(config)]);
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok'))).toEqual(['ok', 'ok']);
      const [one, two] = started.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof prepareDatabase>>>).value);
      const db = one!.db;
      const roles = await db.selectFrom('roles').select('code').where('builtin', '=', 1).execute();
      expect(roles).toHaveLength(BUILTIN_ROLES.length);
      const users = await db.selectFrom('users').select('id').execute();
      expect(users).toHaveLength(demo ? DEMO_ACCOUNTS.length : 0);
      const seeds = await db.selectFrom('audit_log').select('id').where('action', '=', 'system.seed-demo').execute();
      expect(seeds).toHaveLength(demo ? 1 : 0);
      const migrations = await db.selectFrom('schema_migrations').select('name').execute();
      expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
      await one!.close();
      await two!.close();
    } finally {
      await fresh.drop();
      rmSync(filesDir, { recursive: true, force: true });
    }
  }, 120_000);
});
