import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { DataScope } from '../../platform/scope.js';

/**
 * The monthly briefing is the city's document: city-wide figures, the ranking and the city's red
 * list by project name. It is read by who holds `target:read` with the whole city in scope (the
 * leader, the commerce bureau, the commission). A district reads the 赛马榜 itself but gets a 403
 * here rather than a briefing cut to its scope: a cut briefing would carry the city's title and
 * headline over figures that are not the city's, and the red list would name projects of other
 * units it may not read. The schedule and the console (system contexts) read it all.
 */
export function canReadBriefings(ctx: RequestContext): boolean {
  if (ctx.system) return true;
  return !!ctx.actor && ctx.actor.permissions.has('target:read') && ctx.actor.scope.all;
}

export function assertReadBriefings(ctx: RequestContext): void {
  if (!canReadBriefings(ctx)) throw new AppError(403, 'BRIEFING_CITY_ONLY');
}

/** What the briefing's red list may show: the whole city (only city-wide readers get this far). */
export function briefingScope(ctx: RequestContext): DataScope {
  return { all: true, unitIds: [], self: false, userId: ctx.actor?.userId ?? 0 };
}
