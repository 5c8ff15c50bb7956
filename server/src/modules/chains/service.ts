import { diffRows } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { assertValidity } from './policy.js';
import type { ChainCreate, ChainPatch } from './schema.js';

/**
 * The industry-chain taxonomy (四群八链), versioned by validity dates: a change of the taxonomy is a
 * new chain valid from a date and the old one retired (valid_to) — projects keep the chain they
 * were counted under, so a past year's figures stay as they were. Names may be corrected in place.
 * Who may: `chain:write` (the route); what may be: policy.ts.
 */
type Deps = Pick<Services, 'db' | 'audit'>;

export async function addChain(gj: Deps, ctx: RequestContext, b: ChainCreate): Promise<number> {
  assertValidity(b.validFrom, b.validTo);
  return gj.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('chains').select('id').where('code', '=', b.code).executeTakeFirst()) throw new AppError(409, 'CHAIN_CODE_TAKEN', { code: b.code });
    const last = await trx.selectFrom('chains').select((eb) => eb.fn.max('sort_order').as('n')).executeTakeFirst();
    const row = await trx
      .insertInto('chains')
      .values({ code: b.code, name: b.name, cluster: b.cluster, valid_from: b.validFrom, valid_to: b.validTo ?? null, sort_order: b.sortOrder ?? Number(last?.n ?? 0) + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = await trx.selectFrom('chains').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'chain.create', objectType: 'chain', objectId: row.id, detail: diffRows(null, after) });
    return row.id;
  });
}

export async function changeChain(gj: Deps, ctx: RequestContext, id: number, b: ChainPatch): Promise<void> {
  await gj.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('chains').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    const validFrom = b.validFrom ?? before.valid_from;
    const validTo = b.validTo === undefined ? before.valid_to : b.validTo;
    assertValidity(validFrom, validTo);
    await trx
      .updateTable('chains')
      .set({
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.cluster !== undefined ? { cluster: b.cluster } : {}),
        ...(b.sortOrder !== undefined ? { sort_order: b.sortOrder } : {}),
        valid_from: validFrom,
        valid_to: validTo,
      })
      .where('id', '=', before.id)
      .execute();
    const after = await trx.selectFrom('chains').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'chain.update', objectType: 'chain', objectId: before.id, detail: diffRows(before, after) });
  });
}
