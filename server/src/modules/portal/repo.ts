import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

function evidenceQuery(db: Db) {
  return db
    .selectFrom('milestone_evidence as m')
    .innerJoin('users as s', 's.id', 'm.submitted_by')
    .leftJoin('users as d', 'd.id', 'm.decided_by')
    .select(['m.id', 'm.project_id', 'm.enterprise_id', 'm.stage', 'm.reached_on', 'm.kind', 'm.note', 'm.file_name', 'm.mime', 'm.size', 'm.storage_key', 'm.status', 's.display_name as submitted_by_name', 'm.submitted_by', 'm.submitted_at', 'd.display_name as decided_by_name', 'm.decided_at', 'm.decision_reason']);
}
export type EvidenceRow = Awaited<ReturnType<ReturnType<typeof evidenceQuery>['execute']>>[number];

/** The evidence of these projects (the caller has checked it may read them), newest first, in one query. */
export async function evidenceOf(db: Db, projectIds: number[]) {
  if (!projectIds.length) return [];
  return evidenceQuery(db).where('m.project_id', 'in', projectIds).orderBy('m.id', 'desc').limit(1000).execute();
}

export async function evidenceById(db: Db, projectId: number, evidenceId: number) {
  return evidenceQuery(db).where('m.id', '=', evidenceId).where('m.project_id', '=', projectId).executeTakeFirst();
}

export async function projectForEvidence(db: Db, projectId: number) {
  return db.selectFrom('projects').select(['id', 'host_unit_id', 'created_by', 'stage', 'version', 'investor_uscc', 'name']).where('id', '=', projectId).executeTakeFirst();
}

export async function unitName(db: Db, id: number) {
  return (await db.selectFrom('units').select('name').where('id', '=', id).executeTakeFirst())?.name ?? '';
}
