import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface AuditFilter {
  from?: string;
  to?: string;
  username?: string;
  unitId?: number;
  action?: string;
  objectType?: string;
  objectId?: string;
  result?: 'success' | 'failure';
}

/** The audit trail is read by the audit admin across the whole city: its scope is the filter. */
export function auditQuery(db: Kysely<DB>, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.from) q = q.where('audit_log.at', '>=', f.from);
  if (f.to) q = q.where('audit_log.at', '<=', f.to);
  if (f.username) q = q.where('audit_log.username', '=', f.username);
  if (f.unitId !== undefined) {
    const unitId = f.unitId;
    q = q.where(sql<SqlBool>`audit_log.unit_id in (select u.id from units u where u.path like (select p.path || '%' from units p where p.id = ${unitId}))`);
  }
  if (f.action) q = f.action.endsWith('.') ? q.where('audit_log.action', 'like', `${f.action}%`) : q.where('audit_log.action', '=', f.action);
  if (f.objectType) q = q.where('audit_log.object_type', '=', f.objectType);
  if (f.objectId) q = q.where('audit_log.object_id', '=', f.objectId);
  if (f.result) q = q.where('audit_log.result', '=', f.result);
  return q;
}

/** One page of the filtered trail, newest first, with the unit's name. */
export function auditPage(db: Kysely<DB>, f: AuditFilter, page: { limit: number; offset?: number; beforeId?: number | null }) {
  let q = auditQuery(db, f).leftJoin('units', 'units.id', 'audit_log.unit_id').selectAll('audit_log').select('units.name as unit_name');
  if (page.beforeId !== undefined && page.beforeId !== null) q = q.where('audit_log.id', '<', page.beforeId);
  return q
    .orderBy('audit_log.id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
}

export async function auditCount(db: Kysely<DB>, f: AuditFilter): Promise<number> {
  return Number((await auditQuery(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}
