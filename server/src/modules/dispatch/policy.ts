import type { Permission } from '../../../../common/permissions.js';
import { CITY_LEVELS, type ListLevel } from '../../../../common/dispatch.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { scopeAllowsUnit } from '../../platform/scope.js';

/**
 * Who may do what in monthly dispatch. A report, a plan and a unit's own list entry belong to the
 * project's host unit: reading and filing need the unit in the actor's data scope (no `self`
 * reach: dispatch is a unit's duty, not a person's). The period, the city's lists (省重大 / 市重点),
 * late-filing approvals and the warning rules belong to the period owner (`dispatch:manage`, the
 * development commission in the demo).
 */
export type DispatchAction = 'read' | 'file' | 'manage';

const PERMISSION: Record<DispatchAction, Permission> = { read: 'dispatch:read', file: 'dispatch:write', manage: 'dispatch:manage' };

export function canDispatch(actor: Actor | null, action: DispatchAction, hostUnitId: number): boolean {
  if (!actor || !actor.permissions.has(PERMISSION[action])) return false;
  return action === 'manage' || scopeAllowsUnit(actor.scope, hostUnitId);
}

/** The console and the seed act for the operator (policies let them through). */
export function canDispatchIn(ctx: RequestContext, action: DispatchAction, hostUnitId: number): boolean {
  return !!ctx.system || canDispatch(ctx.actor, action, hostUnitId);
}

export function canManage(ctx: RequestContext): boolean {
  return !!ctx.system || (!!ctx.actor && ctx.actor.permissions.has('dispatch:manage'));
}

export function assertManage(ctx: RequestContext): void {
  if (!canManage(ctx)) throw new AppError(403, 'FORBIDDEN');
}

/** Which list levels the actor may put a project on or take it off: the city's need the owner. */
export function levelsEditable(ctx: RequestContext, hostUnitId: number): ListLevel[] {
  const levels: ListLevel[] = [];
  if (canManage(ctx)) levels.push(...CITY_LEVELS);
  if (canDispatchIn(ctx, 'file', hostUnitId)) levels.push('district');
  return levels;
}
