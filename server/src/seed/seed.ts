import type { Dialect } from '../db/connect.js';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AuditTrail } from '../platform/audit.js';
import type { FieldCipher } from '../platform/crypto.js';
import { hashPassword } from '../platform/password.js';
import { insertUnit } from '../modules/units/repo.js';
import { insertUser } from '../modules/users/repo.js';
import { seedDemoProjects } from './demo-projects.js';
import { seedDemoLeads } from './demo-leads.js';
import { seedDemoDispatch } from './demo-dispatch.js';
import { seedDemoTargets } from './demo-targets.js';
import { seedDemoRankings } from './demo-rankings.js';
import { seedDemoProblems } from './demo-problems.js';
import { seedDemoFinance } from './demo-finance.js';
import { seedDemoLoans } from './demo-loans.js';
import { seedDemoReturns } from './demo-returns.js';
import { seedCampaignReturns } from './campaign-returns.js';
import { syncRegistry } from '../modules/enterprises/index.js';
import { seedTaxonomy } from './taxonomy.js';
import { planCampaign } from './campaign-plan.js';
import { seedCampaignProjects } from './campaign-projects.js';
import { seedCampaignLeads } from './campaign-leads.js';
import { seedCampaignDispatch } from './campaign-dispatch.js';
import { seedCampaignTargets } from './campaign-targets.js';
import { seedCampaignProblems } from './campaign-problems.js';
import { BUILTIN_ROLES, DEMO_ACCOUNTS, DEMO_PASSWORD, ZHENJIANG, type UnitSeed } from './demo-data.js';

/** Built-in roles, on every instance; safe to run again. */
export async function seedBuiltinRoles(trx: Kysely<DB> | Transaction<DB>, now: Date): Promise<void> {
  for (const role of BUILTIN_ROLES) {
    const existing = await trx.selectFrom('roles').select('id').where('code', '=', role.code).executeTakeFirst();
    if (existing) continue;
    const inserted = await trx
      .insertInto('roles')
      .values({
        code: role.code,
        name: role.name,
        name_en: role.nameEn,
        admin_kind: role.adminKind,
        data_scope: role.dataScope,
        builtin: 1,
        description: role.description,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('role_permissions').values(role.permissions.map((permission) => ({ role_id: inserted.id, permission }))).execute();
  }
}

export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

async function insertTree(trx: Transaction<DB>, node: UnitSeed, parentId: number | null, order: number, now: Date, ids: Map<string, number>) {
  const row = await insertUnit(trx, { code: node.code, name: node.name, kind: node.kind, parentId, sortOrder: order }, now);
  ids.set(node.code, row.id);
  for (const [i, child] of (node.children ?? []).entries()) await insertTree(trx, child, row.id, i, now, ids);
}

export interface SeedDeps {
  db: Kysely<DB>;
  dialect: Dialect;
  cipher: FieldCipher;
  audit: AuditTrail;
  now: Date;
  /**
   * Also the campaign in motion (campaign-plan.ts): a few hundred projects of this year and the
   * last across every unit and stage, their dispatch history and lights, more leads and problems,
   * targets and rankings to match. The demo instance has it; the tests' fixtures do not (their
   * counts are of the hand-written records), except the tests of the campaign itself.
   */
  campaign?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The Zhenjiang demo: the org tree and one account per role, all with the demo password.
 * Refuses to run on a database that already has users, so it can never overwrite real data.
 */
export async function seedDemo({ db, dialect, cipher, audit, now, campaign = false, onProgress }: SeedDeps): Promise<{ units: number; users: number; projects: number }> {
  if (!(await isEmpty(db))) throw new Error('the database already has users; the demo is only seeded into an empty database');
  const total = DEMO_ACCOUNTS.length + 1;
  // Hash first, outside the transaction: argon2 is deliberately slow and need not hold a write lock.
  const hashes: string[] = [];
  for (const [i] of DEMO_ACCOUNTS.entries()) {
    hashes.push(await hashPassword(DEMO_PASSWORD));
    onProgress?.(i + 1, total);
  }
  const result = await db.transaction().execute(async (trx) => {
    await seedBuiltinRoles(trx, now);
    await seedTaxonomy(trx);
    const unitIds = new Map<string, number>();
    await insertTree(trx, ZHENJIANG, null, 0, now, unitIds);
    const roleIds = new Map((await trx.selectFrom('roles').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      await insertUser(
        trx,
        { username: a.username, displayName: a.displayName, unitId: unitIds.get(a.unitCode)!, passwordHash: hashes[i]!, mustChangePassword: false, phoneEnc: cipher.encrypt(a.phone), roleIds: [roleIds.get(a.roleCode)!] },
        now,
      );
    }
    // The demo's projects and leads are written by the demo users through the services' own write
    // paths (policy, derived columns, codes, timeline, audit), as the pages would write them.
    const deps = { db: trx, dialect, audit, cipher };
    const plan = campaign ? planCampaign(now) : null;
    let projects = await seedDemoProjects(trx, deps, unitIds, now);
    const campaignIds = plan ? await seedCampaignProjects(trx, deps, plan, unitIds, now) : null;
    projects += campaignIds?.size ?? 0;
    const leads = await seedDemoLeads(trx, deps, now);
    const campaignLeads = plan ? await seedCampaignLeads(trx, deps, plan, campaignIds!, now) : null;
    const dispatch = await seedDemoDispatch(trx, deps, now);
    // The campaign's reports, lists and lights are written in bulk: this audit entry's detail says how many.
    const campaignDispatch = plan ? await seedCampaignDispatch(trx, deps, plan, campaignIds!, now) : null;
    const campaignTargets = plan ? await seedCampaignTargets(trx, deps, plan, campaignDispatch!.plans, now) : null;
    const targets = campaignTargets?.targets ?? (await seedDemoTargets(trx, deps, now));
    const rankings = (await seedDemoRankings(trx, deps, now)) + (campaignTargets?.rankings ?? 0);
    const problems = (await seedDemoProblems(trx, deps, now)) + (plan ? await seedCampaignProblems(trx, deps, plan, campaignIds!, now) : 0);
    const keyLists = await seedDemoFinance(trx, deps, now);
    const loanSheets = await seedDemoLoans(trx, deps, now);
    const returns = await seedDemoReturns(trx, deps, now);
    const campaignReturns = plan ? await seedCampaignReturns(trx, deps, plan, campaignIds!, now) : null;
    // The registry learns the ledger's and the leads' credit codes, as its schedule would.
    await syncRegistry({ db: trx, clock: { now: () => now } });
    const campaignDetail = plan ? { campaign: { projects: campaignIds!.size, ...campaignLeads!, listed: campaignDispatch!.listed, reports: campaignDispatch!.reports, lights: campaignDispatch!.lights, returns: campaignReturns! } } : {};
    await audit.append(trx, null, { action: 'system.seed-demo', objectType: 'system', detail: { units: unitIds.size, users: DEMO_ACCOUNTS.length, projects, leads, dispatch, targets, rankings, problems, keyLists, loanSheets, returns, ...campaignDetail } });
    return { units: unitIds.size, users: DEMO_ACCOUNTS.length, projects };
  });
  onProgress?.(total, total);
  return result;
}
