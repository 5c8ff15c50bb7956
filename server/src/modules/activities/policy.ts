import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { scopeAllowsUnit } from '../../platform/scope.js';
import { leadReadable, loadLeadForWrite } from '../leads/index.js';
import { canProject, loadForWrite, type WriteDeps } from '../projects/index.js';

/**
 * An activity belongs to what it is logged against: readable with its lead or project, writable
 * by whoever may write those. Data scope: the lead's or project's rules, nothing of its own.
 */

/** The unit an activity is logged for: the actor's own, or one of its scope (the bureau for a resident office). */
export function canLogFor(actor: Actor, unitId: number): boolean {
  return unitId === actor.unitId || scopeAllowsUnit(actor.scope, unitId);
}

/** Throws 404 unless the actor may read the lead or project; inside `db` (a transaction when writing). */
export async function assertTargetReadable(db: Kysely<DB> | Transaction<DB>, actor: Actor, target: { leadId: number | null; projectId: number | null }) {
  if (target.leadId) {
    const ok = actor.permissions.has('lead:read') && (await db.selectFrom('leads').select('leads.id').where('leads.id', '=', target.leadId).where((eb) => leadReadable(eb, actor.scope)).executeTakeFirst());
    if (!ok) throw notFound();
  } else if (target.projectId) {
    const row = await db.selectFrom('projects').select(['host_unit_id', 'created_by']).where('id', '=', target.projectId).executeTakeFirst();
    if (!row || !canProject(actor, 'read', row)) throw notFound();
  }
}

/** Throws (404/403) unless the actor may write the lead or project; inside the write's transaction. */
export async function assertTargetWritable(gj: WriteDeps, trx: Transaction<DB>, ctx: RequestContext, target: { leadId: number | null; projectId: number | null }) {
  const actor = ctx.actor!;
  if (target.leadId) {
    if (!actor.permissions.has('lead:write')) throw notFound();
    await loadLeadForWrite(trx, ctx, target.leadId);
  } else if (target.projectId) {
    if (!actor.permissions.has('project:write')) throw notFound();
    await loadForWrite(gj, trx, ctx, target.projectId);
  }
}
