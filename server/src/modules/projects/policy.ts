import type { Kysely, Transaction } from 'kysely';
import type { Permission } from '../../../../common/permissions.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { scopeAllowsUnit } from '../../platform/scope.js';

/**
 * Who may do what to a project: every record-level decision of the module is made here — the
 * page, the import, the export, the attachments, the lead conversion and the CLI all ask it.
 *
 * Data scope for projects: a project belongs to its host unit; `self` (a scope some roles fold
 * to, e.g. an enterprise contact) reaches the projects the user registered. The list query
 * applies the same rule in SQL (`scopedProjects`); these functions decide single records and
 * batches.
 */
export type ProjectAction = 'read' | 'update' | 'import' | 'attach';

const PERMISSION: Record<ProjectAction, Permission> = {
  read: 'project:read',
  update: 'project:write',
  attach: 'project:write',
  import: 'project:import',
};

export interface ProjectRecord {
  host_unit_id: number;
  created_by: number | null;
}

export function canProject(actor: Actor | null, action: ProjectAction, record: ProjectRecord): boolean {
  if (!actor || !actor.permissions.has(PERMISSION[action])) return false;
  const scope = actor.scope;
  return scopeAllowsUnit(scope, record.host_unit_id) || (scope.self && record.created_by === scope.userId);
}

/**
 * Whether the actor may place a project in a unit (create it there, import a ledger into it, move
 * a project to it): the unit itself must be in the actor's unit scope — `self` places nothing.
 */
export function canHostIn(actor: Actor | null, action: 'update' | 'import', unitId: number): boolean {
  return !!actor && actor.permissions.has(PERMISSION[action]) && scopeAllowsUnit(actor.scope, unitId);
}

/**
 * The batch form, for imports and bulk operations: of these project ids, the ones the actor may
 * act on. One query, never one per row.
 */
export async function allowedProjectIds(db: Kysely<DB> | Transaction<DB>, actor: Actor | null, action: ProjectAction, ids: number[]): Promise<Set<number>> {
  if (!actor || ids.length === 0) return new Set();
  const rows = await db.selectFrom('projects').select(['id', 'host_unit_id', 'created_by']).where('id', 'in', ids).execute();
  return new Set(rows.filter((r) => canProject(actor, action, r)).map((r) => r.id));
}
