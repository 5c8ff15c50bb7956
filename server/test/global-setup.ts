import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from '../../scripts/pg-cluster.js';
import { openDatabase } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { AuditTrail } from '../src/platform/audit.js';
import { systemClock } from '../src/platform/clock.js';
import { FieldCipher } from '../src/platform/crypto.js';
import { seedDemo } from '../src/seed/seed.js';
import { TEST_AUDIT_KEY, TEST_FIELD_KEY } from './keys.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dbKind: 'sqlite' | 'postgres';
    /** SQLite: the template file; PostgreSQL: the template database's name. */
    dbTemplate: string;
    pgAdminUrl: string;
  }
}

/** Migrates and seeds the demo once; each test file then copies this template (fast, and identical). */
async function buildTemplate(url: string): Promise<void> {
  const database = openDatabase(url);
  try {
    await migrate(database);
    await seedDemo({ db: database.db, dialect: database.dialect, cipher: new FieldCipher(TEST_FIELD_KEY), audit: new AuditTrail(TEST_AUDIT_KEY, database.dialect, systemClock), now: new Date() });
  } finally {
    await database.close();
  }
}

export default async function setup(project: TestProject) {
  const kind = (project.config.env?.GJ_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
  project.provide('dbKind', kind);
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gongjian-test-'));
    const file = join(dir, 'template.sqlite');
    await buildTemplate(`file:${file}`);
    project.provide('dbTemplate', file);
    project.provide('pgAdminUrl', '');
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const external = process.env.GJ_TEST_PG_URL;
  const cluster = external ? null : await startThrowawayPostgres();
  const adminUrl = external ?? cluster!.url;
  const template = `gj_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  await buildTemplate(templateUrl.toString());
  project.provide('dbTemplate', template);
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    if (cluster) await cluster.stop();
    else {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'gj\\_%'`);
      for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await c.end();
    }
  };
}
