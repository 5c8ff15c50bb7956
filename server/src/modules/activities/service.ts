import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/context.js';
import { checkAttachment } from '../../platform/files.js';
import type { Services } from '../../platform/http.js';
import { recordLeadEvent, touchByActivity, type LeadDeps } from '../leads/index.js';
import { recordEvent } from '../projects/index.js';
import { assertTargetReadable, assertTargetWritable, canLogFor } from './policy.js';
import type { ActivityInput } from './schema.js';

type Target = { leadId: number; projectId: null } | { leadId: null; projectId: number };

/** Logs field work against a lead (it counts as the lead's response and progress) or a project. */
export async function logActivity(gj: LeadDeps, ctx: RequestContext, target: Target, b: ActivityInput): Promise<number> {
  return gj.db.transaction().execute((trx) => logActivityIn(trx, gj, ctx, target, b));
}

/** Logging inside the caller's transaction (the form's path and the demo seed's). */
export async function logActivityIn(trx: Transaction<DB>, gj: LeadDeps, ctx: RequestContext, target: Target, b: ActivityInput): Promise<number> {
  const actor = ctx.actor!;
  const unitId = b.unitId ?? actor.unitId;
  if (!canLogFor(actor, unitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
  await assertTargetWritable(gj, trx, ctx, target);
  const row = await trx
    .insertInto('activities')
    .values({ lead_id: target.leadId, project_id: target.projectId, unit_id: unitId, type: b.type, date: b.date, place: b.place ?? null, our_people: b.ourPeople ?? null, their_people: b.theirPeople ?? null, notes: b.notes ?? null, created_by: actor.userId, created_at: gj.clock.now().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (target.leadId) {
    await touchByActivity(trx, gj, target.leadId);
    await recordLeadEvent(trx, gj, ctx, target.leadId, 'activity', null, b.type, b.notes?.slice(0, 200) ?? null, { activityId: row.id, date: b.date });
  } else await recordEvent(trx, gj, ctx, target.projectId!, 'activity', null, b.type, null, { activityId: row.id, date: b.date });
  await gj.audit.append(trx, ctx, { action: 'activity.create', objectType: target.leadId ? 'lead' : 'project', objectId: target.leadId ?? target.projectId, detail: { activityId: row.id, ...b } });
  return row.id;
}

/**
 * Attaches a file to an activity. The write check runs in the same transaction as the insert, so
 * a lead handed away in between cannot end up with an attachment its new holder did not allow.
 */
export async function addActivityAttachment(gj: LeadDeps & Pick<Services, 'files'>, ctx: RequestContext, activityId: number, fileName: string, bytes: Buffer) {
  const mime = checkAttachment(fileName, bytes);
  const stored = gj.files.put(bytes);
  try {
    const now = gj.clock.now().toISOString();
    const id = await gj.db.transaction().execute(async (trx) => {
      const activity = await trx.selectFrom('activities').select(['id', 'lead_id', 'project_id']).where('id', '=', activityId).executeTakeFirst();
      if (!activity) throw notFound();
      await assertTargetWritable(gj, trx, ctx, { leadId: activity.lead_id, projectId: activity.project_id });
      const row = await trx
        .insertInto('activity_attachments')
        .values({ activity_id: activity.id, file_name: fileName, mime, size: bytes.length, sha256: stored.sha256, storage_key: stored.key, uploaded_by: ctx.actor!.userId, uploaded_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await gj.audit.append(trx, ctx, { action: 'activity.attachment-add', objectType: 'activity', objectId: activity.id, detail: { fileName, size: bytes.length, sha256: stored.sha256 } });
      return row.id;
    });
    return { id, fileName, size: bytes.length, uploadedAt: now };
  } catch (err) {
    gj.files.remove(stored.key);
    throw err;
  }
}

/** An activity's attachment for download, if the actor may read what it is logged against; audited. */
export async function activityAttachmentForDownload(gj: LeadDeps, ctx: RequestContext, activityId: number, attachmentId: number) {
  const activity = await gj.db.selectFrom('activities').select(['id', 'lead_id', 'project_id']).where('id', '=', activityId).executeTakeFirst();
  if (!activity) throw notFound();
  await assertTargetReadable(gj.db, ctx.actor!, { leadId: activity.lead_id, projectId: activity.project_id });
  const row = await gj.db.selectFrom('activity_attachments').selectAll().where('id', '=', attachmentId).where('activity_id', '=', activityId).executeTakeFirst();
  if (!row) throw notFound();
  await gj.audit.appendAlone(gj.db, ctx, { action: 'activity.attachment-download', objectType: 'activity', objectId: activityId, detail: { attachmentId: row.id, fileName: row.file_name } });
  return row;
}
