import { randomBytes } from 'node:crypto';
import { isValidUscc } from '../../../../common/uscc.js';
import { companyKey } from '../../platform/company-names.js';
import { searchInitials } from '../../platform/search.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { checkPasswordStrength, hashPassword } from '../../platform/password.js';
import { insertUnit } from '../units/index.js';
import { findUserRowByUsername, insertUser, roleIdByCode } from '../users/index.js';
import { canServe, canServeFrom } from './policy.js';
import { enterpriseById, enterpriseByUscc } from './repo.js';
import type { ContactInput, RegisterInput } from './schema.js';

type Deps = Pick<Services, 'db' | 'clock' | 'audit' | 'cipher'>;

/**
 * Registers an enterprise a unit serves: the registry row keyed by its credit code, and its own
 * unit in the org tree under the serving unit, where its contacts' accounts live — so the serving
 * district's scope covers them as it covers its streets.
 */
export async function registerEnterprise(gj: Deps, ctx: RequestContext, input: RegisterInput): Promise<number> {
  const actor = ctx.actor!;
  const servingUnitId = input.servingUnitId ?? actor.unitId;
  if (!canServeFrom(actor, servingUnitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
  return gj.db.transaction().execute(async (trx) => {
    const existing = await enterpriseByUscc(trx, input.uscc);
    if (existing) {
      const serving = await trx.selectFrom('units').select('name').where('id', '=', existing.serving_unit_id).executeTakeFirstOrThrow();
      throw new AppError(409, 'ENTERPRISE_EXISTS', { uscc: input.uscc, unit: serving.name });
    }
    const now = gj.clock.now();
    const unit = await insertUnit(trx, { code: `QY-${input.uscc}`, name: input.name, kind: 'enterprise', parentId: servingUnitId, sortOrder: 900 }, now);
    const row = await trx.insertInto('enterprises').values({ uscc: input.uscc, name: input.name, name_key: companyKey(input.name).key, search_initials: searchInitials(input.name), industry: input.industry || null, unit_id: unit.id, serving_unit_id: servingUnitId, created_at: now.toISOString(), updated_at: now.toISOString() }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('enterprise_names').values({ enterprise_id: row.id, name: input.name, source: 'registry', recorded_at: now.toISOString() }).execute();
    await gj.audit.append(trx, ctx, { action: 'enterprise.register', objectType: 'enterprise', objectId: row.id, detail: { ...input, servingUnitId, unitId: unit.id } });
    return row.id;
  });
}

/** A strong one-time password the contact must replace at first login (shown once to the officer). */
function initialPassword(username: string): string {
  for (;;) {
    const candidate = `Qy#${randomBytes(9).toString('base64url')}7`;
    try {
      checkPasswordStrength(candidate, username);
      return candidate;
    } catch {
      /* a rare draw that contains the username or lacks a class: draw again */
    }
  }
}

/** Opens an account for an enterprise's contact (企业联系人), by the unit that serves the enterprise. */
export async function createContact(gj: Deps, ctx: RequestContext, enterpriseId: number, input: ContactInput): Promise<{ id: number; username: string; initialPassword: string }> {
  const actor = ctx.actor!;
  const password = initialPassword(input.username);
  const hash = await hashPassword(password);
  const id = await gj.db.transaction().execute(async (trx) => {
    const enterprise = await enterpriseById(trx, enterpriseId);
    if (!enterprise || !enterprise.unit_id || !canServe(actor, enterprise)) throw notFound();
    if (await findUserRowByUsername(trx, input.username)) throw new AppError(409, 'USERNAME_TAKEN', { username: input.username });
    const roleId = await roleIdByCode(trx, 'enterprise');
    if (!roleId) throw new AppError(400, 'ROLE_NOT_FOUND');
    const userId = await insertUser(trx, { username: input.username, displayName: input.displayName, unitId: enterprise.unit_id, passwordHash: hash, mustChangePassword: true, phoneEnc: gj.cipher.encryptOptional(input.phone), roleIds: [roleId] }, gj.clock.now());
    await gj.audit.append(trx, ctx, { action: 'user.create', objectType: 'user', objectId: userId, detail: { username: input.username, displayName: input.displayName, enterpriseId, uscc: enterprise.uscc, role: 'enterprise' } });
    return userId;
  });
  return { id, username: input.username, initialPassword: password };
}

/**
 * Feeds the registry from the ledger and the leads: every credit code a project's investor or a
 * lead's enterprise carries that the registry does not know yet becomes an enterprise, served by
 * the project's host (or the lead's unit) — the unit that deals with it. Idempotent and in
 * batches, so the schedule can run it often and two instances cannot register one code twice
 * (the code is unique; a loser of that race skips it).
 */
export async function syncRegistry(gj: Pick<Services, 'db' | 'clock'>, batch = 500): Promise<{ registered: number; skipped: number }> {
  const seen = new Set<string>();
  let registered = 0;
  let skipped = 0;
  const at = gj.clock.now().toISOString();
  // Codes that fail their check character (a typo in a ledger) are never registered — they would
  // stay candidates forever — so the candidates are paged by id, each source to its end.
  const candidates = async function* () {
    for (let after = 0; ; ) {
      const rows = await gj.db
        .selectFrom('projects as p')
        .select(['p.id', 'p.investor_uscc as uscc', 'p.investor_name as name', 'p.host_unit_id as unit_id'])
        .where('p.investor_uscc', 'is not', null)
        .where('p.investor_name', 'is not', null)
        .where('p.id', '>', after)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('enterprises as e').select('e.id').whereRef('e.uscc', '=', 'p.investor_uscc'))))
        .orderBy('p.id')
        .limit(batch)
        .execute();
      yield* rows;
      if (rows.length < batch) break;
      after = rows[rows.length - 1]!.id;
    }
    for (let after = 0; ; ) {
      const rows = await gj.db
        .selectFrom('leads as l')
        .select(['l.id', 'l.enterprise_uscc as uscc', 'l.enterprise_name as name', 'l.unit_id as unit_id'])
        .where('l.enterprise_uscc', 'is not', null)
        .where('l.id', '>', after)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('enterprises as e').select('e.id').whereRef('e.uscc', '=', 'l.enterprise_uscc'))))
        .orderBy('l.id')
        .limit(batch)
        .execute();
      yield* rows;
      if (rows.length < batch) break;
      after = rows[rows.length - 1]!.id;
    }
  };
  for await (const c of candidates()) {
    if (registered >= batch) break;
    const uscc = c.uscc!.toUpperCase();
    if (seen.has(uscc) || !c.name) continue;
    seen.add(uscc);
    if (!isValidUscc(uscc)) {
      skipped++;
      continue;
    }
    const inserted = await gj.db
      .insertInto('enterprises')
      .values({ uscc, name: c.name, name_key: companyKey(c.name).key, search_initials: searchInitials(c.name), industry: null, unit_id: null, serving_unit_id: c.unit_id, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('uscc').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    await gj.db.insertInto('enterprise_names').values({ enterprise_id: inserted.id, name: c.name, source: 'ledger', recorded_at: at }).execute();
    registered++;
  }
  return { registered, skipped };
}
