import type { EnterpriseTag } from '../../../../common/key-enterprises.js';
import { inTransaction, LOCK_ENTERPRISE, lockKeys } from '../../db/portable.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { canKeepRecord } from './policy.js';
import { recordHead } from './repo.js';

type Deps = Pick<Services, 'db' | 'clock' | 'audit' | 'dialect'>;

/**
 * The registry record's industry (行业), set by who keeps the record. One writer per company at a
 * time (the credit code's lock), so the audit's "from" is what the change replaced.
 */
export async function setIndustry(gj: Deps, ctx: RequestContext, enterpriseId: number, industry: string | null): Promise<void> {
  await inTransaction(gj.db, async (trx) => {
    const head = await recordHead(trx, enterpriseId);
    if (!head) throw notFound();
    if (!canKeepRecord(ctx.actor!, head)) throw new AppError(403, 'FORBIDDEN');
    await lockKeys(trx, gj.dialect, LOCK_ENTERPRISE, [head.uscc]);
    const before = (await recordHead(trx, enterpriseId))!;
    if (before.industry === industry) return;
    await trx.updateTable('enterprises').set({ industry, updated_at: gj.clock.now().toISOString() }).where('id', '=', enterpriseId).execute();
    await gj.audit.append(trx, ctx, { action: 'enterprise.industry', objectType: 'enterprise', objectId: enterpriseId, detail: { name: head.name, from: before.industry, to: industry } });
  });
}

/** A tag recorded by hand, with who said so (the list or document) and for when. */
export async function addTag(gj: Deps, ctx: RequestContext, enterpriseId: number, input: { tag: EnterpriseTag; source: string; validFrom: string; validTo: string | null }): Promise<number> {
  if (input.validTo && input.validTo < input.validFrom) throw new AppError(400, 'TAG_PERIOD_INVALID');
  return inTransaction(gj.db, async (trx) => {
    const head = await recordHead(trx, enterpriseId);
    if (!head) throw notFound();
    if (!canKeepRecord(ctx.actor!, head)) throw new AppError(403, 'FORBIDDEN');
    await lockKeys(trx, gj.dialect, LOCK_ENTERPRISE, [head.uscc]);
    const same = await trx.selectFrom('enterprise_tags').select('id').where('enterprise_id', '=', enterpriseId).where('tag', '=', input.tag).where('source', '=', input.source).where('retired_at', 'is', null).executeTakeFirst();
    if (same) throw new AppError(409, 'TAG_EXISTS');
    const at = gj.clock.now().toISOString();
    const row = await trx
      .insertInto('enterprise_tags')
      .values({ enterprise_id: enterpriseId, tag: input.tag, source: input.source, valid_from: input.validFrom, valid_to: input.validTo, recorded_by: ctx.actor?.userId ?? null, recorded_at: at, retired_at: null, retired_by: null, retire_reason: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'enterprise.tag-add', objectType: 'enterprise', objectId: enterpriseId, detail: { name: head.name, tag: input.tag, source: input.source, validFrom: input.validFrom, validTo: input.validTo } });
    return row.id;
  });
}

/**
 * Withdraws a tag (the company lost its status, or it was recorded in error): the row stays as
 * history with who withdrew it, when and why, and its validity ends on the given day. Withdrawing
 * twice at once: one wins (a conditional update), the other is told it is already withdrawn.
 */
export async function retireTag(gj: Deps, ctx: RequestContext, enterpriseId: number, tagId: number, input: { reason: string; lastDay: string }): Promise<void> {
  await inTransaction(gj.db, async (trx) => {
    const head = await recordHead(trx, enterpriseId);
    if (!head) throw notFound();
    if (!canKeepRecord(ctx.actor!, head)) throw new AppError(403, 'FORBIDDEN');
    const tag = await trx.selectFrom('enterprise_tags').select(['id', 'tag', 'source', 'valid_from', 'valid_to', 'retired_at']).where('id', '=', tagId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
    if (!tag) throw notFound();
    if (input.lastDay < tag.valid_from) throw new AppError(400, 'TAG_PERIOD_INVALID');
    const validTo = tag.valid_to && tag.valid_to < input.lastDay ? tag.valid_to : input.lastDay;
    const done = await trx
      .updateTable('enterprise_tags')
      .set({ retired_at: gj.clock.now().toISOString(), retired_by: ctx.actor?.userId ?? null, retire_reason: input.reason, valid_to: validTo })
      .where('id', '=', tagId)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'TAG_RETIRED');
    await gj.audit.append(trx, ctx, { action: 'enterprise.tag-retire', objectType: 'enterprise', objectId: enterpriseId, detail: { name: head.name, tag: tag.tag, source: tag.source, lastDay: validTo, reason: input.reason } });
  });
}
