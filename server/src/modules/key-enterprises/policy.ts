import type { Actor } from '../../platform/context.js';

/**
 * Key-enterprise lists are the city's: the chain bureaus (链长办) keep them; officers who read
 * projects and the finance regulator read them all. A bank reads only the lists of the chains it
 * took that year (金链行动) — any other chain does not exist for it (404): no projects, no leads, no
 * other bank's figures reach a bank by this route.
 */
export function readsAllLists(actor: Actor): boolean {
  return actor.permissions.has('keylist:write') || actor.permissions.has('project:read') || (actor.permissions.has('finance:read') && actor.scope.all);
}

export function canReadList(actor: Actor, chainId: number, bankChains: number[]): boolean {
  return readsAllLists(actor) || (actor.permissions.has('finance:read') && bankChains.includes(chainId));
}

export function canWriteLists(actor: Actor): boolean {
  return actor.permissions.has('keylist:write');
}
