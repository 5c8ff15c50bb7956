import type { Actor } from '../../platform/context.js';
import { scopeAllowsUnit } from '../../platform/scope.js';

/**
 * An enterprise is served by a unit (the district, park or street that looks after it). Who may
 * register an enterprise and open accounts for its contacts (企业联系人): a user with
 * `enterprise:write` whose data scope covers the serving unit — the unit that serves the
 * enterprise, not only the system administrator. Everyone else: the enterprise does not exist (404).
 */
export function canServe(actor: Actor, enterprise: { serving_unit_id: number }): boolean {
  return actor.permissions.has('enterprise:write') && scopeAllowsUnit(actor.scope, enterprise.serving_unit_id);
}

/** Where an enterprise may be registered: a unit of the actor's own scope (never the city for a district). */
export function canServeFrom(actor: Actor, unitId: number): boolean {
  return actor.permissions.has('enterprise:write') && scopeAllowsUnit(actor.scope, unitId);
}
