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

/**
 * The annual plan is what the progress light compares with: the plan of a project on one of the
 * city's lists (before or after the change) is the owner's, so a unit cannot lower it to turn
 * its own light green; a project only on its unit's list is the unit's.
 */
export function canEditPlan(ctx: RequestContext, levels: Iterable<ListLevel>): boolean {
  return canManage(ctx) || ![...levels].some((level) => CITY_LEVELS.includes(level));
}

export function assertPlanEditable(ctx: RequestContext, levels: Iterable<ListLevel>): void {
  if (!canEditPlan(ctx, levels)) throw new AppError(403, 'DISPATCH_PLAN_FORBIDDEN');
}

/**
 * A unit does not take a project off its list once a locked period counted it there: the locked
 * month's board (who did not file) and red list would change behind the city's back. The period
 * owner may (its decision, audited); the console and the seed act for the operator.
 */
export function assertUnlistable(ctx: RequestContext, countedInLockedPeriod: boolean): void {
  if (countedInLockedPeriod && !canManage(ctx)) throw new AppError(409, 'DISPATCH_LIST_LOCKED');
}

/** Report texts: the form's limits hold for every way in (the sheet import included). */
export const TEXT_LIMITS = { progressText: 2000, nextSteps: 2000, problems: 2000, reason: 500 } as const;
/** Amounts in 万元: none negative, none above 1 万亿元 (the form's limit), exact to the yuan. */
export const MAX_WAN = 100_000_000;

export function assertReportInput(input: { monthWan: number; cumulativeWan: number } & Partial<Record<keyof typeof TEXT_LIMITS, string | null | undefined>>): void {
  for (const field of ['monthWan', 'cumulativeWan'] as const) {
    const v = input[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_WAN) throw new AppError(400, 'DISPATCH_AMOUNT_BAD', { value: String(v) });
  }
  for (const [field, max] of Object.entries(TEXT_LIMITS) as [keyof typeof TEXT_LIMITS, number][]) {
    const text = input[field];
    if (typeof text === 'string' && text.length > max) throw new AppError(400, 'DISPATCH_TEXT_TOO_LONG', { max });
  }
}

/** Periods the platform keeps: the years a list can have (2000–2100), none beyond the coming month. */
export function assertOpenablePeriod(year: number, month: number, today: string): void {
  if (year < 2000 || year > 2100) throw new AppError(400, 'DISPATCH_PERIOD_BAD');
  // The coming month may be opened a few days ahead (the demo does at a month's end); no later one.
  if (year * 12 + month > Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) + 1) throw new AppError(400, 'DISPATCH_PERIOD_FUTURE');
}

/**
 * A deadline given when opening a period: a real date, after the month began, not already past
 * (the period would be born locked) and within a year of the month's end (it would never lock).
 */
export function assertDeadline(deadline: string, year: number, month: number, today: string): void {
  const d = new Date(`${deadline}T00:00:00Z`);
  const real = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === deadline;
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const last = new Date(Date.UTC(year + 1, month, 0)).toISOString().slice(0, 10);
  if (!real || deadline < first || deadline < today || deadline > last) throw new AppError(400, 'DISPATCH_DEADLINE_BAD', { deadline });
}

/** Which list levels the actor may put a project on or take it off: the city's need the owner. */
export function levelsEditable(ctx: RequestContext, hostUnitId: number): ListLevel[] {
  const levels: ListLevel[] = [];
  if (canManage(ctx)) levels.push(...CITY_LEVELS);
  if (canDispatchIn(ctx, 'file', hostUnitId)) levels.push('district');
  return levels;
}
