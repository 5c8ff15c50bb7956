import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { DataScope } from '../../platform/scope.js';

/**
 * The board is everyone's who holds `target:read` (the leader, the bureaus, each ranked unit):
 * comparing is the point of 比拼. What is behind a unit's figure is that unit's: a reader drills
 * into a unit in its data scope only, and sees by name only the projects it may read.
 */
export function assertRowsReadable(actor: Actor, unitId: number): void {
  if (!actor.scope.all && !actor.scope.unitIds.includes(unitId)) throw new AppError(403, 'FORBIDDEN');
}

/** The projects (`p`) a reader may read, as the ledger's scope rule says (host unit, or own for `self`). */
export function visibleProjects(scope: DataScope): RawBuilder<SqlBool> {
  if (scope.all) return sql<SqlBool>`1 = 1`;
  const parts: RawBuilder<SqlBool>[] = [];
  if (scope.unitIds.length) parts.push(sql<SqlBool>`p.host_unit_id in (${sql.join(scope.unitIds)})`);
  if (scope.self) parts.push(sql<SqlBool>`p.officer_user_id = ${scope.userId}`);
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : sql<SqlBool>`1 = 0`;
}
