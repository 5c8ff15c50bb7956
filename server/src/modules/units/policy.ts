import { AppError } from '../../platform/errors.js';
import type { UnitRow } from './repo.js';

/**
 * The organisation tree's record rules. Who may write it at all is `system:unit:write` (the route,
 * the system administrator); the tree is city-wide, so no data scope applies. What may be done to
 * a unit is decided here.
 */

/** The root (the city) is never moved, disabled or deleted: every scope hangs from it. */
export function assertNotRoot(unit: UnitRow): void {
  if (unit.parent_id === null) throw new AppError(400, 'UNIT_ROOT_FIXED');
}

/** A parent must exist and be enabled, and a unit cannot move under itself or its own subtree. */
export function assertUsableParent(parent: UnitRow | undefined, moving?: UnitRow): asserts parent is UnitRow {
  if (!parent) throw new AppError(400, 'UNIT_NOT_FOUND');
  if (moving && parent.path.startsWith(moving.path)) throw new AppError(400, 'UNIT_MOVE_CYCLE');
  if (parent.disabled) throw new AppError(400, 'UNIT_DISABLED', { name: parent.name });
}
