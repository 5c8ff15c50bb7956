import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DataScope } from '../../platform/scope.js';

type Db = Kysely<DB> | Transaction<DB>;

function baseQuery(db: Db) {
  return db
    .selectFrom('activities')
    .innerJoin('units', 'units.id', 'activities.unit_id')
    .leftJoin('users', 'users.id', 'activities.created_by')
    .leftJoin('leads as l', 'l.id', 'activities.lead_id')
    .leftJoin('projects as p', 'p.id', 'activities.project_id')
    .select(['activities.id', 'activities.lead_id', 'activities.project_id', 'l.title as lead_title', 'p.name as project_name', 'activities.unit_id', 'units.name as unit_name', 'activities.type', 'activities.date', 'activities.place', 'activities.our_people', 'activities.their_people', 'activities.notes', 'users.display_name', 'activities.created_at']);
}

export type ActivityRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** The attachments of a page of activities, in one query. */
export async function attachmentsOf(db: Db, activityIds: number[]) {
  return activityIds.length ? db.selectFrom('activity_attachments').select(['id', 'activity_id', 'file_name', 'size', 'uploaded_at']).where('activity_id', 'in', activityIds).orderBy('id').execute() : [];
}

/** Activities logged against one lead or project (the caller has checked it may read that). */
export async function activitiesOf(db: Db, target: { leadId: number } | { projectId: number }) {
  const q = 'leadId' in target ? baseQuery(db).where('activities.lead_id', '=', target.leadId) : baseQuery(db).where('activities.project_id', '=', target.projectId);
  return q.orderBy('activities.date', 'desc').orderBy('activities.id', 'desc').limit(500).execute();
}

export async function activityById(db: Db, id: number) {
  return baseQuery(db).where('activities.id', '=', id).execute();
}

/** The field-work log of the scope's units, newest first, one page and the count. */
export async function activityLog(db: Db, scope: DataScope, f: { type?: string; from?: string; to?: string }, page: number, pageSize: number) {
  let q = baseQuery(db);
  let count = db.selectFrom('activities').select((eb) => eb.fn.countAll().as('n'));
  if (!scope.all) {
    const units = scope.unitIds.length ? scope.unitIds : [-1];
    q = q.where('activities.unit_id', 'in', units);
    count = count.where('activities.unit_id', 'in', units);
  }
  if (f.type) {
    q = q.where('activities.type', '=', f.type);
    count = count.where('activities.type', '=', f.type);
  }
  if (f.from) {
    q = q.where('activities.date', '>=', f.from);
    count = count.where('activities.date', '>=', f.from);
  }
  if (f.to) {
    q = q.where('activities.date', '<=', f.to);
    count = count.where('activities.date', '<=', f.to);
  }
  const [rows, total] = await Promise.all([q.orderBy('activities.date', 'desc').orderBy('activities.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(), count.executeTakeFirstOrThrow()]);
  return { rows, total: Number(total.n) };
}
