import type { Actor } from '../../platform/context.js';
import { scopeAllowsUnit } from '../../platform/scope.js';

/**
 * 金链行动's figures: a bank reads and writes its own credit (its unit is its scope) and nothing of
 * another bank; the finance regulator (and city-wide readers with `finance:read`) read them all;
 * chains are assigned to banks by the regulator (`finance:manage`).
 */
export function canReadBank(actor: Actor, bankUnitId: number): boolean {
  return actor.permissions.has('finance:read') && scopeAllowsUnit(actor.scope, bankUnitId);
}

export function canWriteBank(actor: Actor, bankUnitId: number): boolean {
  return actor.permissions.has('finance:write') && !actor.scope.all && scopeAllowsUnit(actor.scope, bankUnitId);
}

/** The banks whose figures the actor reads: all (null), or its own units. */
export function readableBanks(actor: Actor): number[] | null {
  if (!actor.permissions.has('finance:read')) return [];
  return actor.scope.all ? null : actor.scope.unitIds;
}

export function canAssignChains(actor: Actor): boolean {
  return actor.permissions.has('finance:manage');
}
