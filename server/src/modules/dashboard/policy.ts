import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { DataScope } from '../../platform/scope.js';

/**
 * 领导驾驶舱 is read with `dashboard:read`, within the reader's data scope: the city's leaders and
 * bureaus see the city, a district its own subtree, a street its street. Narrowing to a unit
 * outside the scope is not found (404), as the ledger answers for a project out of scope.
 *
 * Panels follow the permissions their data needs: targets and the 赛马榜 `target:read`; the red
 * list and the investment reported in dispatch `dispatch:read`.
 */
export function panelsFor(actor: Actor) {
  return { targets: actor.permissions.has('target:read'), dispatch: actor.permissions.has('dispatch:read') };
}

export function assertPanel(allowed: boolean): void {
  if (!allowed) throw new AppError(403, 'FORBIDDEN');
}

/** A unit the reader may narrow to: one in its scope (every unit for an all-scope reader). */
export function canFocus(scope: DataScope, unitId: number): boolean {
  return scope.all || scope.unitIds.includes(unitId);
}

/**
 * The unit shown when none is asked for: the city for an all-scope reader, else the reader's own
 * unit when in scope, else the highest unit of the scope.
 */
export function defaultFocus(actor: Actor, units: { id: number; path: string }[]): number | null {
  if (actor.scope.unitIds.includes(actor.unitId)) return actor.unitId;
  const inScope = units.filter((u) => actor.scope.unitIds.includes(u.id)).sort((a, b) => a.path.length - b.path.length || a.id - b.id);
  return inScope[0]?.id ?? (actor.scope.self ? actor.unitId : null);
}
