import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { canDispatch } from '../dispatch/index.js';
import { canProject } from '../projects/index.js';

/**
 * Who may do what with a project's returns (投产达效). A project's figures are read by whoever
 * reads the project (its data scope). Its commitments come from its contract: whoever may edit
 * the project. Its quarterly actuals are the host unit's filing duty, as the monthly dispatch
 * report is (`dispatch:write` over the host unit); so is confirming or dismissing a stage the
 * figures propose, which also moves the project (the project's own stage rule applies). The rules
 * are the period owner's (`dispatch:manage`). The console and the seed act for the operator.
 */
export interface ReturnsProject {
  id: number;
  host_unit_id: number;
  created_by: number | null;
}

export function canReadReturns(ctx: RequestContext, p: ReturnsProject): boolean {
  return !!ctx.system || canProject(ctx.actor, 'read', p);
}

export function canCommit(ctx: RequestContext, p: ReturnsProject): boolean {
  return !!ctx.system || canProject(ctx.actor, 'update', p);
}

export function canFileReturns(ctx: RequestContext, hostUnitId: number): boolean {
  return !!ctx.system || canDispatch(ctx.actor, 'file', hostUnitId);
}

export function assertRulesOwner(ctx: RequestContext): void {
  if (!ctx.system && !ctx.actor?.permissions.has('dispatch:manage')) throw new AppError(403, 'FORBIDDEN');
}
