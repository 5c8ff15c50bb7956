import type { Kysely } from 'kysely';
import type { Database } from './connect.js';
import { portable, withMigrationLock, type Portable } from './portable.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_job_leases.js';
import * as m0003 from './migrations/0003_projects.js';
import * as m0004 from './migrations/0004_project_attachments.js';
import * as m0005 from './migrations/0005_project_list_indexes.js';
import * as m0006 from './migrations/0006_saved_filters.js';
import * as m0007 from './migrations/0007_project_sort_indexes.js';
import * as m0008 from './migrations/0008_leads.js';
import * as m0009 from './migrations/0009_project_grams.js';
import * as m0010 from './migrations/0010_chain_write.js';
import * as m0011 from './migrations/0011_code_counters.js';
import * as m0012 from './migrations/0012_dispatch.js';
import * as m0013 from './migrations/0013_job_runs.js';
import * as m0014 from './migrations/0014_targets.js';
import * as m0015 from './migrations/0015_analyze_often.js';
import * as m0016 from './migrations/0016_report_covering_indexes.js';
import * as m0017 from './migrations/0017_dispatch_latest.js';
import * as m0018 from './migrations/0018_problems.js';
import * as m0019 from './migrations/0019_key_enterprises.js';
import * as m0020 from './migrations/0020_tag_retirement.js';
import * as m0021 from './migrations/0021_returns.js';
import * as m0022 from './migrations/0022_returns_indicators.js';
import * as m0023 from './migrations/0023_dashboard_summaries.js';
import * as m0024 from './migrations/0024_tax_per_mu.js';

interface Migration {
  up(db: Kysely<any>, p: Portable): Promise<void>;
}

/** In order; a name once shipped never changes. */
const MIGRATIONS: [string, Migration][] = [
  ['0001_foundation', m0001],
  ['0002_job_leases', m0002],
  ['0003_projects', m0003],
  ['0004_project_attachments', m0004],
  ['0005_project_list_indexes', m0005],
  ['0006_saved_filters', m0006],
  ['0007_project_sort_indexes', m0007],
  ['0008_leads', m0008],
  ['0009_project_grams', m0009],
  ['0010_chain_write', m0010],
  ['0011_code_counters', m0011],
  ['0012_dispatch', m0012],
  ['0013_job_runs', m0013],
  ['0014_targets', m0014],
  ['0015_analyze_often', m0015],
  ['0016_report_covering_indexes', m0016],
  ['0017_dispatch_latest', m0017],
  ['0018_problems', m0018],
  ['0019_key_enterprises', m0019],
  ['0020_tag_retirement', m0020],
  ['0021_returns', m0021],
  ['0022_returns_indicators', m0022],
  ['0023_dashboard_summaries', m0023],
  ['0024_tax_per_mu', m0024],
];

export async function migrate(database: Database, now: () => Date = () => new Date()): Promise<string[]> {
  const { db, dialect } = database;
  const p = portable(dialect);
  return withMigrationLock(db, dialect, async () => {
    await db.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('name', 'varchar(200)', (c) => c.primaryKey())
      .addColumn('applied_at', p.timestamp, (c) => c.notNull())
      .execute();
    const applied = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
    const ran: string[] = [];
    for (const [name, migration] of MIGRATIONS) {
      if (applied.has(name)) continue;
      const didRun = await db.transaction().execute(async (trx) => {
        // Another process may have applied it since we looked: on SQLite there is no advisory
        // lock, but this transaction holds the write lock from its start (BEGIN IMMEDIATE), so a
        // second look inside it is final.
        if (await trx.selectFrom('schema_migrations').select('name').where('name', '=', name).executeTakeFirst()) return false;
        await migration.up(trx, p);
        await trx.insertInto('schema_migrations').values({ name, applied_at: now().toISOString() }).execute();
        return true;
      });
      if (didRun) ran.push(name);
    }
    return ran;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Serialises what instances do once at start-up after migrating (seeding roles, taxonomy, the
 * demo) under a lock as safe as the migration's: two instances starting together on an empty
 * database must both come up, and seed once. PostgreSQL: the migration's advisory lock. SQLite:
 * a lease row in job_leases, claimed by one conditional UPDATE (the write lock makes it atomic),
 * waited for, and freed at the end; a crashed holder's lease lapses after `leaseMs`.
 */
export async function withSetupLock<T>(database: Database, work: () => Promise<T>, leaseMs = 15 * 60_000): Promise<T> {
  const { db, dialect } = database;
  if (dialect === 'postgres') return withMigrationLock(db, dialect, work);
  const holder = `setup:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
  await db.insertInto('job_leases').values({ name: 'setup' }).onConflict((oc) => oc.column('name').doNothing()).execute();
  for (;;) {
    const now = new Date();
    const claimed = await db
      .updateTable('job_leases')
      .set({ holder, lease_until: new Date(now.getTime() + leaseMs).toISOString() })
      .where('name', '=', 'setup')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now.toISOString())]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 1) break;
    await sleep(100);
  }
  try {
    return await work();
  } finally {
    await db.updateTable('job_leases').set({ holder: null, lease_until: null }).where('name', '=', 'setup').where('holder', '=', holder).execute();
  }
}
