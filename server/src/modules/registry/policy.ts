import type { Actor } from '../../platform/context.js';
import { canServe } from '../enterprises/index.js';

/**
 * Who keeps an enterprise's record in the registry (its industry, its tags): the unit that
 * serves it (`enterprise:write` over the serving unit) and the chain bureaus, who keep the key
 * lists the tags mostly come from (`keylist:write`). Any other reader sees the record and may not
 * change it (403 — the record itself is reference data every officer reads).
 */
export function canKeepRecord(actor: Actor, enterprise: { serving_unit_id: number }): boolean {
  return actor.permissions.has('keylist:write') || canServe(actor, enterprise);
}
