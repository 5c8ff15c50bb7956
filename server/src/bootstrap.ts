import type { AppConfig } from './config.js';
import { openDatabase, type Database } from './db/connect.js';
import { migrate, withSetupLock } from './db/migrate.js';
import { AuditTrail } from './platform/audit.js';
import { FieldCipher } from './platform/crypto.js';
import { isEmpty, seedBuiltinRoles, seedDemo } from './seed/seed.js';
import { seedTaxonomy } from './seed/taxonomy.js';

/** Opens the database, migrates it, and — for a demo on an empty database — seeds Zhenjiang. */
export async function prepareDatabase(config: AppConfig, log: (line: string) => void = () => {}): Promise<Database> {
  const database = openDatabase(config.databaseUrl, { lockWaitMs: config.lockWaitMs });
  const ran = await migrate(database, () => config.clock.now());
  if (ran.length) log(`migrations applied: ${ran.join(', ')}`);
  // Another instance may be starting on the same empty database: it seeds, this one waits and
  // then finds the seed there (a check made under the lock is final).
  await withSetupLock(database, async () => {
    await database.db.transaction().execute(async (trx) => {
      await seedBuiltinRoles(trx, config.clock.now());
      await seedTaxonomy(trx);
    });
    if (config.demo && (await isEmpty(database.db))) {
      const seeded = await seedDemo({ db: database.db, dialect: database.dialect, cipher: new FieldCipher(config.fieldKey), audit: new AuditTrail(config.auditKey, database.dialect, config.clock), now: config.clock.now(), campaign: config.demoCampaign === true });
      log(`demo data of Zhenjiang seeded: ${seeded.units} units, ${seeded.users} accounts (password Gongjian@2026), ${seeded.projects} projects`);
    } else if (await isEmpty(database.db)) {
      log('no accounts yet: run `npx gongjian setup` to create the first administrator');
    }
  });
  return database;
}
