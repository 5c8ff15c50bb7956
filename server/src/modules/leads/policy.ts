import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { scopeAllowsUnit, type DataScope } from '../../platform/scope.js';

/**
 * Who may do what to a lead — every record-level decision of the module. The SQL forms decide
 * lists, exports and batch loads in the database; the record forms decide one lead or hand-off.
 *
 * Data scope for leads: a lead belongs to the unit holding it. `self` reaches nothing here: a
 * lead is a unit's work, never a person's (an enterprise contact registers no leads).
 */

/**
 * Readable: its holder's unit in scope; a unit that passed it on or lost it in arbitration (a
 * watcher, read only); the receiver of a hand-off still waiting for an answer. Everything else is
 * invisible — a 404, never a 403 — so a conflict leaks nothing.
 */
export function leadReadable(eb: ExpressionBuilder<DB, 'leads'>, scope: DataScope) {
  if (scope.all) return sql<SqlBool>`1 = 1`;
  if (!scope.unitIds.length) return sql<SqlBool>`1 = 0`;
  const units = scope.unitIds;
  return eb.or([
    eb('leads.unit_id', 'in', units),
    eb.exists(eb.selectFrom('lead_watchers as w').select('w.lead_id').whereRef('w.lead_id', '=', 'leads.id').where('w.unit_id', 'in', units)),
    eb.exists(eb.selectFrom('lead_handoffs as h').select('h.lead_id').whereRef('h.lead_id', '=', 'leads.id').where('h.to_unit_id', 'in', units).where('h.state', 'in', ['pending', 'escalated'])),
  ]);
}

/** Writable: the holder's unit in scope; watchers and would-be receivers only read. */
export function leadWritable(eb: ExpressionBuilder<DB, 'leads'>, scope: DataScope) {
  if (scope.all) return sql<SqlBool>`1 = 1`;
  if (!scope.unitIds.length) return sql<SqlBool>`1 = 0`;
  return eb('leads.unit_id', 'in', scope.unitIds);
}

/** Whether the actor may register a lead for (or import a ledger into) a unit. */
export function canRegisterFor(actor: Actor | null, unitId: number): boolean {
  return !!actor && actor.permissions.has('lead:write') && scopeAllowsUnit(actor.scope, unitId);
}

/** The access a reader has to a lead it can see, as the detail page shows it. */
export function leadAccess(scope: DataScope, lead: { unit_id: number }, handoffs: { state: string; to_unit_id: number }[]): 'holder' | 'receiver' | 'watcher' {
  if (scopeAllowsUnit(scope, lead.unit_id)) return 'holder';
  return handoffs.some((h) => (h.state === 'pending' || h.state === 'escalated') && scopeAllowsUnit(scope, h.to_unit_id)) ? 'receiver' : 'watcher';
}

/**
 * A hand-off decision: the receiver decides; once escalated past its deadline, the city commerce
 * bureau (lead:arbitrate) may decide for it. The sender may read it, nobody else.
 */
export function handoffAccess(actor: Actor | null, h: { from_unit_id: number; to_unit_id: number; state: string }): { read: boolean; decide: boolean } {
  if (!actor) return { read: false, decide: false };
  const decide = scopeAllowsUnit(actor.scope, h.to_unit_id) || (actor.permissions.has('lead:arbitrate') && h.state === 'escalated');
  return { read: decide || scopeAllowsUnit(actor.scope, h.from_unit_id), decide };
}

/** The arbitrator sees which records are in conflict; the units only who came first. */
export function canSeeConflictParties(actor: Actor | null): boolean {
  return !!actor && actor.permissions.has('lead:arbitrate');
}
