import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';

/**
 * Targets, indicators and scoring schemes are the city's: set by who holds `target:write` (the
 * commerce bureau in the demo). They are read by everyone who holds `target:read` — each unit
 * sees every unit's targets and the whole board, since comparing is the point of 比拼; what a
 * figure counts (the projects behind it) stays within the reader's data scope (rankings/policy.ts).
 */
export function canReadTargets(ctx: RequestContext): boolean {
  return !!ctx.system || (!!ctx.actor && ctx.actor.permissions.has('target:read'));
}

export function canWriteTargets(ctx: RequestContext): boolean {
  return !!ctx.system || (!!ctx.actor && ctx.actor.permissions.has('target:write'));
}

export function assertReadTargets(ctx: RequestContext): void {
  if (!canReadTargets(ctx)) throw new AppError(403, 'FORBIDDEN');
}

export function assertWriteTargets(ctx: RequestContext): void {
  if (!canWriteTargets(ctx)) throw new AppError(403, 'FORBIDDEN');
}

/** Limits of a target value in each indicator's unit. */
export const TARGET_LIMITS = { count: 100_000, wan: 100_000_000, percent: 100, wanPerMu: 10_000 } as const;
